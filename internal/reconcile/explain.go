package reconcile

// "Why isn't it showing?": for an account (and optionally a product) the user names, which
// cached record makes which card, and which rule keeps each other one out, with the fix. It
// replaces the troubleshooting tables of the seed articles (seeds/gradient-autotask-
// troubleshooting.txt, "An account isn't appearing") with an answer. Explain is a pure
// function of the raw caches, the mappings and the cards BuildCards made from them, so the
// answer always agrees with the Reconcile screen.

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hbollon/go-edlib"

	"github.com/trueup/trueup/internal/connector"
)

// Rule names why a record makes no card (or, RuleCard, that it makes one).
type Rule string

const (
	RuleCard Rule = "card" // it makes (or counts on) a card

	RuleAccountMissing     Rule = "account_not_cached"
	RuleAccountDeleted     Rule = "account_deleted"
	RuleAccountType        Rule = "account_type" // Prospect, Lead, Vendor, Partner...
	RuleAccountInactive    Rule = "account_inactive"
	RuleNoAgreement        Rule = "no_agreement"
	RuleAgreementMissing   Rule = "agreement_not_cached"
	RuleAgreementCancelled Rule = "agreement_cancelled"
	RuleAgreementInactive  Rule = "agreement_inactive"
	RuleAgreementFuture    Rule = "agreement_future"
	RuleAgreementEnded     Rule = "agreement_ended"
	RuleNoLines            Rule = "agreement_no_lines"
	RuleLineCancelled      Rule = "line_cancelled"
	RuleQuantityZero       Rule = "quantity_zero"
	// RulePSAProductUnmapped: no vendor product maps to the line's PSA product, so nothing
	// is compared with it.
	RulePSAProductUnmapped    Rule = "psa_product_unmapped"
	RuleVendorAccountUnmapped Rule = "vendor_account_unmapped"
	RuleVendorAccountExcluded Rule = "vendor_account_excluded"
	RuleVendorProductUnmapped Rule = "vendor_product_unmapped"
	RuleVendorProductExcluded Rule = "vendor_product_excluded"
	RuleSubscriptionInactive  Rule = "subscription_inactive"
	RuleNoSubscriptions       Rule = "no_subscriptions"
	// RuleTwoPSAs: the vendor account maps into one PSA and the product into another.
	RuleTwoPSAs Rule = "mapped_to_two_psas"
	// RuleNoProduct: none of the account's lines or subscriptions names the product asked
	// about.
	RuleNoProduct Rule = "no_such_product"
	// RuleSyncStale: the card is what the cache says, but the PSA's cache may be behind the
	// source (a line added or deleted there since its last Full Sync).
	RuleSyncStale Rule = "sync_stale"
)

// ExplainQuery is what the user asks about: an account name and, optionally, a product.
type ExplainQuery struct {
	Account string
	Product string
}

// ExplainSource is one integration's raw cache as explain reads it: every record, hidden
// ones included.
type ExplainSource struct {
	Integration string // as Inputs carry it
	Name        string // the integration's name, for the answer's words ("ConnectWise")
	PSA         bool
	Accounts    []connector.Account
	Agreements  []connector.Agreement
	Lines       []connector.ServiceLine
	// Subscriptions and Products are the vendor's subscriptions and the catalog (PSA) or
	// the vendor's products.
	Subscriptions []connector.Subscription
	Products      []connector.Product
	// LastFullSync is when the source was last read completely (zero: never). A QuickSync
	// cannot see records deleted at the source, and a PSA cache older than a vendor change
	// may miss the line the MSP added for it.
	LastFullSync time.Time
	// LastSync is when a sync of any mode last succeeded (zero: never).
	LastSync time.Time
}

// ExplainInputs is everything Explain reads.
type ExplainInputs struct {
	Query   ExplainQuery
	Sources []ExplainSource
	// Cards are the inputs BuildCards got (its Mappings are the mapping state); Result is
	// what it built from them (nil: Explain builds it).
	Cards  Inputs
	Result *Result
}

// Verdict says whether a record makes a card.
type Verdict string

const (
	VerdictCard   Verdict = "card"
	VerdictHidden Verdict = "hidden"
)

// ActionKind is a fix TrueUp can do itself.
type ActionKind string

const (
	ActionOpenMapping ActionKind = "open_mapping" // map or un-exclude the item
	ActionSync        ActionKind = "sync"         // sync the integration (Full when Full)
)

// FixAction is the fix of an entry when TrueUp can do it.
type FixAction struct {
	Kind ActionKind
	// Integration is the vendor integration to map in (open_mapping; empty: any vendor, for
	// a PSA product no vendor maps to) or the integration to sync.
	Integration string
	MappingKind MappingKind // open_mapping
	VendorID    string      // open_mapping: the vendor item, when there is one
	Full        bool        // sync: a Full Sync (a QuickSync cannot see deletions)
}

// ExplainEntry is the answer for one cached record (or one card).
type ExplainEntry struct {
	PSA         bool // a PSA record, else a vendor one
	Integration string
	Entity      connector.Entity
	ID          string
	Name        string
	AccountName string
	ProductName string
	Verdict     Verdict
	Rule        Rule
	Reason      string
	Fix         string
	Action      *FixAction
	// Card is the card the record counts on (Verdict card).
	Card *Card
	// Details say why the card's numbers are what they are, or what a hidden record hides
	// with it.
	Details []string
	// Suggestion is where an unmapped vendor item would go, with its PSA integration.
	Suggestion            *Suggestion
	SuggestionIntegration string
}

