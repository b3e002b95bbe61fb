// Package workspace is what the GUI and the CLI both call: one data folder (a SQLite cache
// plus the keychain items of its integrations), the connector registry and the sync engine.
// Its calls are grouped into small services that share the open workspace's dependencies
// (services.go): Integrations, Sync, Data, Mappings, Cards, Pushes, Month and Schedules. Methods
// validate their input and return the DTOs of dto.go and trueup_dto.go; errors say what to
// fix.
//
// Several TrueUp processes may open one folder (the app, a scheduled `trueup sync`, a
// `trueup status`). Only the one holding the folder lock, the sync owner, runs syncs and
// marks interrupted runs failed; the others hand their syncs over to it (handover.go) and
// take the lock when it is freed (ownership.go). Passive workspaces only read runs.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/clock"
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
	// Clock is the time the scheduler waits on (nil: real timers on Now). A test's fake
	// clock sets Now too when Now is nil, so runs and due times share one time.
	Clock clock.Clock
	// RunSchedules runs the scheduler loop while this workspace owns the folder: scheduled
	// and missed syncs start on their own (the app sets it). Without it only
	// Schedules().RunDue runs them (`trueup sync --scheduled`), so a short CLI command never
	// starts a sync it would cancel when it exits.
	RunSchedules bool
	// ScheduledRunObservers are told about each scheduled run after the workspace's own
	// observers (scheduledRunObservers), in order: the app refreshes its screens there.
	ScheduledRunObservers []ScheduledRunObserver
	// OSTask lets Schedules().OSTask() register the OS task that runs the schedules while no
	// window is open; nil (the demo, dev builds, tests) leaves the user's scheduler alone.
	OSTask *OSTaskConfig
	// Location is the MSP's time zone: agreements start and end on its calendar days.
	Location *time.Location
	// OnClose runs after the workspace closes (the demo stops its simulators there).
	OnClose func()
	// Passive workspaces never run syncs: they do not take the folder lock, never change
	// runs (a live owner's runs stay as they are) and refuse Sync().Start. For commands that
	// only read or edit settings; the app and `trueup sync` leave it false.
	Passive bool
	// LockRetryEvery is how often a workspace whose folder is owned by another process
	// tries to take the lock; zero means 2 s.
	LockRetryEvery time.Duration
	// PollEvery is how often the owner looks for handed-over syncs and others re-read the
	// runs they wait for; zero means 500 ms.
	PollEvery time.Duration
	// SecretsStore says where Secrets keeps them: SecretsKeychain ("" too) or
	// SecretsMemory; SecretsNote is the sentence the UI shows about it ("": a default).
	SecretsStore string
	SecretsNote  string
	// BackupCheckEvery is how often the folder's sync owner looks whether a day has passed
	// since its last automatic backup (Backups.EnsureDaily); zero means an hour.
	BackupCheckEvery time.Duration
	// Logger receives what the user is not shown (the keychain's own error text and the
	// internal ids of its items). nil: nothing is logged.
	Logger *slog.Logger
	// Desktop shows new notices as OS desktop notifications (the GUI's); nil shows none
	// (the CLI, tests). The user can turn them off (Inbox.SetDesktopEnabled).
	Desktop Desktop
	// NoticeCheckEvery is how often the folder's owner looks for stuck syncs and whether
	// the week's summary is due; zero means a minute.
	NoticeCheckEvery time.Duration
}

