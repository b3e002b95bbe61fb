package httpx_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/httpx"
)

// thief is server B: it counts every request that reaches it.
func thief(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.WriteString(w, `{"access_token":"stolen"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// redirector is server A: every request is answered with status and Location.
func redirector(t *testing.T, tls bool, status int, location string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if location != "" {
			w.Header().Set("Location", location)
		}
		w.WriteHeader(status)
	})
	var srv *httptest.Server
	if tls {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestRedirectsAreRefused(t *testing.T) {
	b, bHits := thief(t)
	bHost := strings.TrimPrefix(b.URL, "http://")
	tests := []struct {
		name   string
		method string
		status int
		tls    bool // server A speaks https; B stays plain http (a downgrade)
	}{
		{name: "307 POST to another host", method: http.MethodPost, status: http.StatusTemporaryRedirect},
		{name: "307 GET to another host", method: http.MethodGet, status: http.StatusTemporaryRedirect},
		{name: "308 POST to another host", method: http.MethodPost, status: http.StatusPermanentRedirect},
		{name: "301 GET", method: http.MethodGet, status: http.StatusMovedPermanently},
		{name: "302 GET from https to http", method: http.MethodGet, status: http.StatusFound, tls: true},
		{name: "303 POST from https to http", method: http.MethodPost, status: http.StatusSeeOther, tls: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bHits.Store(0)
			a, aHits := redirector(t, tt.tls, tt.status, b.URL+"/steal?x=1")
			var hc *http.Client
			if tt.tls {
				hc = a.Client() // trusts A's certificate; an injected client
			}
			c, rec := newClientWith(hc, httpx.Options{})
			send := c.Do
			if tt.method == http.MethodPost {
				send = c.DoIdempotent // the token POST's path
			}
			_, _, err := send(context.Background(), func(ctx context.Context) (*http.Request, error) {
				var body io.Reader
				if tt.method == http.MethodPost {
					body = strings.NewReader(`client_id=id&client_secret=s3cret`)
				}
				req, err := http.NewRequestWithContext(ctx, tt.method, a.URL+"/token", body)
				if err != nil {
					return nil, err
				}
				req.Header.Set("Authorization", "Basic c2VjcmV0")
				return req, nil
			})
			require.Error(t, err)
			assert.Equal(t, "the API redirected to "+bHost+": update the base URL", err.Error())
			var re *httpx.RedirectError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.status, re.Status)
			assert.Equal(t, bHost, re.Host)
			assert.Equal(t, b.URL+"/steal", re.Location, "no query string")
			assert.Equal(t, int32(0), bHits.Load(), "server B never receives a request")
			assert.Equal(t, int32(1), aHits.Load(), "a redirect is not retried")
			assert.Equal(t, int64(1), c.Requests())
			assert.Empty(t, rec.notices)
			if hc != nil {
				assert.Nil(t, hc.CheckRedirect, "the caller's client is not changed")
			}
		})
	}
}

func TestRedirectWithinTheSameHost(t *testing.T) {
	a, aHits := redirector(t, false, http.StatusFound, "/v2/companies")
	c, _ := newClient(httpx.Options{})
	_, _, err := c.Do(context.Background(), get(a.URL+"/v1/companies"))
	u, _ := url.Parse(a.URL)
	assert.EqualError(t, err, "the API redirected to "+u.Host+": update the base URL")
	assert.Equal(t, int32(1), aHits.Load(), "not followed, not retried")
}

func TestRedirectWithoutLocation(t *testing.T) {
	a, aHits := redirector(t, false, http.StatusMultipleChoices, "")
	c, _ := newClient(httpx.Options{})
	_, _, err := c.Do(context.Background(), get(a.URL+"/x?k=v"))
	var re *httpx.RedirectError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "the API answered GET "+a.URL+"/x with a redirect (HTTP 300) that names no usable address: check the base URL", err.Error())
	assert.Equal(t, int32(1), aHits.Load())
}

// The caller's own client still follows redirects: New works on a copy.
func TestNewDoesNotChangeTheInjectedClient(t *testing.T) {
	b, bHits := thief(t)
	a, _ := redirector(t, false, http.StatusFound, b.URL+"/")
	hc := &http.Client{}
	_ = httpx.New(hc, httpx.Options{})
	assert.Nil(t, hc.CheckRedirect)
	resp, err := hc.Get(a.URL)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, int32(1), bHits.Load())
}
