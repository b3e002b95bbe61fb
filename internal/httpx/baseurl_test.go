package httpx_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/httpx"
)

func TestCheckBaseURL(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)

	tests := []struct {
		name    string
		raw     string
		want    string
		wantErr []string // substrings of the error
		notIn   string   // must not appear in the error
	}{
		{name: "https", raw: "https://api.example.com/v1", want: "https://api.example.com/v1"},
		{name: "https trailing slash and spaces", raw: "  https://api.example.com/v1/ ", want: "https://api.example.com/v1"},
		{name: "https with port", raw: "https://na.myconnectwise.net:443/v4_6_release/apis/3.0/", want: "https://na.myconnectwise.net:443/v4_6_release/apis/3.0"},
		{name: "http 127.0.0.1", raw: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
		{name: "http other loopback address", raw: "http://127.0.0.2:8080/api/", want: "http://127.0.0.2:8080/api"},
		{name: "http [::1]", raw: "http://[::1]:8080/api", want: "http://[::1]:8080/api"},
		{name: "http localhost", raw: "http://localhost:3000/", want: "http://localhost:3000"},
		{name: "http LOCALHOST", raw: "http://LOCALHOST:3000", want: "http://LOCALHOST:3000"},
		{name: "http name under localhost", raw: "http://pax8.localhost:8080/v1", want: "http://pax8.localhost:8080/v1"},
		{name: "http localhost with trailing dot", raw: "http://localhost.:3000", want: "http://localhost.:3000"},
		{name: "httptest server", raw: srv.URL, want: srv.URL},
		{name: "http remote", raw: "http://api.example.com", wantErr: []string{"plain http", "use https://"}},
		{name: "http private address", raw: "http://10.0.0.5/api", wantErr: []string{"use https://"}},
		{name: "http localhost lookalike", raw: "http://localhost.example.com", wantErr: []string{"use https://"}},
		{name: "http localhost lookalike suffix", raw: "http://evillocalhost:8080", wantErr: []string{"use https://"}},
		{name: "http 0.0.0.0", raw: "http://0.0.0.0:8080", wantErr: []string{"use https://"}},
		{name: "empty", raw: "", wantErr: []string{"base URL is empty"}},
		{name: "blank", raw: "   ", wantErr: []string{"base URL is empty"}},
		{name: "no host", raw: "https://", wantErr: []string{"not a web address", "include the host"}},
		{name: "no host path only", raw: "https:///v1", wantErr: []string{"not a web address"}},
		{name: "port but no host", raw: "https://:443/v1", wantErr: []string{"not a web address"}},
		{name: "colon but no host", raw: "https://:", wantErr: []string{"not a web address"}},
		{name: "no scheme", raw: "api.example.com/v1", wantErr: []string{"must start with https://"}},
		{name: "other scheme", raw: "ftp://api.example.com", wantErr: []string{"not a web address"}},
		{name: "unparsable", raw: "https://api example.com:port", wantErr: []string{"not a web address"}},
		{
			name: "credentials", raw: "https://apiuser:s3cr3t-pw@api.example.com/v1",
			wantErr: []string{"must not contain a user name or password"}, notIn: "s3cr3t-pw",
		},
		{name: "user only", raw: "https://apiuser@api.example.com", wantErr: []string{"user name or password"}},
		{name: "query string", raw: "https://api.example.com/v1?tenant=1", wantErr: []string{"must not contain a query"}},
		{name: "bare question mark", raw: "https://api.example.com/v1?", wantErr: []string{"must not contain a query"}},
		{name: "bare hash", raw: "https://api.example.com/v1/#", want: "https://api.example.com/v1"},
		{name: "fragment", raw: "https://api.example.com/v1#top", wantErr: []string{"fragment"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := httpx.CheckBaseURL(tt.raw)
			if tt.wantErr != nil {
				require.Error(t, err)
				for _, s := range tt.wantErr {
					assert.Contains(t, err.Error(), s)
				}
				if tt.notIn != "" {
					assert.NotContains(t, err.Error(), tt.notIn)
				}
				assert.Empty(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "127.0.0.1": true, "127.1.2.3": true, "::1": true,
		"localhost.": true, "api.localhost": true, "A.B.LOCALHOST": true, "evillocalhost": false, "localhost..": false,
		"[::1]": false, // Hostname() strips brackets; a bracketed host is not a plain address
		"":      false, "0.0.0.0": false, "10.0.0.1": false, "example.com": false, "localhost.example.com": false,
	} {
		assert.Equal(t, want, httpx.IsLoopback(host), host)
	}
}

// FuzzCheckBaseURL: whatever CheckBaseURL accepts is an absolute https URL, or http to a
// loopback host, without user info, query or fragment, and it accepts its own answer as is.
func FuzzCheckBaseURL(f *testing.F) {
	for _, s := range []string{
		"https://api.example.com/v1", " https://api.example.com/v1/ ", "http://127.0.0.1:8080", "http://[::1]:1/x",
		"http://localhost:3000/", "http://api.localhost/", "http://localhost.", "http://localhost.example.com",
		"http://127.0.0.1.nip.io", "http://0x7f000001/", "http://2130706433/", "http://[::ffff:127.0.0.1]/",
		"http://[::1%25lo]:80/", "http://user:pw@127.0.0.1/", "http://127.0.0.1@evil.com/", "http://evil.com#@127.0.0.1",
		"http://evil.com\\@127.0.0.1/", "http://127.0.0.1:80\\@evil.com/", "http://evil.com?.localhost", "HTTP://LOCALHOST",
		"https://", "https:///v1", "ftp://x", "//127.0.0.1", "http:127.0.0.1", "http://%31%32%37.0.0.1/", "https://a/b?",
		"https://a/#", "http://localhost%2eevil.com/", "http://[fe80::1%25eth0]/", "https://:", "https://:443/v1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := httpx.CheckBaseURL(raw)
		if err != nil {
			if got != "" {
				t.Fatalf("CheckBaseURL(%q) = %q with error %v", raw, got, err)
			}
			return
		}
		u, perr := url.Parse(got)
		if perr != nil {
			t.Fatalf("CheckBaseURL(%q) = %q, which does not parse: %v", raw, got, perr)
		}
		switch {
		case u.Host == "" || u.Hostname() == "":
			t.Fatalf("CheckBaseURL(%q) = %q has no host", raw, got)
		case u.User != nil:
			t.Fatalf("CheckBaseURL(%q) = %q has user info", raw, got)
		case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
			t.Fatalf("CheckBaseURL(%q) = %q has a query or fragment", raw, got)
		case u.Scheme == "https":
		case u.Scheme == "http":
			host := u.Hostname()
			ip := net.ParseIP(host)
			name := strings.ToLower(strings.TrimSuffix(host, "."))
			if !(ip != nil && ip.IsLoopback()) && name != "localhost" && !strings.HasSuffix(name, ".localhost") {
				t.Fatalf("CheckBaseURL(%q) = %q: plain http to a host that is not loopback", raw, got)
			}
		default:
			t.Fatalf("CheckBaseURL(%q) = %q: scheme %q", raw, got, u.Scheme)
		}
		if strings.HasSuffix(got, "/") {
			t.Fatalf("CheckBaseURL(%q) = %q ends in a slash", raw, got)
		}
		again, err := httpx.CheckBaseURL(got)
		if err != nil || again != got {
			t.Fatalf("CheckBaseURL(%q) = %q, but CheckBaseURL(%q) = %q, %v", raw, got, got, again, err)
		}
	})
}
