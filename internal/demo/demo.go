// Package demo is the built-in demo workspace: a simulated PSA of the user's choice
// (ConnectWise Manage by default, see PSAs), a simulated Pax8 and a simulated Microsoft
// Partner Center on 127.0.0.1 with a realistic small MSP's data, and a workspace (its own data folder per PSA) whose
// integrations point at them. The simulators are the same ones the connector tests use, so
// the demo exercises the real HTTP clients end to end.
package demo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/secrets"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	mssim "github.com/trueup/trueup/internal/sim/microsoft"
	paxsim "github.com/trueup/trueup/internal/sim/pax8"
	"github.com/trueup/trueup/internal/workspace"
)

// Pax8Name names the demo's Pax8 integration (every demo has it, whichever the PSA).
const Pax8Name = "Pax8"

// DefaultPortBase is the first of the three loopback ports `trueup demo` listens on unless
// told otherwise (the PSA on it, Pax8 on the next, Microsoft on the one after): fixed, so integrations a script added
// against the demo keep working after a restart.
const DefaultPortBase = 47310

// Simulators are the running demo servers: the chosen PSA's, Pax8's and Microsoft's.
type Simulators struct {
	PSA     PSA       // the PSA the demo runs on
	PSASim  Simulator // its simulator
	PSAURL  string    // the PSA integration's base URL
	Pax8    *paxsim.Server
	Pax8URL string
	MS      *mssim.Server
	MSURL   string // the Microsoft integration's base URL (the token endpoint is under it)
	// CW and CWURL are PSASim and PSAURL when the PSA is ConnectWise (nil and "" on any
	// other), for the tests that drive the ConnectWise simulator itself.
	CW    *cwsim.Server
	CWURL string

	latency   time.Duration
	listeners []net.Listener
	servers   []*http.Server
}

// Start starts the simulators of the demo on kind's PSA (empty: the default), Pax8 and
// Microsoft on free loopback ports, with data relative to today. latency is added to every request
// (zero: answer at once), so a demo can feel like a real tenant. The GUI's demo workspace
// uses it: it points its integrations at the new ports on every start, and free ports never
// collide with a running `trueup demo` or a second window.
func Start(kind connector.Kind, today time.Time, latency time.Duration) (*Simulators, error) {
	return start(kind, today, latency, 0)
}

// StartAt starts them on fixed loopback ports: the PSA on portBase, Pax8 on portBase+1 and
// Microsoft on portBase+2, so their base URLs stay the same from one run to the next.
func StartAt(kind connector.Kind, today time.Time, latency time.Duration, portBase int) (*Simulators, error) {
	return start(kind, today, latency, portBase)
}

// start starts the simulators on free ports (portBase 0), or serves them on portBase and
// the next two ports.
func start(kind connector.Kind, today time.Time, latency time.Duration, portBase int) (*Simulators, error) {
	psa, err := Lookup(kind)
	if err != nil {
		return nil, err
	}
	pax := paxsim.New(paxsim.DemoDataset(today), paxsim.Options{Credentials: paxsim.DemoCredentials(), Latency: latency})
	ms := mssim.New(mssim.DemoWorkspaceDataset(today), mssim.Options{})
	s := &Simulators{PSA: psa, PSASim: psa.NewSimulator(today, latency), Pax8: pax, MS: ms, latency: latency}
	if portBase == 0 {
		err = s.startFree()
	} else {
		err = s.serveAt(portBase)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	if cw, ok := s.PSASim.(cwSimulator); ok {
		s.CW, s.CWURL = cw.Server, s.PSAURL
	}
	return s, nil
}

// startFree starts the simulators on free loopback ports, the PSA's and Pax8's each serving
// itself (so a test can take one down with its Close).
func (s *Simulators) startFree() error {
	var err error
	if s.PSAURL, err = s.PSASim.Start(); err != nil {
		return fmt.Errorf("start the %s simulator: %w", s.PSA.Name(), err)
	}
	if s.Pax8URL, err = s.Pax8.Start(); err != nil {
		return fmt.Errorf("start the %s simulator: %w", Pax8Name, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("start the %s simulator: %w", MicrosoftName, err)
	}
	s.listeners = append(s.listeners, ln)
	s.MSURL = "http://" + ln.Addr().String()
	s.serve(ln, delayed(s.MS, s.latency))
	return nil
}

// serve serves h on ln until Close.
func (s *Simulators) serve(ln net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	s.servers = append(s.servers, srv)
	// Serve returns http.ErrServerClosed after Close; nothing else is expected.
	go func() { _ = srv.Serve(ln) }()
}

// serveAt serves the PSA's simulator on portBase, Pax8's on the next port and Microsoft's
// on the one after. Every port is taken before any serves, so a failure leaves nothing
// listening.
func (s *Simulators) serveAt(portBase int) error {
	for i, label := range []string{s.PSA.Name(), Pax8Name, MicrosoftName} {
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(portBase+i))
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			if errors.Is(err, syscall.EADDRINUSE) {
				return fmt.Errorf("port %d for the %s simulator is taken (is another `trueup demo` running?): stop that program or choose other ports with --port-base", portBase+i, label)
			}
			return fmt.Errorf("listen on %s for the %s simulator (choose other ports with --port-base): %w", addr, label, err)
		}
		s.listeners = append(s.listeners, ln)
	}
	psaRoot, paxRoot := "http://"+s.listeners[0].Addr().String(), "http://"+s.listeners[1].Addr().String()
	s.PSAURL, s.Pax8URL, s.MSURL = s.PSASim.BaseURL(psaRoot), paxRoot+"/v1", "http://"+s.listeners[2].Addr().String()
	for i, h := range []http.Handler{s.PSASim.Handler(psaRoot), s.Pax8.Handler(), delayed(s.MS, s.latency)} {
		s.serve(s.listeners[i], h)
	}
	return nil
}

