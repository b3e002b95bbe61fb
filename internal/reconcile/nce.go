package reconcile

import (
	"fmt"
	"strings"
	"time"
)

// This file: what a card says about the commitment terms behind it (Microsoft's New
// Commerce Experience). Which terms count is decided before (term.go): a renewal's ended
// term is gone from the card, an add-on is a subscription of its own offer and so makes its
// own card (the MSP bills Teams Phone as its own PSA product, not as more seats of the
// licence it is added to), on the same customer as its base licence.

// Flags of cards with commitment terms.
const (
	FlagRenewsSoon Flag = "renews_soon" // a term behind the card renews (auto-renew) within RenewalWindowDays
	FlagTermEnds   Flag = "term_ends"   // a term behind the card ends within RenewalWindowDays and does not auto-renew
)

// RenewalWindowDays is how far ahead a card warns that a term renews or ends: an NCE term's
// seats can be reduced only at its renewal, so the MSP needs the month to ask the customer.
const RenewalWindowDays = 30

// Commitment is a subscription's commitment term (NCE), as reconcile reads it.
type Commitment struct {
	Start, End Date // the term's first and last billed day (inclusive); zero: unknown
	AutoRenew  bool
	Frequency  string // how often the term is billed, the vendor's word ("monthly")
	// ParentID and ParentName are the base subscription of an add-on ("" otherwise).
	ParentID   string
	ParentName string
	Refundable []Refundable
}

// Refundable is a batch of seats the vendor still refunds when cancelled until Until.
type Refundable struct {
	Quantity float64
	Until    time.Time
}

// TermFacts are a card's commitment-term facts, from the counted subscriptions that have a
// commitment term (nil on cards without any).
type TermFacts struct {
	Term      string // the term durations ("P1Y"; several joined by ", ")
	Frequency string // the billing frequencies, likewise
	// CommitmentEnd is the earliest last day of the terms (inclusive): the next renewal.
	CommitmentEnd Date
	// AutoRenew is whether every term ending on CommitmentEnd renews by itself.
	AutoRenew bool
	// RenewsSoon: CommitmentEnd is within RenewalWindowDays of today.
	RenewsSoon bool
	// AddOnOf is the base subscription's offer when the card counts add-ons.
	AddOnOf string
	// RefundableSeats can still be cancelled for a refund, at least until RefundableUntil
	// (the earliest deadline of the batches that have not passed).
	RefundableSeats Qty
	RefundableUntil time.Time
	// RefundNote says so on a decrease, in the MSP's local time ("3 of these seats can be
	// cancelled at Microsoft until 4 Dec 10:00"); "" on other cards or without seats.
	RefundNote string
}

// termFacts sums up the commitment terms of the card's sources, or nil.
func termFacts(card *Card, today Date, now time.Time, loc *time.Location) *TermFacts {
	var f *TermFacts
	var terms, freqs []string
	for _, s := range card.VendorSources {
		cm := s.Commitment
		if cm == nil {
			continue
		}
		if f == nil {
			f = &TermFacts{AutoRenew: true}
		}
		terms, freqs = appendNew(terms, s.Term), appendNew(freqs, cm.Frequency)
		switch {
		case cm.End.IsZero():
		case f.CommitmentEnd.IsZero() || cm.End.Before(f.CommitmentEnd):
			f.CommitmentEnd, f.AutoRenew = cm.End, cm.AutoRenew
		case cm.End == f.CommitmentEnd:
			f.AutoRenew = f.AutoRenew && cm.AutoRenew
		}
		if cm.ParentName != "" && f.AddOnOf == "" {
			f.AddOnOf = cm.ParentName
		}
		for _, r := range cm.Refundable {
			if r.Quantity <= 0 || (!now.IsZero() && !r.Until.After(now)) {
				continue // the refund window has passed
			}
			f.RefundableSeats += QtyOf(r.Quantity)
			if f.RefundableUntil.IsZero() || r.Until.Before(f.RefundableUntil) {
				f.RefundableUntil = r.Until
			}
		}
	}
	if f == nil {
		return nil
	}
	if f.CommitmentEnd.IsZero() {
		f.AutoRenew = false
	}
	f.Term, f.Frequency = strings.Join(terms, ", "), strings.Join(freqs, ", ")
	f.RenewsSoon = !f.CommitmentEnd.IsZero() && !f.CommitmentEnd.Before(today) && !f.CommitmentEnd.After(today.AddDays(RenewalWindowDays))
	if card.State == StateReconcile && card.Difference < 0 && f.RefundableSeats > 0 {
		if loc == nil {
			loc = time.UTC
		}
		f.RefundNote = fmt.Sprintf("%s of these seats can be cancelled at Microsoft until %s", f.RefundableSeats, f.RefundableUntil.In(loc).Format("2 Jan 15:04"))
	}
	return f
}

// termFlag is the renewal flag of a card's terms ("" for none).
func termFlag(f *TermFacts) Flag {
	switch {
	case f == nil || !f.RenewsSoon:
		return ""
	case f.AutoRenew:
		return FlagRenewsSoon
	}
	return FlagTermEnds
}
