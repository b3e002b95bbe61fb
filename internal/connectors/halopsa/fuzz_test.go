package halopsa

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/trueup/trueup/internal/redact"
)

// The decoders take whatever a server sends: they must never panic, and what they accept
// must be sane (ids never "0" or negative, dates either empty or YYYY-MM-DD).

func FuzzDecodeList(f *testing.F) {
	for _, seed := range []string{
		`{"record_count":2,"clients":[{"id":101,"name":"Acme Dental Group","inactive":false},{"id":102,"name":"Bayside","inactive":true}]}`,
		`{"record_count":0,"clients":[]}`,
		`{"page_no":2,"page_size":50,"record_count":"75","Clients":[{"id":"103"}]}`,
		`[{"id":1,"name":"bare array"}]`,
		`{"clients":null}`,
		`{"record_count":1.5e3,"clients":[1,2]}`,
		`{"message":"Authorization has been denied for this request."}`,
		``, `null`, `{`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := decodeList(body, "clients")
		if err != nil {
			return
		}
		for _, raw := range env.Rows {
			a, err := decodeClient(raw)
			if err == nil && (a.ID == "0" || strings.HasPrefix(a.ID, "-")) {
				t.Fatalf("id %q accepted", a.ID)
			}
		}
	})
}

func FuzzDecodeRecords(f *testing.F) {
	for _, seed := range []string{
		`{"id":2001,"client_id":101,"client_name":"Acme","contract_id":1001,"reference":"Managed Services","disabled":false,"startdate":"2025-01-01T00:00:00","last_modified":"2026-02-01T09:30:00.123","lines":[{"id":5001,"ihid":2001,"_itemid":301,"item_code":"M365-BUSINESS-PREMIUM","item_shortdescription":"M365 Business Premium","qty_order":24,"unit_price":26.4,"unit_cost":22,"isinactive":false,"startdate":"2025-01-01T00:00:00"}]}`,
		`{"id":"2002","client_id":"101","disabled":"true","lines":[{"id":0,"qty_order":"3.0"},{"id":5002,"qty_order":null,"enddate":"1900-01-01T00:00:00"}]}`,
		`{"id":1001,"client_id":101,"ref":"Managed Services","start_date":"2025-01-01T00:00:00","end_date":null,"active":true}`,
		`{"id":301,"name":"M365 Business Premium","baseprice":"26.40","costprice":22,"recurringprice":26.4,"recurringcost":22,"supplier_part_code":"ABC","inactive":0}`,
		`{"id":-1,"lines":{}}`,
		`[]`, `"x"`, `{"id":1e400}`,
	} {
		f.Add([]byte(seed))
	}
	checkDate := func(t *testing.T, d string) {
		if d != "" && (len(d) != 10 || d[4] != '-' || d[7] != '-') {
			t.Fatalf("date %q accepted", d)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return
		}
		if row, err := decodeInvoice(raw, map[string]contractFacts{"1001": {id: "1001", start: "2025-01-01", active: true}}); err == nil {
			checkDate(t, row.agreement.StartDate)
			checkDate(t, row.agreement.EndDate)
			if row.agreement.Name == "" {
				t.Fatal("an agreement without a name")
			}
			for _, l := range row.lines {
				if l.ID == "" || l.ProductName == "" || l.AgreementID != row.agreement.ID {
					t.Fatalf("line %+v accepted", l)
				}
				checkDate(t, l.EffectiveDate)
				checkDate(t, l.CancelledDate)
			}
		}
		if ct, err := decodeContract(raw); err == nil {
			checkDate(t, ct.start)
			checkDate(t, ct.end)
		}
		_, _ = decodeItem(raw)
		_, _ = decodeClient(raw)
	})
}

func FuzzParseToken(f *testing.F) {
	for _, seed := range []string{
		`{"access_token":"eyJhbGciOi","token_type":"Bearer","expires_in":3600,"scope":"all"}`,
		`{"access_token":"abc","token_type":"bearer","expires_in":"3600"}`,
		`{"access_token":"abc"}`,
		`{"error":"invalid_client","error_description":"The client ID or secret is not valid."}`,
		`{"access_token":7}`, `{"access_token":"x","expires_in":"soon"}`, `<html/>`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c := &Connector{redactor: redact.New()}
		tr, err := c.parseToken(body)
		if err == nil && strings.TrimSpace(tr.AccessToken) == "" {
			t.Fatal("an empty access token accepted")
		}
		if err != nil && strings.Contains(err.Error(), string(body)) && len(body) > 8 {
			t.Fatalf("the error quotes the answer: %v", err)
		}
	})
}

func FuzzParseAPIError(f *testing.F) {
	for _, seed := range []string{
		`{"message":"Authorization has been denied for this request."}`,
		`{"Message":"An error has occurred.","ExceptionMessage":"Object reference not set"}`,
		`{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"page_no":["The value 'x' is not valid."]}}`,
		`{"error":"invalid_client","error_description":"bad"}`,
		`Too many requests`, `<html><body>502</body></html>`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_ = parseAPIError(body).text()
	})
}
