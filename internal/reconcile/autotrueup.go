package reconcile

import (
	"fmt"
	"strings"
)

// The automatic true-up (the seed's CSP Portal nightly sync): after a vendor sync, each card
// of a mapped account and product is settled without a person, the vendor being the source
// of truth, as the vendor integration's billing style says. This file is the pure decision;
// the workspace pushes what it decides through the same approval path as a person.

// BillingStyle is how the MSP bills a vendor's seats: in advance or in arrears, with or
// without proration (the seed's Billing Style Configuration).
type BillingStyle struct {
	Arrears bool
	Prorate bool
}

// Billing style words, as settings and the CLI spell them.
const (
	StyleAdvance = "advance"
	StyleArrears = "arrears"
)

// ParseBillingStyle reads "advance" or "arrears" (empty: advance, the seed's default).
func ParseBillingStyle(s string, prorate bool) (BillingStyle, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", StyleAdvance:
		return BillingStyle{Prorate: prorate}, nil
	case StyleArrears:
		return BillingStyle{Arrears: true, Prorate: prorate}, nil
	}
	return BillingStyle{}, fmt.Errorf("billing style %q is unknown: use %s or %s", s, StyleAdvance, StyleArrears)
}

// String is the style as settings store it: "advance" or "arrears".
func (s BillingStyle) String() string {
	if s.Arrears {
		return StyleArrears
	}
	return StyleAdvance
}

// ArrearsProrateRefusal is why an integration billed in arrears with proration gets no
// automatic true-up. An arrears invoice bills the period that has just ended at the count
// it ended with; prorating it would need the day each seat changed inside that period, which
// a nightly count of today's seats cannot know. The CSP Portal refuses this combination too.
const ArrearsProrateRefusal = "billing in arrears with proration is not supported by the automatic true-up: an arrears invoice bills the period just ended, and a prorated change would need the day each seat changed in it, which a count of today's seats does not know. Choose in arrears without proration, or in advance, or true up this vendor by hand"

// AutoAction is what the automatic true-up does with one card.
type AutoAction string

const (
	AutoNothing  AutoAction = "nothing"  // counts match, or the card is already decided
	AutoIncrease AutoAction = "increase" // the PSA bills fewer seats than the vendor counts
	AutoDecrease AutoAction = "decrease" // the PSA bills more
	AutoCreate   AutoAction = "create"   // the product is missing on the agreement: add it
	AutoWaiting  AutoAction = "waiting"  // needs a person: stays a card (a large change, several vendors)
	AutoSkipped  AutoAction = "skipped"  // not the true-up's to touch (unmapped, no vendor data)
	AutoRefused  AutoAction = "refused"  // the billing style cannot be trued up automatically
)

// Pushes reports whether the action writes to the PSA.
func (a AutoAction) Pushes() bool { return a == AutoIncrease || a == AutoDecrease || a == AutoCreate }

// AutoInput is one card as the automatic true-up sees it after a sync on SyncDay.
type AutoInput struct {
	Card    Card
	Style   BillingStyle
	SyncDay Date
	// Unmapped is set for vendor items without a mapping: they make no card, and the
	// true-up never guesses one.
	Unmapped bool
	// Prorates says whether the agreement the change lands on bills part of a period by
	// date (ConnectWise's Prorate Agreement flag; Autotask adjustments always do).
	Prorates bool
}

// AutoDecision is what to do with one card, and the effective date a push is dated.
type AutoDecision struct {
	Action    AutoAction
	Quantity  Qty // the PSA quantity to bill (pushes only)
	Effective Date
	Prorated  bool
	Reason    string
}

