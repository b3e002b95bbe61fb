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
	RuleAddOnParentHidden      Rule = "addon_parent_hidden"
)

// vendorRules judges every subscription of one vendor integration's cache on today
// (YYYY-MM-DD in the MSP's time zone), in input order. They are judged together because an
// add-on goes where its base subscription goes.
//
// A renewal never double-counts by its dates alone: the ended term drops out the day after
// its commitment end date and the new term counts from its start, the day after. Two active
// terms of one offer that both cover today are not taken for a renewal: a customer may hold
// a monthly and an annual term of one offer, or buy a second term mid-year, and hiding
// either would under-bill it.
func vendorRules(subs []connector.Subscription, today string) []hidden {
	day, dayErr := ParseDate(today)
	out := make([]hidden, len(subs))
	for i, s := range subs {
		out[i] = subscriptionRule(s)
		if out[i].rule == "" && s.NCE != nil && dayErr == nil {
			out[i] = termRule(s, day)
		}
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

// addOns hides an add-on whose base subscription is suspended, disabled, expired or in
// another status that is not billed: Microsoft does not bill an add-on without its base
// licence. A base past its commitment end date is not followed (its add-on's own term
// decides, as Microsoft renews a term under the same subscription id), and an add-on whose
// base is not in the cache keeps its own verdict (it may be listed under a customer whose
// list failed).
func addOns(subs []connector.Subscription, out []hidden) {
	index := make(map[string]int, len(subs))
	for i, s := range subs {
		index[s.ID] = i
	}
	// Until nothing changes: an add-on of an add-on may be listed before its own base. Each
	// pass hides at least one more, so it ends after at most len(subs) passes.
	for changed := true; changed; {
		changed = false
		for i, s := range subs {
			if out[i].rule != "" || s.NCE == nil || s.NCE.ParentSubscriptionID == "" {
				continue
			}
			p, ok := index[s.NCE.ParentSubscriptionID]
			if !ok || (out[p].rule != RuleSubscriptionInactive && out[p].rule != RuleAddOnParentHidden) {
				continue
			}
			parent := subs[p]
			out[i] = hidden{RuleAddOnParentHidden, fmt.Sprintf("Add-on of %s (subscription %s), which is not counted: %s", parent.ProductName, parent.ID, out[p].reason)}
			changed = true
		}
	}
}
