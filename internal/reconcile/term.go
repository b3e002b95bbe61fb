package reconcile

import (
	"fmt"

	"github.com/trueup/trueup/internal/connector"
)

// This file: which vendor subscriptions count on a day. A subscription counts when its
// status is active and, for one sold under a commitment term (Microsoft NCE), when that
// term covers the day: the commitment end date is the term's last billed day (inclusive).
// Only commitment terms are judged by their dates: a Pax8 end date is the day a cancelled
// subscription stopped (its status already hides it), and a file import's dates are the
// invoice period it was exported for, which lies behind the day it is imported.

// Visibility rules of vendor subscriptions beyond their status (explain names them).
const (
	RuleSubscriptionNotStarted Rule = "subscription_not_started"
	RuleSubscriptionTermEnded  Rule = "subscription_term_ended"
	RuleSubscriptionRenewed    Rule = "subscription_renewed"
	RuleAddOnParentHidden      Rule = "addon_parent_hidden"
)

// vendorRules judges every subscription of one vendor integration's cache on today
// (YYYY-MM-DD in the MSP's time zone), in input order. They are judged together because an
// NCE renewal and an add-on depend on their neighbours: a renewed term gives way to its
// successor, and an add-on goes where its parent goes.
func vendorRules(subs []connector.Subscription, today string) []hidden {
	day, dayErr := ParseDate(today)
	out := make([]hidden, len(subs))
	for i, s := range subs {
		out[i] = subscriptionRule(s)
		if out[i].rule == "" && s.NCE != nil && dayErr == nil {
			out[i] = termRule(s, day)
		}
	}
	if dayErr == nil {
		renewals(subs, out, day)
	}
	addOns(subs, out)
	return out
}

// termRule hides a commitment term that has not begun or has ended on day. Dates the
// vendor wrote badly leave the term open on that side rather than hiding billed seats.
func termRule(s connector.Subscription, day Date) hidden {
	if start, err := ParseDate(s.StartDate); err == nil && day.Before(start) {
		return hidden{RuleSubscriptionNotStarted, fmt.Sprintf("Subscription term starts on %s: it counts from that day", start)}
	}
	if end, err := ParseDate(s.EndDate); err == nil && day.After(end) {
		return hidden{RuleSubscriptionTermEnded, fmt.Sprintf("Subscription term ended on %s (its commitment end date, the last day billed)", end)}
	}
	return hidden{}
}

// renewals hides the earlier of two counted commitment terms of one customer and offer
// that overlap on day: Microsoft sells a renewal that changes the term or the seat count as
// a new subscription starting while the ended one is still listed, so counting both would
// bill the customer twice. The term that started last is the one that counts (with equal
// starts, the later commitment end, then the larger id, so the choice never flips).
func renewals(subs []connector.Subscription, out []hidden, day Date) {
	type key struct{ account, product, parent string }
	latest := map[key]int{}
	for i, s := range subs {
		if out[i].rule != "" || s.NCE == nil {
			continue
		}
		k := key{s.AccountID, s.ProductID, s.NCE.ParentSubscriptionID}
		j, ok := latest[k]
		if !ok {
			latest[k] = i
			continue
		}
		older, newer := j, i
		if laterTerm(subs[j], subs[i]) {
			older, newer = i, j
		}
		latest[k] = newer
		n := subs[newer]
		out[older] = hidden{RuleSubscriptionRenewed, fmt.Sprintf("Renewed: subscription %s of the same offer counts from %s, so this term is not counted again", n.ID, orUnknown(n.StartDate))}
	}
}

// laterTerm reports whether a's term started after b's.
func laterTerm(a, b connector.Subscription) bool {
	switch {
	case a.StartDate != b.StartDate:
		return a.StartDate > b.StartDate
	case a.EndDate != b.EndDate:
		return a.EndDate > b.EndDate
	}
	return a.ID > b.ID
}

// addOns hides an add-on whose parent subscription is hidden: Microsoft does not bill an
// add-on without its base licence, and a suspended or ended parent takes its add-ons along.
// An add-on whose parent is not in the cache keeps its own verdict (it may be listed under
// a customer whose list failed).
func addOns(subs []connector.Subscription, out []hidden) {
	index := make(map[string]int, len(subs))
	for i, s := range subs {
		index[s.ID] = i
	}
	for i, s := range subs {
		if out[i].rule != "" || s.NCE == nil || s.NCE.ParentSubscriptionID == "" {
			continue
		}
		p, ok := index[s.NCE.ParentSubscriptionID]
		if !ok || out[p].rule == "" || out[p].rule == RuleSubscriptionRenewed {
			continue // a renewed parent's offer is still billed, through its successor
		}
		parent := subs[p]
		out[i] = hidden{RuleAddOnParentHidden, fmt.Sprintf("Add-on of %s (subscription %s), which is not counted: %s", parent.ProductName, parent.ID, out[p].reason)}
	}
}
