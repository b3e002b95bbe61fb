package reconcile

import (
	"fmt"
	"slices"
)

// EffectivePolicy is a vendor integration's billing setting: from when an approved change
// counts.
type EffectivePolicy string

const (
	// PolicyNextPeriod: changes take effect on the first day of the next billing period,
	// which suits bill-in-advance (the default).
	PolicyNextPeriod EffectivePolicy = "next_period"
	// PolicyDetected: prorate from the day the change was detected, where the agreement
	// prorates.
	PolicyDetected EffectivePolicy = "detected"
)

// ParsePolicy reads a billing setting.
func ParsePolicy(s string) (EffectivePolicy, error) {
	switch p := EffectivePolicy(s); p {
	case PolicyNextPeriod, PolicyDetected:
		return p, nil
	case "":
		return PolicyNextPeriod, nil
	}
	return "", fmt.Errorf("billing setting %q is unknown: use %s or %s", s, PolicyNextPeriod, PolicyDetected)
}

// Detection is when a card's change was first seen and under which policy. It is stored:
// changing the setting applies to cards detected afterwards, never to ones already shown.
type Detection struct {
	CardID     string
	Cycle      Cycle
	DetectedOn Date
	Policy     EffectivePolicy
}

// detection keeps the card's stored detection of this cycle, or detects it today under the
// policy of its vendor integrations. Cards fed by several vendors whose settings disagree
// use next_period: a proration nobody asked for is worse than one a month late.
func (c *cardContext) detection(card *Card) Detection {
	if card.State != StateReconcile && card.State != StateNewRevenue {
		return Detection{}
	}
	if d, ok := c.detections[card.ID]; ok {
		return d
	}
	var buf [4]string
	vendors := buf[:0]
	for _, s := range card.VendorSources {
		if !slices.Contains(vendors, s.Integration) {
			vendors = append(vendors, s.Integration)
		}
	}
	slices.Sort(vendors)
	policy := EffectivePolicy("")
	for _, v := range vendors {
		p := c.set.Billing[v]
		if p == "" {
			p = PolicyNextPeriod
		}
		if policy != "" && p != policy {
			policy = PolicyNextPeriod
			break
		}
		policy = p
	}
	if policy == "" {
		policy = PolicyNextPeriod
	}
	return Detection{CardID: card.ID, Cycle: c.in.Cycle, DetectedOn: c.in.Today, Policy: policy}
}

// Effective is the date a change takes effect and what that means on the agreement.
type Effective struct {
	Date     Date
	Prorated bool
	// Explanation is shown in the preview: the user sees whether ConnectWise prorates.
	Explanation string
}

// EffectiveDate decides when a change on agreement a takes effect. override is the user's
// chosen date (zero: none). Proration happens only where the agreement prorates (ConnectWise
// prorateFlag); otherwise a quantity change applies from the agreement's next invoice, so the
// only honest dates are first days of a billing period.
func EffectiveDate(det Detection, cycle Cycle, a Agreement, override Date) (Effective, error) {
	next := cycle.Next().Start()
	var e Effective
	switch {
	case !override.IsZero():
		if !a.Prorates && override.D != 1 {
			return Effective{}, fmt.Errorf("agreement %q does not prorate, so ConnectWise bills a change from its next invoice: choose the first day of a month (e.g. %s) or enable proration on the agreement", a.Name, next)
		}
		e = Effective{Date: override, Prorated: a.Prorates && override.D != 1}
		if e.Prorated && !cycle.Contains(override) {
			return Effective{}, fmt.Errorf("a prorated date must fall in the cycle being reconciled (%s to %s), or be the first day of a month: %s is neither", cycle.Start(), cycle.End(), override)
		}
	case det.Policy == PolicyDetected && a.Prorates && cycle.Contains(det.DetectedOn):
		e = Effective{Date: det.DetectedOn, Prorated: det.DetectedOn.D != 1}
	default:
		e = Effective{Date: next}
	}
	switch {
	case e.Prorated:
		e.Explanation = fmt.Sprintf("prorated from %s: this agreement prorates", e.Date)
	case !a.Prorates:
		e.Explanation = "this agreement does not prorate: ConnectWise bills the new quantity from its next invoice"
	default:
		e.Explanation = "from the start of that billing period"
	}
	if !a.Start.IsZero() && e.Date.Before(a.Start) {
		return Effective{}, fmt.Errorf("effective date %s is before agreement %q starts (%s): choose a date from %s", e.Date, a.Name, a.Start, a.Start)
	}
	if !a.End.IsZero() && e.Date.After(a.End) {
		return Effective{}, fmt.Errorf("effective date %s is after agreement %q ends (%s): choose another agreement or an earlier date", e.Date, a.Name, a.End)
	}
	return e, nil
}
