package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// Settings keys of migration 006.
const (
	settingLargeUnits      = "large_change_units"
	settingLargePercent    = "large_change_percent"
	settingLargeNewRevenue = "large_new_revenue_units"
	settingBillingPrefix   = "billing_policy:"
	settingBulkWarningSeen = "bulk_warning_seen"
)

// integrationKey is an integration id as reconcile's inputs carry it: the decimal id, so card
// ids (reconcile.CardID) survive renames.
func integrationKey(id int64) string { return strconv.FormatInt(id, 10) }

// parseIntegrationKey reads integrationKey back (0 when s is not one).
func parseIntegrationKey(s string) int64 {
	id, _ := strconv.ParseInt(s, 10, 64)
	return id
}

// agreementKey keys snapshot.Agreements: reconcile's integration string and the agreement id.
func agreementKey(integration, agreementID string) string { return integration + "\x00" + agreementID }

// snapshot reads the cache and builds the current cycle's cards. Each integration's cache is
// read in one read transaction of its active generation (store.CacheSnapshot), so a sync
// swapping a new generation in never mixes two caches of one integration; the rest
// (mappings, notes, decisions, detections, settings) are small rows read after it. An
// integration's adapted cache is kept while nothing changed it (cacheParts), because
// reading and decoding a large cache is what a snapshot spends most of its time on. New
// detections are stored at once, so the day a change was first seen never moves.
func (w *Workspace) snapshot(ctx context.Context) (*snapshot, error) {
	today := reconcile.Today(w.opts.Now(), w.opts.Location)
	snap := &snapshot{
		Cycle: reconcile.CycleOf(today), Today: today,
		Integrations:      map[int64]store.Integration{},
		Roles:             map[int64]connector.Role{},
		Agreements:        map[string]reconcile.Agreement{},
		AccountAgreements: map[string][]string{},
	}
	snap.Inputs.Cycle, snap.Inputs.Today = snap.Cycle, today
	snap.Inputs.Now, snap.Inputs.Location = w.opts.Now(), w.opts.Location
	list, err := w.store.Integrations(ctx)
	if err != nil {
		return nil, err
	}
	if snap.Runs, err = w.store.LatestRuns(ctx); err != nil {
		return nil, err
	}
	var reqs []partRequest
	for _, in := range list {
		f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind))
		if err != nil {
			continue // a kind this build does not know: it feeds no card
		}
		snap.Integrations[in.ID] = in
		snap.Roles[in.ID] = f.Role
		run := snap.Runs[in.ID]
		r := partRequest{key: partKey{integration: in.ID, role: f.Role, generation: in.ActiveGeneration, fetched: in.LastFetchedAt,
			run: run.ID, runStatus: run.Status}}
		if f.Role == connector.RolePSA {
			if r.entries, err = w.store.Outbox(ctx, in.ID); err != nil {
				return nil, err
			}
			snap.Outbox = append(snap.Outbox, r.entries...)
			r.pushed = pushedEntries(r.entries)
		}
		// Both sides are judged on today: agreements and lines by their dates, and vendor
		// commitment terms by theirs.
		r.key.today = today.String()
		reqs = append(reqs, r)
	}
	parts, err := w.parts.get(ctx, reqs, func(ctx context.Context, r partRequest, old *integrationPart) (*integrationPart, error) {
		in := snap.Integrations[r.key.integration]
		if old != nil {
			if p, ok, err := w.patchPart(ctx, in, r, old); ok || err != nil {
				return p, err
			}
		}
		return w.loadPart(ctx, in, r)
	})
	if err != nil {
		return nil, err
	}
	for _, p := range parts {
		snap.add(p)
	}
	snap.dropProratedLines()
	if err := w.snapshotState(ctx, snap); err != nil {
		return nil, err
	}
	snap.Result = reconcile.BuildCards(snap.Inputs)
	if err := w.saveDetections(ctx, snap); err != nil {
		return nil, err
	}
	return snap, nil
}

// dropProratedLines leaves out the additions TrueUp created for the rest of a period when
// it approved a prorated increase (reconcile.WriteProratedLine): the patched line already
// bills the new quantity from the next invoice, and the prorated one ends with the period,
// so counting both would show the card as over-billed by the increase until the period ends,
// reopen the approval (changed_since_approved) and invite a decrease that undoes it.
func (snap *snapshot) dropProratedLines() {
	prorated := map[string]bool{}
	for _, e := range snap.Outbox {
		if e.State != store.OutboxPushed || e.Answer == nil || e.Answer.RecordID == "" {
			continue
		}
		var w reconcile.Write
		if json.Unmarshal(e.Write, &w) == nil && w.Kind == reconcile.WriteProratedLine {
			prorated[agreementKey(integrationKey(e.IntegrationID), e.Answer.RecordID)] = true
		}
	}
	if len(prorated) == 0 {
		return
	}
	snap.Inputs.Lines = slices.DeleteFunc(snap.Inputs.Lines, func(l reconcile.PSALine) bool {
		return prorated[agreementKey(l.Integration, l.LineID)]
	})
}

