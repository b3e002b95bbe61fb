// Package app is the only package that imports the Wails runtime. Its services are bound
// to the frontend: each validates input, calls internal/workspace and returns typed DTOs.
// No business logic lives here.
package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/workspace"
)

// Target is a workspace the shell opens: the user's own, or the demo on one PSA.
type Target struct {
	Demo bool
	// PSA is the demo's PSA kind (one of demo.PSAs); empty for the own workspace.
	PSA connector.Kind
}

// Opener opens the user's own workspace or the demo workspace on a PSA.
type Opener func(ctx context.Context, t Target) (*workspace.Workspace, error)

// OwnProbe says whether the user's own workspace has any integration, read cheaply (no
// lock, no migration, nothing created), so Startup opens one workspace: the own one, or the
// demo on a first launch, never the own one to look inside and then the demo.
type OwnProbe func(ctx context.Context) (bool, error)

// Shell holds the open workspace and forwards its events to the window. The GUI can switch
// between the demo workspace (on any of its PSAs) and the user's own one without a restart,
// so services always ask the shell for the workspace, on every call.
type Shell struct {
	open   Opener
	hasOwn OwnProbe
	emit   func(ctx context.Context, name string, data ...any)   // runtime.EventsEmit; tests record
	warnf  func(ctx context.Context, format string, args ...any) // runtime.LogWarningf; tests record
	// started is closed when Startup has opened a workspace (or given up), so the
	// window's first calls wait for it instead of failing and being retried a second later.
	started   chan struct{}
	startOnce sync.Once

	// switching serialises switches: two at once could open the same folder twice (its
	// lock refuses the second) or leave the older choice open.
	switching sync.Mutex

	mu          sync.RWMutex
	ctx         context.Context // the Wails context, set on startup
	current     *workspace.Workspace
	target      Target         // what current is
	demoPSA     connector.Kind // the demo's PSA when it opens next: the last chosen
	unsubscribe []func()       // the current workspace's event subscriptions
	// damaged is set when Startup found the own database damaged (it was moved aside),
	// cleared when the own workspace opens; the recovery screen reads it.
	damaged *workspace.DamagedError
	// restoring serialises restores (each closes and reopens the workspace).
	restoring sync.Mutex
	// notifier shows the workspaces' notices on the desktop (UseDesktop); nil shows none.
	notifier Notifier
	// focus brings the window to the front (runtime.WindowShow); tests record.
	focus func(ctx context.Context)
	// switched run after the user switched workspaces (switchByUser).
	switched []func()
}

// NewShell returns a shell that opens workspaces with open and asks hasOwn at start which
// one to open; without hasOwn it opens the user's own.
func NewShell(open Opener, hasOwn OwnProbe) *Shell {
	return &Shell{open: open, hasOwn: hasOwn, emit: runtime.EventsEmit, warnf: runtime.LogWarningf, started: make(chan struct{}),
		demoPSA: demo.DefaultPSA().Kind(), focus: showWindow}
}

// startupWait bounds how long a call waits for Startup; opening the demo workspace takes
// well under a second, so this only matters when something hangs.
const startupWait = 15 * time.Second

// Startup is the Wails OnStartup hook: it opens the demo workspace when the user has not set
// up any integration yet, and the user's own otherwise. It opens exactly one: the window's
// first calls wait for it (started), so every open it saves is time to first paint.
func (s *Shell) Startup(ctx context.Context) {
	s.mu.Lock()
	s.ctx = ctx
	s.mu.Unlock()
	defer s.markStarted()
	useDemo, err := s.startsOnDemo(ctx)
	if err != nil {
		// Opening the own workspace says what is wrong with it, in the window.
		s.warnf(ctx, "look for integrations in the own workspace: %v", err)
	}
	if err := s.switchTo(ctx, useDemo, ""); err != nil {
		var damaged *workspace.DamagedError
		if errors.As(err, &damaged) && !useDemo {
			// Not an error to log and forget: the window shows the recovery screen (of the
			// own folder; a damaged demo folder was moved aside and starts afresh next time).
			s.mu.Lock()
			s.damaged = damaged
			s.mu.Unlock()
			s.warnf(ctx, "%v", err)
			return
		}
		runtime.LogErrorf(ctx, "open workspace (demo: %v): %v", useDemo, err)
	}
}

// markStarted lets calls waiting in Workspace go on (once).
func (s *Shell) markStarted() { s.startOnce.Do(func() { close(s.started) }) }

// Shutdown is the Wails OnShutdown hook.
func (s *Shell) Shutdown(context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.unsubscribe {
		f()
	}
	s.unsubscribe = nil
	if s.current != nil {
		s.current.Close()
		s.current = nil
	}
}