// Explanation answers one query.
type Explanation struct {
	// Matched are the account names the query matched (PSA and vendor, the accounts mapped
	// to them included).
	Matched []string
	// Candidates are the names to try when the query matched several different accounts
	// (Entries is then empty) or none.
	Candidates []string
	Ambiguous  bool
	Entries    []ExplainEntry
}

// Explain says, for every cached record of the accounts the query names, whether it makes
// a card and, if not, which rule keeps it out and how to fix it. Names match forgivingly
// (NormalName: case, punctuation, legal suffixes, and abbreviations as ExpandedName
// expands them); a query that matches several different accounts lists them instead. A
// query with a product and no account asks about the accounts whose lines or subscriptions
// name the product (at most maxProductAccounts of them; more are listed to choose from).
func Explain(ctx context.Context, in ExplainInputs) (Explanation, error) {
	res := in.Result
	if res == nil {
		r := BuildCards(in.Cards)
		res = &r
	}
	e := newExplainer(in, res)
	var out Explanation
	byProduct := ExpandedName(in.Query.Account) == "" && e.product != ""
	var accts []acct
	var names []string
	var ambiguous bool
	if byProduct {
		accts, names, ambiguous = e.matchProduct()
	} else {
		accts, names, ambiguous = e.match(in.Query.Account)
	}
	switch {
	case ambiguous:
		out.Ambiguous, out.Candidates = true, names
		return out, nil
	case len(accts) == 0 && byProduct:
		out.Candidates = e.closeProducts(in.Query.Product)
		return out, nil
	case len(accts) == 0:
		out.Candidates = e.closeNames(in.Query.Account)
		return out, nil
	}
	out.Matched = names
	for _, a := range accts {
		if err := ctx.Err(); err != nil {
			return Explanation{}, fmt.Errorf("explain stopped: %w", err)
		}
		if a.src.PSA {
			e.psaAccount(a)
		} else if err := e.vendorAccount(ctx, a); err != nil {
			return Explanation{}, err
		}
	}
	out.Entries = e.entries
	return out, nil
}

// explainer holds the lookups of one Explain.
type explainer struct {
	in       ExplainInputs
	today    string
	sources  map[string]*ExplainSource
	maps     map[mapKey]Mapping
	mappedTo map[psaKey]bool // PSA products some vendor product maps to
	cards    map[string]*Card
	product  string // ExpandedName of the product asked about ("" any)
	entries  []ExplainEntry
	shown    map[string]bool // cards already explained
	// subRules are the vendor rules' verdicts of each source's subscriptions by id, judged
	// together once per source (an add-on depends on its base subscription).
	subRules map[string]map[string]hidden
}

// subscriptionVerdict is the vendor rules' verdict on sub of source s.
func (e *explainer) subscriptionVerdict(s *ExplainSource, sub connector.Subscription) hidden {
	byID, ok := e.subRules[s.Integration]
	if !ok {
		byID = make(map[string]hidden, len(s.Subscriptions))
		for i, h := range vendorRules(s.Subscriptions, e.today) {
			byID[s.Subscriptions[i].ID] = h
		}
		if e.subRules == nil {
			e.subRules = map[string]map[string]hidden{}
		}
		e.subRules[s.Integration] = byID
	}
	if h, ok := byID[sub.ID]; ok {
		return h
	}
	return subscriptionRule(sub)
}

// acct is one cached account of one source.
type acct struct {
	src *ExplainSource
	a   connector.Account
}

func newExplainer(in ExplainInputs, res *Result) *explainer {
	e := &explainer{in: in, today: in.Cards.Today.String(), sources: map[string]*ExplainSource{}, maps: map[mapKey]Mapping{},
		mappedTo: map[psaKey]bool{}, cards: map[string]*Card{}, shown: map[string]bool{},
		product: ExpandedName(in.Query.Product)}
	for i := range in.Sources {
		e.sources[in.Sources[i].Integration] = &in.Sources[i]
	}
	for _, m := range in.Cards.Mappings {
		e.maps[mapKey{m.VendorIntegration, m.Kind, m.VendorID}] = m
		if m.Kind == KindProduct && !m.Excluded {
			e.mappedTo[psaKey{m.PSAIntegration, m.PSAID}] = true
		}
	}
	for i := range res.Cards {
		e.cards[res.Cards[i].ID] = &res.Cards[i]
	}
	return e
}

// match finds the accounts the query names: the ones whose expanded name equals the
// query's, else the ones that contain it, when they are all one name; plus the accounts
// mapped to or from them. names are the distinct names matched (or the candidates when
// ambiguous).
func (e *explainer) match(query string) (out []acct, names []string, ambiguous bool) {
	q := ExpandedName(query)
	if q == "" {
		return nil, nil, false
	}
	var exact, contains []acct
	for i := range e.in.Sources {
		s := &e.in.Sources[i]
		for _, a := range s.Accounts {
			n := ExpandedName(a.Name)
			switch {
			case n == q:
				exact = append(exact, acct{s, a})
			case strings.Contains(n, q):
				contains = append(contains, acct{s, a})
			}
		}
	}
	found := exact
	if len(found) == 0 {
		groups := map[string]bool{}
		for _, a := range contains {
			groups[ExpandedName(a.a.Name)] = true
		}
		if len(groups) > 1 {
			return nil, distinctNames(contains), true
		}
		found = contains
	}
	if len(found) == 0 {
		return nil, nil, false
	}
	found = e.linked(found)
	return found, distinctNames(found), false
}

