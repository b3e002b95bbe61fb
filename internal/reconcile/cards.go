package reconcile

import (
	"cmp"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"sort"
	"strings"
	"time"
)

// CardState is what a card asks of the user.
type CardState string

const (
	StateReconcile    CardState = "reconcile"      // both sides count, and differ
	StateNewRevenue   CardState = "new_revenue"    // the vendor counts seats the PSA bills no line for
	StateNoChange     CardState = "no_change"      // both sides agree
	StateNoVendorData CardState = "no_vendor_data" // the PSA bills a vendor-mapped product no vendor counts
)

// Flag marks something on a card the user should look at.
type Flag string

const (
	FlagLargeChange           Flag = "large_change"            // left out of bulk approve unless confirmed
	FlagNote                  Flag = "note"                    // the account has a note or tags
	FlagChangedSinceDismissed Flag = "changed_since_dismissed" // back before the next cycle: a quantity moved
	FlagChangedSinceApproved  Flag = "changed_since_approved"  // an approval no longer matches the data
	FlagCostDrift             Flag = "cost_drift"              // vendor cost differs from the PSA catalog cost
	FlagNotBillable           Flag = "not_billable"            // DoNotBill/NoCharge lines are listed but not counted
	FlagLessIncluded          Flag = "less_included"           // some seats are included in the agreement at no charge
	FlagSeveralLines          Flag = "several_lines"           // more than one billable line: a push changes one of them
	FlagSeveralAccounts       Flag = "several_vendor_accounts" // vendor seats come from more than one vendor account
)

// LineEvidence is one PSA line behind a card.
type LineEvidence struct {
	LineID        string
	AgreementID   string
	AgreementName string
	Quantity      Qty
	LessIncluded  Qty
	BillCustomer  BillCustomer
	UnitPrice     Money
	UnitCost      Money
	FetchedAt     time.Time
	// NextQuantity is what the line bills from NextFrom, a later day than today (PSALine's);
	// Quantity stays what it bills today. nil: no change is scheduled.
	NextQuantity *Qty
	NextFrom     Date
}

// Billable reports whether the line's quantity is billed (and so counted).
func (l LineEvidence) Billable() bool { return l.BillCustomer == Billable || l.BillCustomer == "" }

// Counted is the quantity a card counts for the line in cycle: a scheduled quantity that the
// PSA bills from the next cycle's start or before is what the next invoice carries, so a
// pushed change that is dated ahead (Autotask's default, the 1st of next month) shows the
// card in step at once; one dated later still waits.
func (l LineEvidence) Counted(cycle Cycle) Qty {
	if l.NextQuantity != nil && !l.NextFrom.After(cycle.Next().Start()) {
		return *l.NextQuantity
	}
	return l.Quantity
}

// UnitsOn is what the line bills on day d as the cache knows it: the scheduled quantity from
// its day on, today's before.
func (l LineEvidence) UnitsOn(d Date) Qty {
	if l.NextQuantity != nil && !d.Before(l.NextFrom) {
		return *l.NextQuantity
	}
	return l.Quantity
}

// VendorSource is one active subscription behind a card.
type VendorSource struct {
	Integration    string
	SubscriptionID string
	AccountID      string
	AccountName    string
	ProductID      string
	ProductName    string
	Quantity       Qty
	Term           string
	UnitCost       Money
	FetchedAt      time.Time
}

// Card is one (PSA integration, PSA account, PSA product) comparison.
type Card struct {
	ID             string
	PSAIntegration string
	PSAAccountID   string
	AccountName    string
	PSAProductID   string
	ProductName    string
	State          CardState
	PSAQuantity    Qty // billable seats on the visible lines
	VendorQuantity Qty // seats on the active mapped subscriptions
	Difference     Qty // VendorQuantity - PSAQuantity
	UnitPrice      Money
	// MonthlyImpact is the change of billed revenue if the vendor quantity is pushed to the
	// target line: seats included at no charge (lessIncluded) do not bill.
	MonthlyImpact  Money
	VendorUnitCost Money
	Margin         Money // UnitPrice - VendorUnitCost, per unit
	CatalogCost    Money
	HasCatalogCost bool
	Flags          []Flag
	Note           string
	Decision       DecisionState
	// Target is the billable line a quantity push patches: the one with the most seats.
	Target        *LineEvidence
	PSALines      []LineEvidence
	VendorSources []VendorSource
	Detection     Detection
}