// Workspace is one open data folder.
type Workspace struct {
	opts   Options
	store  *store.Store
	engine *syncengine.Engine
	lock   *folderLock // nil when passive

	// life ends at Close; it stops the lock retries and the request service.
	life       context.Context
	endLife    context.CancelFunc
	background sync.WaitGroup

	mu    sync.Mutex
	owner bool // holds the folder lock
	// prompts is set when the secrets store can wait for a keychain prompt.
	prompts promptWatcher
	// progress keeps each active run's whole-run progress from moving backwards.
	progress progressTracker
	// parts keeps each integration's cache adapted for card building (snapshot_parts.go).
	parts cacheParts
	// push runs the owner's push workers and reports outbox changes (push_workers.go).
	push *pushers
	// notices announces new inbox notices to subscribers and the desktop (notices.go).
	notices *noticeBoard
	// warnings are problems found after the store opened (a daily backup that failed).
	warnings []string
	// dailyMu keeps two daily backups of one day from being taken at once.
	dailyMu sync.Mutex

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
		if opts.Clock != nil {
			opts.Now = opts.Clock.Now
		}
	}
	if opts.Clock == nil {
		opts.Clock = clock.Real{NowFunc: opts.Now}
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.LockRetryEvery <= 0 {
		opts.LockRetryEvery = 2 * time.Second
	}
	if opts.PollEvery <= 0 {
		opts.PollEvery = 500 * time.Millisecond
	}
	if opts.BackupCheckEvery <= 0 {
		opts.BackupCheckEvery = time.Hour
	}
	if opts.NoticeCheckEvery <= 0 {
		opts.NoticeCheckEvery = time.Minute
	}
	if opts.SecretsStore == "" {
		opts.SecretsStore = SecretsKeychain
	}
	if opts.SecretsStore != SecretsKeychain && opts.SecretsStore != SecretsMemory {
		return nil, fmt.Errorf("unknown secrets store %q", opts.SecretsStore)
	}
	if opts.SecretsNote == "" {
		opts.SecretsNote = defaultSecretsNote(opts.SecretsStore)
	}
	prompts, _ := opts.Secrets.(promptWatcher)
	if opts.Logger != nil {
		opts.Secrets = loggedStore{Store: opts.Secrets, log: opts.Logger}
	}
	st, err := store.Open(ctx, filepath.Join(opts.DataDir, DatabaseFile), store.WithClock(opts.Now))
	var damaged *store.DamagedError
	if errors.As(err, &damaged) {
		return nil, recoverDamaged(ctx, opts, damaged)
	}
	if err != nil {
		return nil, err
	}
	w := &Workspace{opts: opts, store: st, prompts: prompts}
	w.life, w.endLife = context.WithCancel(context.Background())
	w.push = newPushers(w)
	w.notices = newNoticeBoard(ctx, w)
	w.engine = syncengine.New(syncengine.Options{
		Store: st, Registry: opts.Registry, HTTPClient: opts.HTTPClient, Now: opts.Now,
		Credentials: w.credentials, SaveSecret: w.saveSecret, Logger: opts.Logger,
	})
	if opts.Passive {
		return w, nil
	}
	w.lock = newFolderLock(filepath.Join(opts.DataDir, LockFile))
	owner, err := w.tryOwn(ctx)
	if err != nil {
		w.endLife()
		_ = w.lock.unlock()
		st.Close()
		return nil, err
	}
	if !owner {
		w.background.Add(1)
		go w.awaitOwnership()
	}
	w.background.Add(2)
	go w.push.watch()
	go w.watchNotices()
	return w, nil
}

// log is the application log (Options.Logger), or one that discards.
func (w *Workspace) log() *slog.Logger {
	if w.opts.Logger == nil {
		return discardLog
	}
	return w.opts.Logger
}

var discardLog = slog.New(slog.DiscardHandler)

// Close stops every run, closes the cache and then frees the folder for the next owner:
// the runs have ended (as cancelled) by then, so it finds nothing to mark failed.
func (w *Workspace) Close() {
	w.closeOnce.Do(func() {
		w.endLife()
		w.background.Wait()
		w.engine.Close()
		_ = w.store.Close()
		if w.lock != nil {
			_ = w.lock.unlock()
		}
		if w.opts.OnClose != nil {
			w.opts.OnClose()
		}
	})
}

// Warnings are problems found opening the folder that the user should know about (e.g. a
// data folder other users can read), each saying what to do.
func (w *Workspace) Warnings() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append(append([]string{}, w.store.Warnings()...), w.warnings...)
}

// Info describes the workspace.
func (w *Workspace) Info() WorkspaceInfo {
	list, _ := w.store.Integrations(context.Background())
	return WorkspaceInfo{DataDir: w.opts.DataDir, HasOwnIntegrations: len(list) > 0,
		SecretsStore: w.opts.SecretsStore, SecretsNote: w.opts.SecretsNote}
}

// Subscribe calls f for every run event until the returned function is called.
func (s *Sync) Subscribe(f func(SyncEvent)) (unsubscribe func()) {
	w := s.w
	return w.engine.Subscribe(func(ev syncengine.Event) {
		in, err := w.store.Integration(context.Background(), ev.Run.IntegrationID)
		if err != nil {
			return // deleted meanwhile
		}
		f(SyncEvent{Seq: ev.Seq, Run: w.runDTO(ev.Run, in)})
	})
}

// Kinds lists the integration kinds TrueUp knows.
func (i *Integrations) Kinds() []KindInfo {
	w := i.w
	var out []KindInfo
	for _, f := range w.opts.Registry.Factories() {
		out = append(out, kindInfo(f))
	}
	return out
}

func kindInfo(f connector.Factory) KindInfo {
	return KindInfo{Kind: string(f.Kind), Label: f.Label, Role: string(f.Role), DefaultBaseURL: f.DefaultBaseURL,
		BaseURLHelp: f.BaseURLHelp, Settings: nonNilFields(f.Settings), Secrets: nonNilFields(f.Secrets),
		ChangeFilter: f.Capabilities.ChangeFilter, DefaultConcurrency: f.Capabilities.DefaultConcurrency,
		NoServer: f.NoServer, NoSecret: len(f.Secrets) == 0}
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