// maxProductAccounts is how many accounts a product-only query explains at once: enough
// for a product a few customers have, few enough to read.
const maxProductAccounts = 10

// matchProduct finds the accounts whose PSA lines or vendor subscriptions name the product
// asked about, with the accounts mapped to or from them.
func (e *explainer) matchProduct() (out []acct, names []string, ambiguous bool) {
	type key struct{ integration, id string }
	want := map[key]bool{}
	for i := range e.in.Sources {
		s := &e.in.Sources[i]
		agr := make(map[string]string, len(s.Agreements))
		for _, g := range s.Agreements {
			agr[g.ID] = g.AccountID
		}
		for _, l := range s.Lines {
			if e.wantsProduct(l.ProductName) {
				id := l.AccountID
				if a, ok := agr[l.AgreementID]; ok && a != "" {
					id = a
				}
				want[key{s.Integration, id}] = true
			}
		}
		for _, sub := range s.Subscriptions {
			if e.wantsProduct(sub.ProductName) {
				want[key{s.Integration, sub.AccountID}] = true
			}
		}
	}
	for i := range e.in.Sources {
		s := &e.in.Sources[i]
		for _, a := range s.Accounts {
			if want[key{s.Integration, a.ID}] {
				out = append(out, acct{s, a})
			}
		}
	}
	if len(out) == 0 {
		return nil, nil, false
	}
	out = e.linked(out)
	names = distinctNames(out)
	groups := map[string]bool{}
	for _, n := range names {
		groups[ExpandedName(n)] = true
	}
	if len(groups) > maxProductAccounts {
		return nil, names, true
	}
	return out, names, false
}

// closeProducts are the cached product names most like a product query that matched none.
func (e *explainer) closeProducts(query string) []string {
	q := ExpandedName(query)
	type scored struct {
		name  string
		score float32
	}
	var all []scored
	seen := map[string]bool{}
	consider := func(name string) {
		if name == "" || seen[name] {
			return
		}
		seen[name] = true
		if sc := edlib.JaroWinklerSimilarity(q, ExpandedName(name)); sc >= 0.75 {
			all = append(all, scored{name, sc})
		}
	}
	for _, s := range e.in.Sources {
		for _, p := range s.Products {
			consider(p.Name)
		}
		for _, l := range s.Lines {
			consider(l.ProductName)
		}
		for _, sub := range s.Subscriptions {
			consider(sub.ProductName)
		}
	}
	slices.SortFunc(all, func(a, b scored) int { return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.name, b.name)) })
	var out []string
	for _, s := range all[:min(5, len(all))] {
		out = append(out, s.name)
	}
	return out
}

// linked adds the accounts mapped to the PSA accounts found and the PSA accounts the vendor
// accounts found map to: a branch's vendor account rarely shares the customer's name.
func (e *explainer) linked(found []acct) []acct {
	type key struct{ integration, id string }
	seen := map[key]bool{}
	for _, a := range found {
		seen[key{a.src.Integration, a.a.ID}] = true
	}
	psaIDs := map[psaKey]bool{}
	for _, a := range found {
		if a.src.PSA {
			psaIDs[psaKey{a.src.Integration, a.a.ID}] = true
		} else if m, ok := e.maps[mapKey{a.src.Integration, KindAccount, a.a.ID}]; ok && !m.Excluded {
			psaIDs[psaKey{m.PSAIntegration, m.PSAID}] = true
		}
	}
	add := func(s *ExplainSource, a connector.Account) {
		if k := (key{s.Integration, a.ID}); !seen[k] {
			seen[k] = true
			found = append(found, acct{s, a})
		}
	}
	for i := range e.in.Sources {
		s := &e.in.Sources[i]
		for _, a := range s.Accounts {
			if s.PSA && psaIDs[psaKey{s.Integration, a.ID}] {
				add(s, a)
			}
			if m, ok := e.maps[mapKey{s.Integration, KindAccount, a.ID}]; !s.PSA && ok && !m.Excluded && psaIDs[psaKey{m.PSAIntegration, m.PSAID}] {
				add(s, a)
			}
		}
	}
	// PSA accounts first, then vendor ones, each by source order and name.
	order := map[string]int{}
	for i, s := range e.in.Sources {
		order[s.Integration] = i
	}
	slices.SortStableFunc(found, func(x, y acct) int {
		if x.src.PSA != y.src.PSA {
			if x.src.PSA {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(order[x.src.Integration], order[y.src.Integration]),
			cmp.Compare(strings.ToLower(x.a.Name), strings.ToLower(y.a.Name)), cmp.Compare(x.a.ID, y.a.ID))
	})
	return found
}

func distinctNames(as []acct) []string {
	var names []string
	for _, a := range as {
		if !slices.Contains(names, a.a.Name) {
			names = append(names, a.a.Name)
		}
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return names
}

// closeNames are the cached account names most like a query that matched none: the best
// five at a Jaro-Winkler similarity of 0.75 or more.
func (e *explainer) closeNames(query string) []string {
	q := ExpandedName(query)
	if q == "" {
		return nil
	}
	type scored struct {
		name  string
		score float32
	}
	var all []scored
	seen := map[string]bool{}
	for _, s := range e.in.Sources {
		for _, a := range s.Accounts {
			if seen[a.Name] {
				continue
			}
			seen[a.Name] = true
			if sc := edlib.JaroWinklerSimilarity(q, ExpandedName(a.Name)); sc >= 0.75 {
				all = append(all, scored{a.Name, sc})
			}
		}
	}
	slices.SortFunc(all, func(a, b scored) int { return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.name, b.name)) })
	var out []string
	for _, s := range all[:min(5, len(all))] {
		out = append(out, s.name)
	}
	return out
}

