package connectortest

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

// Harness connects the conformance suite to one connector and its simulator. Each method
// may start a fresh simulator; within one call of Run the harness keeps one simulator so
// that Touch and Remove are seen by later syncs.
type Harness interface {
	// Connector returns a connector with credentials the simulator accepts.
	Connector(t *testing.T) connector.Connector
	// BadCredentials returns a connector whose credentials the simulator rejects.
	BadCredentials(t *testing.T) connector.Connector
	// Touch changes one record at the source (bumping its modified stamp, as the real API
	// would) and returns its entity and ID.
	Touch(t *testing.T) (connector.Entity, string)
	// Remove deletes one record at the source and returns its entity and ID.
	Remove(t *testing.T) (connector.Entity, string)
	// Hostile points the connector at the suite's echo server listening at root
	// (http://127.0.0.1:port): it must hold no secret in what it says.
	Hostile(t *testing.T, root string) Hostile
}

// Run is the conformance suite every connector must pass.
func Run(t *testing.T, h Harness) {
	t.Helper()
	ctx := context.Background()

	t.Run("test connection accepts good credentials", func(t *testing.T) {
		require.NoError(t, h.Connector(t).Test(ctx))
	})

	t.Run("test connection rejects bad credentials with an AuthError", func(t *testing.T) {
		err := h.BadCredentials(t).Test(ctx)
		require.Error(t, err)
		assert.True(t, connector.IsAuth(err), "want AuthError, got %T: %v", err, err)
		assert.NotEmpty(t, err.Error())
	})

	t.Run("sync with bad credentials fails the run with an AuthError", func(t *testing.T) {
		rec := &Recorder{}
		err := h.BadCredentials(t).Sync(ctx, connector.Request{Mode: connector.ModeFull}, rec)
		require.Error(t, err)
		assert.True(t, connector.IsAuth(err), "want AuthError, got %T: %v", err, err)
	})

	var full *Recorder
	t.Run("full sync reads a consistent snapshot", func(t *testing.T) {
		full = &Recorder{}
		require.NoError(t, h.Connector(t).Sync(ctx, connector.Request{Mode: connector.ModeFull}, full))
		assert.Empty(t, full.Failures, "a healthy simulator must not produce section failures")
		total := 0
		for _, e := range connector.Entities {
			ids := full.IDs(e)
			total += len(ids)
			assertUnique(t, e, ids)
		}
		require.NotZero(t, total, "full sync wrote nothing")
		accounts := map[string]bool{}
		for _, a := range full.Accounts {
			assert.NotEmpty(t, a.Name, "account %s has no name", a.ID)
			assertRaw(t, a.Raw)
			accounts[a.ID] = true
		}
		agreements := map[string]bool{}
		for _, a := range full.Agreements {
			assert.True(t, accounts[a.AccountID], "agreement %s points at unknown account %q", a.ID, a.AccountID)
			assertRaw(t, a.Raw)
			agreements[a.ID] = true
		}
		for _, l := range full.ServiceLines {
			assert.True(t, agreements[l.AgreementID], "line %s points at unknown agreement %q", l.ID, l.AgreementID)
			assert.NotEmpty(t, l.ProductName, "line %s has no product name", l.ID)
			assertRaw(t, l.Raw)
		}
		for _, s := range full.Subscriptions {
			assert.True(t, accounts[s.AccountID], "subscription %s points at unknown account %q", s.ID, s.AccountID)
			assert.NotEmpty(t, s.ProductName, "subscription %s has no product name", s.ID)
			assertRaw(t, s.Raw)
		}
		assert.NotEmpty(t, full.Logs, "a sync must say what it did in the log")
	})

	t.Run("quick sync picks up a change", func(t *testing.T) {
		require.NotNil(t, full)
		since := newest(full)
		entity, id := h.Touch(t)
		rec := &Recorder{}
		require.NoError(t, h.Connector(t).Sync(ctx, connector.Request{Mode: connector.ModeQuick, Since: since}, rec))
		assert.Contains(t, rec.IDs(entity), id, "QuickSync did not re-read the changed %s %s", entity, id)
		assert.Empty(t, rec.Failures)
	})

	t.Run("quick sync tells the cache about a removed record; full sync no longer reports it", func(t *testing.T) {
		require.NotNil(t, full)
		since := newest(full)
		entity, id := h.Remove(t)
		quick := &Recorder{}
		require.NoError(t, h.Connector(t).Sync(ctx, connector.Request{Mode: connector.ModeQuick, Since: since}, quick))
		assert.True(t, quick.Drops(entity, id), "after a QuickSync the cache would still hold the removed %s %s", entity, id)
		rec := &Recorder{}
		require.NoError(t, h.Connector(t).Sync(ctx, connector.Request{Mode: connector.ModeFull}, rec))
		assert.NotContains(t, rec.IDs(entity), id)
	})

	t.Run("a server that echoes requests gets no secret into messages", func(t *testing.T) {
		runHostile(t, h)
	})

	t.Run("a cancelled context stops the sync", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		done := make(chan error, 1)
		go func() { done <- h.Connector(t).Sync(cctx, connector.Request{Mode: connector.ModeFull}, &Recorder{}) }()
		select {
		case err := <-done:
			require.Error(t, err)
			assert.True(t, errors.Is(err, context.Canceled), "want context.Canceled in the chain, got %v", err)
		case <-time.After(10 * time.Second):
			t.Fatal("Sync ignored a cancelled context")
		}
	})
}

func assertUnique(t *testing.T, e connector.Entity, ids []string) {
	t.Helper()
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	assert.Equal(t, len(sorted), len(slices.Compact(sorted)), "%s: duplicate IDs written", e)
	for _, id := range ids {
		assert.NotEmpty(t, id, "%s: empty ID", e)
	}
}

func assertRaw(t *testing.T, raw json.RawMessage) {
	t.Helper()
	assert.True(t, json.Valid(raw) && len(raw) > 2, "raw source record must be kept as JSON, got %q", raw)
}

func newest(r *Recorder) time.Time {
	var n time.Time
	bump := func(t time.Time) {
		if t.After(n) {
			n = t
		}
	}
	for _, x := range r.Accounts {
		bump(x.UpdatedAt)
	}
	for _, x := range r.Agreements {
		bump(x.UpdatedAt)
	}
	for _, x := range r.ServiceLines {
		bump(x.UpdatedAt)
	}
	for _, x := range r.Subscriptions {
		bump(x.UpdatedAt)
	}
	return n
}