// HasFlag reports whether c carries f.
func (c Card) HasFlag(f Flag) bool {
	for _, x := range c.Flags {
		if x == f {
			return true
		}
	}
	return false
}

// CardID is the stable id of a card: a short hash of what the card is about, never of its
// numbers, so the id survives every sync and is safe to type on a command line. The hash is
// 64-bit FNV-1a (no adversary picks PSA ids, and it is several times cheaper than SHA-256
// across 100,000 cards); a NUL separates the parts so ("1","23") and ("12","3") differ.
func CardID(psaIntegration, accountID, productID string) string {
	var out [16]byte
	cardIDInto(out[:], psaIntegration, accountID, productID)
	return string(out[:])
}

// cardIDInto writes the 16 hex digits of a card id into dst.
func cardIDInto(dst []byte, psaIntegration, accountID, productID string) {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i, part := range [3]string{psaIntegration, accountID, productID} {
		if i > 0 {
			h = (h ^ 0) * prime
		}
		for j := 0; j < len(part); j++ {
			h = (h ^ uint64(part[j])) * prime
		}
	}
	var sum [8]byte
	binary.BigEndian.PutUint64(sum[:], h)
	hex.Encode(dst, sum[:])
}

// Unmapped counts, per vendor integration, what waits behind missing mappings: the cards it
// would make are missing until the user maps or excludes these items.
type Unmapped struct {
	VendorIntegration string
	Accounts          int // distinct vendor accounts with active subscriptions and no mapping
	Products          int // distinct vendor products with active subscriptions and no mapping
	Subscriptions     int // active subscriptions that make no card because of either
	MonthlyCost       Money
}

// Result is one card build.
type Result struct {
	Cycle    Cycle
	Cards    []Card
	Unmapped []Unmapped
	Costs    []CostRow
}

// Detections are the detections of every actionable card, ordered by card id: the caller
// stores them, so a card keeps the date and policy it was first detected under for the rest
// of the cycle.
func (r Result) Detections() []Detection {
	var out []Detection
	for _, c := range r.Cards {
		if c.State == StateReconcile || c.State == StateNewRevenue {
			out = append(out, c.Detection)
		}
	}
	slices.SortFunc(out, func(a, b Detection) int { return cmp.Compare(a.CardID, b.CardID) })
	return out
}

type mapKey struct {
	integration string
	kind        MappingKind
	id          string
}

type psaKey struct{ integration, id string }

type cardKey struct{ integration, account, product string }

// slot is a card while its rows are being counted.
type slot struct {
	key                cardKey
	acctName           string
	prodName           string
	nLine, nSubs       int32
	acctRank, prodRank int32
}

