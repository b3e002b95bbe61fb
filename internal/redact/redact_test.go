package redact_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/redact"
)

func TestString(t *testing.T) {
	const secret = `pr1v"ate/k+y&<x>\9Z`
	jsonBody, err := json.Marshal(map[string]string{"client_secret": secret})
	require.NoError(t, err)
	echoed, err := json.Marshal(map[string]string{"message": "you sent " + string(jsonBody)})
	require.NoError(t, err)
	var decoded struct{ Message string }
	require.NoError(t, json.Unmarshal(echoed, &decoded))
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("acme+pubKEY1234:"+secret))

	tests := []struct {
		name   string
		values []string
		in     string
		want   string
	}{
		{"plain value", []string{secret}, "key " + secret + " end", "key [redacted] end"},
		{"every occurrence", []string{"s3cretvalue"}, "s3cretvalue,s3cretvalue", "[redacted],[redacted]"},
		{"inside a word when long enough", []string{"hunter2"}, "xhunter2y", "x[redacted]y"},
		{"JSON-escaped in a request body", []string{secret}, string(jsonBody), `{"client_secret":"[redacted]"}`},
		{"JSON body echoed in a JSON error and decoded once", []string{secret}, decoded.Message, `you sent {"client_secret":"[redacted]"}`},
		{"JSON-escaped twice (echoed body, raw)", []string{secret}, string(echoed), `{"message":"you sent {\"client_secret\":\"[redacted]\"}"}`},
		{"Go %q of the value", []string{secret}, fmt.Sprintf("said %q", "k="+secret), `said "k=[redacted]"`},
		{"query-encoded", []string{secret}, "/token?s=" + url.QueryEscape(secret), "/token?s=[redacted]"},
		{"path-encoded", []string{secret}, "/x/" + url.PathEscape(secret), "/x/[redacted]"},
		{"base64 of the value", []string{secret}, base64.StdEncoding.EncodeToString([]byte(secret)), "[redacted]"},
		{"base64url without padding", []string{secret}, base64.RawURLEncoding.EncodeToString([]byte(secret)), "[redacted]"},
		{"Basic header of a derived credential", []string{"acme+pubKEY1234:" + secret}, "Authorization: " + basic, "Authorization: Basic [redacted]"},
		{"longest form wins", []string{"pubKEY1234", "acme+pubKEY1234:" + secret}, "user acme+pubKEY1234:" + secret + " and pubKEY1234", "user [redacted] and [redacted]"},
		{"surrounding whitespace of a value", []string{"  spacedsecret\n"}, "x spacedsecret y", "x [redacted] y"},
		{"short value as a whole word", []string{"ab1"}, "key=ab1; (ab1) ab1", "key=[redacted]; ([redacted]) [redacted]"},
		{"short value inside words is kept", []string{"ab1"}, "tab1e xab1 ab12 éab1", "tab1e xab1 ab12 éab1"},
		{"short value alone", []string{"ab"}, "ab", "[redacted]"},
		{"empty value ignored", []string{""}, "nothing to hide", "nothing to hide"},
		{"no values", nil, "text " + secret, "text " + secret},
		{"unrelated text untouched", []string{secret}, "HTTP 401: the supplied authentication is incorrect", "HTTP 401: the supplied authentication is incorrect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, redact.New(tt.values...).String(tt.in))
		})
	}

	t.Run("value inside longer base64 text at each alignment", func(t *testing.T) {
		r := redact.New(secret)
		for _, prefix := range []string{"", "a", "ab", "abc", `{"client_secret":"`} {
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
				text := enc.EncodeToString([]byte(prefix + secret + " and more after it"))
				got := r.String(text)
				assert.Contains(t, got, redact.Mask, "prefix %q", prefix)
				assert.NotContains(t, decodeAll(got), secret[2:len(secret)-2], "prefix %q: the secret is still readable", prefix)
			}
		}
	})
}

// decodeAll decodes, between the masks, every run of base64 it can (at each of the four
// character offsets), so a test can look for what is left of a secret.
func decodeAll(s string) string {
	var out []string
	for _, part := range strings.Split(s, redact.Mask) {
		part = strings.TrimRight(part, "=")
		for cut := 0; cut < 4 && cut < len(part); cut++ {
			run := part[cut:]
			run = run[:len(run)/4*4]
			for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
				if b, err := enc.DecodeString(run); err == nil {
					out = append(out, string(b))
				}
			}
		}
	}
	return strings.Join(out, "|")
}

func TestNilAndZero(t *testing.T) {
	var nilR *redact.Redactor
	assert.Equal(t, "abc secret", nilR.String("abc secret"))
	assert.True(t, nilR.Empty())

	var zero redact.Redactor
	assert.True(t, zero.Empty())
	assert.Equal(t, "a secretvalue", zero.String("a secretvalue"))
	zero.Add("secretvalue")
	assert.False(t, zero.Empty())
	assert.Equal(t, "a [redacted]", zero.String("a secretvalue"))
}

// TestConcurrentAdd: tokens are added while other goroutines redact log lines (run -race).
func TestConcurrentAdd(t *testing.T) {
	r := redact.New("first-secret")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			r.Add(fmt.Sprintf("token-%d-abcdef", i))
		}()
		go func() {
			defer wg.Done()
			assert.Equal(t, "x [redacted]", r.String("x first-secret"))
		}()
	}
	wg.Wait()
	for i := range 8 {
		assert.Equal(t, "[redacted]", r.String(fmt.Sprintf("token-%d-abcdef", i)))
	}
}
