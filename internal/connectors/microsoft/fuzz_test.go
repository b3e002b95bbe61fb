package microsoft

import (
	"testing"

	"github.com/trueup/trueup/internal/redact"
)

// The decoders meet whatever a server sends: they return an error or data, never panic.
func FuzzDecoders(f *testing.F) {
	for _, seed := range []string{
		`{"totalCount":1,"items":[{"id":"a","companyProfile":{"tenantId":"a","companyName":"A"}}],"continuationToken":"ct-1","links":{"next":{"headers":[{"key":"MS-ContinuationToken","value":"ct-1"}]}}}`,
		`{"items":[{"id":"s","offerId":"o","quantity":3,"status":"somethingNew","commitmentEndDate":"2026-12-31T00:00:00Z","refundableQuantity":{"totalQuantity":1}}]}`,
		`{"access_token":"x","refresh_token":"y","token_type":"Bearer","expires_in":"3599"}`,
		`{"error":"invalid_grant","error_description":"AADSTS70008"}`, `{"code":600001,"description":"nope"}`,
		`[]`, `null`, `{"items":null}`, `{"links":{"next":null}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if p, items, err := decodeCustomers(body); err == nil && len(items) != len(p.Items) {
			t.Fatalf("%d customers decoded from %d items", len(items), len(p.Items))
		}
		if subs, raws, err := decodeSubscriptions(body); err == nil && len(subs) != len(raws) {
			t.Fatalf("%d subscriptions with %d raw records", len(subs), len(raws))
		}
		_ = parseAPIError(body).text()
		c := &Connector{redactor: redact.New()}
		_, _ = c.parseToken(body)
		_ = civilDate(string(body))
	})
}