// BuildCards builds the cards of one cycle. It is a pure function of its inputs.
//
// 100,000 lines and subscriptions must build in a fraction of a second, so it works in
// passes over flat arrays instead of growing a slice per card: the first pass finds every
// row's card and counts; the cards are then named and sorted while they are still small
// slots; the second pass copies the evidence straight into the sorted cards, whose lines and
// sources share one backing array per kind.
func BuildCards(in Inputs) Result {
	set := in.Settings.withDefaults()
	maps := make(map[mapKey]Mapping, len(in.Mappings))
	mappedProducts := make(map[psaKey]bool)
	for _, m := range in.Mappings {
		maps[mapKey{m.VendorIntegration, m.Kind, m.VendorID}] = m
		if m.Kind == KindProduct && !m.Excluded {
			mappedProducts[psaKey{m.PSAIntegration, m.PSAID}] = true
		}
	}

	// Pass 1: the card of every row, and how many rows each card gets.
	index := make(map[cardKey]int32, len(in.Lines))
	slots := make([]slot, 0, len(in.Lines))
	get := func(k cardKey) int32 {
		i, ok := index[k]
		if !ok {
			i = int32(len(slots))
			index[k] = i
			slots = append(slots, slot{key: k})
		}
		return i
	}
	lineCard := make([]int32, len(in.Lines))
	for n := range in.Lines {
		l := &in.Lines[n]
		lineCard[n] = -1
		if !mappedProducts[psaKey{l.Integration, l.ProductID}] {
			continue // no vendor product maps here: nothing to compare with
		}
		i := get(cardKey{l.Integration, l.AccountID, l.ProductID})
		lineCard[n] = i
		sl := &slots[i]
		sl.nLine++
		if sl.acctName == "" {
			sl.acctName = l.AccountName
		}
		if sl.prodName == "" {
			sl.prodName = l.ProductName
		}
	}

	unmapped := map[string]*unmappedBuild{}
	subCard := make([]int32, len(in.Subscriptions))
	for n := range in.Subscriptions {
		s := &in.Subscriptions[n]
		subCard[n] = -1
		if !s.Active {
			continue
		}
		am, aok := maps[mapKey{s.Integration, KindAccount, s.AccountID}]
		pm, pok := maps[mapKey{s.Integration, KindProduct, s.ProductID}]
		if (aok && am.Excluded) || (pok && pm.Excluded) {
			continue
		}
		if !aok || !pok || am.PSAIntegration != pm.PSAIntegration {
			u := unmapped[s.Integration]
			if u == nil {
				u = &unmappedBuild{accounts: map[string]bool{}, products: map[string]bool{}}
				unmapped[s.Integration] = u
			}
			if !aok {
				u.accounts[s.AccountID] = true
			}
			if !pok || (aok && am.PSAIntegration != pm.PSAIntegration) {
				u.products[s.ProductID] = true
			}
			u.subs++
			u.cost += MoneyOf(s.UnitCost).Times(QtyOf(s.Quantity))
			continue
		}
		i := get(cardKey{am.PSAIntegration, am.PSAID, pm.PSAID})
		subCard[n] = i
		slots[i].nSubs++
	}

	// Name and order the cards while they are small slots.
	ctx := newCardContext(in, set)
	for i := range slots {
		ctx.name(&slots[i])
	}
	rankNames(slots)
	order := make([]int32, len(slots))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return slotCompare(&slots[a], &slots[b]) })
	rank := make([]int32, len(slots))
	for n, i := range order {
		rank[i] = int32(n)
	}

	// Pass 2: the evidence, straight into the sorted cards.
	res := Result{Cycle: in.Cycle, Cards: make([]Card, len(slots))}
	allLines := make([]LineEvidence, 0, countAssigned(lineCard))
	allSources := make([]VendorSource, 0, countAssigned(subCard))
	for n, i := range order {
		sl, c := &slots[i], &res.Cards[n]
		if sl.nLine > 0 {
			end := len(allLines) + int(sl.nLine)
			c.PSALines = allLines[len(allLines):len(allLines):end]
			allLines = allLines[:end]
		}
		if sl.nSubs > 0 {
			end := len(allSources) + int(sl.nSubs)
			c.VendorSources = allSources[len(allSources):len(allSources):end]
			allSources = allSources[:end]
		}
	}
	for n, i := range lineCard {
		if i < 0 {
			continue
		}
		l, c := &in.Lines[n], &res.Cards[rank[i]]
		ev := LineEvidence{LineID: l.LineID, AgreementID: l.AgreementID, AgreementName: l.AgreementName,
			Quantity: QtyOf(l.Quantity), LessIncluded: QtyOf(l.LessIncluded), BillCustomer: l.BillCustomer,
			UnitPrice: MoneyOf(l.UnitPrice), UnitCost: MoneyOf(l.UnitCost), FetchedAt: l.FetchedAt}
		if l.NextQuantity != nil {
			n := QtyOf(*l.NextQuantity)
			ev.NextQuantity, ev.NextFrom = &n, l.NextFrom
		}
		c.PSALines = append(c.PSALines, ev)
		if ev.Billable() {
			c.PSAQuantity += ev.Counted(in.Cycle)
		}
	}
	costs := map[psaKey]*costBuild{}
	for n, i := range subCard {
		if i < 0 {
			continue
		}
		s, c := &in.Subscriptions[n], &res.Cards[rank[i]]
		src := VendorSource{Integration: s.Integration, SubscriptionID: s.ID, AccountID: s.AccountID, AccountName: s.AccountName,
			ProductID: s.ProductID, ProductName: s.ProductName, Quantity: QtyOf(s.Quantity), Term: s.Term,
			UnitCost: MoneyOf(s.UnitCost), FetchedAt: s.FetchedAt}
		c.VendorSources = append(c.VendorSources, src)
		c.VendorQuantity += src.Quantity

		pk := psaKey{slots[i].key.integration, slots[i].key.product}
		cb := costs[pk]
		if cb == nil {
			cb = &costBuild{seats: map[Money]Qty{}}
			costs[pk] = cb
		}
		cb.seats[src.UnitCost] += src.Quantity
		cb.subs++
	}
	// All card ids live in one string: one allocation instead of one per card.
	idBytes := make([]byte, 16*len(order))
	for n, i := range order {
		k := &slots[i].key
		cardIDInto(idBytes[16*n:16*n+16], k.integration, k.account, k.product)
	}
	ids := string(idBytes)
	for n, i := range order {
		res.Cards[n].ID = ids[16*n : 16*n+16]
		ctx.finish(&slots[i], &res.Cards[n])
	}

	for vi, u := range unmapped {
		res.Unmapped = append(res.Unmapped, Unmapped{VendorIntegration: vi, Accounts: len(u.accounts), Products: len(u.products),
			Subscriptions: u.subs, MonthlyCost: u.cost})
	}
	sort.Slice(res.Unmapped, func(i, j int) bool { return res.Unmapped[i].VendorIntegration < res.Unmapped[j].VendorIntegration })

	for pk, c := range costs {
		row := CostRow{PSAIntegration: pk.integration, ProductID: pk.id, ProductName: ctx.productName(pk, ""), Subscriptions: c.subs}
		row.VendorCost, row.Seats = c.mode()
		if cat, ok := ctx.catalog[pk]; ok {
			row.CatalogCost = MoneyOf(cat.Cost)
			row.Drift = row.CatalogCost != row.VendorCost
		}
		res.Costs = append(res.Costs, row)
	}
	sort.Slice(res.Costs, func(i, j int) bool {
		a, b := res.Costs[i], res.Costs[j]
		if a.ProductName != b.ProductName {
			return a.ProductName < b.ProductName
		}
		if a.PSAIntegration != b.PSAIntegration {
			return a.PSAIntegration < b.PSAIntegration
		}
		return a.ProductID < b.ProductID
	})
	return res
}

