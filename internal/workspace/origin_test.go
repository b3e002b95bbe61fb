package workspace_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/secrets"
	paxsim "github.com/trueup/trueup/internal/sim/pax8"
	"github.com/trueup/trueup/internal/workspace"
)

// recorder is a foreign server: it records every request it gets, headers and body.
type recorder struct {
	mu   sync.Mutex
	seen bytes.Buffer
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	_ = req.Header.Write(&r.seen)
	r.seen.WriteString(req.URL.String())
	r.seen.Write(body)
	r.mu.Unlock()
	http.Error(w, "no", http.StatusUnauthorized)
}

func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen.String()
}

// Issue 6: a page changed an integration's base URL to its own server, ran Test, and
// received the real secret. A base URL on another server now removes the secrets.
func TestBaseURLOnAnotherServerRemovesTheSecrets(t *testing.T) {
	ctx := context.Background()
	keys := secrets.NewMemory()
	ws, _ := open(t, keys)
	_, url := pax8Sim(t)
	in := addPax8(t, ws, url)
	foreign := &recorder{}
	srv := httptest.NewServer(foreign)
	t.Cleanup(srv.Close)

	got, err := ws.Integrations().Update(ctx, in.ID, workspace.IntegrationInput{Name: "Pax8", BaseURL: srv.URL + "/v1"})
	require.NoError(t, err)
	assert.False(t, got.SecretsSet)
	oldHost := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/v1")
	newHost := strings.TrimPrefix(srv.URL, "http://")
	assert.Equal(t, "The base URL moved to another server ("+newHost+"), so the credentials of "+oldHost+
		" were removed: enter the credentials again.", got.Notice)
	assert.Zero(t, keys.Len(), "the keychain items are gone")

	res := ws.Integrations().Test(ctx, in.ID)
	assert.False(t, res.OK)
	assert.Contains(t, res.Message, "is not in the keychain")
	assert.NotContains(t, foreign.String(), secretValue, "the old secret never reaches the new server")

	listed, err := ws.Integrations().Get(ctx, in.ID)
	require.NoError(t, err)
	assert.Empty(t, listed.Notice, "the notice belongs to the edit's answer only")
}

func TestBaseURLOriginRule(t *testing.T) {
	cid := paxsim.DemoCredentials().ClientID
	tests := []struct {
		name       string
		baseURL    func(sim string) string // from the simulator's URL, http://127.0.0.1:PORT/v1
		secrets    map[string]string
		wantKeys   int
		wantSet    bool
		wantNotice bool
	}{
		{name: "same server, other path", baseURL: func(s string) string { return strings.TrimSuffix(s, "/v1") + "/partner/v1" }, wantKeys: 2, wantSet: true},
		{name: "same server, trailing slash", baseURL: func(s string) string { return s + "/" }, wantKeys: 2, wantSet: true},
		{name: "same server, host in capitals", baseURL: func(s string) string { return strings.Replace(s, "http://", "HTTP://", 1) }, wantKeys: 2, wantSet: true},
		{name: "other port", baseURL: func(s string) string { return "http://127.0.0.1:1/v1" }, wantNotice: true},
		{name: "other host", baseURL: func(s string) string { return strings.Replace(s, "127.0.0.1", "localhost", 1) }, wantNotice: true},
		{name: "other scheme", baseURL: func(s string) string { return strings.Replace(s, "http://", "https://", 1) }, wantNotice: true},
		{
			name: "moved with every secret given again", baseURL: func(string) string { return "http://127.0.0.1:1/v1" },
			secrets: map[string]string{"client_id": cid, "client_secret": "new-secret"}, wantKeys: 2, wantSet: true,
		},
		{
			name: "moved with one secret given again", baseURL: func(string) string { return "http://127.0.0.1:1/v1" },
			secrets: map[string]string{"client_secret": "new-secret"}, wantKeys: 1, wantNotice: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			keys := secrets.NewMemory()
			ws, _ := open(t, keys)
			_, url := pax8Sim(t)
			in := addPax8(t, ws, url)
			got, err := ws.Integrations().Update(ctx, in.ID, workspace.IntegrationInput{Name: "Pax8", BaseURL: tt.baseURL(url), Secrets: tt.secrets})
			require.NoError(t, err)
			assert.Equal(t, tt.wantKeys, keys.Len())
			assert.Equal(t, tt.wantSet, got.SecretsSet)
			if tt.wantNotice {
				assert.Contains(t, got.Notice, "The base URL moved to another server")
				assert.Contains(t, got.Notice, "enter the credentials again")
			} else {
				assert.Empty(t, got.Notice)
			}
		})
	}
}

// deleteFails is a keychain whose items cannot be removed.
type deleteFails struct{ *secrets.Memory }

func (deleteFails) Delete(context.Context, secrets.Key) error {
	return &secrets.UnavailableError{Op: "delete", Reason: "the keychain is locked: unlock it, then try again", Cause: "IsLocked"}
}

func TestBaseURLMoveIsRefusedWhenTheSecretsCannotBeRemoved(t *testing.T) {
	ctx := context.Background()
	ws, _ := open(t, deleteFails{secrets.NewMemory()})
	_, url := pax8Sim(t)
	in := addPax8(t, ws, url)
	_, err := ws.Integrations().Update(ctx, in.ID, workspace.IntegrationInput{Name: "Pax8", BaseURL: "http://127.0.0.1:1/v1"})
	require.Error(t, err)
	assert.True(t, errors.Is(err, secrets.ErrUnavailable))
	assert.Equal(t, "the base URL moves to another server, but the old credentials could not be removed from the OS keychain, "+
		"so nothing was changed: the keychain is locked: unlock it, then try again", err.Error())
	got, err := ws.Integrations().Get(ctx, in.ID)
	require.NoError(t, err)
	assert.Equal(t, url, got.BaseURL)
	assert.True(t, got.SecretsSet)
}

func TestBaseURLMoveWithATakenNameKeepsTheSecrets(t *testing.T) {
	ctx := context.Background()
	keys := secrets.NewMemory()
	ws, _ := open(t, keys)
	_, url := pax8Sim(t)
	in := addPax8(t, ws, url)
	_, err := ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: "pax8", Name: "Other", BaseURL: url})
	require.NoError(t, err)
	_, err = ws.Integrations().Update(ctx, in.ID, workspace.IntegrationInput{Name: "Other", BaseURL: "http://127.0.0.1:1/v1"})
	require.True(t, workspace.IsInputError(err), "%v", err)
	assert.Equal(t, 2, keys.Len())
}