// wantsProduct reports whether a product name is one the query asks about.
func (e *explainer) wantsProduct(name string) bool {
	return e.product == "" || strings.Contains(ExpandedName(name), e.product)
}

func (e *explainer) add(en ExplainEntry) { e.entries = append(e.entries, en) }

// syncFix is the fix of a rule the MSP fixes at the source.
func syncFix(s *ExplainSource) (string, *FixAction) {
	return fmt.Sprintf("Change it in %s if it should bill, then sync %s", s.Name, s.Name),
		&FixAction{Kind: ActionSync, Integration: s.Integration}
}

// psaAccount explains one PSA account: the account rule, then each agreement, then each
// line of the current agreements. What a hidden account or agreement hides with it is
// counted in its entry rather than repeated line by line.
func (e *explainer) psaAccount(a acct) {
	s := a.src
	base := ExplainEntry{PSA: true, Integration: s.Integration, AccountName: a.a.Name}
	var agreements []connector.Agreement
	for _, g := range s.Agreements {
		if g.AccountID == a.a.ID {
			agreements = append(agreements, g)
		}
	}
	slices.SortFunc(agreements, func(x, y connector.Agreement) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID))
	})
	linesOf := map[string][]connector.ServiceLine{}
	for _, l := range s.Lines {
		linesOf[l.AgreementID] = append(linesOf[l.AgreementID], l)
	}
	countLines := func(ags []connector.Agreement) (n int, products []string) {
		for _, g := range ags {
			for _, l := range linesOf[g.ID] {
				if e.wantsProduct(l.ProductName) {
					n++
					products = appendNew(products, l.ProductName)
				}
			}
		}
		return n, products
	}

	if h := accountRule(a.a, true); h.rule != "" {
		en := base
		en.Entity, en.ID, en.Name, en.Verdict, en.Rule, en.Reason = connector.EntityAccounts, a.a.ID, a.a.Name, VerdictHidden, h.rule, h.reason
		en.Fix, en.Action = syncFix(s)
		if n, products := countLines(agreements); n > 0 {
			en.Details = append(en.Details, fmt.Sprintf("Its %s (%s) %s no card while it is hidden", plural(n, "service line"), strings.Join(products, ", "), verb(n, "makes", "make")))
		}
		e.add(en)
		return
	}
	if len(agreements) == 0 {
		en := base
		en.Entity, en.ID, en.Name, en.Verdict, en.Rule = connector.EntityAccounts, a.a.ID, a.a.Name, VerdictHidden, RuleNoAgreement
		en.Reason = fmt.Sprintf("Company has no agreement in %s's cache: only lines of a current recurring agreement are billed", s.Name)
		en.Fix, en.Action = e.staleFix(s, "add a recurring agreement with its services in "+s.Name+", then sync it")
		e.add(en)
		return
	}
	matched := 0
	for _, g := range agreements {
		lines := linesOf[g.ID]
		if h := agreementRule(g, true, e.today); h.rule != "" {
			en := base
			en.Entity, en.ID, en.Name, en.Verdict, en.Rule, en.Reason = connector.EntityAgreements, g.ID, g.Name, VerdictHidden, h.rule, h.reason
			switch h.rule {
			case RuleAgreementFuture:
				en.Fix = "Nothing to do: it appears on " + g.StartDate + " (start recurring agreements on the first of the month they begin billing)"
			default:
				en.Fix, en.Action = syncFix(s)
			}
			if n, products := countLines([]connector.Agreement{g}); n > 0 {
				en.Details = append(en.Details, fmt.Sprintf("Its %s (%s) %s no card", plural(n, "service line"), strings.Join(products, ", "), verb(n, "makes", "make")))
				matched += n
			}
			if e.product == "" || len(en.Details) > 0 {
				e.add(en)
			}
			continue
		}
		if len(lines) == 0 && e.product == "" {
			en := base
			en.Entity, en.ID, en.Name, en.Verdict, en.Rule = connector.EntityAgreements, g.ID, g.Name, VerdictHidden, RuleNoLines
			en.Reason = "Agreement has no service lines in the cache"
			en.Fix, en.Action = e.staleFix(s, "add the services to it in "+s.Name+", then sync it")
			e.add(en)
			continue
		}
		slices.SortFunc(lines, func(x, y connector.ServiceLine) int {
			return cmp.Or(cmp.Compare(x.ProductName, y.ProductName), cmp.Compare(x.ID, y.ID))
		})
		for _, l := range lines {
			if !e.wantsProduct(l.ProductName) {
				continue
			}
			matched++
			e.psaLine(base, s, a.a, g, l)
		}
	}
	if e.product != "" && matched == 0 {
		e.noProduct(base, connector.EntityAccounts, a.a.ID, a.a.Name, s, e.psaProducts(s, agreements, linesOf))
	}
}

