package pax8

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
		day  string
	}{
		{"2023-08-11T11:33:12.314-0600", time.Date(2023, 8, 11, 17, 33, 12, 314e6, time.UTC), true, "2023-08-11"},
		{"2021-01-01T08:30:00Z", time.Date(2021, 1, 1, 8, 30, 0, 0, time.UTC), true, "2021-01-01"},
		{"2000-10-31T01:30:00.000-05:00", time.Date(2000, 10, 31, 6, 30, 0, 0, time.UTC), true, "2000-10-31"},
		{"2020-12-03", time.Date(2020, 12, 3, 0, 0, 0, 0, time.UTC), true, "2020-12-03"},
		{"2020-12-03T23:30:00", time.Date(2020, 12, 3, 23, 30, 0, 0, time.UTC), true, "2020-12-03"},
		{"2020-12-03T23:30:00+02", time.Date(2020, 12, 3, 21, 30, 0, 0, time.UTC), true, "2020-12-03"},
		{"2020-12-03 23:30:00", time.Date(2020, 12, 3, 23, 30, 0, 0, time.UTC), true, "2020-12-03"},
		{"  2020-12-03  ", time.Date(2020, 12, 3, 0, 0, 0, 0, time.UTC), true, "2020-12-03"},
		// The calendar day is the one Pax8 wrote, not converted to UTC.
		{"2021-01-01T00:30:00+0100", time.Date(2020, 12, 31, 23, 30, 0, 0, time.UTC), true, "2021-01-01"},
		{"", time.Time{}, false, ""},
		{"yesterday", time.Time{}, false, ""},
		{"2020-13-45", time.Time{}, false, ""},
		{"2020-12-03Tgarbage", time.Time{}, false, "2020-12-03"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseTime(tt.in)
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.True(t, tt.want.Equal(got), "got %s", got)
			}
			assert.Equal(t, tt.day, civilDate(tt.in))
		})
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2023-08-11T11:33:12.314-0600", "2021-01-01T08:30:00Z", "2020-12-03", "", "2020-12-03T", "9999-99-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = parseTime(s)
		if d := civilDate(s); d != "" {
			_, err := time.Parse("2006-01-02", d)
			require.NoError(t, err, "civilDate(%q) = %q", s, d)
		}
	})
}

func TestFlexibleNumbersAndStrings(t *testing.T) {
	var v struct {
		A flexFloat  `json:"a"`
		B flexFloat  `json:"b"`
		C flexFloat  `json:"c"`
		D flexFloat  `json:"d"`
		E flexInt    `json:"e"`
		F flexString `json:"f"`
		G flexString `json:"g"`
		H flexString `json:"h"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"a":1.5,"b":"2.25","c":null,"d":"","e":10.0,"f":123,"g":null,"h":"x"}`), &v))
	assert.Equal(t, flexFloat(1.5), v.A)
	assert.Equal(t, flexFloat(2.25), v.B)
	assert.Zero(t, v.C)
	assert.Zero(t, v.D)
	assert.Equal(t, flexInt(10), v.E)
	assert.Equal(t, flexString("123"), v.F)
	assert.Empty(t, v.G)
	assert.Equal(t, flexString("x"), v.H)

	for _, bad := range []string{`{"a":"ten"}`, `{"a":{}}`, `{"f":{"x":1}}`, `{"f":[1]}`, `{"e":1e300}`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &v), bad)
	}
}

func FuzzDecodeRecords(f *testing.F) {
	f.Add(`{"id":"a","companyId":"c","quantity":"3","status":"Active","updatedDate":"2023-08-11T11:33:12.314-0600"}`)
	f.Add(`{"id":1,"name":null,"status":true}`)
	f.Add(`{"content":[{"id":"x"}],"page":{"totalPages":"2"}}`)
	f.Fuzz(func(t *testing.T, s string) {
		raw := json.RawMessage(s)
		if row, err := decodeSubscription(raw); err == nil {
			_ = row.sub.Active
		}
		if row, err := decodeCompany(raw); err == nil {
			assert.NotEmpty(t, row.account.Name)
		}
		var env pageEnvelope
		if json.Unmarshal(raw, &env) == nil {
			_, _, _ = env.meta()
		}
	})
}

func TestAPIErrorText(t *testing.T) {
	tests := []struct {
		body, text, code string
	}{
		{`{"type":"NOT_FOUND","message":"Company not found","instance":"/companies/x","status":404,"details":[{"message":"id x"}]}`, "Company not found; id x", "NOT_FOUND"},
		{`{"error":"access_denied","error_description":"Unauthorized"}`, "Unauthorized", "access_denied"},
		{`<html>bad gateway</html>`, "", ""},
		{``, "", ""},
	}
	for _, tt := range tests {
		e := parseAPIError([]byte(tt.body))
		assert.Equal(t, tt.text, e.text(), tt.body)
		assert.Equal(t, tt.code, e.code(), tt.body)
	}
}