// pushedEntries are the entries whose push wrote the PSA's answer into the cache
// (store.RecordPushed), by id, with the time of their last move.
func pushedEntries(entries []store.OutboxEntry) map[int64]time.Time {
	out := map[int64]time.Time{}
	for _, e := range entries {
		if e.State == store.OutboxPushed || e.State == store.OutboxReverted {
			out[e.ID] = e.UpdatedAt
		}
	}
	return out
}

// add puts one integration's adapted cache into the snapshot. Parts are shared between
// snapshots, so they are copied, never appended to.
func (snap *snapshot) add(p *integrationPart) {
	snap.Inputs.Lines = append(snap.Inputs.Lines, p.lines...)
	snap.Inputs.Subscriptions = append(snap.Inputs.Subscriptions, p.subscriptions...)
	snap.Inputs.Accounts = append(snap.Inputs.Accounts, p.accounts...)
	snap.Inputs.Catalog = append(snap.Inputs.Catalog, p.catalog...)
	for k, a := range p.agreements {
		snap.Agreements[k] = a
	}
	for k, ids := range p.accountAgreements {
		snap.AccountAgreements[k] = ids
	}
}

// loadPart reads and adapts one integration's cache.
func (w *Workspace) loadPart(ctx context.Context, in store.Integration, r partRequest) (*integrationPart, error) {
	w.parts.counted(false)
	// Card building sorts the cards itself: the unordered read is several times faster.
	cache, err := w.store.CacheSnapshotByID(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("read the cache of %s: %w", in.Name, err)
	}
	return newPart(in, r, cache), nil
}

func newPart(in store.Integration, r partRequest, cache store.Snapshot) *integrationPart {
	p := &integrationPart{agreements: map[string]reconcile.Agreement{}, accountAgreements: map[string][]string{}}
	switch r.key.role {
	case connector.RolePSA:
		p.cache, p.applied = cache, r.pushed
		p.addPSA(in, cache, r.key.today)
	case connector.RoleVendor:
		p.addVendor(in, cache, r.key.today)
	}
	return p
}

// addPSA adapts one PSA integration's cache: its accounts, catalog, agreements, and the
// service lines the visibility rules let through, with their billing facts.
func (p *integrationPart) addPSA(in store.Integration, cache store.Snapshot, today string) {
	key := integrationKey(in.ID)
	fetched := in.LastFetchedAt.UTC()
	accounts := make(map[string]connector.Account, len(cache.Accounts))
	p.accounts = make([]reconcile.PSAAccount, 0, len(cache.Accounts))
	for _, a := range cache.Accounts {
		accounts[a.ID] = a
		p.accounts = append(p.accounts, reconcile.PSAAccount{Integration: key, ID: a.ID, Name: a.Name})
	}
	p.catalog = make([]reconcile.CatalogItem, 0, len(cache.Products))
	for _, c := range cache.Products {
		p.catalog = append(p.catalog, reconcile.CatalogItem{Integration: key, ID: c.ID, Name: c.Name, Cost: c.Cost, Price: c.Price})
	}
	for _, a := range cache.Agreements {
		ra := reconcile.Agreement{Integration: key, ID: a.ID, Name: a.Name, AccountID: a.AccountID, Prorates: a.Prorate}
		// Dates the source wrote badly stay unknown rather than refusing the whole build.
		ra.Start, _ = reconcile.ParseDate(a.StartDate)
		ra.End, _ = reconcile.ParseDate(a.EndDate)
		ra.NextInvoice, _ = reconcile.ParseDate(a.NextInvoiceDate)
		p.agreements[agreementKey(key, a.ID)] = ra
		acc, ok := accounts[a.AccountID]
		if reconcile.AgreementHiddenReason(a, today) == "" && ok && reconcile.AccountHiddenReason(acc) == "" {
			k := agreementKey(key, a.AccountID)
			p.accountAgreements[k] = append(p.accountAgreements[k], a.ID)
		}
	}
	verdicts := reconcile.PSALines(cache.Accounts, cache.Agreements, cache.ServiceLines, today)
	p.lines = make([]reconcile.PSALine, 0, len(verdicts))
	for i, v := range verdicts { // PSALines keeps the order of its input
		if !v.Visible {
			continue
		}
		l := cache.ServiceLines[i]
		bill := reconcile.BillCustomer(l.Billing)
		if bill == "" {
			bill = reconcile.Billable
		}
		p.lines = append(p.lines, reconcile.PSALine{Integration: key, LineID: l.ID, AgreementID: l.AgreementID,
			AgreementName: v.AgreementName, AccountID: v.AccountID, AccountName: v.AccountName, ProductID: l.ProductID,
			ProductName: l.ProductName, Quantity: l.Quantity, LessIncluded: l.LessIncluded, UnitPrice: l.UnitPrice,
			UnitCost: l.UnitCost, BillCustomer: bill, FetchedAt: fetched})
		if from, err := reconcile.ParseDate(l.NextFrom); err == nil && l.NextQuantity != nil {
			// A scheduled quantity without a day TrueUp can read is not counted.
			last := &p.lines[len(p.lines)-1]
			last.NextQuantity, last.NextFrom = l.NextQuantity, from
		}
	}
}