// DecideAuto decides the automatic true-up of one card. The order matters: a refused style
// refuses everything, then what is not the true-up's (unmapped, decided, nothing to do),
// then the guards a person must pass (large changes), then the push.
func DecideAuto(in AutoInput) AutoDecision {
	c := in.Card
	switch {
	case in.Unmapped:
		return AutoDecision{Action: AutoSkipped, Reason: "not mapped: map the vendor account and product to the PSA (Mappings), then the next run includes it"}
	case in.Style.Arrears && in.Style.Prorate:
		return AutoDecision{Action: AutoRefused, Reason: ArrearsProrateRefusal}
	case c.Decision != DecisionOpen:
		return AutoDecision{Action: AutoNothing, Reason: fmt.Sprintf("already %s this cycle", c.Decision)}
	case c.State == StateNoChange:
		return AutoDecision{Action: AutoNothing, Reason: fmt.Sprintf("counts match (%s)", c.PSAQuantity)}
	case c.State == StateNoVendorData:
		return AutoDecision{Action: AutoSkipped, Reason: "no vendor counts these seats: the automatic true-up never removes a line no vendor feeds; check the card by hand"}
	case severalVendors(c):
		return AutoDecision{Action: AutoWaiting, Reason: "the seats come from several vendor integrations: approve the card by hand"}
	case c.HasFlag(FlagLargeChange):
		return AutoDecision{Action: AutoWaiting, Reason: fmt.Sprintf("large change (%s -> %s): it waits as a card for a person to approve", c.PSAQuantity, c.VendorQuantity)}
	}
	d := AutoDecision{Quantity: c.VendorQuantity}
	switch {
	case c.State == StateNewRevenue:
		d.Action = AutoCreate
		d.Effective, d.Prorated, d.Reason = createDate(in)
	case c.VendorQuantity > c.PSAQuantity:
		d.Action = AutoIncrease
		d.Effective, d.Prorated, d.Reason = changeDate(in)
	default:
		d.Action = AutoDecrease
		d.Effective, d.Prorated, d.Reason = changeDate(in)
	}
	return d
}

// changeDate dates a quantity change by the billing style:
//   - in advance without proration: the next period's first day, when the next invoice
//     bills ahead (on the 1st itself, that day: its period starts today);
//   - in advance with proration, where the agreement prorates: the sync day;
//   - in arrears without proration: the first day of the sync's period, which the arrears
//     invoice at its end bills whole at the new count.
func changeDate(in AutoInput) (Date, bool, string) {
	day := in.SyncDay
	period := CycleOf(day).Start()
	switch {
	case in.Style.Arrears:
		return period, false, fmt.Sprintf("in arrears: the invoice for %s bills the new count for the whole period", CycleOf(day))
	case day == period:
		return day, false, "in advance: the period starts today, so the change bills from today"
	case in.Style.Prorate && in.Prorates:
		return day, true, fmt.Sprintf("in advance with proration: prorated from the sync day %s", day)
	case in.Style.Prorate:
		return day.FirstOfNextMonth(), false, "in advance with proration, but the agreement does not prorate: the change bills from the next period"
	}
	return day.FirstOfNextMonth(), false, "in advance: the change bills from the next period"
}

// createDate dates a new line the sync day, as the seed's portal does, where that date
// bills as the style means it: on the 1st, or prorated where both the style and the
// agreement prorate. Elsewhere a mid-period date would prorate a style that says not to
// (or, on an agreement that does not prorate, be a date ConnectWise ignores), so the line is
// dated like any change of the style.
func createDate(in AutoInput) (Date, bool, string) {
	day := in.SyncDay
	switch {
	case day.D == 1:
		return day, false, "created dated the sync day, the period's first day"
	case in.Style.Prorate && in.Prorates && !in.Style.Arrears:
		return day, true, fmt.Sprintf("created dated the sync day %s, prorated", day)
	}
	d, p, why := changeDate(in)
	return d, p, "created: " + why
}

func severalVendors(c Card) bool {
	for _, s := range c.VendorSources[min(1, len(c.VendorSources)):] {
		if s.Integration != c.VendorSources[0].Integration {
			return true
		}
	}
	return false
}
