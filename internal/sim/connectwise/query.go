package connectwise

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// record is one simulated row: a typed struct plus its JSON, marshalled once per change so
// list requests only copy bytes.
type record struct {
	id  int
	get func(field string) value
	raw []byte
}

const (
	defaultPageSize = 25
	maxPageSize     = 1000
)

// Schemas of the list endpoints: which fields conditions and orderBy accept.
var (
	companySchema = schema{
		"id": kindNumber, "identifier": kindString, "name": kindString,
		"status/id": kindNumber, "status/name": kindString,
		"deletedFlag": kindBool, "isVendorFlag": kindBool,
		"lastUpdated": kindTime, "_info/lastUpdated": kindTime,
		"city": kindString, "state": kindString,
	}
	companyTypeSchema = schema{
		"id": kindNumber, "name": kindString, "vendorFlag": kindBool, "defaultFlag": kindBool,
		"lastUpdated": kindTime, "_info/lastUpdated": kindTime,
	}
	agreementSchema = schema{
		"id": kindNumber, "name": kindString, "type/id": kindNumber, "type/name": kindString,
		"company/id": kindNumber, "company/identifier": kindString, "company/name": kindString,
		"agreementStatus": kindString, "cancelledFlag": kindBool, "noEndingDateFlag": kindBool,
		"startDate": kindTime, "endDate": kindTime,
		"lastUpdated": kindTime, "_info/lastUpdated": kindTime,
	}
	additionSchema = schema{
		"id": kindNumber, "agreementId": kindNumber, "product/id": kindNumber,
		"product/identifier": kindString, "description": kindString, "quantity": kindNumber,
		"unitPrice": kindNumber, "billCustomer": kindString,
		"effectiveDate": kindTime, "cancelledDate": kindTime,
		"lastUpdated": kindTime, "_info/lastUpdated": kindTime,
	}
	catalogSchema = schema{
		"id": kindNumber, "identifier": kindString, "description": kindString, "inactiveFlag": kindBool,
		"price": kindNumber, "cost": kindNumber, "vendorSku": kindString, "manufacturerPartNumber": kindString,
		"recurringFlag": kindBool, "subcategory/name": kindString,
		"lastUpdated": kindTime, "_info/lastUpdated": kindTime,
	}
)

func catalogGetter(c *CatalogItem) func(string) value {
	return func(f string) value {
		switch f {
		case "id":
			return numVal(float64(c.ID))
		case "identifier":
			return strVal(c.Identifier)
		case "description":
			return strVal(c.Description)
		case "inactiveFlag":
			return boolVal(c.InactiveFlag)
		case "price":
			return numVal(c.Price)
		case "cost":
			return numVal(c.Cost)
		case "vendorSku":
			return strVal(c.VendorSku)
		case "manufacturerPartNumber":
			return strVal(c.ManufacturerPartNumber)
		case "recurringFlag":
			return boolVal(c.RecurringFlag)
		case "subcategory/name":
			return strVal(c.Subcategory.Name)
		case "lastUpdated", "_info/lastUpdated":
			return timeVal(c.Info.LastUpdated)
		}
		return nullVal()
	}
}

func companyGetter(c *Company) func(string) value {
	return func(f string) value {
		switch f {
		case "id":
			return numVal(float64(c.ID))
		case "identifier":
			return strVal(c.Identifier)
		case "name":
			return strVal(c.Name)
		case "status/id":
			return numVal(float64(c.Status.ID))
		case "status/name":
			return strVal(c.Status.Name)
		case "deletedFlag":
			return boolVal(c.DeletedFlag)
		case "isVendorFlag":
			return boolVal(c.IsVendorFlag)
		case "lastUpdated", "_info/lastUpdated":
			return timeVal(c.Info.LastUpdated)
		case "city":
			return strVal(c.City)
		case "state":
			return strVal(c.State)
		}
		return nullVal()
	}
}

func companyTypeGetter(t *CompanyType) func(string) value {
	return func(f string) value {
		switch f {
		case "id":
			return numVal(float64(t.ID))
		case "name":
			return strVal(t.Name)
		case "vendorFlag":
			return boolVal(t.VendorFlag)
		case "defaultFlag":
			return boolVal(t.DefaultFlag)
		case "lastUpdated", "_info/lastUpdated":
			return timeVal(t.Info.LastUpdated)
		}
		return nullVal()
	}
}

