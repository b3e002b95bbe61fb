package reconcile

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

// nceSub is an active annual NCE subscription of customer c1 for offer o1.
func nceSub(id, start, end string, f ...func(*connector.Subscription)) connector.Subscription {
	s := connector.Subscription{ID: id, AccountID: "c1", ProductID: "o1", ProductName: "Microsoft 365 Business Premium",
		Quantity: 10, Status: "active", Active: true, BillingTerm: "P1Y", StartDate: start, EndDate: end,
		NCE: &connector.NCETerm{AutoRenew: true}}
	for _, fn := range f {
		fn(&s)
	}
	return s
}

func TestVendorTermRules(t *testing.T) {
	const today = "2026-12-02"
	tests := []struct {
		name string
		subs []connector.Subscription
		// want is the hidden rule of each subscription, "" when it counts.
		want []Rule
		// reason is a part of the first hidden subscription's reason.
		reason string
	}{
		{"a term covering today counts", []connector.Subscription{nceSub("a", "2026-06-01", "2027-05-31")}, []Rule{""}, ""},
		{"the commitment end date itself still counts (inclusive)", []connector.Subscription{nceSub("a", "2025-12-03", "2026-12-02")}, []Rule{""}, ""},
		{"the day after the commitment end it drops out", []connector.Subscription{nceSub("a", "2025-12-02", "2026-12-01")},
			[]Rule{RuleSubscriptionTermEnded}, "ended on 2026-12-01"},
		{"a term starting tomorrow does not count yet", []connector.Subscription{nceSub("a", "2026-12-03", "2027-12-02")},
			[]Rule{RuleSubscriptionNotStarted}, "starts on 2026-12-03"},
		{"a term starting today counts", []connector.Subscription{nceSub("a", "2026-12-02", "2027-12-01")}, []Rule{""}, ""},
		{"a renewal the day after the old term ends: only one counts on either day",
			[]connector.Subscription{nceSub("old", "2025-12-02", "2026-12-01"), nceSub("new", "2026-12-02", "2027-12-01")},
			[]Rule{RuleSubscriptionTermEnded, ""}, "ended on 2026-12-01"},
		{"two active terms of one offer both covering today both count (a monthly and an annual term)",
			[]connector.Subscription{nceSub("annual", "2026-06-01", "2027-05-31"), nceSub("monthly", "2026-11-15", "2026-12-14", func(s *connector.Subscription) { s.BillingTerm = "P1M" })},
			[]Rule{"", ""}, ""},
		{"a renewal still listed as active past its end beside the new term: only the new one counts",
			[]connector.Subscription{nceSub("old", "2025-11-29", "2026-11-28", func(s *connector.Subscription) { s.Quantity = 12 }), nceSub("new", "2026-11-29", "2027-11-28")},
			[]Rule{RuleSubscriptionTermEnded, ""}, "ended on 2026-11-28"},
		{"expired status is hidden whatever its dates say",
			[]connector.Subscription{nceSub("a", "2026-01-01", "2026-12-31", func(s *connector.Subscription) { s.Status, s.Active = "expired", false })},
			[]Rule{RuleSubscriptionInactive}, "status is expired"},
		{"suspended, disabled and unknown statuses are hidden",
			[]connector.Subscription{
				nceSub("a", "2026-01-01", "2026-12-31", func(s *connector.Subscription) { s.Status, s.Active = "suspended", false }),
				nceSub("b", "2026-01-01", "2026-12-31", func(s *connector.Subscription) { s.Status, s.Active = "disabled", false }),
				nceSub("c", "2026-01-01", "2026-12-31", func(s *connector.Subscription) { s.Status, s.Active = "transitioning", false }),
			},
			[]Rule{RuleSubscriptionInactive, RuleSubscriptionInactive, RuleSubscriptionInactive}, "suspended"},
		{"two terms of different customers both count",
			[]connector.Subscription{nceSub("a", "2026-01-01", "2026-12-31"), nceSub("b", "2026-01-01", "2026-12-31", func(s *connector.Subscription) { s.AccountID = "c2" })},
			[]Rule{"", ""}, ""},
		{"an add-on counts as its own subscription",
			[]connector.Subscription{nceSub("base", "2026-01-01", "2026-12-31"), nceSub("addon", "2026-03-01", "2026-12-31", func(s *connector.Subscription) {
				s.ProductID, s.NCE.ParentSubscriptionID = "teams-phone", "base"
			})},
			[]Rule{"", ""}, ""},
		{"an add-on of a suspended base subscription is hidden with it",
			[]connector.Subscription{
				nceSub("addon", "2026-03-01", "2026-12-31", func(s *connector.Subscription) { s.ProductID, s.NCE.ParentSubscriptionID = "teams-phone", "base" }),
				nceSub("base", "2026-01-01", "2026-12-31", func(s *connector.Subscription) { s.Status, s.Active = "suspended", false }),
			},
			[]Rule{RuleAddOnParentHidden, RuleSubscriptionInactive}, "Add-on of Microsoft 365 Business Premium (subscription base), which is not counted: Subscription status is suspended"},
		{"an add-on of a base past its commitment end keeps its own verdict (Microsoft renews under the same id)",
			[]connector.Subscription{
				nceSub("base", "2025-11-01", "2026-11-30"),
				nceSub("addon", "2026-03-01", "2027-02-28", func(s *connector.Subscription) { s.ProductID, s.NCE.ParentSubscriptionID = "teams-phone", "base" }),
			},
			[]Rule{RuleSubscriptionTermEnded, ""}, "ended on 2026-11-30"},
		{"an add-on of an add-on of a suspended base is hidden too",
			[]connector.Subscription{
				nceSub("a2", "2026-03-01", "2026-12-31", func(s *connector.Subscription) { s.ProductID, s.NCE.ParentSubscriptionID = "p3", "a1" }),
				nceSub("base", "2026-01-01", "2026-12-31", func(s *connector.Subscription) { s.Status, s.Active = "suspended", false }),
				nceSub("a1", "2026-03-01", "2026-12-31", func(s *connector.Subscription) { s.ProductID, s.NCE.ParentSubscriptionID = "p2", "base" }),
			},
			[]Rule{RuleAddOnParentHidden, RuleSubscriptionInactive, RuleAddOnParentHidden}, "Add-on of"},
		{"a subscription without a commitment term is not judged by its dates (a Pax8 or file line)",
			[]connector.Subscription{{ID: "p", AccountID: "c1", ProductID: "o1", Status: "Active", Active: true, StartDate: "2026-11-01", EndDate: "2026-11-30"}},
			[]Rule{""}, ""},
		{"dates Microsoft wrote badly leave the term open",
			[]connector.Subscription{nceSub("a", "soon", "")}, []Rule{""}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := vendorRules(tc.subs, today)
			require.Len(t, got, len(tc.want))
			first := ""
			for i, h := range got {
				assert.Equal(t, tc.want[i], h.rule, "subscription %s", tc.subs[i].ID)
				if h.rule != "" && first == "" {
					first = h.reason
				}
			}
			assert.Contains(t, first, tc.reason)
			lines := VendorLines(nil, tc.subs, today)
			for i, l := range lines {
				assert.Equal(t, tc.want[i] == "", l.Visible, "the line of %s", tc.subs[i].ID)
				assert.Equal(t, got[i].reason, l.HiddenReason)
			}
		})
	}
}

func TestARenewalNeverDoubleCountsOnAnyDay(t *testing.T) {
	subs := []connector.Subscription{nceSub("old", "2025-12-02", "2026-12-01"), nceSub("new", "2026-12-02", "2027-12-01", func(s *connector.Subscription) { s.Quantity = 12 })}
	for d := (Date{2026, 11, 20}); d.Before(Date{2026, 12, 15}); d = d.AddDays(1) {
		counted := 0.0
		for _, l := range VendorLines(nil, subs, d.String()) {
			if l.Visible {
				counted += l.Quantity
			}
		}
		want := 10.0
		if !d.Before(Date{2026, 12, 2}) {
			want = 12
		}
		assert.Equal(t, want, counted, "seats counted on %s", d)
	}
}
