package autotask

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// companyTypeLabels are the Companies.companyType picklist entries an English Autotask
// database answers (CompaniesEntity.htm points to entityInformation for picklists instead
// of listing them; these are the values the SOAP Account entity documented).
var companyTypeLabels = map[int]string{
	CompanyTypeCustomer:     "Customer",
	CompanyTypeLead:         "Lead",
	CompanyTypeProspect:     "Prospect",
	CompanyTypeDead:         "Dead",
	CompanyTypeCancellation: "Cancellation",
	CompanyTypeVendor:       "Vendor",
	CompanyTypePartner:      "Partner",
}

// picklistValue is one entry of a picklist field, as entityInformation/fields words it:
// the value is a string even for integer picklists.
type picklistValue struct {
	Value          string `json:"value"`
	Label          string `json:"label"`
	IsDefaultValue bool   `json:"isDefaultValue"`
	SortOrder      int    `json:"sortOrder"`
	ParentValue    string `json:"parentValue"`
	IsActive       bool   `json:"isActive"`
	IsSystem       bool   `json:"isSystem"`
}

type fieldInfo struct {
	Name              string          `json:"name"`
	DataType          string          `json:"dataType"`
	IsRequired        bool            `json:"isRequired"`
	IsReadOnly        bool            `json:"isReadOnly"`
	IsQueryable       bool            `json:"isQueryable"`
	IsReference       bool            `json:"isReference"`
	ReferenceEntity   string          `json:"referenceEntityType"`
	IsPickList        bool            `json:"isPickList"`
	PicklistValues    []picklistValue `json:"picklistValues"`
	PicklistParentVal string          `json:"picklistParentValueField"`
	IsSupportedWebhk  bool            `json:"isSupportedWebhookField"`
}

// entityFields answers GET /V1.0/{entity}/entityInformation/fields: the fields of the
// entity's records, with the picklist entries of Companies.companyType (the labels the
// database uses: Options.CompanyTypeLabels, else the English ones).
func (s *Server) entityFields(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("entity")
	t := s.table(name)
	if t == nil {
		writeError(w, http.StatusNotFound, "The entity "+name+" does not exist.")
		return
	}
	var fields []fieldInfo
	for _, f := range t.keys {
		fi := fieldInfo{Name: f, DataType: "string", IsQueryable: true, IsReadOnly: f == "id"}
		if strings.EqualFold(name, "companies") && f == "companyType" {
			fi.DataType, fi.IsPickList, fi.IsRequired = "integer", true, true
			fi.PicklistValues = s.companyTypePicklist()
		}
		fields = append(fields, fi)
	}
	writeJSON(w, map[string]any{"fields": fields})
}

func (s *Server) companyTypePicklist() []picklistValue {
	labels := s.opts.CompanyTypeLabels
	if labels == nil {
		labels = companyTypeLabels
	}
	values := make([]int, 0, len(labels))
	for v := range labels {
		values = append(values, v)
	}
	sort.Ints(values)
	out := make([]picklistValue, 0, len(values))
	for i, v := range values {
		out = append(out, picklistValue{Value: strconv.Itoa(v), Label: labels[v], SortOrder: i + 1,
			IsActive: true, IsSystem: true, IsDefaultValue: v == CompanyTypeCustomer})
	}
	return out
}
