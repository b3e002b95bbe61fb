package pax8

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/sim"
)

var uuidShape = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestDemoDatasetMatchesTheLicenceRule(t *testing.T) {
	d := DemoDataset(testToday)
	companyByName := map[string]Company{}
	for _, c := range d.Companies {
		companyByName[c.Name] = c
	}
	products := map[string]Product{}
	for _, p := range d.Products {
		products[p.ID] = p
	}

	for i, c := range sim.DemoCustomers() {
		if c.VendorName == "" {
			assert.NotContains(t, companyByName, c.Name)
			continue
		}
		co, ok := companyByName[c.VendorName]
		require.True(t, ok, "customer %s has no Pax8 company", c.VendorName)
		if c.Situation.Left() {
			assert.Equal(t, "Inactive", co.Status, "%s left", c.Name)
		} else {
			assert.Equal(t, "Active", co.Status)
		}

		active := map[string]Subscription{}
		for _, s := range d.Subscriptions {
			if s.CompanyID == co.ID && s.Status == "Active" {
				active[products[s.ProductID].Name] = s
			}
		}
		licences := sim.VendorLicences(i, c)
		assert.Len(t, active, len(licences), "customer %s", c.VendorName)
		for _, l := range licences {
			s, ok := active[l.Product.VendorName]
			if assert.True(t, ok, "%s lacks %s", c.VendorName, l.Product.VendorName) {
				assert.EqualValues(t, l.Quantity, s.Quantity)
				assert.Equal(t, l.Product.UnitPrice, s.Price)
				assert.Equal(t, l.Product.PartnerCost(), s.PartnerCost)
				assert.Contains(t, []string{"Monthly", "Annual"}, s.BillingTerm)
				assert.Equal(t, l.Product.VendorName, s.ProductName)
				assert.Equal(t, l.Product.Vendor, products[s.ProductID].VendorName)
			}
		}
	}
}

func TestDemoDatasetCases(t *testing.T) {
	d := DemoDataset(testToday)
	byCompany := map[string][]Subscription{}
	for _, s := range d.Subscriptions {
		byCompany[s.CompanyID] = append(byCompany[s.CompanyID], s)
	}
	for i, c := range sim.DemoCustomers() {
		if c.Situation != sim.CancelledAtVendor {
			continue
		}
		main := sim.DemoLicences(i, c)[0].Product.VendorName
		var statuses []string
		for _, s := range byCompany[DemoCompanyID(c.VendorName)] {
			if s.ProductName == main {
				statuses = append(statuses, s.Status)
			}
		}
		assert.Equal(t, []string{"Cancelled"}, statuses, "%s cancelled its main licence here", c.Name)
	}
	for _, st := range sim.DemoSites() {
		subs := byCompany[DemoCompanyID(st.VendorName)]
		require.Len(t, subs, 1, "the branch %s holds one licence", st.VendorName)
		assert.EqualValues(t, st.Seats, subs[0].Quantity)
	}
	drift := 0
	for _, s := range d.Subscriptions {
		for _, p := range sim.DemoProducts() {
			if p.VendorName == s.ProductName && s.PartnerCost != p.UnitCost {
				drift++
			}
		}
	}
	assert.Positive(t, drift, "some partner costs differ from the PSA catalog's")
}

func TestDemoDatasetRealism(t *testing.T) {
	d := DemoDataset(testToday)
	status := map[string]int{}
	terms := map[string]int{}
	for _, s := range d.Subscriptions {
		status[s.Status]++
		terms[s.BillingTerm]++
		assert.True(t, s.UpdatedDate.Before(testToday), "updatedDate %s is not in the past", s.UpdatedDate)
		assert.False(t, s.CreatedDate.After(s.UpdatedDate))
		assert.True(t, s.StartDate.After(s.CreatedDate))
		if s.BillingTerm == "Annual" {
			require.NotNil(t, s.CommitmentTerm)
			assert.Equal(t, "Annual", s.CommitmentTerm.Term)
		}
	}
	assert.GreaterOrEqual(t, status["Cancelled"], 3)
	assert.Equal(t, 1, status["Trial"])
	assert.Equal(t, 1, status["PendingManual"])
	assert.Positive(t, terms["Annual"])
	assert.Greater(t, terms["Monthly"], terms["Annual"])

	var inactive []Company
	for _, c := range d.Companies {
		if c.Status == "Inactive" {
			inactive = append(inactive, c)
		}
	}
	left := 1 // the former customer Old Mill Print Shop
	for _, c := range sim.DemoCustomers() {
		if c.VendorName != "" && c.Situation.Left() {
			left++
		}
	}
	require.Len(t, inactive, left)
	for _, co := range inactive {
		n := 0
		for _, s := range d.Subscriptions {
			if s.CompanyID == co.ID {
				n++
				assert.Equal(t, "Cancelled", s.Status, "%s is inactive", co.Name)
			}
		}
		assert.Positive(t, n, "%s has cancelled subscriptions", co.Name)
	}
	assertIntegrity(t, d)
}

func TestDatasetsAreDeterministic(t *testing.T) {
	assert.Equal(t, DemoDataset(testToday), DemoDataset(testToday))
	assert.Equal(t, LargeDataset(42, 50, 500, testToday), LargeDataset(42, 50, 500, testToday))
	assert.NotEqual(t, LargeDataset(42, 50, 500, testToday).Subscriptions[0].ID, LargeDataset(43, 50, 500, testToday).Subscriptions[0].ID)
}

func TestLargeDataset(t *testing.T) {
	d := LargeDataset(1, 120, 3000, testToday)
	assert.Len(t, d.Companies, 120)
	assert.Len(t, d.Subscriptions, 3000)
	status := map[string]int{}
	for _, s := range d.Subscriptions {
		status[s.Status]++
		assert.Positive(t, s.Quantity)
	}
	assert.Greater(t, status["Active"], 3000*7/10)
	assert.Positive(t, status["Cancelled"])
	assertIntegrity(t, d)

	empty := LargeDataset(1, 0, 0, testToday)
	assert.Empty(t, empty.Subscriptions)
}

func assertIntegrity(t *testing.T, d *Dataset) {
	t.Helper()
	ids := map[string]bool{}
	unique := func(id string) {
		assert.Regexp(t, uuidShape, id)
		assert.False(t, ids[id], "duplicate id %s", id)
		ids[id] = true
	}
	companies := map[string]bool{}
	for _, c := range d.Companies {
		unique(c.ID)
		companies[c.ID] = true
		assert.NotEmpty(t, c.Name)
	}
	products := map[string]bool{}
	for _, p := range d.Products {
		unique(p.ID)
		products[p.ID] = true
	}
	for _, s := range d.Subscriptions {
		unique(s.ID)
		assert.True(t, companies[s.CompanyID], "subscription %s: unknown company", s.ID)
		assert.True(t, products[s.ProductID], "subscription %s: unknown product", s.ID)
	}
}

func TestCloneIsDeep(t *testing.T) {
	d := DemoDataset(testToday)
	c := d.Clone()
	for i := range c.Subscriptions {
		if c.Subscriptions[i].CommitmentTerm != nil {
			c.Subscriptions[i].CommitmentTerm.Term = "changed"
			assert.NotEqual(t, "changed", d.Subscriptions[i].CommitmentTerm.Term)
			break
		}
	}
	c.Companies[0].Name = "changed"
	assert.NotEqual(t, "changed", d.Companies[0].Name)
}
