package reconcile

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

func TestPSALines(t *testing.T) {
	const today = "2026-11-23"
	active := connector.Account{ID: "c1", Name: "Acme", Status: "Active", Active: true}
	current := connector.Agreement{ID: "g1", AccountID: "c1", Name: "MSA", Status: "Active", StartDate: "2025-01-01"}
	ok := connector.ServiceLine{ID: "l1", AgreementID: "g1", AccountID: "c1", ProductName: "M365", Quantity: 5}

	tests := []struct {
		name    string
		account *connector.Account
		agr     *connector.Agreement
		line    connector.ServiceLine
		reason  string // "" = visible
	}{
		{"active customer, current agreement, billed line", &active, &current, ok, ""},
		{"inactive company", ptr(with(active, func(a *connector.Account) { a.Active, a.Status = false, "Inactive" })), &current, ok, "Company is not active (status: Inactive)"},
		{"deleted company", ptr(with(active, func(a *connector.Account) { a.Deleted = true })), &current, ok, "Company is marked deleted"},
		{"prospect", ptr(with(active, func(a *connector.Account) { a.Prospect = true })), &current, ok, "Prospect"},
		{"vendor-typed company", ptr(with(active, func(a *connector.Account) { a.Vendor = true })), &current, ok, "Vendor type"},
		{"a ConnectWise prospect among several types", ptr(with(active, func(a *connector.Account) { a.Type, a.Prospect = "Customer, Prospect", true })), &current, ok, "Company type is Prospect:"},
		{"an Autotask Lead is named as a Lead", ptr(with(active, func(a *connector.Account) { a.Type, a.Prospect = "Lead", true })), &current, ok, "Company type is Lead:"},
		{"an Autotask Partner is named as a Partner", ptr(with(active, func(a *connector.Account) { a.Type, a.Vendor = "Partner", true })), &current, ok, "Company type is Partner:"},
		{"a ConnectWise Vendor keeps its words", ptr(with(active, func(a *connector.Account) { a.Type, a.Vendor = "Customer, Vendor", true })), &current, ok, "Company has a Vendor type"},
		{"company missing from cache", nil, &current, ok, "Company is not in the cache"},
		{"cancelled agreement", &active, ptr(with(current, func(a *connector.Agreement) { a.Cancelled = true })), ok, "Agreement is cancelled"},
		{"expired agreement status", &active, ptr(with(current, func(a *connector.Agreement) { a.Status = "Expired" })), ok, "not active (status: Expired)"},
		{"future agreement", &active, ptr(with(current, func(a *connector.Agreement) { a.StartDate = "2026-12-01" })), ok, "starts on 2026-12-01"},
		{"agreement starting today is visible", &active, ptr(with(current, func(a *connector.Agreement) { a.StartDate = today })), ok, ""},
		{"agreement ending today is visible", &active, ptr(with(current, func(a *connector.Agreement) { a.EndDate = today })), ok, ""},
		{"ended agreement", &active, ptr(with(current, func(a *connector.Agreement) { a.EndDate = "2026-10-31" })), ok, "ended on 2026-10-31"},
		{"zero quantity", &active, &current, with(ok, func(l *connector.ServiceLine) { l.Quantity = 0 }), "Quantity is 0"},
		{"zero today, units scheduled from next cycle's start (an Autotask New Revenue push)", &active, &current,
			with(ok, func(l *connector.ServiceLine) { l.Quantity, l.NextQuantity, l.NextFrom = 0, ptr(12.0), "2026-12-01" }), ""},
		{"zero today, units scheduled later than next cycle's start", &active, &current,
			with(ok, func(l *connector.ServiceLine) { l.Quantity, l.NextQuantity, l.NextFrom = 0, ptr(12.0), "2027-01-01" }), "it bills 12 from 2027-01-01"},
		{"zero today and zero scheduled", &active, &current,
			with(ok, func(l *connector.ServiceLine) { l.Quantity, l.NextQuantity, l.NextFrom = 0, ptr(0.0), "2026-12-01" }), "Quantity is 0: lines"},
		{"cancelled line", &active, &current, with(ok, func(l *connector.ServiceLine) { l.Cancelled, l.CancelledDate = true, "2026-10-15" }), "cancelled on 2026-10-15"},
		{"line whose cancelled date passed, without a cancelled flag", &active, &current, with(ok, func(l *connector.ServiceLine) { l.CancelledDate = "2026-10-15" }), "cancelled on 2026-10-15"},
		{"line cancelled today", &active, &current, with(ok, func(l *connector.ServiceLine) { l.CancelledDate = today }), "cancelled on " + today},
		{"a not-billed line stays visible: the customer has the units", &active, &current, with(ok, func(l *connector.ServiceLine) { l.Billing = connector.BillingNoCharge }), ""},
		{"line cancelled in the future is still billed", &active, &current, with(ok, func(l *connector.ServiceLine) { l.CancelledDate = "2026-12-31" }), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var accounts []connector.Account
			if tt.account != nil {
				accounts = append(accounts, *tt.account)
			}
			var agreements []connector.Agreement
			if tt.agr != nil {
				agreements = append(agreements, *tt.agr)
			}
			got := PSALines(accounts, agreements, []connector.ServiceLine{tt.line}, today)
			require.Len(t, got, 1)
			if tt.reason == "" {
				assert.True(t, got[0].Visible, "hidden: %s", got[0].HiddenReason)
				assert.Empty(t, got[0].HiddenReason)
				return
			}
			assert.False(t, got[0].Visible)
			assert.Contains(t, got[0].HiddenReason, tt.reason)
		})
	}
}

