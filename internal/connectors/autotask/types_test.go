package autotask

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/redact"
)

func TestLenientNumbers(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{`7`, 7, false}, {`7.0`, 7, false}, {`"7"`, 7, false}, {`null`, 0, false}, {`""`, 0, false},
		{`7.5`, 0, true}, {`"seven"`, 0, true}, {`true`, 0, true}, {`1e300`, 0, true},
	}
	for _, tc := range tests {
		var f flexInt
		err := json.Unmarshal([]byte(tc.in), &f)
		if tc.wantErr {
			assert.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, int64(f), tc.in)
	}
	var b struct{ A, B, C, D flexBool }
	require.NoError(t, json.Unmarshal([]byte(`{"A":true,"B":"1","C":0,"D":"false"}`), &b))
	assert.Equal(t, []flexBool{true, true, false, false}, []flexBool{b.A, b.B, b.C, b.D})
}

func TestErrorBodies(t *testing.T) {
	r := redact.New("S3cr3t-Value")
	tests := []struct{ body, want string }{
		{`{"errors":["Value does not reference an existing entity for taskType . "]}`, "Value does not reference an existing entity for taskType ."},
		{`{"errors":[{"message":"Unable to find sku","field":"sku"},"second"]}`, "Unable to find sku (sku); second"},
		{`{"errors":["the header Secret: S3cr3t-Value was wrong"]}`, "the header Secret: [redacted] was wrong"},
		{`{"errors":[]}`, ""},
		{`not json`, ""},
		{`{"errors":["` + strings.Repeat("x", 400) + `"]}`, strings.Repeat("x", 300) + "…"},
	}
	for _, tc := range tests {
		got := atMessage([]byte(tc.body), r)
		if strings.Contains(tc.want, "[redacted]") {
			assert.NotContains(t, got, "S3cr3t-Value")
			continue
		}
		assert.Equal(t, tc.want, got, tc.body)
	}
	assert.True(t, validation(500, []byte(`{"errors":["bad filter"]}`)))
	assert.False(t, validation(500, []byte(`<html>oops</html>`)), "a bare 500 is retried")
	assert.False(t, validation(400, []byte(`{"errors":["x"]}`)))
}

// FuzzDecodePage feeds query answers to the page decoder, the id order check and every
// record mapper: none may panic, and what they accept must be usable.
func FuzzDecodePage(f *testing.F) {
	for _, s := range []string{
		`{"items":[{"id":29684101,"companyName":"Acme Dental Group","companyType":1,"isActive":true,"lastTrackedModifiedDateTime":"2026-10-31T08:00:00.437Z"}],"pageDetails":{"count":1,"requestCount":500,"prevPageUrl":null,"nextPageUrl":null}}`,
		`{"items":[{"id":29700001,"companyID":29684101,"contractName":"Managed Services","contractType":7,"status":1,"startDate":"2025-09-01T00:00:00Z","endDate":"2028-08-31T00:00:00Z","lastModifiedDateTime":"2026-11-10T07:00:00.437Z"}],"pageDetails":{"count":1,"requestCount":500,"nextPageUrl":"https://webservices5.autotask.net/ATServicesRest/V1.0/Contracts/query/next?paging=abc"}}`,
		`{"items":[{"id":29710001,"contractID":29700001,"serviceID":29682801,"unitPrice":26.4,"unitCost":22,"adjustedPrice":"26.40","invoiceDescription":"M365"}],"pageDetails":{}}`,
		`{"items":[{"id":29800001,"contractID":29700001,"contractServiceID":29710001,"serviceID":29682801,"units":24,"startDate":"2026-11-01T00:00:00Z","endDate":"2026-11-30T00:00:00Z"}]}`,
		`{"items":[{"id":29682801,"name":"M365 Business Premium","sku":"ABC","unitCost":22,"unitPrice":26.4,"isActive":true,"lastModifiedDate":"2026-10-01T09:00:00Z"}]}`,
		`{"items":[{"id":"9"},{"id":3}]}`,
		`{"items":null}`, `[]`, `{"errors":["x"]}`, `{"items":[{"id":1e400}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodePage(body)
		if err != nil {
			return
		}
		_, _ = ascending("X/query", 1, 0, p.Items)
		lp := linePeriods{}
		for _, raw := range p.Items {
			if a, err := mapCompany(raw, companyTypes{}); err == nil {
				assert.NotEmpty(t, a.ID)
				assert.NotEmpty(t, a.Name)
			}
			if a, err := mapContract(raw); err == nil {
				assert.NotEmpty(t, a.ID)
			}
			if pr, err := mapService(raw); err == nil {
				assert.NotEmpty(t, pr.Name)
			}
			_ = lp.add(raw)
			if l, err := mapContractService(raw, map[string]connector.Agreement{}, map[string]string{}, lp, "2026-11-20"); err == nil {
				assert.NotEmpty(t, l.ProductName)
				if l.NextQuantity != nil {
					assert.NotEmpty(t, l.NextFrom)
				}
			}
		}
		_ = errorsOn2xx(body, redact.New())
	})
}

// FuzzErrorBody feeds error bodies to the message extractor: it never panics, never
// returns invalid UTF-8 from valid input, and stays short.
func FuzzErrorBody(f *testing.F) {
	for _, s := range []string{`{"errors":["Zone information could not be determined for this user."]}`, `{"errors":[{"message":"m","field":"f"}]}`, `{"errors":[1,null,{}]}`, `{"errors":"x"}`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		msg := atMessage(body, redact.New("secret"))
		assert.LessOrEqual(t, len(msg), 300+len("…"))
	})
}
