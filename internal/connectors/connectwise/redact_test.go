package connectwise

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/redact"
)

// A gateway that echoes the request into ConnectWise's {message} puts the Basic header and
// the keys into the error; said() must redact them, and must do so before it shortens the
// message (a secret cut at the limit is no longer recognisable).
func TestSaidRedactsEchoedCredentialsBeforeShortening(t *testing.T) {
	public, private := connectortest.NewSecret(), connectortest.NewSecret()
	red := redact.New(public, private) // what the engine adds from the keychain
	c, err := New(connector.Config{BaseURL: "https://cw.example.com/v4_6_release/apis/3.0", Redact: red,
		Settings: map[string]string{SettingCompany: "acme", SettingClientID: "cid"},
		Secrets:  map[string]string{SecretPublicKey: public, SecretPrivateKey: private}})
	require.NoError(t, err)
	joined := "acme+" + public + ":" + private
	secrets := []string{public, private, joined, strings.TrimPrefix(c.auth, "Basic ")}

	tests := []struct {
		name    string
		message string
	}{
		{"Authorization header echoed", "Request rejected. Authorization: " + c.auth + " clientId: cid"},
		{"decoded credentials echoed", "invalid user " + joined},
		{"private key straddles the length limit", strings.Repeat("x", 290) + private + " tail"},
		{"Basic value straddles the length limit", strings.Repeat("y", 280) + c.auth},
		{"JSON request echoed", `{"headers":{"Authorization":"` + c.auth + `"},"user":` + mustQuote(t, joined) + `}`},
	}
	for _, status := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusTooManyRequests, http.StatusInternalServerError} {
		for _, tt := range tests {
			t.Run(http.StatusText(status)+"/"+tt.name, func(t *testing.T) {
				body, err := json.Marshal(map[string]any{"code": "X", "message": tt.message})
				require.NoError(t, err)
				mapped := mapError(t.Context(), "/company/companies", &httpx.StatusError{Method: "GET", URL: "https://cw.example.com/x", Status: status, Body: body}, c.redact)
				for _, text := range []string{mapped.Error(), connector.UserMessage(mapped)} {
					assert.Empty(t, connectortest.Leaks(text, secrets...), text)
					assert.Contains(t, text, "ConnectWise said", "the server's words are kept, minus the secrets")
				}
			})
		}
	}
}

func mustQuote(t *testing.T, s string) string {
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return string(b)
}
