package connectwise

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

func TestMapCompany(t *testing.T) {
	types := newTypeIndex([]apiCompanyType{
		{ID: 1, Name: "Customer"}, {ID: 2, Name: "Prospect"},
		{ID: 3, Name: "Supplier", VendorFlag: true}, {ID: 4, Name: "Vendor"},
	})
	updated := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	tests := []struct {
		name string
		raw  string
		want connector.Account
	}{
		{"active customer",
			`{"id":250,"identifier":"Acme","name":"Acme Dental","status":{"id":1,"name":"Active"},"types":[{"id":1,"name":"Customer"}],"isVendorFlag":false,"deletedFlag":false,"_info":{"lastUpdated":"2026-03-04T05:06:07Z"}}`,
			connector.Account{ID: "250", Name: "Acme Dental", Status: "Active", Type: "Customer", Active: true, UpdatedAt: updated}},
		{"vendor by the type's vendorFlag, whatever its name",
			`{"id":"251","name":"Pax Dist","status":{"name":"Active"},"types":[{"id":3,"name":"Supplier"},{"id":1,"name":"Customer"}]}`,
			connector.Account{ID: "251", Name: "Pax Dist", Status: "Active", Type: "Supplier, Customer", Active: true, Vendor: true}},
		{"vendor by type name",
			`{"id":252,"name":"V","types":[{"id":4,"name":"Vendor"}]}`,
			connector.Account{ID: "252", Name: "V", Type: "Vendor", Vendor: true}},
		{"vendor by isVendorFlag; type name looked up when missing",
			`{"id":253,"name":"W","isVendorFlag":true,"types":[{"id":2}]}`,
			connector.Account{ID: "253", Name: "W", Type: "Prospect", Vendor: true, Prospect: true}},
		{"prospect, inactive, deleted, custom status",
			`{"id":254,"name":"P","status":{"id":9,"name":"Not-Approved"},"types":[{"id":2,"name":"prospect"}],"deletedFlag":true}`,
			connector.Account{ID: "254", Name: "P", Status: "Not-Approved", Type: "prospect", Prospect: true, Deleted: true}},
		{"older single type, no name: identifier",
			`{"id":255,"identifier":"OldCo","type":{"id":1,"name":"Customer"},"status":{"name":"active"},"_info":{"lastUpdated":"2026-03-04T05:06:07"}}`,
			connector.Account{ID: "255", Name: "OldCo", Status: "active", Type: "Customer", Active: true, UpdatedAt: updated}},
		{"null fields",
			`{"id":256,"name":"N","status":null,"types":null,"_info":null}`,
			connector.Account{ID: "256", Name: "N"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mapCompany(json.RawMessage(tc.raw), types)
			require.NoError(t, err)
			tc.want.Raw = json.RawMessage(tc.raw)
			assert.Equal(t, tc.want, got)
		})
	}
	for _, bad := range []string{`{"name":"no id"}`, `{"id":"x1"}`, `[1]`, `{"id":1.5}`} {
		_, err := mapCompany(json.RawMessage(bad), types)
		assert.Error(t, err, bad)
	}
}