func countAssigned(card []int32) int {
	n := 0
	for _, i := range card {
		if i >= 0 {
			n++
		}
	}
	return n
}

// rankNames gives every slot the rank of its account and product name among the distinct
// names: 100,000 cards share a few thousand names, and comparing two integers is much
// cheaper than comparing two strings in every step of the sort.
func rankNames(slots []slot) {
	rank := func(get func(*slot) string, set func(*slot, int32)) {
		ids := map[string]int32{}
		var names []string
		for i := range slots {
			n := get(&slots[i])
			if _, ok := ids[n]; !ok {
				ids[n] = 0
				names = append(names, n)
			}
		}
		slices.Sort(names)
		for r, n := range names {
			ids[n] = int32(r)
		}
		for i := range slots {
			set(&slots[i], ids[get(&slots[i])])
		}
	}
	rank(func(s *slot) string { return s.acctName }, func(s *slot, r int32) { s.acctRank = r })
	rank(func(s *slot) string { return s.prodName }, func(s *slot, r int32) { s.prodRank = r })
}

// slotCompare orders cards by account name, product name (as ranked by rankNames), then
// key.
func slotCompare(a, b *slot) int {
	if a.acctRank != b.acctRank {
		return cmp.Compare(a.acctRank, b.acctRank)
	}
	if a.prodRank != b.prodRank {
		return cmp.Compare(a.prodRank, b.prodRank)
	}
	if a.key.integration != b.key.integration {
		return strings.Compare(a.key.integration, b.key.integration)
	}
	if a.key.account != b.key.account {
		return strings.Compare(a.key.account, b.key.account)
	}
	return strings.Compare(a.key.product, b.key.product)
}