func (e *explainer) psaProducts(s *ExplainSource, ags []connector.Agreement, linesOf map[string][]connector.ServiceLine) []string {
	var out []string
	for _, g := range ags {
		for _, l := range linesOf[g.ID] {
			out = appendNew(out, l.ProductName)
		}
	}
	return out
}

// noProduct says that none of an account's records names the product asked about.
func (e *explainer) noProduct(base ExplainEntry, entity connector.Entity, id, name string, s *ExplainSource, has []string) {
	en := base
	en.Entity, en.ID, en.Name, en.Verdict, en.Rule = entity, id, name, VerdictHidden, RuleNoProduct
	what := "line"
	if !s.PSA {
		what = "subscription"
	}
	en.Reason = fmt.Sprintf("No %s of %s in %s names %q", what, name, s.Name, e.in.Query.Product)
	if len(has) > 0 {
		slices.Sort(has)
		en.Details = []string{"It has: " + strings.Join(has, ", ")}
	}
	if s.PSA {
		en.Fix, en.Action = e.staleFix(s, "add the service in "+s.Name+" if the customer should be billed for it, then sync it")
	} else {
		en.Fix, en.Action = "If the customer has it at "+s.Name+", sync "+s.Name, &FixAction{Kind: ActionSync, Integration: s.Integration}
	}
	e.add(en)
}

// staleFix is the fix when a record TrueUp should see is missing from a PSA's cache: add
// it at the source, or, if it is there already, run a Full Sync when the last one is older
// than the change might be.
func (e *explainer) staleFix(s *ExplainSource, add string) (string, *FixAction) {
	when := "has never been fully synced"
	if !s.LastFullSync.IsZero() {
		when = "was last fully synced on " + DateOf(s.LastFullSync).String()
	}
	return fmt.Sprintf("If it is already in %s, run a Full Sync: %s %s; otherwise %s", s.Name, s.Name, when, add),
		&FixAction{Kind: ActionSync, Integration: s.Integration, Full: true}
}

// psaLine explains one line of a current agreement of a visible account.
func (e *explainer) psaLine(base ExplainEntry, s *ExplainSource, a connector.Account, g connector.Agreement, l connector.ServiceLine) {
	en := base
	en.Entity, en.ID, en.Name, en.ProductName = connector.EntityServiceLines, l.ID, l.ProductName+" on "+g.Name, l.ProductName
	if h := serviceLineRule(l, e.today); h.rule != "" {
		en.Verdict, en.Rule, en.Reason = VerdictHidden, h.rule, h.reason
		en.Fix, en.Action = syncFix(s)
		if h.rule == RuleQuantityZero {
			en.Fix = fmt.Sprintf("Nothing to do if the customer has none; set the quantity in %s and sync if it should bill", s.Name)
		}
		e.add(en)
		return
	}
	if !e.mappedTo[psaKey{s.Integration, l.ProductID}] {
		en.Verdict, en.Rule = VerdictHidden, RulePSAProductUnmapped
		en.Reason = fmt.Sprintf("No vendor product is mapped to %s product %q: TrueUp has nothing to compare this line with", s.Name, l.ProductName)
		en.Fix = fmt.Sprintf("Map the vendor's product to %q in Mapping (Products), or leave it if no vendor bills it", l.ProductName)
		en.Action = &FixAction{Kind: ActionOpenMapping, MappingKind: KindProduct}
		e.add(en)
		return
	}
	e.cardEntry(en, CardID(s.Integration, a.ID, l.ProductID))
}