func TestMapAgreement(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want connector.Agreement
	}{
		{"active, no end date",
			`{"id":1001,"name":"Managed Services","type":{"id":7,"name":"Managed Services"},"company":{"id":250,"identifier":"Acme","name":"Acme"},"startDate":"2025-09-01T00:00:00Z","endDate":"2099-01-01T00:00:00Z","noEndingDateFlag":true,"cancelledFlag":false,"agreementStatus":"Active"}`,
			connector.Agreement{ID: "1001", AccountID: "250", Name: "Managed Services", Type: "Managed Services", Status: "Active", StartDate: "2025-09-01"}},
		{"expired with end date",
			`{"id":1002,"company":{"id":251},"startDate":"2024-01-01T00:00:00Z","endDate":"2026-10-31T00:00:00Z","agreementStatus":"Expired"}`,
			connector.Agreement{ID: "1002", AccountID: "251", Status: "Expired", StartDate: "2024-01-01", EndDate: "2026-10-31"}},
		{"cancelled by flag",
			`{"id":1003,"company":{"id":252},"cancelledFlag":true,"agreementStatus":"Active"}`,
			connector.Agreement{ID: "1003", AccountID: "252", Status: "Active", Cancelled: true}},
		{"cancelled by status; unknown enum kept",
			`{"id":1004,"company":{"id":253},"agreementStatus":"cancelled"}`,
			connector.Agreement{ID: "1004", AccountID: "253", Status: "cancelled", Cancelled: true}},
		{"an unknown status stays a string; dates as written, offsets ignored",
			`{"id":1005,"company":{"id":254},"agreementStatus":"Suspended","startDate":"2026-02-01T00:00:00-05:00","endDate":"garbage"}`,
			connector.Agreement{ID: "1005", AccountID: "254", Status: "Suspended", StartDate: "2026-02-01"}},
		{"prorated",
			`{"id":1006,"company":{"id":255},"agreementStatus":"Active","prorateFlag":true}`,
			connector.Agreement{ID: "1006", AccountID: "255", Status: "Active", Prorate: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mapAgreement(json.RawMessage(tc.raw))
			require.NoError(t, err)
			tc.want.Raw = json.RawMessage(tc.raw)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestMapAddition(t *testing.T) {
	p := parent{id: "1001", accountID: "250"}
	tests := []struct {
		name string
		raw  string
		want connector.ServiceLine
	}{
		{"licence line",
			`{"id":5001,"product":{"id":301,"identifier":"M365-BP"},"quantity":24,"unitPrice":26.4,"unitCost":22,"billCustomer":"Billable","effectiveDate":"2025-09-01T00:00:00Z","agreementId":1001,"description":"M365 Business Premium","_info":{"lastUpdated":"2026-11-01T10:00:00Z"}}`,
			connector.ServiceLine{ID: "5001", AgreementID: "1001", AccountID: "250", ProductID: "301", ProductName: "M365 Business Premium",
				Quantity: 24, Billing: connector.BillingBillable, UnitPrice: 26.4, UnitCost: 22, EffectiveDate: "2025-09-01", UpdatedAt: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)}},
		{"included units and a not-billed line are source facts",
			`{"id":5007,"product":{"id":403,"identifier":"CLOUD-BACKUP-TB"},"quantity":3,"lessIncluded":"1","billCustomer":"NoCharge"}`,
			connector.ServiceLine{ID: "5007", AgreementID: "1001", AccountID: "250", ProductID: "403", ProductName: "CLOUD-BACKUP-TB", Quantity: 3, LessIncluded: 1, Billing: connector.BillingNoCharge}},
		{"no description: product identifier; numbers as strings",
			`{"id":5002,"product":{"id":"302","identifier":"EXO-P1"},"quantity":"3.5","unitPrice":null,"billCustomer":"SomethingNew"}`,
			connector.ServiceLine{ID: "5002", AgreementID: "1001", AccountID: "250", ProductID: "302", ProductName: "EXO-P1", Quantity: 3.5, Billing: "SomethingNew"}},
		// Whether a cancelled date has passed is judged by the visibility rules on the day
		// they run, not frozen into the cache on the day of the sync.
		{"cancelled in the past: the date is stored, not judged",
			`{"id":5003,"product":{"id":1,"identifier":"X"},"quantity":5,"cancelledDate":"2026-10-10T00:00:00Z"}`,
			connector.ServiceLine{ID: "5003", AgreementID: "1001", AccountID: "250", ProductID: "1", ProductName: "X", Quantity: 5, CancelledDate: "2026-10-10"}},
		{"cancelled today: the date is stored, not judged",
			`{"id":5004,"product":{"id":1,"identifier":"X"},"cancelledDate":"2026-11-20T00:00:00Z"}`,
			connector.ServiceLine{ID: "5004", AgreementID: "1001", AccountID: "250", ProductID: "1", ProductName: "X", CancelledDate: "2026-11-20"}},
		{"cancellation in the future",
			`{"id":5005,"product":{"id":1,"identifier":"X"},"cancelledDate":"2026-12-31T00:00:00Z"}`,
			connector.ServiceLine{ID: "5005", AgreementID: "1001", AccountID: "250", ProductID: "1", ProductName: "X", CancelledDate: "2026-12-31"}},
		{"no product at all",
			`{"id":5006,"quantity":1}`,
			connector.ServiceLine{ID: "5006", AgreementID: "1001", AccountID: "250", ProductName: "Addition 5006", Quantity: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mapAddition(json.RawMessage(tc.raw), p)
			require.NoError(t, err)
			tc.want.Raw = json.RawMessage(tc.raw)
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := mapAddition(json.RawMessage(`{"id":7,"quantity":"lots"}`), p)
	assert.Error(t, err)
}

func TestMapCatalogItem(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want connector.Product
	}{
		{"licence item with vendor SKU",
			`{"id":301,"identifier":"M365-BUSINESS-PREMIUM","description":"M365 Business Premium","inactiveFlag":false,"price":26.4,"cost":22,"vendorSku":"CFQ7TTC0LCHC","manufacturerPartNumber":"MPN-1","manufacturer":{"id":900,"name":"Microsoft"},"recurringFlag":true,"_info":{"lastUpdated":"2026-10-01T09:00:00Z"}}`,
			connector.Product{ID: "301", Identifier: "M365-BUSINESS-PREMIUM", Name: "M365 Business Premium", Vendor: "Microsoft", VendorSKU: "CFQ7TTC0LCHC",
				Price: 26.4, Cost: 22, Recurring: true, UpdatedAt: time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)}},
		{"only a manufacturer part number; numbers as strings; inactive",
			`{"id":"499","identifier":"SPAM-LEGACY","price":"2","cost":null,"manufacturerPartNumber":" MPN-9 ","vendor":{"id":5,"identifier":"Acme"},"inactiveFlag":true}`,
			connector.Product{ID: "499", Identifier: "SPAM-LEGACY", Name: "SPAM-LEGACY", Vendor: "Acme", VendorSKU: "MPN-9", Price: 2, Inactive: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mapCatalogItem(json.RawMessage(tc.raw))
			require.NoError(t, err)
			tc.want.Raw = json.RawMessage(tc.raw)
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := mapCatalogItem(json.RawMessage(`{"identifier":"no id"}`))
	assert.Error(t, err)
}
