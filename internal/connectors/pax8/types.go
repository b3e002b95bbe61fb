package pax8

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The wire types below follow the Partner API schemas (Company, Subscription, ProductDetail,
// Page, Error) but decode tolerantly: independent implementations of the API and the real
// service differ in small ways (numbers sent as strings, IDs as numbers, missing optional
// fields, enum values we have never seen), and none of that should fail a sync.

// tokenResponse is the answer of POST /token.
type tokenResponse struct {
	AccessToken string    `json:"access_token"`
	ExpiresIn   flexFloat `json:"expires_in"`
	TokenType   string    `json:"token_type"`
}

// apiError is the documented error envelope {type, message, instance, status, details[]};
// the token endpoint answers OAuth-style {error, error_description} instead, so both are read.
type apiError struct {
	Type             flexString    `json:"type"`
	Message          flexString    `json:"message"`
	Status           flexFloat     `json:"status"`
	Details          []errorDetail `json:"details"`
	Error            flexString    `json:"error"`
	ErrorDescription flexString    `json:"error_description"`
}

type errorDetail struct {
	Message flexString `json:"message"`
}

// text is the most useful human message in the body, or "".
func (e apiError) text() string {
	var parts []string
	if m := strings.TrimSpace(string(e.Message)); m != "" {
		parts = append(parts, m)
	} else if d := strings.TrimSpace(string(e.ErrorDescription)); d != "" {
		parts = append(parts, d)
	}
	for _, d := range e.Details {
		if m := strings.TrimSpace(string(d.Message)); m != "" && len(parts) < 4 {
			parts = append(parts, m)
		}
	}
	return strings.Join(parts, "; ")
}

// code is the machine-readable error word (envelope type or OAuth error), or "".
func (e apiError) code() string {
	if c := strings.TrimSpace(string(e.Error)); c != "" {
		return c
	}
	return strings.TrimSpace(string(e.Type))
}

func parseAPIError(body []byte) apiError {
	var e apiError
	_ = json.Unmarshal(body, &e) // an unreadable body simply carries no message
	return e
}

// pageMeta is the documented Page object. Some Pax8 surfaces (quoting) use pageInfo with
// page/totalRecords instead; both are read.
type pageMeta struct {
	Size          flexInt `json:"size"`
	TotalElements flexInt `json:"totalElements"`
	TotalPages    flexInt `json:"totalPages"`
	Number        flexInt `json:"number"`
	Page          flexInt `json:"page"`
	TotalRecords  flexInt `json:"totalRecords"`
}

type pageEnvelope struct {
	Content  []json.RawMessage `json:"content"`
	Page     *pageMeta         `json:"page"`
	PageInfo *pageMeta         `json:"pageInfo"`
}

// meta returns the paging block and whether the answer had one.
func (p pageEnvelope) meta() (total, pages int, ok bool) {
	m := p.Page
	if m == nil {
		m = p.PageInfo
	}
	if m == nil {
		return 0, 0, false
	}
	total = int(m.TotalElements)
	if total == 0 {
		total = int(m.TotalRecords)
	}
	return total, int(m.TotalPages), true
}

type company struct {
	ID          flexString `json:"id"`
	Name        flexString `json:"name"`
	Status      flexString `json:"status"`
	UpdatedDate flexString `json:"updatedDate"`
}

type subscription struct {
	ID          flexString `json:"id"`
	CompanyID   flexString `json:"companyId"`
	ProductID   flexString `json:"productId"`
	ProductName flexString `json:"productName"`
	Quantity    flexFloat  `json:"quantity"`
	StartDate   flexString `json:"startDate"`
	EndDate     flexString `json:"endDate"`
	CreatedDate flexString `json:"createdDate"`
	UpdatedDate flexString `json:"updatedDate"`
	Status      flexString `json:"status"`
	Price       flexFloat  `json:"price"`
	PartnerCost flexFloat  `json:"partnerCost"`
	Currency    flexString `json:"currencyCode"`
	BillingTerm flexString `json:"billingTerm"`
}

// product is the Product/ProductDetail schema of GET /products/{id}. It carries no price
// or cost: Pax8 bills per subscription (price, partnerCost there).
type product struct {
	ID         flexString `json:"id"`
	Name       flexString `json:"name"`
	VendorName flexString `json:"vendorName"`
	SKU        flexString `json:"sku"`
	VendorSKU  flexString `json:"vendorSku"`
}

// flexString accepts a JSON string, number, boolean or null.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*s = ""
	case b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
	case b[0] == '{' || b[0] == '[':
		return fmt.Errorf("want a string, got %.20s", b)
	default:
		*s = flexString(b) // a number or boolean, kept as written
	}
	return nil
}

// flexFloat accepts a JSON number, a numeric string ("12.50", "") or null.
type flexFloat float64

func (f *flexFloat) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
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
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("want a number, got %.20s", b)
	}
	*f = flexFloat(v)
	return nil
}

// flexInt is a flexFloat rounded down to an int (page numbers sent as 10.0, "10", ...).
type flexInt int

func (n *flexInt) UnmarshalJSON(b []byte) error {
	var f flexFloat
	if err := f.UnmarshalJSON(b); err != nil {
		return err
	}
	if f > math.MaxInt32 || f < math.MinInt32 {
		return fmt.Errorf("number out of range: %.20s", b)
	}
	*n = flexInt(math.Floor(float64(f)))
	return nil
}

// Time layouts seen in the Pax8 docs and examples: RFC 3339 ("2021-01-01T08:30:00Z"),
// offsets without a colon ("2023-08-11T11:33:12.314-0600"), plain dates ("2020-12-03"), and
// stamps without a zone. Fractional seconds are accepted by every layout.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05Z07",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05Z0700",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02",
}

// parseTime reads a Pax8 timestamp; ok is false when s is empty or unreadable. A stamp
// without a zone is taken as UTC.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// civilDate turns a Pax8 date or timestamp into "YYYY-MM-DD" as written (the calendar day
// in the offset the API gave, not converted to this computer's zone); "" when unreadable.
func civilDate(s string) string {
	if t, ok := parseTime(s); ok {
		return t.Format("2006-01-02")
	}
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		if _, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return s[:10]
		}
	}
	return ""
}
