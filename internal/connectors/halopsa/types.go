package halopsa

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The wire types below follow the Halo API v2 schemas (Area, ContractHeader, InvoiceHeader,
// InvoiceDetail, Item) but decode tolerantly: the schema marks nearly every field nullable,
// instances differ by version, and independent implementations send numbers as strings or
// ids as numbers. None of that should fail a sync; a record that is not an object does.

// tokenResponse is the answer of POST /auth/token.
type tokenResponse struct {
	AccessToken string
	ExpiresIn   flexFloat
	TokenType   string
}

// apiError reads the error bodies Halo is seen to send: ASP.NET's {"message"} or
// {"Message", "ExceptionMessage"}, ProblemDetails {title, detail, errors{field:[...]}}, the
// token endpoint's OAuth {error, error_description}, or plain text.
type apiError struct {
	Message          flexString                 `json:"message"`
	MessageUpper     flexString                 `json:"Message"`
	ExceptionMessage flexString                 `json:"ExceptionMessage"`
	Title            flexString                 `json:"title"`
	Detail           flexString                 `json:"detail"`
	Errors           map[string]json.RawMessage `json:"errors"`
	Error            flexString                 `json:"error"`
	ErrorDescription flexString                 `json:"error_description"`
	plain            string
}

func parseAPIError(body []byte) apiError {
	var e apiError
	if json.Unmarshal(body, &e) != nil {
		e = apiError{}
		text := strings.TrimSpace(string(body))
		if text != "" && !strings.HasPrefix(text, "<") && !strings.HasPrefix(text, "{") && !strings.HasPrefix(text, "[") {
			e.plain = text // a short text answer; HTML error pages say nothing useful
		}
	}
	return e
}

// text is the most useful human message in the body, or "".
func (e apiError) text() string {
	var parts []string
	add := func(s flexString) {
		if t := strings.TrimSpace(string(s)); t != "" && len(parts) < 4 {
			parts = append(parts, t)
		}
	}
	add(e.Message)
	add(e.MessageUpper)
	add(e.ExceptionMessage)
	add(e.Title)
	add(e.Detail)
	if len(parts) == 0 {
		add(e.ErrorDescription)
		if len(parts) == 0 {
			add(e.Error)
		}
	}
	for _, field := range sortedKeys(e.Errors) {
		var msgs []string
		if json.Unmarshal(e.Errors[field], &msgs) == nil {
			for _, m := range msgs {
				add(flexString(field + ": " + m))
			}
		}
	}
	if len(parts) == 0 && e.plain != "" {
		parts = append(parts, e.plain)
	}
	return strings.Join(parts, "; ")
}

// code is the OAuth error word of a token answer, or "".
func (e apiError) code() string { return strings.TrimSpace(string(e.Error)) }

// listEnvelope is a list answer: {record_count, <key>: [...]}.
type listEnvelope struct {
	RecordCount *flexInt
	Rows        []json.RawMessage
	HasRows     bool
}

// decodeList reads a list answer whose rows sit under key (clients, contracts, invoices,
// items). A bare JSON array (an unpaginated answer from some versions) is accepted too.
func decodeList(body []byte, key string) (listEnvelope, error) {
	var env listEnvelope
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		if err := json.Unmarshal(trimmed, &env.Rows); err != nil {
			return env, fmt.Errorf("the list is not valid JSON: %w", err)
		}
		env.HasRows = true
		return env, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &fields); err != nil {
		return env, fmt.Errorf("the answer is not a JSON object: %w", err)
	}
	for k, raw := range fields {
		switch {
		case strings.EqualFold(k, key):
			if isNull(raw) {
				env.HasRows = true
				continue
			}
			if err := json.Unmarshal(raw, &env.Rows); err != nil {
				return env, fmt.Errorf("%q is not a list: %w", key, err)
			}
			env.HasRows = true
		case strings.EqualFold(k, "record_count"):
			var n flexInt
			if err := json.Unmarshal(raw, &n); err != nil {
				return env, fmt.Errorf("record_count is not a number: %w", err)
			}
			env.RecordCount = &n
		}
	}
	return env, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// client is a row of GET /api/Client (schema Area).
type client struct {
	ID           flexString `json:"id"`
	Name         flexString `json:"name"`
	Inactive     flexBool   `json:"inactive"`
	CustomerType flexString `json:"customertype"`
	DateCreated  flexString `json:"datecreated"`
}

// contract is a row of GET /api/ClientContract (schema ContractHeader).
type contract struct {
	ID             flexString `json:"id"`
	ClientID       flexString `json:"client_id"`
	Ref            flexString `json:"ref"`
	StartDate      flexString `json:"start_date"`
	EndDate        flexString `json:"end_date"`
	Active         *flexBool  `json:"active"`
	ContractStatus flexString `json:"contract_status"`
	LastModified   flexString `json:"last_modified"`
}

// invoice is a row of GET /api/RecurringInvoice (schema InvoiceHeader) with its lines.
type invoice struct {
	ID           flexString        `json:"id"`
	ClientID     flexString        `json:"client_id"`
	ClientName   flexString        `json:"client_name"`
	ContractID   flexString        `json:"contract_id"`
	ContractRef  flexString        `json:"contract_ref"`
	Reference    flexString        `json:"reference"`
	Disabled     flexBool          `json:"disabled"`
	StartDate    flexString        `json:"startdate"`
	EndDate      flexString        `json:"enddate"`
	LastModified flexString        `json:"last_modified"`
	Lines        []json.RawMessage `json:"lines"`
	// NextCreationDate is when Halo next raises an invoice from this header (the push
	// preview: a line change bills from that run).
	NextCreationDate flexString `json:"nextcreationdate"`
}

// invoiceLine is one line of a recurring invoice (schema InvoiceDetail).
type invoiceLine struct {
	ID                   flexString `json:"id"`
	IHID                 flexString `json:"ihid"`
	ItemID               flexString `json:"_itemid"`
	ItemCode             flexString `json:"item_code"`
	ItemShortDescription flexString `json:"item_shortdescription"`
	QtyOrder             flexFloat  `json:"qty_order"`
	UnitPrice            flexFloat  `json:"unit_price"`
	UnitCost             flexFloat  `json:"unit_cost"`
	StartDate            flexString `json:"startdate"`
	EndDate              flexString `json:"enddate"`
	IsInactive           flexBool   `json:"isinactive"`
}

// item is a row of GET /api/Item (schema Item).
type item struct {
	ID                flexString `json:"id"`
	Name              flexString `json:"name"`
	InternalReference flexString `json:"internalreference"`
	SupplierPartCode  flexString `json:"supplier_part_code"`
	SupplierName      flexString `json:"supplier_name"`
	BasePrice         flexFloat  `json:"baseprice"`
	CostPrice         flexFloat  `json:"costprice"`
	RecurringPrice    flexFloat  `json:"recurringprice"`
	RecurringCost     flexFloat  `json:"recurringcost"`
	IsContractItem    flexBool   `json:"iscontractitem"`
	Inactive          flexBool   `json:"inactive"`
	LastModified      flexString `json:"lastmodified"`
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

// id is the string form of a Halo id; "" for none, 0 or a negative placeholder (Halo sends
// -1 and 0 for "not set" in id fields).
func (s flexString) id() string {
	v := strings.TrimSpace(string(s))
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		if n <= 0 {
			return ""
		}
		if n == math.Trunc(n) && n < 1e15 {
			return strconv.FormatInt(int64(n), 10)
		}
	}
	return v
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

// flexInt is a flexFloat rounded down to an int.
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

// flexBool accepts true/false, "true"/"false", 1/0 and null (false).
type flexBool bool

func (v *flexBool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes":
		*v = true
	case "false", "0", "no", "", "null":
		*v = false
	default:
		return fmt.Errorf("want true or false, got %.20s", b)
	}
	return nil
}

// Layouts Halo is seen to send: "2026-03-01T00:00:00" (no zone, the instance's local
// time), with fractions, with a zone, and plain dates.
var timeLayouts = []string{
	"2006-01-02T15:04:05.999999999",
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

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

// civilDate turns a Halo date into "YYYY-MM-DD" as written; "" when empty, unreadable or
// Halo's "no date" placeholder (dates before 1901, e.g. 1900-01-01).
func civilDate(s string) string {
	t, ok := parseTime(s)
	if !ok {
		s = strings.TrimSpace(s)
		if len(s) < 10 {
			return ""
		}
		if t, ok = parseTime(s[:10]); !ok {
			return ""
		}
	}
	if t.Year() <= 1900 {
		return ""
	}
	return t.Format("2006-01-02")
}