// Close stops the simulators.
func (s *Simulators) Close() {
	for _, srv := range s.servers {
		_ = srv.Close()
	}
	// Closed here too, so the ports are free when Close returns even if a server had not
	// begun serving yet.
	for _, ln := range s.listeners {
		_ = ln.Close()
	}
	_ = s.PSASim.Close()
	s.Pax8.Close()
}

// Integrations are the demo integrations' inputs, the PSA's first, credentials included
// (they are the simulators' published demo keys, not anyone's secrets).
func (s *Simulators) Integrations() []workspace.IntegrationInput {
	pax := paxsim.DemoCredentials()
	return []workspace.IntegrationInput{
		s.PSA.Integration(s.PSAURL),
		{Kind: string(connector.KindPax8), Name: Pax8Name, BaseURL: s.Pax8URL,
			Secrets: map[string]string{"client_id": pax.ClientID, "client_secret": pax.ClientSecret}},
		microsoftIntegration(s.MSURL),
	}
}

// Provision creates the demo integrations in ws, or points existing ones at the
// simulators' new addresses (ports change on every start) and restores their keys. It
// returns the integrations it created: none when the folder had them already.
func (s *Simulators) Provision(ctx context.Context, ws *workspace.Workspace) ([]workspace.Integration, error) {
	var created []workspace.Integration
	for _, in := range s.Integrations() {
		cur, err := ws.Integrations().ByName(ctx, in.Name)
		if workspace.IsInputError(err) {
			added, err := ws.Integrations().Add(ctx, in)
			if err != nil {
				return created, fmt.Errorf("add demo integration %s: %w", in.Name, err)
			}
			created = append(created, added)
			continue
		}
		if err != nil {
			return created, err
		}
		in.Concurrency = cur.Concurrency
		if _, err := ws.Integrations().Update(ctx, cur.ID, in); err != nil {
			return created, fmt.Errorf("update demo integration %s: %w", in.Name, err)
		}
	}
	return created, nil
}

// SecretsNote is what the demo workspace says about where its credentials live.
const SecretsNote = "Demo credentials are kept in memory and are gone when TrueUp closes."

// Open opens the demo workspace on kind's PSA (empty: the default) in its folder of
// dataDir (Dir) with its simulators running; closing the workspace stops them. Its
// credentials live in memory only: they are the simulators' published demo keys,
// provisioned again on every start, and the workspace says so. The folder is kept from one
// start to the next; when Open creates its Pax8 integration (the first start), it seeds the
// demo's mappings and notes (seed.go), which the user edits from then on. opts adjust the
// workspace's options last (a dev build's end-to-end test gives it a clock it moves).
func Open(ctx context.Context, dataDir string, registry *connector.Registry, kind connector.Kind, latency time.Duration,
	opts ...func(*workspace.Options)) (*workspace.Workspace, error) {
	psa, err := Lookup(kind)
	if err != nil {
		return nil, err
	}
	now := time.Now
	// The simulators start while the cache opens (the GUI's first calls wait for both).
	type startResult struct {
		sims *Simulators
		err  error
	}
	starting := make(chan startResult, 1)
	go func() {
		sims, err := Start(psa.Kind(), now(), latency)
		starting <- startResult{sims, err}
	}()
	var sims *Simulators // set before ws can be closed by anyone but this function
	dir := Dir(dataDir, psa.Kind())
	o := workspace.Options{
		DataDir: dir, Secrets: secrets.NewMemory(), Registry: registry, Now: now,
		OnClose: func() {
			if sims != nil {
				sims.Close()
			}
		},
		SecretsStore: workspace.SecretsMemory, SecretsNote: SecretsNote,
	}
	for _, f := range opts {
		f(&o)
	}
	ws, err := workspace.Open(ctx, o)
	started := <-starting
	if err != nil {
		if started.err == nil {
			started.sims.Close()
		}
		return nil, err
	}
	if started.err != nil {
		ws.Close()
		return nil, started.err
	}
	sims = started.sims
	// Another TrueUp process holds this demo folder (a second window started before the
	// single-instance lock told it to hand over): provisioning would point the folder's
	// integrations at this process's simulators, which die with it, and the running window's
	// syncs would then find nothing listening. Leave the folder to its owner.
	if owner := ws.Sync().Owner(ctx); !owner.Self {
		ws.Close()
		return nil, fmt.Errorf("the demo workspace is open in another TrueUp window (process %d): use that window, or close it first", owner.PID)
	}
	created, err := sims.Provision(ctx, ws)
	if err == nil {
		err = seedIfNew(ctx, ws, dir, psa, created)
	}
	if err != nil {
		ws.Close()
		return nil, errors.Join(errors.New("prepare the demo workspace"), err)
	}
	return ws, nil
}
