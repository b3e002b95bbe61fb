package autotask

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/trueup/trueup/internal/connector"
)

// companyClass is what TrueUp makes of a company type.
type companyClass int

const (
	classCustomer    companyClass = iota
	classProspect                 // Lead and Prospect: not customers yet
	classVendor                   // a supplier
	classNotCustomer              // Partner, Dead, Cancellation and any other type
)

// companyTypes is the Companies.companyType picklist of one Autotask database. The
// Companies page of the API docs names no values ("To learn how to query picklist
// endpoints, refer to Understanding picklists"), and peers' notes disagree on them, so
// each run reads the picklist from entityInformation/fields: the label names the type in
// the source's words, and an English label (Customer, Lead, Prospect, Vendor, ...) says
// what it is wherever its value sits. A label TrueUp does not know (a translated
// database) falls back to the values of the SOAP API's documented AccountType picklist,
// and so does a run that could not read the picklist.
type companyTypes struct {
	labels map[int]string
}

// companyTypeField is the part of an entityInformation/fields answer TrueUp reads.
type companyTypeField struct {
	Fields []struct {
		Name           string `json:"name"`
		IsPickList     bool   `json:"isPickList"`
		PicklistValues []struct {
			Value flexInt `json:"value"`
			Label string  `json:"label"`
		} `json:"picklistValues"`
	} `json:"fields"`
}

// readCompanyTypes reads the companyType picklist (REST: "GET
// /V1.0/Companies/entityInformation/fields"). Failures other than refused credentials are
// logged and the documented values are used; an answer without the field is the same.
func (r *run) readCompanyTypes(ctx context.Context) (companyTypes, error) {
	body, err := r.cl.call(ctx, entCompanies+" fields", "GET", "V1.0/"+entCompanies+"/entityInformation/fields", "", nil)
	if err != nil {
		if fatal(ctx, err) {
			return companyTypes{}, err
		}
		r.sink.Logf(secCompanies, connector.LevelWarn, "could not read the company types of this Autotask database (%v): the documented type numbers are used", err)
		return companyTypes{}, nil
	}
	types, err := parseCompanyTypes(body)
	if err != nil {
		r.sink.Logf(secCompanies, connector.LevelWarn, "%v: the documented type numbers are used", err)
	}
	return types, nil
}

func parseCompanyTypes(body []byte) (companyTypes, error) {
	var f companyTypeField
	if err := json.Unmarshal(body, &f); err != nil {
		return companyTypes{}, fmt.Errorf("Autotask's list of company types could not be read: %w", err)
	}
	for _, fld := range f.Fields {
		if !strings.EqualFold(fld.Name, "companyType") {
			continue
		}
		t := companyTypes{labels: map[int]string{}}
		for _, v := range fld.PicklistValues {
			if l := strings.TrimSpace(v.Label); l != "" {
				t.labels[int(v.Value)] = l
			}
		}
		return t, nil
	}
	return companyTypes{}, fmt.Errorf("Autotask's Companies fields name no companyType picklist")
}

// name is the type's label: the database's own, else the documented English one.
func (t companyTypes) name(v int) string {
	if l, ok := t.labels[v]; ok {
		return l
	}
	return companyTypeName(v)
}

// class says what a company of type v is: by its English label when it has one, else
// by the documented value.
func (t companyTypes) class(v int) companyClass {
	if l, ok := t.labels[v]; ok {
		switch strings.ToLower(l) {
		case "customer":
			return classCustomer
		case "lead", "prospect":
			return classProspect
		case "vendor":
			return classVendor
		case "partner", "dead", "cancellation":
			return classNotCustomer
		}
	}
	switch v {
	case companyCustomer:
		return classCustomer
	case companyLead, companyProspect:
		return classProspect
	case companyVendor:
		return classVendor
	}
	return classNotCustomer
}