func TestPSALinesCarryNames(t *testing.T) {
	got := PSALines(
		[]connector.Account{{ID: "c1", Name: "Acme", Active: true}},
		[]connector.Agreement{{ID: "g1", AccountID: "c1", Name: "Managed Services", Status: "Active"}},
		[]connector.ServiceLine{{ID: "l1", AgreementID: "g1", ProductName: "M365 Business Premium", Quantity: 3}},
		"2026-11-23")
	require.Len(t, got, 1)
	assert.Equal(t, "Acme", got[0].AccountName, "the agreement's company names the line even when the line has no account id")
	assert.Equal(t, "Managed Services", got[0].AgreementName)
	assert.Equal(t, "M365 Business Premium", got[0].ServiceName)
}

func TestPSALinesAlwaysNameTheAgreement(t *testing.T) {
	got := PSALines([]connector.Account{{ID: "c1", Name: "Acme", Active: true}}, nil,
		[]connector.ServiceLine{{ID: "l1", AgreementID: "g9", AccountID: "c1", ProductName: "M365", Quantity: 1}}, "2026-11-23")
	require.Len(t, got, 1)
	assert.Equal(t, "(agreement g9)", got[0].AgreementName, "the CLI contract promises agreement_name on PSA lines")
	assert.Equal(t, "Acme", got[0].AccountName)
	assert.Contains(t, got[0].HiddenReason, "Agreement is not in the cache")
}

func TestVendorLines(t *testing.T) {
	accounts := []connector.Account{{ID: "p1", Name: "Acme Dental Group LLC"}}
	got := VendorLines(accounts, []connector.Subscription{
		{ID: "s1", AccountID: "p1", ProductName: "M365 BP", Quantity: 24, Status: "Active", Active: true},
		{ID: "s2", AccountID: "p1", ProductName: "Old", Quantity: 3, Status: "Cancelled"},
		{ID: "s3", AccountID: "p9", ProductName: "Trial", Quantity: 1, Status: "Trial"},
	}, "2026-11-23")
	require.Len(t, got, 3)
	assert.True(t, got[0].Visible)
	assert.Equal(t, "Acme Dental Group LLC", got[0].AccountName)
	assert.False(t, got[1].Visible)
	assert.Contains(t, got[1].HiddenReason, "Cancelled")
	assert.False(t, got[2].Visible)
	assert.Equal(t, "(customer p9)", got[2].AccountName)
}

func ptr[T any](v T) *T { return &v }

func with[T any](v T, f func(*T)) T {
	f(&v)
	return v
}

func TestBilledQuantity(t *testing.T) {
	for name, tc := range map[string]struct {
		line connector.ServiceLine
		want float64
	}{
		"billable":                     {connector.ServiceLine{Quantity: 12, Billing: connector.BillingBillable}, 12},
		"no billing setting":           {connector.ServiceLine{Quantity: 12}, 12},
		"do not bill":                  {connector.ServiceLine{Quantity: 12, Billing: connector.BillingDoNotBill}, 0},
		"no charge":                    {connector.ServiceLine{Quantity: 12, Billing: "nocharge"}, 0},
		"less included":                {connector.ServiceLine{Quantity: 3, LessIncluded: 1}, 2},
		"all included":                 {connector.ServiceLine{Quantity: 1, LessIncluded: 2}, 0},
		"an unknown setting is billed": {connector.ServiceLine{Quantity: 4, Billing: "SomethingNew"}, 4},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, BilledQuantity(tc.line))
		})
	}
	got := PSALines([]connector.Account{{ID: "c1", Name: "Acme", Active: true}},
		[]connector.Agreement{{ID: "g1", AccountID: "c1", Status: "Active"}},
		[]connector.ServiceLine{{ID: "l1", AgreementID: "g1", Quantity: 3, LessIncluded: 1}}, "2026-11-23")
	assert.Equal(t, 2.0, got[0].BilledQuantity)
	assert.Equal(t, 3.0, got[0].Quantity)
}
