package pax8

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	simpax8 "github.com/trueup/trueup/internal/sim/pax8"
	"github.com/trueup/trueup/internal/store"
)

// stagingSink puts the store's staging cache behind connector.Sink, as the sync engine
// does, so a test can see what a run leaves in the real cache.
type stagingSink struct {
	st     *store.Staging
	failed bool
}

func (s *stagingSink) Logf(string, connector.Level, string, ...any) {}
func (s *stagingSink) Progress(string, int, int)                    {}
func (s *stagingSink) Put(ctx context.Context, recs ...connector.Record) error {
	return s.st.Put(ctx, recs...)
}
func (s *stagingSink) Complete(scope connector.Scope) { s.st.Complete(scope) }
func (s *stagingSink) Delete(ctx context.Context, e connector.Entity, ids ...string) error {
	return s.st.Delete(ctx, e, ids...)
}
func (s *stagingSink) Fail(_ string, scope connector.Scope, _ error) {
	s.failed = true
	s.st.Fail(scope)
}

// A product that cannot be read must not rename cached subscriptions: mappings key on
// product names.
func TestFailedProductLookupKeepsCachedNames(t *testing.T) {
	ctx := context.Background()
	data := simpax8.DemoDataset(testToday).Clone()
	broken := data.Subscriptions[0].ProductID
	var brokenSubs []string
	for i := range data.Subscriptions {
		if data.Subscriptions[i].ProductID == broken {
			data.Subscriptions[i].ProductName = "" // only the product record names them
			brokenSubs = append(brokenSubs, data.Subscriptions[i].ID)
		}
	}
	srv, base := startSim(t, data, simpax8.Options{})
	c := newConn(t, base, simpax8.DemoCredentials())

	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "trueup.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	in, err := db.CreateIntegration(ctx, store.Integration{Name: "Pax8", Kind: "pax8", BaseURL: base})
	require.NoError(t, err)

	var runID int64
	sync := func(t *testing.T, req connector.Request) bool {
		t.Helper()
		runID++
		st, err := db.BeginStaging(ctx, in.ID, runID, req.Mode == connector.ModeFull)
		require.NoError(t, err)
		sink := &stagingSink{st: st}
		require.NoError(t, c.Sync(ctx, req, sink))
		_, err = st.Commit(ctx, store.CommitOptions{Succeeded: !sink.failed})
		require.NoError(t, err)
		return sink.failed
	}
	names := func(t *testing.T) map[string]string {
		t.Helper()
		snap, err := db.CacheSnapshot(ctx, in.ID, false)
		require.NoError(t, err)
		out := map[string]string{}
		for _, s := range snap.Subscriptions {
			out[s.ID] = s.ProductName
		}
		return out
	}

	require.False(t, sync(t, connector.Request{Mode: connector.ModeFull}))
	before := names(t)
	require.Len(t, before, len(data.Subscriptions))
	productName := before[brokenSubs[0]]
	require.NotEmpty(t, productName)
	require.NotContains(t, productName, "Unknown")

	srv.AddFault(simpax8.Fault{PathContains: "/v1/products/" + broken, Status: 503, Times: -1})
	for _, req := range []connector.Request{{Mode: connector.ModeQuick, Since: testToday}, {Mode: connector.ModeFull}} {
		t.Run(string(req.Mode), func(t *testing.T) {
			assert.True(t, sync(t, req), "the run is partial")
			after := names(t)
			assert.Equal(t, before, after, "every cached subscription keeps its product name")
			for _, id := range brokenSubs {
				assert.Equal(t, productName, after[id])
			}
		})
	}
}
