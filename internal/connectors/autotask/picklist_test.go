package autotask

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
)

// accountsByName syncs the database in full and returns its accounts by name.
func accountsByName(t *testing.T, srv *atsim.Server) (map[string]connector.Account, []string) {
	t.Helper()
	c, _ := newConn(t, srv, atsim.DemoCredentials())
	rec := fullSync(t, c)
	assert.Empty(t, rec.Failures)
	out := map[string]connector.Account{}
	for _, a := range rec.Accounts {
		out[a.Name] = a
	}
	return out, logTexts(rec, secCompanies)
}

// The company types come from the database's own picklist: a database whose Vendor type
// sits at another value, and whose Customer label is translated, is still read right,
// and Type quotes the database's own words.
func TestCompanyTypesFollowTheDatabasesPicklist(t *testing.T) {
	data := atsim.DemoDataset(testToday)
	for i := range data.Companies {
		if data.Companies[i].CompanyName == "Silverline Telecom" {
			require.Equal(t, atsim.CompanyTypeVendor, data.Companies[i].CompanyType)
			data.Companies[i].CompanyType = 5
		}
	}
	srv := startSim(t, data, atsim.Options{CompanyTypeLabels: map[int]string{
		atsim.CompanyTypeCustomer: "Kunde", // unknown word: the documented value says Customer
		atsim.CompanyTypeProspect: "Prospect",
		5:                         "Vendor", // the label says Vendor wherever it sits
		atsim.CompanyTypeVendor:   "Lieferant",
	}})
	acc, _ := accountsByName(t, srv)

	acme := acc["Acme Dental Group"]
	assert.Equal(t, "Kunde", acme.Type, "Type quotes the database's label")
	assert.False(t, acme.Prospect || acme.Vendor || acme.NotCustomer, "value 1 is Customer")

	vendor := acc["Silverline Telecom"]
	assert.Equal(t, "Vendor", vendor.Type)
	assert.True(t, vendor.Vendor, "the Vendor label at value 5 makes a vendor")
	assert.False(t, vendor.NotCustomer)

	partner := acc["Lakeshore IT Partners"]
	assert.Equal(t, "Partner", partner.Type, "a value the picklist lacks keeps the documented label")
	assert.True(t, partner.NotCustomer)
}

// Without the picklist (an older database, a permission it lacks) the documented values
// are used, the log says so, and the run is not partial.
func TestCompanyTypesWithoutThePicklistUseTheDocumentedValues(t *testing.T) {
	srv := startSim(t, atsim.DemoDataset(testToday), atsim.Options{})
	srv.AddFault(atsim.Fault{PathContains: "entityInformation/fields", Status: http.StatusNotFound, Times: -1})
	acc, logs := accountsByName(t, srv)

	assert.Equal(t, "Customer", acc["Acme Dental Group"].Type)
	assert.True(t, acc["Silverline Telecom"].Vendor)
	assert.True(t, acc["Quarry Lane Studios"].Prospect)
	assert.True(t, acc["Lakeshore IT Partners"].NotCustomer)
	assert.Contains(t, strings.Join(logs, "\n"), "could not read the company types of this Autotask database")
}

func TestParseCompanyTypes(t *testing.T) {
	cases := []struct {
		name, body string
		want       map[int]string
		err        string
	}{
		{"string values", `{"fields":[{"name":"companyName"},{"name":"companyType","isPickList":true,"picklistValues":[{"value":"1","label":"Customer"},{"value":"7","label":" Vendor "}]}]}`,
			map[int]string{1: "Customer", 7: "Vendor"}, ""},
		{"number values", `{"fields":[{"name":"companytype","picklistValues":[{"value":3,"label":"Prospect"},{"value":4,"label":""}]}]}`,
			map[int]string{3: "Prospect"}, ""},
		{"no such field", `{"fields":[{"name":"companyName"}]}`, nil, "no companyType picklist"},
		{"not JSON", `<html>`, nil, "could not be read"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseCompanyTypes([]byte(tc.body))
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.labels)
		})
	}
}
