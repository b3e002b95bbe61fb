package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// AutoTrueUp is the opt-in automatic true-up of a vendor integration (the seed's CSP Portal
// nightly sync): after a vendor sync, each mapped card is pushed as the billing style says,
// through the same approval, outbox, guards and ledger as a person's approval, marked
// automatic. The first run is a dry run: its plan is stored, and nothing is pushed until the
// user approves it; approving pushes exactly that plan and enables real runs.
type AutoTrueUp struct{ w *Workspace }

// AutoTrueUp returns the automatic true-up service.
func (w *Workspace) AutoTrueUp() *AutoTrueUp { return &AutoTrueUp{w: w} }

// AutoTrueUpUser is the actor the ledger names for automatic decisions.
const AutoTrueUpUser = "automatic true-up"

// The settings of one vendor integration's automatic true-up, keyed
// "auto_trueup:<integration id>:<field>" in the settings table: key/values are enough (no
// migration), and removing the integration leaves rows nothing reads.
const (
	autoEnabled  = "enabled"
	autoStyle    = "billing_style"
	autoProrate  = "prorate"
	autoApproved = "dry_run_approved"
	autoPlan     = "plan"
	autoLast     = "last_run"
	// autoAgreement prefixes "<psa integration id>:<psa account id>": the agreement chosen
	// for the account's created lines.
	autoAgreement = "agreement:"
)

func autoKey(id int64, field string) string {
	return "auto_trueup:" + strconv.FormatInt(id, 10) + ":" + field
}

// Settings returns the automatic true-up settings of a vendor integration.
func (a *AutoTrueUp) Settings(ctx context.Context, integrationID int64) (AutoTrueUpSettings, error) {
	in, err := a.vendor(ctx, integrationID)
	if err != nil {
		return AutoTrueUpSettings{}, err
	}
	kv, err := a.w.store.Settings(ctx)
	if err != nil {
		return AutoTrueUpSettings{}, err
	}
	s := AutoTrueUpSettings{IntegrationID: in.ID, Integration: in.Name, Enabled: kv[autoKey(in.ID, autoEnabled)] == "true",
		BillingStyle: orDefault(kv[autoKey(in.ID, autoStyle)], reconcile.StyleAdvance), Prorate: kv[autoKey(in.ID, autoProrate)] == "true",
		DryRunApproved: kv[autoKey(in.ID, autoApproved)] == "true"}
	if s.BillingStyle == reconcile.StyleArrears && s.Prorate {
		s.Refusal = reconcile.ArrearsProrateRefusal
	}
	s.Agreements = []AutoTrueUpAgreement{}
	prefix := autoKey(in.ID, autoAgreement)
	for k, v := range kv {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		psa, account, _ := strings.Cut(rest, ":")
		id, _ := strconv.ParseInt(psa, 10, 64)
		s.Agreements = append(s.Agreements, AutoTrueUpAgreement{PSAIntegrationID: id, AccountID: account, AgreementID: v})
	}
	slices.SortFunc(s.Agreements, func(a, b AutoTrueUpAgreement) int {
		return strings.Compare(fmt.Sprint(a.PSAIntegrationID, ":", a.AccountID), fmt.Sprint(b.PSAIntegrationID, ":", b.AccountID))
	})
	for field, dst := range map[string]**AutoTrueUpRun{autoPlan: &s.Plan, autoLast: &s.LastRun} {
		if v := kv[autoKey(in.ID, field)]; v != "" {
			var r AutoTrueUpRun
			if err := json.Unmarshal([]byte(v), &r); err != nil {
				return AutoTrueUpSettings{}, fmt.Errorf("the stored automatic true-up %s of %s is unreadable: disable and enable it again: %w", field, in.Name, err)
			}
			*dst = &r
		}
	}
	return s, nil
}

