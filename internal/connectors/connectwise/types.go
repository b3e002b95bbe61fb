package connectwise

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// The API's JSON, reduced to what TrueUp reads. Every field is optional: ConnectWise leaves
// out nulls, `fields=` trims records, and enums (agreementStatus, billCustomer) stay strings
// because sites and versions add values.

// cwID is a record id. ConnectWise sends integers; strings are accepted too.
type cwID int64

func (id *cwID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*id = 0
		return nil
	}
	s := strings.Trim(string(b), `"`)
	if s == "" {
		*id = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != float64(int64(f)) {
			return fmt.Errorf("id %s is not a whole number", b)
		}
		n = int64(f)
	}
	*id = cwID(n)
	return nil
}

// String renders the id as TrueUp stores it ("" for a missing id).
func (id cwID) String() string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(int64(id), 10)
}

// number is a decimal that ConnectWise may also send as a string or null.
type number float64

func (n *number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*n = 0
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("%s is not a number", b)
	}
	*n = number(f)
	return nil
}

// ref is a reference to another record ({"id":..,"name":..,"identifier":..}).
type ref struct {
	ID         cwID   `json:"id"`
	Name       string `json:"name"`
	Identifier string `json:"identifier"`
}

// info is the "_info" metadata.
type info struct {
	LastUpdated string `json:"lastUpdated"`
	UpdatedBy   string `json:"updatedBy"`
}

// apiCompanyType is a row of /company/companies/types.
type apiCompanyType struct {
	ID         cwID   `json:"id"`
	Name       string `json:"name"`
	VendorFlag bool   `json:"vendorFlag"`
}

// apiCompany is a row of /company/companies.
type apiCompany struct {
	ID           cwID   `json:"id"`
	Identifier   string `json:"identifier"`
	Name         string `json:"name"`
	Status       *ref   `json:"status"`
	Types        []ref  `json:"types"`
	Type         *ref   `json:"type"` // older API versions had a single type
	IsVendorFlag bool   `json:"isVendorFlag"`
	DeletedFlag  bool   `json:"deletedFlag"`
	Info         info   `json:"_info"`
}

// apiAgreement is a row of /finance/agreements.
type apiAgreement struct {
	ID               cwID   `json:"id"`
	Name             string `json:"name"`
	Type             *ref   `json:"type"`
	Company          *ref   `json:"company"`
	StartDate        string `json:"startDate"`
	EndDate          string `json:"endDate"`
	NoEndingDateFlag bool   `json:"noEndingDateFlag"`
	CancelledFlag    bool   `json:"cancelledFlag"`
	DateCancelled    string `json:"dateCancelled"`
	AgreementStatus  string `json:"agreementStatus"`
	ProrateFlag      bool   `json:"prorateFlag"`
	Info             info   `json:"_info"`
}

// apiAddition is a row of /finance/agreements/{id}/additions.
type apiAddition struct {
	ID            cwID   `json:"id"`
	Product       *ref   `json:"product"`
	Quantity      number `json:"quantity"`
	LessIncluded  number `json:"lessIncluded"`
	UnitPrice     number `json:"unitPrice"`
	UnitCost      number `json:"unitCost"`
	BillCustomer  string `json:"billCustomer"`
	EffectiveDate string `json:"effectiveDate"`
	CancelledDate string `json:"cancelledDate"`
	AgreementID   cwID   `json:"agreementId"`
	Description   string `json:"description"`
	Info          info   `json:"_info"`
}

// apiCatalogItem is a row of /procurement/catalog.
type apiCatalogItem struct {
	ID                     cwID   `json:"id"`
	Identifier             string `json:"identifier"`
	Description            string `json:"description"`
	CustomerDescription    string `json:"customerDescription"`
	InactiveFlag           bool   `json:"inactiveFlag"`
	Price                  number `json:"price"`
	Cost                   number `json:"cost"`
	VendorSku              string `json:"vendorSku"`
	ManufacturerPartNumber string `json:"manufacturerPartNumber"`
	Manufacturer           *ref   `json:"manufacturer"`
	Vendor                 *ref   `json:"vendor"`
	RecurringFlag          bool   `json:"recurringFlag"`
	Info                   info   `json:"_info"`
}

// idOnly is a row of an id sweep (fields=id).
type idOnly struct {
	ID cwID `json:"id"`
}

// decode unmarshals one raw record, naming the endpoint when it does not fit.
func decode[T any](endpoint string, raw json.RawMessage) (T, error) {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fmt.Errorf("%s: a record could not be read: %w", endpoint, err)
	}
	return v, nil
}
