package syncengine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	"github.com/trueup/trueup/internal/redact"
	"github.com/trueup/trueup/internal/store"
)

// blabber is a connector that repeats its secrets everywhere a message can leave it, the
// way a connector quoting an echoing server would, plus a token it was "issued" and
// registered with the run's redactor.
type blabber struct {
	secret string
	token  string
	red    *redact.Redactor
	fail   bool // return an error (the run fails) rather than mark a section failed
}

func (b *blabber) Test(context.Context) error { return nil }

func (b *blabber) Sync(ctx context.Context, _ connector.Request, sink connector.Sink) error {
	b.red.Add(b.token)
	sink.Logf("companies", connector.LevelWarn, "retry: server said Authorization: Bearer %s, body {\"client_secret\":%q}", b.token, b.secret)
	sink.Fail("subscriptions", connector.Scope{Entity: connector.EntitySubscriptions}, fmt.Errorf("HTTP 500: server said %s / %s", b.secret, b.token))
	if b.fail {
		return &connector.AuthError{Status: 401, Hint: "reset the keys", Err: errors.New("server said " + b.secret + " and " + b.token)}
	}
	// Accounts are read and stored while subscriptions failed: a partial run (a run where
	// every section failed is failed).
	return connector.Put(ctx, sink, accounts("Acme")...)
}

func TestEverythingLeavingARunIsRedacted(t *testing.T) {
	for _, fail := range []bool{false, true} {
		t.Run(map[bool]string{false: "partial run", true: "failed run"}[fail], func(t *testing.T) {
			secret, token := connectortest.NewSecret(), "tok-"+connectortest.NewSecret()
			dir := t.TempDir()
			dbPath := filepath.Join(dir, "trueup.db")
			st, err := store.Open(context.Background(), dbPath)
			require.NoError(t, err)
			var gotRedactor bool
			factory := connector.Factory{Kind: connector.KindPax8, Label: "Pax8", Role: connector.RoleVendor,
				Secrets: []connector.Field{{Key: "client_secret", Required: true}},
				New: func(cfg connector.Config) (connector.Connector, error) {
					gotRedactor = cfg.Redact != nil
					red := cfg.Redact
					if red == nil {
						red = redact.New() // as real connectors do
					}
					return &blabber{secret: cfg.Secrets["client_secret"], token: token, red: red, fail: fail}, nil
				}}
			e := New(Options{Store: st, Registry: connector.NewRegistry(factory), ProgressEvery: time.Millisecond,
				Credentials: func(context.Context, store.Integration, []connector.Field) (map[string]string, error) {
					return map[string]string{"client_secret": secret}, nil
				}})
			var mu sync.Mutex
			var events []string
			e.Subscribe(func(ev Event) {
				b, _ := json.Marshal(ev)
				mu.Lock()
				events = append(events, string(b))
				mu.Unlock()
			})
			t.Cleanup(func() { e.Close(); st.Close() })

			in, err := st.CreateIntegration(context.Background(), store.Integration{Name: "P", Kind: "pax8", BaseURL: "https://x"})
			require.NoError(t, err)
			runs, err := e.Enqueue(context.Background(), Request{IntegrationIDs: []int64{in.ID}, Mode: connector.ModeFull})
			require.NoError(t, err)
			require.NoError(t, e.Wait(context.Background(), runs[0].ID))
			require.True(t, gotRedactor, "the engine passes the run's redactor to the connector")

			run, err := st.Run(context.Background(), runs[0].ID)
			require.NoError(t, err)
			want := map[bool]string{false: store.StatusPartial, true: store.StatusFailed}[fail]
			require.Equal(t, want, run.Status)
			lines, err := st.RunLog(context.Background(), run.ID)
			require.NoError(t, err)
			runJSON, _ := json.Marshal(run)
			logJSON, _ := json.Marshal(lines)
			assert.Contains(t, string(logJSON), redact.Mask, "the log keeps the message, minus the secrets")

			mu.Lock()
			said := append([]string{string(runJSON), string(logJSON)}, events...)
			mu.Unlock()
			for _, f := range []string{dbPath, dbPath + "-wal"} {
				b, err := os.ReadFile(f)
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				require.NoError(t, err)
				said = append(said, string(b))
			}
			for _, text := range said {
				assert.Empty(t, connectortest.Leaks(text, secret, token))
			}
		})
	}
}
