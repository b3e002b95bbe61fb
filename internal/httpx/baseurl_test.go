package httpx_test

import (
	"net/http"
	"net/http/httptest"
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
		{name: "httptest server", raw: srv.URL, want: srv.URL},
		{name: "http remote", raw: "http://api.example.com", wantErr: []string{"plain http", "use https://"}},
		{name: "http private address", raw: "http://10.0.0.5/api", wantErr: []string{"use https://"}},
		{name: "http localhost lookalike", raw: "http://localhost.example.com", wantErr: []string{"use https://"}},
		{name: "http 0.0.0.0", raw: "http://0.0.0.0:8080", wantErr: []string{"use https://"}},
		{name: "empty", raw: "", wantErr: []string{"base URL is empty"}},
		{name: "blank", raw: "   ", wantErr: []string{"base URL is empty"}},
		{name: "no host", raw: "https://", wantErr: []string{"not a web address", "include the host"}},
		{name: "no host path only", raw: "https:///v1", wantErr: []string{"not a web address"}},
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
		"[::1]": false, // Hostname() strips brackets; a bracketed host is not a plain address
		"":      false, "0.0.0.0": false, "10.0.0.1": false, "example.com": false, "localhost.example.com": false,
	} {
		assert.Equal(t, want, httpx.IsLoopback(host), host)
	}
}
