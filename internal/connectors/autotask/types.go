package autotask

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// flexInt is an integer that may arrive as a JSON number (also 7.0) or a numeric string:
// Autotask's picklists and ids are integers, clients in the wild send both forms, and a
// proxy or a newer API version must not break the sync.
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		*f = 0
		return nil
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*f = 0
			return nil
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v != math.Trunc(v) || math.Abs(v) > 1<<53 {
		return fmt.Errorf("%s is not a whole number", truncate(string(b), 40))
	}
	*f = flexInt(v)
	return nil
}

func (f flexInt) String() string { return strconv.FormatInt(int64(f), 10) }

// flexFloat is a number that may arrive as a JSON number or a numeric string.
type flexFloat float64

func (f *flexFloat) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		*f = 0
		return nil
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s = strings.TrimSpace(s); s == "" {
			*f = 0
			return nil
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s is not a number", truncate(string(b), 40))
	}
	*f = flexFloat(v)
	return nil
}

// flexBool is a boolean that may arrive as true/false, 1/0 or their strings.
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	s := strings.ToLower(strings.Trim(strings.TrimSpace(string(b)), `"`))
	switch s {
	case "true", "1":
		*f = true
	case "false", "0", "", "null":
		*f = false
	default:
		return fmt.Errorf("%s is not a boolean", truncate(string(b), 40))
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// The records as the API sends them: only the fields TrueUp reads.
type apiCompany struct {
	ID                          flexInt  `json:"id"`
	CompanyName                 string   `json:"companyName"`
	CompanyType                 flexInt  `json:"companyType"`
	IsActive                    flexBool `json:"isActive"`
	LastTrackedModifiedDateTime string   `json:"lastTrackedModifiedDateTime"`
}

type apiContract struct {
	ID                   flexInt `json:"id"`
	CompanyID            flexInt `json:"companyID"`
	ContractName         string  `json:"contractName"`
	ContractType         flexInt `json:"contractType"`
	Status               flexInt `json:"status"`
	StartDate            string  `json:"startDate"`
	EndDate              string  `json:"endDate"`
	LastModifiedDateTime string  `json:"lastModifiedDateTime"`
}

type apiContractService struct {
	ID                 flexInt    `json:"id"`
	ContractID         flexInt    `json:"contractID"`
	ServiceID          flexInt    `json:"serviceID"`
	UnitPrice          *flexFloat `json:"unitPrice"`
	UnitCost           *flexFloat `json:"unitCost"`
	AdjustedPrice      *flexFloat `json:"adjustedPrice"`
	InvoiceDescription string     `json:"invoiceDescription"`
}

type apiUnit struct {
	ID                flexInt   `json:"id"`
	ContractID        flexInt   `json:"contractID"`
	ContractServiceID flexInt   `json:"contractServiceID"`
	Units             flexFloat `json:"units"`
	StartDate         string    `json:"startDate"`
	EndDate           string    `json:"endDate"`
}

type apiService struct {
	ID               flexInt    `json:"id"`
	Name             string     `json:"name"`
	Description      string     `json:"description"`
	SKU              string     `json:"sku"`
	UnitCost         *flexFloat `json:"unitCost"`
	UnitPrice        *flexFloat `json:"unitPrice"`
	IsActive         *flexBool  `json:"isActive"`
	LastModifiedDate string     `json:"lastModifiedDate"`
}

// page is one answer of a query.
type page struct {
	Items       []json.RawMessage `json:"items"`
	PageDetails struct {
		Count        flexInt `json:"count"`
		RequestCount flexInt `json:"requestCount"`
		PrevPageURL  *string `json:"prevPageUrl"`
		NextPageURL  *string `json:"nextPageUrl"`
	} `json:"pageDetails"`
}

// idOnly reads the id of any record.
type idOnly struct {
	ID flexInt `json:"id"`
}

// decodePage reads a query answer.
func decodePage(body []byte) (page, error) {
	var p page
	b := bytes.TrimSpace(body)
	if len(b) == 0 || b[0] != '{' {
		return p, fmt.Errorf("the answer is not a JSON object")
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, err
	}
	return p, nil
}

// decode reads one record of entity.
func decode[T any](entity string, raw json.RawMessage) (T, error) {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fmt.Errorf("%s: a record could not be read: %w", entity, err)
	}
	return v, nil
}