// addVendor adapts one vendor integration's subscriptions; VendorLines' verdict on today is
// whether a subscription is billed (active, and within its commitment term).
func (p *integrationPart) addVendor(in store.Integration, cache store.Snapshot, today string) {
	key := integrationKey(in.ID)
	fetched := in.LastFetchedAt.UTC()
	verdicts := reconcile.VendorLines(cache.Accounts, cache.Subscriptions, today)
	names := map[string]string{}
	for _, s := range cache.Subscriptions {
		if s.NCE != nil {
			names[s.ID] = s.ProductName
		}
	}
	p.subscriptions = make([]reconcile.Subscription, 0, len(verdicts))
	for i, v := range verdicts { // VendorLines keeps the order of its input
		s := cache.Subscriptions[i]
		p.subscriptions = append(p.subscriptions, reconcile.Subscription{Integration: key, ID: s.ID,
			AccountID: s.AccountID, AccountName: v.AccountName, ProductID: s.ProductID, ProductName: s.ProductName,
			Quantity: s.Quantity, Active: v.Visible, Status: s.Status, Term: s.BillingTerm, UnitCost: s.Cost,
			FetchedAt: fetched, Commitment: commitment(s, names)})
	}
}

// commitment adapts a subscription's commitment term (nil without one); names are the
// product names of the integration's NCE subscriptions by id, for an add-on's base.
func commitment(s connector.Subscription, names map[string]string) *reconcile.Commitment {
	if s.NCE == nil {
		return nil
	}
	c := &reconcile.Commitment{AutoRenew: s.NCE.AutoRenew, Frequency: s.BillingFrequency, ParentID: s.NCE.ParentSubscriptionID}
	// Dates the vendor wrote badly stay unknown rather than refusing the whole build.
	c.Start, _ = reconcile.ParseDate(s.StartDate)
	c.End, _ = reconcile.ParseDate(s.EndDate)
	if c.ParentID != "" {
		c.ParentName = names[c.ParentID]
	}
	for _, r := range s.NCE.Refundable {
		c.Refundable = append(c.Refundable, reconcile.Refundable{Quantity: r.Quantity, Until: r.Until})
	}
	return c
}