// Workspace returns the open workspace, waiting for Startup to open it, or an error the UI
// can show.
func (s *Shell) Workspace() (*workspace.Workspace, error) {
	select {
	case <-s.started:
	case <-time.After(startupWait):
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.current == nil {
		return nil, fmt.Errorf("the workspace is not open yet: restart TrueUp if this persists")
	}
	return s.current, nil
}

// context is the app's context (cancelled when the window closes), for the calls the
// bound services make; Background before Startup has run.
func (s *Shell) context() context.Context {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.ctx == nil {
		return context.Background()
	}
	return s.ctx
}

// ShowsDemo says, without waiting for a workspace to open, whether the window shows the
// demo: the open workspace's target, or before Startup has opened one, what Startup opens
// (startsOnDemo).
func (s *Shell) ShowsDemo(ctx context.Context) bool {
	s.mu.RLock()
	current, target := s.current, s.target
	s.mu.RUnlock()
	if current != nil {
		return target.Demo
	}
	demo, _ := s.startsOnDemo(ctx)
	return demo
}

// startsOnDemo is what Startup opens: the demo when the own folder has no integration, the
// own workspace when it has one, when there is no probe, or when the probe fails (opening it
// then says what is wrong with it).
func (s *Shell) startsOnDemo(ctx context.Context) (bool, error) {
	if s.hasOwn == nil {
		return false, nil
	}
	has, err := s.hasOwn(ctx)
	return err == nil && !has, err
}

// opened is what the open workspace is.
func (s *Shell) opened() Target {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.target
}

// switchTo opens the own workspace, or the demo on psa (empty: the demo's PSA chosen last,
// the default at first), and closes the one it replaces. It opens nothing when that
// workspace is the open one. Only the PSAs of demo.PSAs are accepted.
func (s *Shell) switchTo(ctx context.Context, useDemo bool, psa connector.Kind) error {
	s.switching.Lock()
	defer s.switching.Unlock()
	t := Target{Demo: useDemo}
	if useDemo {
		if psa == "" {
			s.mu.RLock()
			psa = s.demoPSA
			s.mu.RUnlock()
		}
		p, err := demo.Lookup(psa)
		if err != nil {
			return err
		}
		t.PSA = p.Kind()
	}
	s.mu.RLock()
	same := s.current != nil && s.target == t
	s.mu.RUnlock()
	if same {
		return nil
	}
	ws, err := s.open(ctx, t)
	if err != nil {
		return err
	}
	s.install(ws, t)
	return nil
}

// switchByUser is switchTo for the user's choice of workspace (not Startup's first open,
// a restore or a notice), and runs the OnSwitch hooks after it.
func (s *Shell) switchByUser(ctx context.Context, useDemo bool, psa connector.Kind) error {
	if err := s.switchTo(ctx, useDemo, psa); err != nil {
		return err
	}
	s.mu.RLock()
	hooks := s.switched
	s.mu.RUnlock()
	for _, f := range hooks {
		f()
	}
	return nil
}

// OnSwitch runs f after each switch of workspace the user makes.
func (s *Shell) OnSwitch(f func()) {
	s.mu.Lock()
	s.switched = append(s.switched, f)
	s.mu.Unlock()
}

func (s *Shell) install(ws *workspace.Workspace, t Target) {
	// emitWindow reads the window's context at each event: a workspace installed before
	// the window exists still reaches it once it does.
	send := s.emitWindow
	subs := []func(){
		ws.Sync().Subscribe(func(ev workspace.SyncEvent) { send(EventSyncChanged, ev) }),
		ws.SubscribeKeychain(func(st workspace.KeychainState) { send(EventKeychainChanged, st) }),
		ws.Pushes().Subscribe(func(e workspace.PushEntry) { send(EventPushChanged, e) }),
		ws.Inbox().Subscribe(func(e workspace.InboxEvent) { send(EventInboxChanged, e) }),
	}
	s.mu.Lock()
	old, oldSubs := s.current, s.unsubscribe
	s.current, s.target, s.unsubscribe = ws, t, subs
	if t.Demo {
		s.demoPSA = t.PSA
	} else {
		s.damaged = nil
	}
	s.mu.Unlock()
	if old != nil && old != ws {
		for _, f := range oldSubs {
			f()
		}
		old.Close()
	}
	send(EventWorkspaceChanged, t.Demo)
}

// Event names the frontend listens to.
const (
	EventSyncChanged      = "sync:changed"
	EventWorkspaceChanged = "workspace:changed"
	// EventKeychainChanged carries a workspace.KeychainState whenever waiting for the
	// user to unlock the OS keychain starts or ends; WorkspaceService.KeychainState
	// reads it again (events are not replayed to late listeners).
	EventKeychainChanged = "keychain:changed"
	// EventPushChanged carries a workspace.PushEntry whenever an outbox entry changes state
	// (queued, sending, pushed, failed, conflict, reverted).
	EventPushChanged = "push:changed"
	// EventInboxChanged carries a workspace.InboxEvent when a notice arrives (posted here or
	// by another process) or the unread count moves; InboxService.List reads it again.
	EventInboxChanged = "inbox:changed"
	// EventNoticeOpened carries the workspace.Notice whose desktop notification the user
	// clicked (marked read): the window shows what it is about, or the inbox when it has no
	// target.
	EventNoticeOpened = "inbox:opened"
)