// vendorAccount explains one vendor account: its mapping, then each subscription.
func (e *explainer) vendorAccount(ctx context.Context, a acct) error {
	s := a.src
	base := ExplainEntry{Integration: s.Integration, AccountName: a.a.Name}
	var subs []connector.Subscription
	for _, sub := range s.Subscriptions {
		if sub.AccountID == a.a.ID && e.wantsProduct(sub.ProductName) {
			subs = append(subs, sub)
		}
	}
	slices.SortFunc(subs, func(x, y connector.Subscription) int {
		return cmp.Or(cmp.Compare(x.ProductName, y.ProductName), cmp.Compare(x.ID, y.ID))
	})
	active := 0
	for _, sub := range subs {
		if sub.Active {
			active++
		}
	}
	acctEntry := base
	acctEntry.Entity, acctEntry.ID, acctEntry.Name, acctEntry.Verdict = connector.EntityAccounts, a.a.ID, a.a.Name, VerdictHidden
	am, mapped := e.maps[mapKey{s.Integration, KindAccount, a.a.ID}]
	switch {
	case mapped && am.Excluded:
		acctEntry.Rule = RuleVendorAccountExcluded
		acctEntry.Reason = fmt.Sprintf("Vendor account %s is excluded in Mapping: its subscriptions make no cards", a.a.Name)
		acctEntry.Fix = "Clear its exclusion in Mapping and map it to the PSA account, if you bill it"
		acctEntry.Action = &FixAction{Kind: ActionOpenMapping, Integration: s.Integration, MappingKind: KindAccount, VendorID: a.a.ID}
		if active > 0 {
			acctEntry.Details = []string{fmt.Sprintf("It has %s", plural(active, "active subscription"))}
		}
		e.add(acctEntry)
		return nil
	case !mapped:
		acctEntry.Rule = RuleVendorAccountUnmapped
		acctEntry.Reason = fmt.Sprintf("Vendor account %s is not mapped to a PSA account", a.a.Name)
		sug, in, err := e.suggest(ctx, VendorItem{Integration: s.Integration, Kind: KindAccount, ID: a.a.ID, Name: a.a.Name}, "")
		if err != nil {
			return err
		}
		acctEntry.Suggestion, acctEntry.SuggestionIntegration = sug, in
		acctEntry.Fix = "Map it in Mapping (Accounts)" + suggestionWords(sug, e.sourceName(in), "account")
		acctEntry.Action = &FixAction{Kind: ActionOpenMapping, Integration: s.Integration, MappingKind: KindAccount, VendorID: a.a.ID}
		if active == 0 {
			acctEntry.Details = []string{"It has no active subscription, so mapping it makes no card yet"}
		} else {
			acctEntry.Details = []string{fmt.Sprintf("Its %s %s for the mapping", plural(active, "active subscription"), verb(active, "waits", "wait"))}
		}
		e.add(acctEntry)
		return nil
	}
	if len(subs) == 0 {
		if e.product != "" {
			var has []string
			for _, sub := range s.Subscriptions {
				if sub.AccountID == a.a.ID {
					has = appendNew(has, sub.ProductName)
				}
			}
			e.noProduct(base, connector.EntityAccounts, a.a.ID, a.a.Name, s, has)
			return nil
		}
		acctEntry.Rule = RuleNoSubscriptions
		acctEntry.Reason = fmt.Sprintf("Vendor account %s has no subscriptions in %s's cache", a.a.Name, s.Name)
		acctEntry.Fix, acctEntry.Action = "If it has some at "+s.Name+", sync "+s.Name, &FixAction{Kind: ActionSync, Integration: s.Integration}
		e.add(acctEntry)
		return nil
	}
	for _, sub := range subs {
		if err := e.subscription(ctx, base, s, am, sub); err != nil {
			return err
		}
	}
	return nil
}

// subscription explains one subscription of a mapped vendor account.
func (e *explainer) subscription(ctx context.Context, base ExplainEntry, s *ExplainSource, am Mapping, sub connector.Subscription) error {
	en := base
	en.Entity, en.ID, en.Name, en.ProductName, en.Verdict = connector.EntitySubscriptions, sub.ID, sub.ProductName, sub.ProductName, VerdictHidden
	if h := e.subscriptionVerdict(s, sub); h.rule != "" {
		en.Rule, en.Reason = h.rule, h.reason
		en.Fix = subscriptionFix(h.rule, s.Name)
		e.add(en)
		return nil
	}
	pm, ok := e.maps[mapKey{s.Integration, KindProduct, sub.ProductID}]
	action := &FixAction{Kind: ActionOpenMapping, Integration: s.Integration, MappingKind: KindProduct, VendorID: sub.ProductID}
	switch {
	case ok && pm.Excluded:
		en.Rule, en.Action = RuleVendorProductExcluded, action
		en.Reason = fmt.Sprintf("The product %s is excluded in Mapping: its subscriptions make no cards", sub.ProductName)
		en.Fix = "Clear its exclusion in Mapping and map it to the PSA product, if you bill it"
	case !ok:
		en.Rule, en.Action = RuleVendorProductUnmapped, action
		en.Reason = fmt.Sprintf("Vendor product %s is not mapped to a PSA product", sub.ProductName)
		sug, in, err := e.suggest(ctx, e.vendorProduct(s, sub), am.PSAIntegration)
		if err != nil {
			return err
		}
		en.Suggestion, en.SuggestionIntegration = sug, in
		en.Fix = "Map it in Mapping (Products)" + suggestionWords(sug, e.sourceName(in), "product")
	case pm.PSAIntegration != am.PSAIntegration:
		en.Rule, en.Action = RuleTwoPSAs, action
		en.Reason = fmt.Sprintf("The account maps into %s but the product into %s: a card compares within one PSA", e.sourceName(am.PSAIntegration), e.sourceName(pm.PSAIntegration))
		en.Fix = "Map the product to " + e.sourceName(am.PSAIntegration) + "'s catalog product in Mapping"
	default:
		e.cardEntry(en, CardID(am.PSAIntegration, am.PSAID, pm.PSAID))
		return nil
	}
	e.add(en)
	return nil
}

// subscriptionFix is what the user can do about a subscription the vendor rules hide.
func subscriptionFix(rule Rule, vendor string) string {
	switch rule {
	case RuleSubscriptionNotStarted:
		return "Nothing to do: it counts from its start date"
	case RuleSubscriptionTermEnded:
		return fmt.Sprintf("Nothing to do in TrueUp: %s no longer bills this term; if it renewed, sync %s so the renewal is read", vendor, vendor)
	case RuleAddOnParentHidden:
		return fmt.Sprintf("Nothing to do in TrueUp: an add-on counts while its base subscription does; reactivate that at %s if the customer still uses it", vendor)
	}
	return fmt.Sprintf("Nothing to do in TrueUp: %s does not bill it; reactivate it at %s if the customer still uses it", vendor, vendor)
}

