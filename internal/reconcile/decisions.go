package reconcile

import (
	"fmt"
	"time"
)

// DecisionState is where a card stands in its cycle.
type DecisionState string

const (
	DecisionOpen         DecisionState = "open"
	DecisionApproved     DecisionState = "approved"
	DecisionDismissed    DecisionState = "dismissed"
	DecisionAcknowledged DecisionState = "acknowledged"
)

// Decision is the user's decision on one card in one cycle. It keeps the quantities it saw:
// a decision holds only while the data it was made on holds.
type Decision struct {
	CardID         string
	Cycle          Cycle
	State          DecisionState
	PSAQuantity    Qty // what the card showed when the user decided
	VendorQuantity Qty
	Quantity       Qty // approved: the PSA quantity to push
	At             time.Time
	Note           string
	User           string
}

// applyDecision sets the card's decision from the latest decision of its cycle, and returns
// the flag that says a decision no longer holds ("" when none).
//   - dismissed holds while both quantities are what the dismissal saw; otherwise the card
//     comes back before the next cycle, flagged changed_since_dismissed.
//   - acknowledged holds while the card is No Change at the quantities acknowledged.
//   - approved holds while the vendor quantity is unchanged and the PSA holds either the
//     quantity it had or the approved one (the push has landed); otherwise the card reopens,
//     flagged changed_since_approved.
//
// A new cycle has no decisions: every card starts open again.
func (c *cardContext) applyDecision(card *Card) Flag {
	card.Decision = DecisionOpen
	ds := c.decisions[card.ID]
	if len(ds) == 0 {
		return ""
	}
	d := ds[0]
	for _, x := range ds[1:] {
		if !x.At.Before(d.At) {
			d = x
		}
	}
	same := card.PSAQuantity == d.PSAQuantity && card.VendorQuantity == d.VendorQuantity
	switch d.State {
	case DecisionDismissed:
		if same {
			card.Decision = DecisionDismissed
		} else {
			return FlagChangedSinceDismissed
		}
	case DecisionAcknowledged:
		if same && acknowledgeable(card.State) {
			card.Decision = DecisionAcknowledged
		}
	case DecisionApproved:
		landed := card.PSAQuantity == d.PSAQuantity || card.PSAQuantity == d.Quantity
		if card.VendorQuantity == d.VendorQuantity && landed {
			card.Decision = DecisionApproved
		} else {
			return FlagChangedSinceApproved
		}
	}
	return ""
}

// Dismiss records that the user leaves the card as it is this cycle.
func Dismiss(card Card, cycle Cycle, at time.Time, user, note string) Decision {
	return Decision{CardID: card.ID, Cycle: cycle, State: DecisionDismissed, PSAQuantity: card.PSAQuantity,
		VendorQuantity: card.VendorQuantity, At: at, User: user, Note: note}
}

// acknowledgeable says whether a card of state s can be acknowledged: No Change (nothing
// to do) and No vendor data (the PSA bills a seat no vendor counts, e.g. a licence bought
// elsewhere: the user has checked it). Both stay listed until acknowledged.
func acknowledgeable(s CardState) bool { return s == StateNoChange || s == StateNoVendorData }

// Acknowledge records that the user has seen a No Change or No vendor data card; it holds
// while both quantities stay as they were.
func Acknowledge(card Card, cycle Cycle, at time.Time, user, note string) (Decision, error) {
	if !acknowledgeable(card.State) {
		return Decision{}, fmt.Errorf("card %s (%s, %s) is %s, not no_change or no_vendor_data: approve or dismiss it instead", card.ID, card.AccountName, card.ProductName, card.State)
	}
	return Decision{CardID: card.ID, Cycle: cycle, State: DecisionAcknowledged, PSAQuantity: card.PSAQuantity,
		VendorQuantity: card.VendorQuantity, At: at, User: user, Note: note}, nil
}

// Approve records that the PSA should bill quantity (the vendor quantity when nil).
func Approve(card Card, cycle Cycle, quantity *Qty, at time.Time, user, note string) (Decision, error) {
	switch card.State {
	case StateNoChange:
		return Decision{}, fmt.Errorf("card %s (%s, %s) has no change to approve: acknowledge it instead", card.ID, card.AccountName, card.ProductName)
	case StateNoVendorData:
		return Decision{}, fmt.Errorf("card %s (%s, %s) has no vendor data to approve: check the mappings, or dismiss it", card.ID, card.AccountName, card.ProductName)
	}
	q := card.VendorQuantity
	if quantity != nil {
		q = *quantity
	}
	if err := validQuantity(q); err != nil {
		return Decision{}, fmt.Errorf("card %s: %w", card.ID, err)
	}
	return Decision{CardID: card.ID, Cycle: cycle, State: DecisionApproved, PSAQuantity: card.PSAQuantity,
		VendorQuantity: card.VendorQuantity, Quantity: q, At: at, User: user, Note: note}, nil
}

func validQuantity(q Qty) error {
	if q < 0 || !q.IsWhole() {
		return fmt.Errorf("quantity %s is not a whole number of seats >= 0: give a whole number", q)
	}
	return nil
}

// Skipped is a card a bulk action left out, with why.
type Skipped struct {
	Card   Card
	Reason string
}

// BulkSelection is what a bulk approve does with each selected card.
type BulkSelection struct {
	Approve     []Card
	Acknowledge []Card
	Skipped     []Skipped
}

// SelectBulkApprove sorts the selected cards for a bulk approve. Large changes are left out
// unless each is confirmed (one bad vendor record makes a cluster of wildly wrong cards, and
// a bulk approve would push them all); No Change cards are acknowledged; cards with nothing
// to approve, or already decided, are skipped with the reason.
func SelectBulkApprove(cards []Card, confirmed map[string]bool) BulkSelection {
	var s BulkSelection
	for _, c := range cards {
		switch {
		case c.Decision != DecisionOpen:
			s.Skipped = append(s.Skipped, Skipped{c, fmt.Sprintf("already %s this cycle", c.Decision)})
		case c.State == StateNoChange:
			s.Acknowledge = append(s.Acknowledge, c)
		case c.State == StateNoVendorData:
			s.Skipped = append(s.Skipped, Skipped{c, "no vendor data: nothing to approve"})
		case c.HasFlag(FlagLargeChange) && !confirmed[c.ID]:
			s.Skipped = append(s.Skipped, Skipped{c, fmt.Sprintf("large change (%s -> %s): confirm this card to approve it", c.PSAQuantity, c.VendorQuantity)})
		default:
			s.Approve = append(s.Approve, c)
		}
	}
	return s
}
