// Package workspace is what the GUI and the CLI both call: one data folder (a SQLite cache
// plus the keychain items of its integrations), the connector registry and the sync engine.
// Methods validate their input and return the DTOs of dto.go; errors say what to fix.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/syncengine"
)

// Options wire a workspace.
type Options struct {
	DataDir    string
	Secrets    secrets.Store
	Registry   *connector.Registry
	HTTPClient *http.Client     // nil: default timeouts
	Now        func() time.Time // nil: time.Now
	// Location is the MSP's time zone: agreements start and end on its calendar days.
	Location *time.Location
	// OnClose runs after the workspace closes (the demo stops its simulators there).
	OnClose func()
}

// Workspace is one open data folder.
type Workspace struct {
	opts   Options
	store  *store.Store
	engine *syncengine.Engine
	// progress keeps each active run's whole-run progress from moving backwards.
	progress progressTracker

	closeOnce sync.Once
}

// DatabaseFile is the cache file inside a data folder.
const DatabaseFile = "trueup.db"

// Open opens (creating if needed) the workspace in opts.DataDir.
func Open(ctx context.Context, opts Options) (*Workspace, error) {
	if opts.DataDir == "" {
		return nil, errors.New("no data folder given")
	}
	if opts.Secrets == nil || opts.Registry == nil {
		return nil, errors.New("workspace needs a secrets store and a connector registry")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	st, err := store.Open(ctx, filepath.Join(opts.DataDir, DatabaseFile), store.WithClock(opts.Now))
	if err != nil {
		return nil, err
	}
	w := &Workspace{opts: opts, store: st}
	w.engine = syncengine.New(syncengine.Options{
		Store: st, Registry: opts.Registry, HTTPClient: opts.HTTPClient, Now: opts.Now,
		Credentials: w.credentials,
	})
	if err := w.engine.Recover(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("recover interrupted syncs: %w", err)
	}
	return w, nil
}

// Close stops every run and closes the cache.
func (w *Workspace) Close() {
	w.closeOnce.Do(func() {
		w.engine.Close()
		_ = w.store.Close()
		if w.opts.OnClose != nil {
			w.opts.OnClose()
		}
	})
}

// Info describes the workspace.
func (w *Workspace) Info() WorkspaceInfo {
	list, _ := w.store.Integrations(context.Background())
	return WorkspaceInfo{DataDir: w.opts.DataDir, HasOwnIntegrations: len(list) > 0}
}

// Subscribe calls f for every run event until the returned function is called.
func (w *Workspace) Subscribe(f func(SyncEvent)) (unsubscribe func()) {
	return w.engine.Subscribe(func(ev syncengine.Event) {
		in, err := w.store.Integration(context.Background(), ev.Run.IntegrationID)
		if err != nil {
			return // deleted meanwhile
		}
		f(SyncEvent{Seq: ev.Seq, Run: w.runDTO(ev.Run, in)})
	})
}

// Kinds lists the integration kinds TrueUp knows.
func (w *Workspace) Kinds() []KindInfo {
	var out []KindInfo
	for _, f := range w.opts.Registry.Factories() {
		out = append(out, kindInfo(f))
	}
	return out
}

func kindInfo(f connector.Factory) KindInfo {
	return KindInfo{Kind: string(f.Kind), Label: f.Label, Role: string(f.Role), DefaultBaseURL: f.DefaultBaseURL,
		BaseURLHelp: f.BaseURLHelp, Settings: nonNilFields(f.Settings), Secrets: nonNilFields(f.Secrets),
		ChangeFilter: f.Capabilities.ChangeFilter, DefaultConcurrency: f.Capabilities.DefaultConcurrency}
}

func nonNilFields(f []connector.Field) []connector.Field {
	if f == nil {
		return []connector.Field{}
	}
	return f
}

// today is the MSP's calendar date.
func (w *Workspace) today() string { return w.opts.Now().In(w.opts.Location).Format("2006-01-02") }

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