// List returns the automatic true-up settings of every vendor integration, in id order.
func (a *AutoTrueUp) List(ctx context.Context) ([]AutoTrueUpSettings, error) {
	ids, err := a.w.vendorIntegrations(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]AutoTrueUpSettings, 0, len(ids))
	for _, id := range ids {
		s, err := a.Settings(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Enable turns the automatic true-up on with a billing style. The next run is a dry run
// whose plan must be approved before anything is pushed, also when it was on before: a new
// style dates changes differently. Arrears with proration is refused here, before it runs.
func (a *AutoTrueUp) Enable(ctx context.Context, req AutoTrueUpEnable) (AutoTrueUpSettings, error) {
	in, err := a.vendor(ctx, req.IntegrationID)
	if err != nil {
		return AutoTrueUpSettings{}, err
	}
	style, err := reconcile.ParseBillingStyle(req.BillingStyle, req.Prorate)
	if err != nil {
		return AutoTrueUpSettings{}, inputErr("billing_style", err.Error())
	}
	if style.Arrears && style.Prorate {
		return AutoTrueUpSettings{}, inputErr("prorate", fmt.Sprintf("%s: %s", in.Name, reconcile.ArrearsProrateRefusal))
	}
	kv := map[string]string{autoKey(in.ID, autoEnabled): "true", autoKey(in.ID, autoStyle): style.String(),
		autoKey(in.ID, autoProrate): strconv.FormatBool(style.Prorate), autoKey(in.ID, autoApproved): "", autoKey(in.ID, autoPlan): ""}
	if err := a.w.store.SetSettings(ctx, kv); err != nil {
		return AutoTrueUpSettings{}, err
	}
	return a.Settings(ctx, in.ID)
}

// SetAgreement chooses the agreement the true-up adds the missing products of a customer
// (a PSA or vendor account name the integration feeds) to; "" clears the choice. Without
// one, a customer with one current agreement gets its lines there, and one with several
// keeps its New Revenue cards for a person.
func (a *AutoTrueUp) SetAgreement(ctx context.Context, integrationID int64, account, agreementID string) (AutoTrueUpSettings, error) {
	in, err := a.vendor(ctx, integrationID)
	if err != nil {
		return AutoTrueUpSettings{}, err
	}
	snap, err := a.w.snapshot(ctx)
	if err != nil {
		return AutoTrueUpSettings{}, err
	}
	vendor := integrationKey(in.ID)
	var card *reconcile.Card
	for i := range snap.Result.Cards {
		c := &snap.Result.Cards[i]
		if feeds(c, vendor) && strings.TrimSpace(account) != "" && accountMatches(c, strings.TrimSpace(account)) {
			card = c
			break
		}
	}
	if card == nil {
		return AutoTrueUpSettings{}, inputErr("account", fmt.Sprintf("%s feeds no card of an account named %q: `trueup cards --vendor %q --all` lists its accounts", in.Name, account, in.Name))
	}
	id := strings.TrimSpace(agreementID)
	if id != "" {
		opts := snap.agreementOptions(card)
		if !slices.ContainsFunc(opts, func(o AgreementOption) bool { return o.ID == id }) {
			return AutoTrueUpSettings{}, inputErr("agreement_id", fmt.Sprintf("agreement %q is not a current agreement of %s: choose one of %s", id, card.AccountName, agreementList(opts)))
		}
	}
	key := autoKey(in.ID, autoAgreement) + card.PSAIntegration + ":" + card.PSAAccountID
	if err := a.w.store.SetSettings(ctx, map[string]string{key: id}); err != nil {
		return AutoTrueUpSettings{}, err
	}
	return a.Settings(ctx, in.ID)
}

// Disable turns the automatic true-up off; the last run stays for the record. Turning it on
// again starts with a dry run.
func (a *AutoTrueUp) Disable(ctx context.Context, integrationID int64) (AutoTrueUpSettings, error) {
	in, err := a.vendor(ctx, integrationID)
	if err != nil {
		return AutoTrueUpSettings{}, err
	}
	if err := a.w.store.SetSettings(ctx, map[string]string{autoKey(in.ID, autoEnabled): "", autoKey(in.ID, autoApproved): "",
		autoKey(in.ID, autoPlan): ""}); err != nil {
		return AutoTrueUpSettings{}, err
	}
	return a.Settings(ctx, in.ID)
}

// DryRun plans the true-up of the integration (account: one PSA or vendor account by name,
// "" for all) and stores the plan for approval; it changes nothing in the PSA.
func (a *AutoTrueUp) DryRun(ctx context.Context, integrationID int64, account string) (AutoTrueUpRun, error) {
	s, err := a.enabled(ctx, integrationID)
	if err != nil {
		return AutoTrueUpRun{}, err
	}
	return a.run(ctx, s, account, true)
}

// RunNow runs the true-up now ("Start Manual Sync Process"): a dry run until a dry run's
// plan is approved, then a real one.
func (a *AutoTrueUp) RunNow(ctx context.Context, integrationID int64, account string) (AutoTrueUpRun, error) {
	s, err := a.enabled(ctx, integrationID)
	if err != nil {
		return AutoTrueUpRun{}, err
	}
	return a.run(ctx, s, account, !s.DryRunApproved)
}

// ApprovePlan approves the stored dry run: it plans again, and when the plan is still
// exactly the stored one it pushes it (same account scope) and enables real runs. When the
// data moved since, the new plan is stored instead and nothing is pushed: the user approves
// what will be sent, never an older picture of it.
func (a *AutoTrueUp) ApprovePlan(ctx context.Context, integrationID int64) (AutoTrueUpRun, error) {
	s, err := a.enabled(ctx, integrationID)
	if err != nil {
		return AutoTrueUpRun{}, err
	}
	if s.Plan == nil {
		return AutoTrueUpRun{}, inputErr("integration_id", fmt.Sprintf("%s has no dry run to approve: run one first (`trueup auto-trueup --integration %q --dry-run`)", s.Integration, s.Integration))
	}
	fresh, err := a.run(ctx, s, s.Plan.Account, true)
	if err != nil {
		return AutoTrueUpRun{}, err
	}
	if !samePlan(*s.Plan, fresh) {
		return fresh, inputErr("integration_id", fmt.Sprintf("the data of %s changed since the dry run of %s: nothing was pushed; review the new dry run and approve it", s.Integration, s.Plan.At))
	}
	if err := a.w.store.SetSettings(ctx, map[string]string{autoKey(s.IntegrationID, autoApproved): "true"}); err != nil {
		return AutoTrueUpRun{}, err
	}
	s.DryRunApproved = true
	return a.run(ctx, s, s.Plan.Account, false)
}

// samePlan says whether two dry runs would send the same writes to the same cards.
func samePlan(a, b AutoTrueUpRun) bool {
	key := func(r AutoTrueUpRun) []string {
		var out []string
		for _, it := range r.Items {
			for _, w := range it.Writes {
				out = append(out, it.CardID+" "+it.Action+" "+w.Method+" "+w.Path+" "+w.Body)
			}
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}

func (a *AutoTrueUp) vendor(ctx context.Context, id int64) (store.Integration, error) {
	in, err := a.w.store.Integration(ctx, id)
	if err != nil {
		return store.Integration{}, err
	}
	if f, err := a.w.opts.Registry.Lookup(connector.Kind(in.Kind)); err != nil || f.Role != connector.RoleVendor {
		return store.Integration{}, inputErr("integration_id", fmt.Sprintf("%s is not a vendor integration: the automatic true-up follows a vendor's counts, so turn it on for a vendor (Pax8, Microsoft, a file import)", in.Name))
	}
	return in, nil
}

func (a *AutoTrueUp) enabled(ctx context.Context, id int64) (AutoTrueUpSettings, error) {
	s, err := a.Settings(ctx, id)
	if err != nil {
		return AutoTrueUpSettings{}, err
	}
	if !s.Enabled {
		return AutoTrueUpSettings{}, inputErr("integration_id", fmt.Sprintf("the automatic true-up of %s is off: enable it first (`trueup auto-trueup --integration %q --enable`)", s.Integration, s.Integration))
	}
	return s, nil
}

// run decides every card the integration feeds (of one account when account is set) and,
// unless dry, records and sends the changes through the approval path as one batch.
func (a *AutoTrueUp) run(ctx context.Context, s AutoTrueUpSettings, account string, dry bool) (AutoTrueUpRun, error) {
	snap, err := a.w.snapshot(ctx)
	if err != nil {
		return AutoTrueUpRun{}, err
	}
	account = strings.TrimSpace(account)
	run := AutoTrueUpRun{IntegrationID: s.IntegrationID, Integration: s.Integration, At: fmtTime(a.w.opts.Now()), Cycle: snap.Cycle.String(),
		DryRun: dry, Account: account, Items: []AutoTrueUpItem{}}
	style, err := reconcile.ParseBillingStyle(s.BillingStyle, s.Prorate)
	if err != nil {
		return AutoTrueUpRun{}, inputErr("billing_style", err.Error())
	}
	vendor := integrationKey(s.IntegrationID)
	var approvals []approval
	var items []int // approvals[i] is run.Items[items[i]]
	matched, unmappedSubs := 0, 0
	for _, u := range snap.Result.Unmapped {
		if u.VendorIntegration == vendor {
			unmappedSubs += u.Subscriptions
		}
	}
	found := account == ""
	chosen := map[string]string{}
	for _, c := range s.Agreements {
		chosen[integrationKey(c.PSAIntegrationID)+":"+c.AccountID] = c.AgreementID
	}
	for i := range snap.Result.Cards {
		card := &snap.Result.Cards[i]
		if !feeds(card, vendor) || !accountMatches(card, account) {
			continue
		}
		found = true
		d := reconcile.DecideAuto(reconcile.AutoInput{Card: *card, Style: style, SyncDay: snap.Today, Prorates: snap.autoProrates(card, chosen[card.PSAIntegration+":"+card.PSAAccountID])})
		if d.Action == reconcile.AutoNothing {
			matched++
			continue
		}
		it := AutoTrueUpItem{CardID: card.ID, AccountName: card.AccountName, ProductName: card.ProductName, Action: string(d.Action),
			PSAQuantity: card.PSAQuantity.String(), VendorQuantity: card.VendorQuantity.String(), Reason: d.Reason,
			Writes: []PlannedWrite{}, Pushes: []PushEntry{}}
		if d.Action.Pushes() {
			ap, err := snap.autoApproval(card, d, chosen[card.PSAIntegration+":"+card.PSAAccountID], s.Integration)
			if err != nil {
				it.Action, it.Reason = string(reconcile.AutoWaiting), err.Error()
				var choice *agreementChoiceError
				if errors.As(err, &choice) {
					it.AgreementOptions = choice.options
				}
			} else {
				it.Quantity, it.Writes = ap.quantity().String(), plannedWrites(ap.plan)
				it.EffectiveDate, it.Prorated = ap.plan.Effective.Date.String(), ap.plan.Effective.Prorated
				if ap.plan.Effective.Explanation != "" {
					it.Reason += "; " + ap.plan.Effective.Explanation
				}
				approvals = append(approvals, ap)
				items = append(items, len(run.Items))
			}
		}
		run.Items = append(run.Items, it)
	}
	if !found {
		return AutoTrueUpRun{}, inputErr("account", fmt.Sprintf("%s feeds no card of an account named %q: `trueup cards --vendor %q --all` lists its accounts", s.Integration, account, s.Integration))
	}
	if style.Arrears && style.Prorate {
		// Stored before this rule existed or edited by hand: refuse, push nothing.
		run.Refused, approvals = true, nil
		for i := range run.Items {
			run.Items[i].Action, run.Items[i].Reason, run.Items[i].Writes = string(reconcile.AutoRefused), reconcile.ArrearsProrateRefusal, []PlannedWrite{}
		}
		run.Note = reconcile.ArrearsProrateRefusal
	}
	if !dry && len(approvals) > 0 {
		if err := a.push(ctx, snap, approvals, items, &run); err != nil {
			return run, err
		}
	}
	for _, it := range run.Items {
		switch {
		case reconcile.AutoAction(it.Action).Pushes() && !dry:
			run.Pushed++
		case reconcile.AutoAction(it.Action) == reconcile.AutoWaiting, reconcile.AutoAction(it.Action).Pushes():
			run.Waiting++
		}
	}
	if run.Note == "" {
		run.Note = runNote(run, matched, unmappedSubs)
	}
	return run, a.store(ctx, run)
}

// push records each approval as an automatic decision with its outbox entries and sends them
// together; an approval the store refuses (approved elsewhere at the same moment) waits.
func (a *AutoTrueUp) push(ctx context.Context, snap *snapshot, approvals []approval, items []int, run *AutoTrueUpRun) error {
	cards := a.w.Cards()
	var sent []approval
	var results []ApproveResult
	var queued [][]store.OutboxEntry
	for i, ap := range approvals {
		res, q, err := cards.record(ctx, snap, ap, "automatic true-up after the sync of "+run.Integration, AutoTrueUpUser)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				return err
			}
			it := &run.Items[items[i]]
			it.Action, it.Reason = string(reconcile.AutoWaiting), ie.Msg
			continue
		}
		sent, results, queued = append(sent, ap), append(results, res), append(queued, q)
		items[len(sent)-1] = items[i]
	}
	out, err := cards.send(ctx, sent, results, queued)
	for i, res := range out {
		run.Items[items[i]].Pushes = res.Pushes
	}
	if err != nil {
		// The decisions are stored and their entries wait in the outbox: the run did its part.
		run.Note = fmt.Sprintf("the changes wait in the outbox: %v", err)
	}
	return nil
}

func runNote(run AutoTrueUpRun, matched, unmapped int) string {
	var parts []string
	switch {
	case run.DryRun:
		parts = append(parts, fmt.Sprintf("dry run: %s would be pushed; approve the plan to push them and enable automatic runs", nounCount(run.Waiting-countAction(run, reconcile.AutoWaiting), "change")))
	default:
		parts = append(parts, nounCount(run.Pushed, "change")+" pushed")
	}
	switch n := countAction(run, reconcile.AutoWaiting); {
	case n == 1:
		parts = append(parts, "1 waits as a card")
	case n > 1:
		parts = append(parts, fmt.Sprintf("%d wait as cards", n))
	}
	parts = append(parts, fmt.Sprintf("%s match", nounCount(matched, "card")))
	if unmapped > 0 {
		parts = append(parts, fmt.Sprintf("%s of unmapped accounts or products skipped: map them to include them", nounCount(unmapped, "subscription")))
	}
	return strings.Join(parts, ", ")
}

func countAction(run AutoTrueUpRun, a reconcile.AutoAction) int {
	n := 0
	for _, it := range run.Items {
		if it.Action == string(a) {
			n++
		}
	}
	return n
}

// store keeps a dry run as the plan to approve, a real run as the last run.
func (a *AutoTrueUp) store(ctx context.Context, run AutoTrueUpRun) error {
	b, err := json.Marshal(run)
	if err != nil {
		return fmt.Errorf("encode the automatic true-up run of %s: %w", run.Integration, err)
	}
	field := autoLast
	if run.DryRun {
		field = autoPlan
	}
	return a.w.store.SetSettings(ctx, map[string]string{autoKey(run.IntegrationID, field): string(b)})
}

// feeds says whether the vendor integration counts seats of the card.
func feeds(card *reconcile.Card, vendor string) bool {
	for _, s := range card.VendorSources {
		if s.Integration == vendor {
			return true
		}
	}
	return false
}

// accountMatches: the card's PSA account or one of its vendor accounts is named account.
func accountMatches(card *reconcile.Card, account string) bool {
	if account == "" || strings.EqualFold(card.AccountName, account) {
		return true
	}
	for _, s := range card.VendorSources {
		if strings.EqualFold(s.AccountName, account) {
			return true
		}
	}
	return false
}

// autoProrates says whether the agreement a change of card lands on bills by date:
// Autotask adjustments always do; ConnectWise and HaloPSA follow the agreement's flag (for a
// created line, of the agreement chosen for the account, or its only one).
func (snap *snapshot) autoProrates(card *reconcile.Card, chosen string) bool {
	if connector.Kind(snap.Integrations[parseIntegrationKey(card.PSAIntegration)].Kind) == connector.KindAutotask {
		return true
	}
	if card.Target != nil {
		return snap.Agreements[agreementKey(card.PSAIntegration, card.Target.AgreementID)].Prorates
	}
	if chosen != "" {
		return snap.Agreements[agreementKey(card.PSAIntegration, chosen)].Prorates
	}
	if opts := snap.agreementOptions(card); len(opts) == 1 {
		return opts[0].Prorates
	}
	return false
}

// agreementChoiceError is a created line that waits for the agreement it goes on: the
// customer has several current ones (or the chosen one ended); options are those to choose
// from (SetAgreement), which the panel offers beside the card.
type agreementChoiceError struct {
	options []AgreementOption
	msg     string
}

func (e *agreementChoiceError) Error() string { return e.msg }

// autoApproval is the approval a person would make of d: the same checks and plan, dated as
// the billing style says, for a created line on the agreement chosen for the account
// (chosen: "" for none), or on its only current one.
func (snap *snapshot) autoApproval(card *reconcile.Card, d reconcile.AutoDecision, chosen, vendorName string) (approval, error) {
	req := ApproveRequest{CardID: card.ID, Quantity: d.Quantity.String()}
	// HaloPSA has no effective date on a line: a change bills from the header's next invoice.
	if connector.Kind(snap.Integrations[parseIntegrationKey(card.PSAIntegration)].Kind) != connector.KindHaloPSA {
		req.Effective = d.Effective.String()
	}
	if d.Action == reconcile.AutoCreate {
		opts := snap.agreementOptions(card)
		switch {
		case chosen != "" && slices.ContainsFunc(opts, func(o AgreementOption) bool { return o.ID == chosen }):
			req.AgreementID = chosen
		case chosen != "":
			return approval{}, &agreementChoiceError{options: opts, msg: fmt.Sprintf("the agreement %s chosen for %s's new lines is no longer current: choose another (`trueup auto-trueup --integration %q --account %q --agreement ID`: %s)",
				chosen, card.AccountName, vendorName, card.AccountName, agreementList(opts))}
		case len(opts) == 0:
			return approval{}, noAgreementErr(card, snap.Integrations[parseIntegrationKey(card.PSAIntegration)].Name)
		case len(opts) == 1:
			req.AgreementID = opts[0].ID
		default:
			return approval{}, &agreementChoiceError{options: opts, msg: fmt.Sprintf("%s has %d current agreements: choose the one for new lines (`trueup auto-trueup --integration %q --account %q --agreement ID`: %s), or approve the card by hand",
				card.AccountName, len(opts), vendorName, card.AccountName, agreementList(opts))}
		}
	}
	ap, err := snap.approval(card, req)
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			return approval{}, errors.New(ie.Msg)
		}
		return approval{}, err
	}
	ap.automatic = true
	return ap, nil
}