func agreementGetter(a *Agreement) func(string) value {
	return func(f string) value {
		switch f {
		case "id":
			return numVal(float64(a.ID))
		case "name":
			return strVal(a.Name)
		case "type/id":
			return numVal(float64(a.Type.ID))
		case "type/name":
			return strVal(a.Type.Name)
		case "company/id":
			return numVal(float64(a.Company.ID))
		case "company/identifier":
			return strVal(a.Company.Identifier)
		case "company/name":
			return strVal(a.Company.Name)
		case "agreementStatus":
			return strVal(a.AgreementStatus)
		case "cancelledFlag":
			return boolVal(a.CancelledFlag)
		case "noEndingDateFlag":
			return boolVal(a.NoEndingDateFlag)
		case "startDate":
			return dateVal(a.StartDate)
		case "endDate":
			return dateVal(a.EndDate)
		case "lastUpdated", "_info/lastUpdated":
			return timeVal(a.Info.LastUpdated)
		}
		return nullVal()
	}
}

func additionGetter(a *Addition) func(string) value {
	return func(f string) value {
		switch f {
		case "id":
			return numVal(float64(a.ID))
		case "agreementId":
			return numVal(float64(a.AgreementID))
		case "product/id":
			return numVal(float64(a.Product.ID))
		case "product/identifier":
			return strVal(a.Product.Identifier)
		case "description":
			return strVal(a.Description)
		case "quantity":
			return numVal(a.Quantity)
		case "unitPrice":
			return numVal(a.UnitPrice)
		case "billCustomer":
			return strVal(a.BillCustomer)
		case "effectiveDate":
			return dateVal(a.EffectiveDate)
		case "cancelledDate":
			return dateVal(a.CancelledDate)
		case "lastUpdated", "_info/lastUpdated":
			return timeVal(a.Info.LastUpdated)
		}
		return nullVal()
	}
}

// listQuery is a parsed list request.
type listQuery struct {
	page, pageSize int
	cond           node
	order          []orderKey
	fields         [][]string // each a path, e.g. ["_info","lastUpdated"]

	// forwardOnly is set by the request header "pagination-type: forward-only": rows come in
	// id order, page and orderBy are ignored, and pageID acts as the condition id > pageId.
	forwardOnly bool
	pageID      int
}

type orderKey struct {
	field string
	desc  bool
}

// parseListQuery reads page, pageSize, pageId, conditions, orderBy and fields as
// documented; forwardOnly says the request asked for forward-only paging.
func parseListQuery(q url.Values, sc schema, forwardOnly bool) (listQuery, error) {
	lq := listQuery{page: 1, pageSize: defaultPageSize, forwardOnly: forwardOnly}
	if v := q.Get("pageId"); v != "" && forwardOnly {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return lq, condErrf("pageId must be a record id, got %q", v)
		}
		lq.pageID = n
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return lq, condErrf("page must be a whole number, got %q", v)
		}
		if n > 1 {
			lq.page = n
		}
	}
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return lq, condErrf("pageSize must be a whole number, got %q", v)
		}
		switch {
		case n > maxPageSize:
			lq.pageSize = maxPageSize
		case n > 0:
			lq.pageSize = n
		}
	}
	if v := strings.TrimSpace(q.Get("conditions")); v != "" {
		n, err := parseConditions(v, sc)
		if err != nil {
			return lq, err
		}
		lq.cond = n
	}
	if v := strings.TrimSpace(q.Get("orderBy")); v != "" {
		for part := range strings.SplitSeq(v, ",") {
			words := strings.Fields(part)
			if len(words) == 0 || len(words) > 2 {
				return lq, condErrf("orderBy %q: use 'field asc' or 'field desc'", part)
			}
			k, ok := lookupField(sc, words[0])
			if !ok || k == kindNull {
				return lq, condErrf("orderBy: unknown field %q", words[0])
			}
			key := orderKey{field: canonicalField(sc, words[0])}
			if len(words) == 2 {
				switch strings.ToLower(words[1]) {
				case "asc":
				case "desc":
					key.desc = true
				default:
					return lq, condErrf("orderBy %q: use asc or desc", part)
				}
			}
			lq.order = append(lq.order, key)
		}
	}
	if v := strings.TrimSpace(q.Get("fields")); v != "" {
		for f := range strings.SplitSeq(v, ",") {
			if f = strings.TrimSpace(f); f != "" {
				lq.fields = append(lq.fields, strings.Split(f, "/"))
			}
		}
	}
	return lq, nil
}

// forward runs a forward-only query over rows (already sorted by id): the first pageSize
// matches with an id above pageID, and whether more matches follow them.
func (lq listQuery) forward(rows []*record) (page []*record, more bool) {
	start, _ := slices.BinarySearchFunc(rows, lq.pageID+1, func(r *record, id int) int { return r.id - id })
	for _, r := range rows[start:] {
		if lq.cond != nil && !lq.cond.eval(r.get) {
			continue
		}
		if len(page) == lq.pageSize {
			return page, true
		}
		page = append(page, r)
	}
	return page, false
}