type unmappedBuild struct {
	accounts, products map[string]bool
	subs               int
	cost               Money
}

// cardContext holds the lookups that finishing a card needs.
type cardContext struct {
	in         Inputs
	set        Settings
	accounts   map[psaKey]string
	catalog    map[psaKey]CatalogItem
	notes      map[psaKey]AccountNote
	decisions  map[string][]Decision
	detections map[string]Detection
}

func newCardContext(in Inputs, set Settings) *cardContext {
	c := &cardContext{in: in, set: set,
		accounts:   make(map[psaKey]string, len(in.Accounts)),
		catalog:    make(map[psaKey]CatalogItem, len(in.Catalog)),
		notes:      make(map[psaKey]AccountNote, len(in.Notes)),
		decisions:  make(map[string][]Decision, len(in.Decisions)),
		detections: make(map[string]Detection, len(in.Detections)),
	}
	for _, a := range in.Accounts {
		c.accounts[psaKey{a.Integration, a.ID}] = a.Name
	}
	for _, p := range in.Catalog {
		c.catalog[psaKey{p.Integration, p.ID}] = p
	}
	for _, n := range in.Notes {
		c.notes[psaKey{n.Integration, n.AccountID}] = n
	}
	for _, d := range in.Decisions {
		if d.Cycle == in.Cycle {
			c.decisions[d.CardID] = append(c.decisions[d.CardID], d)
		}
	}
	for _, d := range in.Detections {
		if d.Cycle == in.Cycle {
			c.detections[d.CardID] = d
		}
	}
	return c
}

func (c *cardContext) productName(k psaKey, fallback string) string {
	if p, ok := c.catalog[k]; ok && p.Name != "" {
		return p.Name
	}
	if fallback != "" {
		return fallback
	}
	return "(product " + k.id + ")"
}

// name settles the card's account and product names, which order the cards: the PSA's
// account list and catalog first, then the names on the lines.
func (c *cardContext) name(sl *slot) {
	k := sl.key
	if n, ok := c.accounts[psaKey{k.integration, k.account}]; ok && n != "" {
		sl.acctName = n
	}
	if sl.acctName == "" {
		sl.acctName = "(company " + k.account + ")"
	}
	sl.prodName = c.productName(psaKey{k.integration, k.product}, sl.prodName)
}