// vendorProduct is the mapping item of a subscription's product, with the identifiers
// suggestions match on.
func (e *explainer) vendorProduct(s *ExplainSource, sub connector.Subscription) VendorItem {
	it := VendorItem{Integration: s.Integration, Kind: KindProduct, ID: sub.ProductID, Name: sub.ProductName}
	for _, p := range s.Products {
		if p.ID == sub.ProductID {
			if p.Name != "" {
				it.Name = p.Name
			}
			it.Identifiers = appendNew(it.Identifiers, p.VendorSKU)
			it.Identifiers = appendNew(it.Identifiers, p.Identifier)
		}
	}
	return it
}

// suggest is the best suggestion for a vendor item among the PSA accounts or catalogs
// (only psa's, when given): an exact one first, then the best fuzzy one.
func (e *explainer) suggest(ctx context.Context, it VendorItem, psa string) (*Suggestion, string, error) {
	var best *Suggestion
	var bestIn string
	for i := range e.in.Sources {
		s := &e.in.Sources[i]
		if !s.PSA || (psa != "" && s.Integration != psa) {
			continue
		}
		var cands []Candidate
		if it.Kind == KindAccount {
			for _, a := range s.Accounts {
				cands = append(cands, Candidate{ID: a.ID, Name: a.Name})
			}
		} else {
			for _, p := range s.Products {
				var ids []string
				ids = appendNew(ids, p.VendorSKU)
				ids = appendNew(ids, p.Identifier)
				cands = append(cands, Candidate{ID: p.ID, Name: p.Name, Identifiers: ids})
			}
		}
		got, err := Suggest(ctx, []VendorItem{it}, cands, SuggestOptions{})
		if err != nil {
			return nil, "", err
		}
		sg := got[0]
		cand := sg.Exact
		if cand == nil && len(sg.Alternatives) > 0 {
			cand = &sg.Alternatives[0]
		}
		if cand != nil && (best == nil || (cand.Match == MatchExact && best.Match != MatchExact) || (cand.Match == best.Match && cand.Score > best.Score)) {
			c := *cand
			best, bestIn = &c, s.Integration
		}
	}
	return best, bestIn, nil
}

func suggestionWords(s *Suggestion, psaName, kind string) string {
	if s == nil {
		return ": there is no close name, so choose the PSA " + kind + " from the list"
	}
	if s.Match == MatchExact {
		return fmt.Sprintf(": the exact suggestion is %s %s %q (%s)", psaName, kind, s.PSAName, s.PSAID)
	}
	return fmt.Sprintf(": the closest name is %s %s %q (%s, fuzzy %.2f): check it before you accept it", psaName, kind, s.PSAName, s.PSAID, s.Score)
}

func (e *explainer) sourceName(integration string) string {
	if s, ok := e.sources[integration]; ok && s.Name != "" {
		return s.Name
	}
	return "integration " + integration
}

// cardEntry explains the card a record counts on, once per card: its state and where its
// numbers come from.
func (e *explainer) cardEntry(en ExplainEntry, id string) {
	c, ok := e.cards[id]
	if !ok {
		// The rules said it counts, yet BuildCards made no card: say so rather than guess.
		en.Verdict, en.Rule = VerdictHidden, RuleCard
		en.Reason = "It counts, but no card was built for it (the cards may have changed since): reload"
		e.add(en)
		return
	}
	if e.shown[id] {
		return
	}
	e.shown[id] = true
	en.Verdict, en.Rule, en.Card = VerdictCard, RuleCard, c
	en.ProductName = c.ProductName
	en.Reason = cardWords(c)
	en.Details = e.cardDetails(c)
	if rule, fix, action := e.staleness(c); rule != "" {
		en.Rule, en.Fix, en.Action = rule, fix, action
	}
	e.add(en)
}

// cardWords says what the card asks of the user.
func cardWords(c *Card) string {
	var s string
	switch c.State {
	case StateReconcile:
		s = fmt.Sprintf("Reconcile: the vendor counts %s, the PSA bills %s (%s)", c.VendorQuantity, c.PSAQuantity, signedQty(c.Difference))
	case StateNewRevenue:
		s = fmt.Sprintf("New Revenue: the vendor counts %s and the PSA bills no line for it", c.VendorQuantity)
	case StateNoChange:
		s = fmt.Sprintf("No Change: both count %s", c.PSAQuantity)
	case StateNoVendorData:
		s = fmt.Sprintf("No vendor data: the PSA bills %s and no active mapped subscription counts it", c.PSAQuantity)
	}
	s = fmt.Sprintf("Makes the card %s / %s, %s", c.AccountName, c.ProductName, s)
	if c.Decision != DecisionOpen && c.Decision != "" {
		s += fmt.Sprintf(" (%s this cycle: listed with --all / Show decided)", c.Decision)
	}
	return s
}

func signedQty(q Qty) string {
	if q > 0 {
		return "+" + q.String()
	}
	return q.String()
}

