package pax8

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	"github.com/trueup/trueup/internal/redact"
)

// Odd token answers may hold anything, the credentials included: the parse errors name the
// field that is wrong and never quote what it held (a quoted prefix of a secret is beyond
// any redaction).
func TestTokenAnswerErrorsNeverQuoteTheAnswer(t *testing.T) {
	id, secret := connectortest.NewSecret(), connectortest.NewSecret()
	c, err := New(connector.Config{Secrets: map[string]string{SecretClientID: id, SecretClientSecret: secret}})
	require.NoError(t, err)
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	tests := []struct {
		name, body, want string
	}{
		{"token_type holds the secret", `{"access_token":"tok-a1b2c3d4e5f6","token_type":` + q(secret) + `,"expires_in":86400}`, "another type than Bearer"},
		{"expires_in holds the secret", `{"access_token":"tok-a1b2c3d4e5f6","token_type":"Bearer","expires_in":` + q(secret) + `}`, "expires_in"},
		{"expires_in holds the client id", `{"access_token":"tok-a1b2c3d4e5f6","expires_in":` + q(id) + `}`, "expires_in"},
		{"token_type is an object echoing the request", `{"access_token":"tok-a1b2c3d4e5f6","token_type":{"client_secret":` + q(secret) + `}}`, "token_type"},
		{"access_token is an object echoing the request", `{"access_token":{"client_id":` + q(id) + `}}`, "access_token"},
		{"no access_token, secret elsewhere", `{"echo":` + q(secret) + `}`, "no access_token"},
		{"not JSON at all", secret, "not a JSON object"},
		{"a JSON string", q(secret), "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.parseToken([]byte(tt.body))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), DefaultBaseURL, "says what to check")
			assert.Empty(t, connectortest.Leaks(err.Error(), id, secret), err.Error())
		})
	}

	t.Run("a well-formed answer still reads", func(t *testing.T) {
		tr, err := c.parseToken([]byte(`{"access_token":" tok-ok ","token_type":"bearer","expires_in":"3600"}`))
		require.NoError(t, err)
		assert.Equal(t, "tok-ok", tr.AccessToken)
		assert.EqualValues(t, 3600, tr.ExpiresIn)
	})
}

// Every token issued during a run is redacted, not only the current one: a 401 body that
// lists the tokens it has seen (as a logging proxy might) shows the replaced one too.
func TestEveryIssuedTokenIsRedacted(t *testing.T) {
	var mu sync.Mutex
	var issued []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Method == http.MethodPost {
			tok := fmt.Sprintf("tok-%d-%s", len(issued)+1, connectortest.NewSecret())
			issued = append(issued, tok)
			_ = json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 86400})
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
		_ = json.NewEncoder(w).Encode(map[string]any{"type": "Unauthorized", "message": "tokens seen: " + strings.Join(issued, ", ")})
	}))
	t.Cleanup(srv.Close)

	red := redact.New()
	c, err := New(connector.Config{BaseURL: srv.URL + "/v1", Redact: red,
		Secrets: map[string]string{SecretClientID: "client-id-1234", SecretClientSecret: "client-secret-5678"}})
	require.NoError(t, err)
	rec := &connectortest.Recorder{}
	syncErr := c.Sync(t.Context(), full(), rec)
	require.Error(t, syncErr)
	require.True(t, connector.IsAuth(syncErr))

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, issued, 2, "one token, a 401, one fresh token")
	for _, text := range []string{syncErr.Error(), connector.UserMessage(syncErr), red.String(strings.Join(issued, " "))} {
		assert.Empty(t, connectortest.Leaks(text, issued...), text)
	}
	assert.Contains(t, syncErr.Error(), "tokens seen: [redacted], [redacted]")
}