// finish completes a card whose evidence and quantities pass 2 has filled in.
func (c *cardContext) finish(sl *slot, card *Card) {
	k := sl.key
	card.PSAIntegration, card.PSAAccountID, card.PSAProductID = k.integration, k.account, k.product
	card.AccountName, card.ProductName = sl.acctName, sl.prodName
	card.Difference = card.VendorQuantity - card.PSAQuantity
	sortEvidence(card)

	billable, notBillable, less := 0, false, false
	for i := range card.PSALines {
		l := &card.PSALines[i]
		if l.LessIncluded > 0 {
			less = true
		}
		if !l.Billable() {
			notBillable = true
			continue
		}
		billable++
		if card.Target == nil || l.Quantity > card.Target.Quantity {
			card.Target = l
		}
	}
	cat, hasCat := c.catalog[psaKey{k.integration, k.product}]
	switch {
	case len(card.VendorSources) == 0:
		card.State = StateNoVendorData
	case billable == 0:
		card.State = StateNewRevenue
	case card.Difference == 0:
		card.State = StateNoChange
	default:
		card.State = StateReconcile
	}

	if card.Target != nil {
		card.UnitPrice = card.Target.UnitPrice
	} else if hasCat {
		card.UnitPrice = MoneyOf(cat.Price)
	}
	if hasCat {
		card.CatalogCost, card.HasCatalogCost = MoneyOf(cat.Cost), true
	}
	if len(card.VendorSources) > 0 {
		card.VendorUnitCost = modeCost(card.VendorSources)
		card.Margin = card.UnitPrice - card.VendorUnitCost
	}
	card.MonthlyImpact = impact(*card)

	large := false
	switch card.State {
	case StateReconcile:
		d := card.Difference.Abs()
		large = d >= c.set.LargeChangeUnits || int64(d)*100 >= c.set.LargeChangePercent*int64(card.PSAQuantity)
	case StateNewRevenue:
		large = card.VendorQuantity >= c.set.LargeNewRevenueUnits
	}
	var flags [8]Flag // on the stack: a card gets one allocation for its flags, or none
	fl := flags[:0]
	add := func(ok bool, f Flag) {
		if ok {
			fl = append(fl, f)
		}
	}
	note, hasNote := c.notes[psaKey{k.integration, k.account}]
	if hasNote {
		card.Note = note.Text
		if len(note.Tags) > 0 {
			tags := "tags: " + strings.Join(note.Tags, ", ")
			if card.Note == "" {
				card.Note = tags
			} else {
				card.Note += " (" + tags + ")"
			}
		}
	}
	add(large, FlagLargeChange)
	add(hasNote && card.Note != "", FlagNote)
	add(hasCat && len(card.VendorSources) > 0 && card.CatalogCost != card.VendorUnitCost, FlagCostDrift)
	add(notBillable, FlagNotBillable)
	add(less, FlagLessIncluded)
	add(billable > 1, FlagSeveralLines)
	add(severalAccounts(card.VendorSources), FlagSeveralAccounts)

	card.Detection = c.detection(card)
	if f := c.applyDecision(card); f != "" {
		fl = append(fl, f)
	}
	if len(fl) > 0 {
		card.Flags = slices.Clone(fl)
	}
}

// severalAccounts reports whether sources come from more than one vendor account.
func severalAccounts(sources []VendorSource) bool {
	for _, s := range sources[min(1, len(sources)):] {
		if s.Integration != sources[0].Integration || s.AccountID != sources[0].AccountID {
			return true
		}
	}
	return false
}

// impact is the billed-revenue change of pushing the vendor quantity to the target line
// (or of a new line at the catalog price). Seats under lessIncluded do not bill.
func impact(c Card) Money {
	switch c.State {
	case StateReconcile:
		t := c.Target
		before := max(0, t.Quantity-t.LessIncluded)
		after := max(0, t.Quantity+c.Difference-t.LessIncluded)
		return c.UnitPrice.Times(after - before)
	case StateNewRevenue:
		return c.UnitPrice.Times(c.VendorQuantity)
	}
	return 0
}

func sortEvidence(c *Card) {
	if len(c.PSALines) > 1 {
		slices.SortFunc(c.PSALines, func(a, b LineEvidence) int {
			return cmp.Or(cmp.Compare(a.AgreementName, b.AgreementName), cmp.Compare(a.AgreementID, b.AgreementID), cmp.Compare(a.LineID, b.LineID))
		})
	}
	if len(c.VendorSources) > 1 {
		slices.SortFunc(c.VendorSources, func(a, b VendorSource) int {
			return cmp.Or(cmp.Compare(a.Integration, b.Integration), cmp.Compare(a.AccountName, b.AccountName), cmp.Compare(a.SubscriptionID, b.SubscriptionID))
		})
	}
}