// snapshotState reads what the user decided and set: mappings, notes, the cycle's decisions
// and detections, and the settings.
func (w *Workspace) snapshotState(ctx context.Context, snap *snapshot) error {
	maps, err := w.store.Mappings(ctx, 0)
	if err != nil {
		return err
	}
	for _, m := range maps {
		rm := reconcile.Mapping{VendorIntegration: integrationKey(m.VendorIntegrationID), Kind: reconcile.MappingKind(m.Kind),
			VendorID: m.VendorID, Excluded: m.Excluded, PSAID: m.PSAID}
		if !m.Excluded {
			rm.PSAIntegration = integrationKey(m.PSAIntegrationID)
		}
		snap.Inputs.Mappings = append(snap.Inputs.Mappings, rm)
	}
	notes, err := w.store.AccountNotes(ctx)
	if err != nil {
		return err
	}
	for _, n := range notes {
		snap.Inputs.Notes = append(snap.Inputs.Notes, reconcile.AccountNote{Integration: integrationKey(n.PSAIntegrationID),
			AccountID: n.AccountID, Text: n.Note, Tags: n.Tags})
	}
	cycle := snap.Cycle.String()
	if snap.Decisions, err = w.store.Decisions(ctx, cycle); err != nil {
		return err
	}
	for _, d := range snap.Decisions {
		rd, ok, err := cardDecision(d, snap.Cycle)
		if err != nil {
			return err
		}
		if ok {
			snap.Inputs.Decisions = append(snap.Inputs.Decisions, rd)
		}
	}
	dets, err := w.store.Detections(ctx, cycle)
	if err != nil {
		return err
	}
	for _, d := range dets {
		on, err := reconcile.ParseDate(d.DetectedOn)
		if err != nil {
			return fmt.Errorf("the detection of card %s: %w", d.CardID, err)
		}
		p, err := reconcile.ParsePolicy(d.Policy)
		if err != nil {
			return fmt.Errorf("the detection of card %s: %w", d.CardID, err)
		}
		snap.Inputs.Detections = append(snap.Inputs.Detections, reconcile.Detection{CardID: d.CardID, Cycle: snap.Cycle, DetectedOn: on, Policy: p})
	}
	kv, err := w.store.Settings(ctx)
	if err != nil {
		return err
	}
	set, err := parseSettings(kv)
	if err != nil {
		return err
	}
	snap.Settings = set
	snap.Inputs.Settings = set.reconcile()
	snap.InvoiceTemplates = storedInvoiceTemplates(kv)
	return nil
}

// cardDecision turns a stored decision into the card decision it stands for. A revert
// reopens its card (the approval it compensates no longer holds); cost decisions are not
// about cards. ok is false when the decision says nothing about a card's state.
func cardDecision(d store.Decision, cycle reconcile.Cycle) (reconcile.Decision, bool, error) {
	var state reconcile.DecisionState
	switch d.Action {
	case store.ActionApprove:
		state = reconcile.DecisionApproved
	case store.ActionDismiss:
		state = reconcile.DecisionDismissed
	case store.ActionAcknowledge:
		state = reconcile.DecisionAcknowledged
	case store.ActionRevert:
		state = reconcile.DecisionOpen
	default:
		return reconcile.Decision{}, false, nil
	}
	rd := reconcile.Decision{CardID: d.CardID, Cycle: cycle, State: state, At: d.At, Note: d.Note, User: d.OSUser}
	var err error
	if rd.PSAQuantity, err = parseQty(d.PSAQuantity); err != nil {
		return reconcile.Decision{}, false, fmt.Errorf("decision %d: its PSA quantity: %w", d.ID, err)
	}
	if rd.VendorQuantity, err = parseQty(d.VendorQuantity); err != nil {
		return reconcile.Decision{}, false, fmt.Errorf("decision %d: its vendor quantity: %w", d.ID, err)
	}
	if rd.Quantity, err = parseQty(d.TargetQuantity); err != nil {
		return reconcile.Decision{}, false, fmt.Errorf("decision %d: its approved quantity: %w", d.ID, err)
	}
	return rd, true, nil
}

// saveDetections stores the detections this build made that the store does not hold yet.
func (w *Workspace) saveDetections(ctx context.Context, snap *snapshot) error {
	known := make(map[string]bool, len(snap.Inputs.Detections))
	for _, d := range snap.Inputs.Detections {
		known[d.CardID] = true
	}
	var fresh []store.Detection
	for _, d := range snap.Result.Detections() {
		if !known[d.CardID] {
			fresh = append(fresh, store.Detection{CardID: d.CardID, Cycle: d.Cycle.String(), DetectedOn: d.DetectedOn.String(), Policy: string(d.Policy)})
		}
	}
	return w.store.AddDetections(ctx, fresh)
}

// parseQty reads a decimal quantity exactly ("27", "2.5", "-0.125"): the ledger keeps the
// text the card showed, and a float on the way back would not compare equal to it.
func parseQty(s string) (reconcile.Qty, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, _ := strings.Cut(digits, ".")
	if whole == "" && frac == "" || len(frac) > 3 || strings.Trim(whole+frac, "0123456789") != "" || len(whole) > 15 {
		return 0, fmt.Errorf("%q is not a quantity: give a number with at most 3 decimals", s)
	}
	var n int64
	for _, c := range whole {
		n = n*10 + int64(c-'0')
	}
	f := frac + strings.Repeat("0", 3-len(frac))
	var m int64
	for _, c := range f {
		m = m*10 + int64(c-'0')
	}
	q := reconcile.Qty(n*int64(reconcile.QtyUnit) + m)
	if neg {
		q = -q
	}
	return q, nil
}