// result runs the query over rows (already sorted by id) and returns the page and the total
// number of matches.
func (lq listQuery) result(rows []*record) ([]*record, int) {
	matched := rows
	if lq.cond != nil {
		matched = make([]*record, 0, len(rows))
		for _, r := range rows {
			if lq.cond.eval(r.get) {
				matched = append(matched, r)
			}
		}
	}
	if len(lq.order) > 0 {
		if lq.cond == nil {
			matched = slices.Clone(matched)
		}
		slices.SortStableFunc(matched, func(a, b *record) int {
			for _, k := range lq.order {
				c, ok := compare(a.get(k.field), b.get(k.field))
				if !ok {
					c = nullsFirst(a.get(k.field), b.get(k.field))
				}
				if c != 0 {
					if k.desc {
						return -c
					}
					return c
				}
			}
			return a.id - b.id
		})
	}
	total := len(matched)
	start := (lq.page - 1) * lq.pageSize
	if start >= total {
		return nil, total
	}
	return matched[start:min(start+lq.pageSize, total)], total
}

func nullsFirst(a, b value) int {
	switch {
	case a.k == kindNull && b.k != kindNull:
		return -1
	case a.k != kindNull && b.k == kindNull:
		return 1
	}
	return 0
}

// body renders the page as a JSON array, keeping only the requested fields.
func (lq listQuery) body(page []*record) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i, r := range page {
		if i > 0 {
			buf.WriteByte(',')
		}
		if len(lq.fields) == 0 {
			buf.Write(r.raw)
			continue
		}
		b, err := pickFields(r.raw, lq.fields)
		if err != nil {
			return nil, err
		}
		buf.Write(b)
	}
	buf.WriteByte(']')
	return buf.Bytes(), nil
}

// pickFields keeps the listed keys (paths into nested objects) of one JSON object.
func pickFields(raw []byte, fields [][]string) ([]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, path := range fields {
		pick(obj, out, path)
	}
	return json.Marshal(out)
}

func pick(obj map[string]json.RawMessage, out map[string]any, path []string) {
	var key string
	var v json.RawMessage
	for k, raw := range obj {
		if strings.EqualFold(k, path[0]) {
			key, v = k, raw
			break
		}
	}
	if key == "" {
		return
	}
	if len(path) == 1 {
		out[key] = v
		return
	}
	var child map[string]json.RawMessage
	if json.Unmarshal(v, &child) != nil {
		return
	}
	sub, _ := out[key].(map[string]any)
	if sub == nil {
		sub = map[string]any{}
		out[key] = sub
	}
	pick(child, sub, path[1:])
}

// linkHeader builds ConnectWise's navigable paging header: rel="next" and rel="last" while
// there are more pages, rel="first" and rel="prev" after the first page. Each link repeats
// the request's query with another page number.
func linkHeader(r *http.Request, page, pageSize, total int) string {
	if total == 0 {
		return ""
	}
	last := (total + pageSize - 1) / pageSize
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	at := func(p int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		q.Set("pageSize", strconv.Itoa(pageSize))
		return fmt.Sprintf("<%s://%s%s?%s>", scheme, r.Host, r.URL.Path, q.Encode())
	}
	var links []string
	if page > 1 {
		links = append(links, at(1)+`; rel="first"`, at(min(page-1, last))+`; rel="prev"`)
	}
	if page < last {
		links = append(links, at(page+1)+`; rel="next"`, at(last)+`; rel="last"`)
	}
	return strings.Join(links, ", ")
}

// forwardLinkHeader builds the Link header of forward-only paging: rel="next" with the
// request's query and pageId set to the last id of this page while more rows follow, and an
// empty value on the last page (ConnectWise sends the header on every forward-only answer;
// clients such as ConnectWiseManageAPI take its absence to mean the endpoint does not
// support forward-only paging).
func forwardLinkHeader(r *http.Request, page []*record, pageSize int, more bool) string {
	if !more || len(page) == 0 {
		return ""
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	q := r.URL.Query()
	q.Del("page")
	q.Set("pageId", strconv.Itoa(page[len(page)-1].id))
	q.Set("pageSize", strconv.Itoa(pageSize))
	return fmt.Sprintf(`<%s://%s%s?%s>; rel="next"`, scheme, r.Host, r.URL.Path, q.Encode())
}