// cardDetails say why the card's numbers are what they are.
func (e *explainer) cardDetails(c *Card) []string {
	var out []string
	billable := 0
	for i := range c.PSALines {
		l := &c.PSALines[i]
		d := fmt.Sprintf("PSA line %s on %s: %s", l.LineID, l.AgreementName, l.Quantity)
		switch {
		case !l.Billable():
			d += fmt.Sprintf(" (%s: listed, not counted)", l.BillCustomer)
		default:
			billable++
			if l.LessIncluded > 0 {
				d += fmt.Sprintf(" (%s of them included in the agreement at no charge: counted as seats, not billed)", l.LessIncluded)
			}
		}
		if l == c.Target && len(c.PSALines) > 1 {
			d += " (a push changes this line)"
		}
		out = append(out, d)
	}
	if billable > 1 {
		out = append(out, fmt.Sprintf("The PSA quantity %s is the sum of %d billable lines", c.PSAQuantity, billable))
	}
	out = append(out, e.psaAccountState(c)...)
	out = append(out, e.uncounted(c)...)
	for _, s := range c.VendorSources {
		out = append(out, fmt.Sprintf("%s subscription %s of %s: %s", e.sourceName(s.Integration), s.SubscriptionID, s.AccountName, s.Quantity))
	}
	if severalAccounts(c.VendorSources) {
		out = append(out, fmt.Sprintf("The vendor quantity %s adds up the vendor accounts mapped to this PSA account", c.VendorQuantity))
	}
	if c.Note != "" {
		out = append(out, "Account note: "+c.Note)
	}
	return out
}

// psaAccountState says when the card's PSA account itself is hidden or gone from the cache:
// the vendor's seats still make the card (the mapping points there), but no line of it
// counts, so the card reads New Revenue until the account is fixed or remapped.
func (e *explainer) psaAccountState(c *Card) []string {
	s, ok := e.sources[c.PSAIntegration]
	if !ok {
		return nil
	}
	for _, a := range s.Accounts {
		if a.ID == c.PSAAccountID {
			if h := accountRule(a, true); h.rule != "" {
				return []string{fmt.Sprintf("The PSA account %s is hidden, so none of its lines count: %s", a.Name, h.reason)}
			}
			return nil
		}
	}
	return []string{fmt.Sprintf("The PSA account %s is not in %s's cache (deleted there?): map the vendor account to the right one, or run a Full Sync of %s",
		c.PSAAccountID, s.Name, s.Name)}
}

// uncounted are the PSA lines of the card's account and product that the visibility
// rules leave out, with why: a New Revenue card whose line sits on a future agreement is
// the commonest surprise.
func (e *explainer) uncounted(c *Card) []string {
	s, ok := e.sources[c.PSAIntegration]
	if !ok {
		return nil
	}
	counted := map[string]bool{}
	for _, l := range c.PSALines {
		counted[l.LineID] = true
	}
	var lines []connector.ServiceLine
	for _, l := range s.Lines {
		if l.ProductID == c.PSAProductID && !counted[l.ID] {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return nil
	}
	var out []string
	for _, v := range PSALines(s.Accounts, s.Agreements, lines, e.today) {
		if v.AccountID == c.PSAAccountID && !v.Visible {
			out = append(out, fmt.Sprintf("PSA line %s on %s does not count: %s", v.ID, v.AgreementName, v.HiddenReason))
		}
	}
	return out
}

// staleness is when TrueUp can know the card may rest on an out-of-date PSA cache: a New
// Revenue card whose subscriptions changed at the vendor after the PSA's last Full Sync
// (the MSP may have added the line since), or a No vendor data card whose PSA was not fully
// synced since the vendor stopped counting (the line may be gone at the source, which a
// QuickSync cannot see).
func (e *explainer) staleness(c *Card) (Rule, string, *FixAction) {
	s, ok := e.sources[c.PSAIntegration]
	if !ok {
		return "", "", nil
	}
	full := "has never been fully synced"
	if !s.LastFullSync.IsZero() {
		full = "was last fully synced on " + DateOf(s.LastFullSync).String()
	}
	action := &FixAction{Kind: ActionSync, Integration: s.Integration, Full: true}
	switch c.State {
	case StateNewRevenue:
		var changed time.Time
		for _, src := range e.vendorSubs(c) {
			if src.UpdatedAt.After(changed) {
				changed = src.UpdatedAt
			}
		}
		if !changed.IsZero() && (s.LastFullSync.IsZero() || s.LastFullSync.Before(changed)) {
			return RuleSyncStale, fmt.Sprintf("Last PSA sync was before this change at the source: %s %s, and the subscription changed on %s. If you added the line in %s since, run a Full Sync of %s",
				s.Name, full, DateOf(changed), s.Name, s.Name), action
		}
	case StateNoVendorData:
		if !s.LastFullSync.IsZero() && !s.LastSync.After(s.LastFullSync) {
			return "", "", nil // the cache is a Full Sync's: nothing deleted before it is left
		}
		return RuleSyncStale, fmt.Sprintf("If you removed the line in %s, run a Full Sync of %s: a QuickSync cannot see deletions, and %s %s",
			s.Name, s.Name, s.Name, full), action
	}
	return "", "", nil
}

// vendorSubs are the raw subscriptions behind a card's sources, for their source stamps.
func (e *explainer) vendorSubs(c *Card) []connector.Subscription {
	var out []connector.Subscription
	for _, src := range c.VendorSources {
		s, ok := e.sources[src.Integration]
		if !ok {
			continue
		}
		for _, sub := range s.Subscriptions {
			if sub.ID == src.SubscriptionID {
				out = append(out, sub)
			}
		}
	}
	return out
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// verb agrees with a count: "1 line makes", "2 lines make".
func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
