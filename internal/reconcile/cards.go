package reconcile

import (
	"cmp"
	"encoding/binary"
	"encoding/hex"
	"math/bits"
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
	Commitment     *Commitment // the commitment term (NCE); nil without one
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
	// Terms are the commitment-term facts of the card's subscriptions (nce.go); nil when
	// none has a commitment term.
	Terms *TermFacts
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
	var sum [8]byte
	binary.BigEndian.PutUint64(sum[:], cardHash(psaIntegration, accountID, productID))
	hex.Encode(dst, sum[:])
}

// cardHash is the FNV-1a hash a card id spells out.
func cardHash(psaIntegration, accountID, productID string) uint64 {
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
	return h
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

// mapKey and psaKey key mappings and PSA items by their strings where speed does not
// matter (explanations, tests); card building keys them by the dense indices of
// cards_index.go.
type mapKey struct {
	integration string
	kind        MappingKind
	id          string
}

type psaKey struct{ integration, id string }

// slot is a card while its rows are being counted.
type slot struct {
	acct, prod         int32 // indices in the PSA accounts and products tables
	nLine, nSubs       int32
	acctRank, prodRank int32
	hash               uint64 // of the card id, taken while the key's strings are at hand
	acctName           string
	prodName           string
}

// BuildCards builds the cards of one cycle. It is a pure function of its inputs.
//
// 100,000 lines and subscriptions must build in a fraction of a second, so it works in
// passes over flat arrays instead of growing a slice per card: the first pass finds every
// row's card (by account and product indices, not strings) and counts; the cards are then
// named and sorted while they are still small slots; the second pass fills the sorted
// cards one after another, each with its evidence in one backing array per kind.
func BuildCards(in Inputs) Result {
	c := newCardContext(in)

	// Pass 1: the card of every row, and how many rows each card gets.
	index := make(map[uint64]int32, len(in.Lines))
	slots := make([]slot, 0, len(in.Lines))
	get := func(acct, prod int32) int32 {
		k := cardSlotKey(acct, prod)
		i, ok := index[k]
		if !ok {
			i = int32(len(slots))
			index[k] = i
			slots = append(slots, slot{acct: acct, prod: prod, hash: cardHash(c.accts.integration(acct), c.accts.id(acct), c.prods.id(prod))})
		}
		return i
	}
	lineCard := make([]int32, len(in.Lines))
	for n := range in.Lines {
		l := &in.Lines[n]
		lineCard[n] = -1
		ig, ok := c.integ.find(l.Integration)
		if !ok {
			continue // no vendor product maps to this integration's products
		}
		prod, ok := c.prods.find(ig, l.ProductID)
		if !ok {
			continue // no vendor product maps here: nothing to compare with
		}
		i := get(c.accts.add(ig, l.AccountID), prod)
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
		var am, pm vendorTarget
		ai, aok := c.vendorAccts.lookup(s.Integration, s.AccountID)
		if aok {
			am = c.accountTargets[ai]
		}
		pi, pok := c.vendorProds.lookup(s.Integration, s.ProductID)
		if pok {
			pm = c.productTargets[pi]
		}
		if (aok && am.excluded) || (pok && pm.excluded) {
			continue
		}
		samePSA := aok && pok && c.accts.keys[am.psa].integration == c.prods.keys[pm.psa].integration
		if !samePSA { // unmapped, or mapped to accounts and products of different PSAs
			u := unmapped[s.Integration]
			if u == nil {
				u = &unmappedBuild{accounts: map[string]bool{}, products: map[string]bool{}}
				unmapped[s.Integration] = u
			}
			if !aok {
				u.accounts[s.AccountID] = true
			}
			if !pok || aok { // missing, or mapped to another PSA than the account
				u.products[s.ProductID] = true
			}
			u.subs++
			u.cost += MoneyOf(s.UnitCost).Times(QtyOf(s.Quantity))
			continue
		}
		i := get(am.psa, pm.psa)
		subCard[n] = i
		slots[i].nSubs++
	}

	// Name and order the cards while they are small slots.
	c.describe()
	for i := range slots {
		c.name(&slots[i])
	}
	order := c.order(slots)

	// Pass 2: the cards in order, each with its evidence. The rows of each card are first
	// listed in card order (a counting sort of row numbers), so the evidence is written
	// front to back and each card is finished while its rows are still in the cache.
	res := Result{Cycle: in.Cycle, Cards: make([]Card, len(slots))}
	lineRows, lineStart := rowsByCard(lineCard, slots, order, func(s *slot) int32 { return s.nLine })
	subRows, subStart := rowsByCard(subCard, slots, order, func(s *slot) int32 { return s.nSubs })
	allLines := make([]LineEvidence, len(lineRows))
	allSources := make([]VendorSource, len(subRows))
	costs := make([]*costBuild, len(c.prods.keys))
	// All card ids live in one string: one allocation instead of one per card.
	idBytes := make([]byte, 16*len(order))
	for n, i := range order {
		binary.BigEndian.PutUint64(idBytes[16*n+8:16*n+16], slots[i].hash)
		hex.Encode(idBytes[16*n:16*n+16], idBytes[16*n+8:16*n+16])
	}
	ids := string(idBytes)
	for n, i := range order {
		sl, card := &slots[i], &res.Cards[n]
		card.ID = ids[16*n : 16*n+16]
		if sl.nLine > 0 {
			lo, hi := lineStart[n], lineStart[n+1]
			card.PSALines = allLines[lo:hi:hi]
			for k, row := range lineRows[lo:hi] {
				l, ev := &in.Lines[row], &card.PSALines[k]
				*ev = LineEvidence{LineID: l.LineID, AgreementID: l.AgreementID, AgreementName: l.AgreementName,
					Quantity: QtyOf(l.Quantity), LessIncluded: QtyOf(l.LessIncluded), BillCustomer: l.BillCustomer,
					UnitPrice: MoneyOf(l.UnitPrice), UnitCost: MoneyOf(l.UnitCost), FetchedAt: l.FetchedAt}
				if l.NextQuantity != nil {
					q := QtyOf(*l.NextQuantity)
					ev.NextQuantity, ev.NextFrom = &q, l.NextFrom
				}
				if ev.Billable() {
					card.PSAQuantity += ev.Counted(in.Cycle)
				}
			}
		}
		if sl.nSubs > 0 {
			lo, hi := subStart[n], subStart[n+1]
			card.VendorSources = allSources[lo:hi:hi]
			cb := costs[sl.prod]
			if cb == nil {
				cb = &costBuild{seats: map[Money]Qty{}}
				costs[sl.prod] = cb
			}
			for k, row := range subRows[lo:hi] {
				s, src := &in.Subscriptions[row], &card.VendorSources[k]
				*src = VendorSource{Integration: s.Integration, SubscriptionID: s.ID, AccountID: s.AccountID, AccountName: s.AccountName,
					ProductID: s.ProductID, ProductName: s.ProductName, Quantity: QtyOf(s.Quantity), Term: s.Term,
					UnitCost: MoneyOf(s.UnitCost), FetchedAt: s.FetchedAt, Commitment: s.Commitment}
				card.VendorQuantity += src.Quantity
				cb.seats[src.UnitCost] += src.Quantity
				cb.subs++
			}
		}
		c.finish(sl, card)
	}

	for vi, u := range unmapped {
		res.Unmapped = append(res.Unmapped, Unmapped{VendorIntegration: vi, Accounts: len(u.accounts), Products: len(u.products),
			Subscriptions: u.subs, MonthlyCost: u.cost})
	}
	sort.Slice(res.Unmapped, func(i, j int) bool { return res.Unmapped[i].VendorIntegration < res.Unmapped[j].VendorIntegration })

	for p, cb := range costs {
		if cb == nil {
			continue
		}
		prod := int32(p)
		row := CostRow{PSAIntegration: c.prods.integration(prod), ProductID: c.prods.id(prod), ProductName: c.productName(prod, ""), Subscriptions: cb.subs}
		row.VendorCost, row.Seats = cb.mode()
		if c.hasCatalog[prod] {
			row.CatalogCost = MoneyOf(c.catalog[prod].Cost)
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

// rowsByCard lists the row numbers of every card, cards in order and each card's rows in
// input order (the order the evidence had when it was appended row by row): rows[start[n]:
// start[n+1]] are the rows of the n-th card.
func rowsByCard(card []int32, slots []slot, order []int32, count func(*slot) int32) (rows, start []int32) {
	start = make([]int32, len(order)+1)
	for n, i := range order {
		start[n+1] = start[n] + count(&slots[i])
	}
	rank := make([]int32, len(slots)) // where the next row of each slot goes
	for n, i := range order {
		rank[i] = start[n]
	}
	rows = make([]int32, start[len(order)])
	for row, i := range card {
		if i < 0 {
			continue
		}
		rows[rank[i]] = int32(row)
		rank[i]++
	}
	return rows, start
}

// order sorts the slots by account name, product name, then integration, account and
// product id, and returns their indices in that order.
//
// The names are ranked first (100,000 cards share a few thousand names), and a slot's two
// ranks and its index are packed into one integer, so the sort compares integers; only
// slots whose names are equal on both counts are then ordered by their keys.
func (c *cardContext) order(slots []slot) []int32 {
	acctRanks := rankNames(slots, func(s *slot) string { return s.acctName }, func(s *slot, r int32) { s.acctRank = r })
	prodRanks := rankNames(slots, func(s *slot) string { return s.prodName }, func(s *slot, r int32) { s.prodRank = r })
	order := make([]int32, len(slots))
	cmpKeys := func(a, b int32) int { return c.compareKeys(&slots[a], &slots[b]) }
	ib := bits.Len(uint(len(slots)))
	pb := bits.Len(uint(prodRanks))
	if ib+pb+bits.Len(uint(acctRanks)) > 64 {
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(a, b int32) int {
			sa, sb := &slots[a], &slots[b]
			return cmp.Or(cmp.Compare(sa.acctRank, sb.acctRank), cmp.Compare(sa.prodRank, sb.prodRank), cmpKeys(a, b))
		})
		return order
	}
	packed := make([]uint64, len(slots))
	for i := range slots {
		packed[i] = uint64(slots[i].acctRank)<<(pb+ib) | uint64(slots[i].prodRank)<<ib | uint64(i)
	}
	slices.Sort(packed)
	for n, p := range packed {
		order[n] = int32(p & (1<<ib - 1))
	}
	for lo := 0; lo < len(packed); {
		hi := lo + 1
		for hi < len(packed) && packed[hi]>>ib == packed[lo]>>ib {
			hi++
		}
		if hi-lo > 1 {
			slices.SortFunc(order[lo:hi], cmpKeys)
		}
		lo = hi
	}
	return order
}

// rankNames gives every slot the rank of its name among the distinct names, and returns
// how many distinct names there are.
func rankNames(slots []slot, get func(*slot) string, set func(*slot, int32)) int {
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
	return len(names)
}

// compareKeys orders two slots by integration, account id, then product id.
func (c *cardContext) compareKeys(a, b *slot) int {
	return cmp.Or(strings.Compare(c.accts.integration(a.acct), c.accts.integration(b.acct)),
		strings.Compare(c.accts.id(a.acct), c.accts.id(b.acct)),
		strings.Compare(c.prods.id(a.prod), c.prods.id(b.prod)))
}

type unmappedBuild struct {
	accounts, products map[string]bool
	subs               int
	cost               Money
}

// cardContext holds the lookups that building and finishing cards need.
type cardContext struct {
	in  Inputs
	set Settings

	integ                    *integrations
	accts, prods             *idTable // the PSA accounts and products cards are about
	vendorAccts, vendorProds *idTable // mapped (or excluded) vendor accounts and products
	accountTargets           []vendorTarget
	productTargets           []vendorTarget

	// Per PSA account and product index (describe fills them in).
	accountName []string
	note        []string
	hasNote     []bool
	catalog     []CatalogItem
	hasCatalog  []bool

	decisions  map[string][]Decision
	detections map[string]Detection

	flags []Flag // the block keepFlags fills
}

// newCardContext reads the mappings: every PSA product some vendor product maps to gets an
// index (only those make cards), and every vendor account and product its target. A later
// mapping of the same vendor item replaces an earlier one.
func newCardContext(in Inputs) *cardContext {
	integ := newIntegrations()
	c := &cardContext{in: in, set: in.Settings.withDefaults(), integ: integ,
		accts: newIDTable(integ, len(in.Accounts)), prods: newIDTable(integ, 64),
		vendorAccts: newIDTable(integ, len(in.Mappings)), vendorProds: newIDTable(integ, 64),
		decisions:  make(map[string][]Decision, len(in.Decisions)),
		detections: make(map[string]Detection, len(in.Detections)),
	}
	for _, m := range in.Mappings {
		var vendor, psa *idTable
		var targets *[]vendorTarget
		switch m.Kind {
		case KindAccount:
			vendor, psa, targets = c.vendorAccts, c.accts, &c.accountTargets
		case KindProduct:
			vendor, psa, targets = c.vendorProds, c.prods, &c.productTargets
		default:
			continue
		}
		vi := vendor.add(integ.add(m.VendorIntegration), m.VendorID)
		t := vendorTarget{excluded: m.Excluded, psa: -1}
		if !m.Excluded {
			t.psa = psa.add(integ.add(m.PSAIntegration), m.PSAID)
		}
		if int(vi) == len(*targets) {
			*targets = append(*targets, t)
		} else {
			(*targets)[vi] = t
		}
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

// describe looks up the PSA's name and note of every account and the catalog entry of
// every product that has an index, once each instead of once per card. Where an input
// lists one twice, the later entry counts.
func (c *cardContext) describe() {
	na, np := len(c.accts.keys), len(c.prods.keys)
	c.accountName, c.note, c.hasNote = make([]string, na), make([]string, na), make([]bool, na)
	c.catalog, c.hasCatalog = make([]CatalogItem, np), make([]bool, np)
	for _, a := range c.in.Accounts {
		if i, ok := c.accts.lookup(a.Integration, a.ID); ok {
			c.accountName[i] = a.Name
		}
	}
	for _, p := range c.in.Catalog {
		if i, ok := c.prods.lookup(p.Integration, p.ID); ok {
			c.catalog[i], c.hasCatalog[i] = p, true
		}
	}
	for _, n := range c.in.Notes {
		i, ok := c.accts.lookup(n.Integration, n.AccountID)
		if !ok {
			continue
		}
		text := n.Text
		if len(n.Tags) > 0 {
			tags := "tags: " + strings.Join(n.Tags, ", ")
			if text == "" {
				text = tags
			} else {
				text += " (" + tags + ")"
			}
		}
		c.note[i], c.hasNote[i] = text, true
	}
}

// productName is the catalog's name of product p, else fallback, else its id.
func (c *cardContext) productName(p int32, fallback string) string {
	if c.hasCatalog[p] && c.catalog[p].Name != "" {
		return c.catalog[p].Name
	}
	if fallback != "" {
		return fallback
	}
	return "(product " + c.prods.id(p) + ")"
}

// name settles the card's account and product names, which order the cards: the PSA's
// account list and catalog first, then the names on the lines.
func (c *cardContext) name(sl *slot) {
	if n := c.accountName[sl.acct]; n != "" {
		sl.acctName = n
	}
	if sl.acctName == "" {
		sl.acctName = "(company " + c.accts.id(sl.acct) + ")"
	}
	sl.prodName = c.productName(sl.prod, sl.prodName)
}

// finish completes a card whose evidence and quantities pass 2 has filled in.
func (c *cardContext) finish(sl *slot, card *Card) {
	card.PSAIntegration, card.PSAAccountID, card.PSAProductID = c.accts.integration(sl.acct), c.accts.id(sl.acct), c.prods.id(sl.prod)
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
	cat, hasCat := c.catalog[sl.prod], c.hasCatalog[sl.prod]
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
	card.MonthlyImpact = impact(card)

	large := false
	switch card.State {
	case StateReconcile:
		d := card.Difference.Abs()
		large = d >= c.set.LargeChangeUnits || int64(d)*100 >= c.set.LargeChangePercent*int64(card.PSAQuantity)
	case StateNewRevenue:
		large = card.VendorQuantity >= c.set.LargeNewRevenueUnits
	}
	var flags [10]Flag // on the stack: a card's flags are copied out once, or not at all
	fl := flags[:0]
	add := func(ok bool, f Flag) {
		if ok {
			fl = append(fl, f)
		}
	}
	hasNote := c.hasNote[sl.acct]
	if hasNote {
		card.Note = c.note[sl.acct]
	}
	add(large, FlagLargeChange)
	add(hasNote && card.Note != "", FlagNote)
	add(hasCat && len(card.VendorSources) > 0 && card.CatalogCost != card.VendorUnitCost, FlagCostDrift)
	add(notBillable, FlagNotBillable)
	add(less, FlagLessIncluded)
	add(billable > 1, FlagSeveralLines)
	add(severalAccounts(card.VendorSources), FlagSeveralAccounts)
	if card.Terms = termFacts(card, c.in.Today, c.in.Now, c.in.Location); card.Terms != nil {
		f := termFlag(card.Terms)
		add(f != "", f)
	}

	card.Detection = c.detection(card)
	if f := c.applyDecision(card); f != "" {
		fl = append(fl, f)
	}
	if len(fl) > 0 {
		card.Flags = c.keepFlags(fl)
	}
}

// keepFlags copies a card's flags into a shared block: most cards carry a flag or two,
// and one allocation per block of flags instead of one per card is a tenth of a build's
// allocations. The slice is capped, so appending to it never writes into a neighbour's.
func (c *cardContext) keepFlags(fl []Flag) []Flag {
	if len(c.flags)+len(fl) > cap(c.flags) {
		c.flags = make([]Flag, 0, max(flagBlock, len(fl)))
	}
	lo := len(c.flags)
	c.flags = append(c.flags, fl...)
	return c.flags[lo:len(c.flags):len(c.flags)]
}

// flagBlock is how many flags keepFlags allocates at once.
const flagBlock = 2048

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
func impact(c *Card) Money {
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
