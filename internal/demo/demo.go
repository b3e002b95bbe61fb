// Package demo is the built-in demo workspace: simulated ConnectWise Manage and Pax8
// servers on 127.0.0.1 with a realistic small MSP's data, and a workspace (its own data
// folder) whose integrations point at them. The simulators are the same ones the
// connector tests use, so the demo exercises the real HTTP clients end to end.
package demo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/secrets"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	paxsim "github.com/trueup/trueup/internal/sim/pax8"
	"github.com/trueup/trueup/internal/workspace"
)

// Names of the demo integrations.
const (
	ConnectWiseName = "ConnectWise Manage"
	Pax8Name        = "Pax8"
)

// DefaultPortBase is the first of the two loopback ports `trueup demo` listens on unless
// told otherwise (ConnectWise on it, Pax8 on the next): fixed, so integrations a script
// added against the demo keep working after a restart.
const DefaultPortBase = 47310

// Simulators are the running demo servers.
type Simulators struct {
	CW      *cwsim.Server
	Pax8    *paxsim.Server
	CWURL   string
	Pax8URL string

	// listeners and servers are what StartAt runs itself (Start leaves serving to the
	// simulators).
	listeners []net.Listener
	servers   []*http.Server
}

// Start starts both simulators on free loopback ports with data relative to today. latency
// is added to every request (zero: answer at once), so a demo can feel like a real tenant.
// The GUI's demo workspace uses it: it points its integrations at the new ports on every
// start, and free ports never collide with a running `trueup demo` or a second window.
func Start(today time.Time, latency time.Duration) (*Simulators, error) {
	cw, pax := newSims(today, latency)
	cwURL, err := cw.Start()
	if err != nil {
		return nil, fmt.Errorf("start the ConnectWise simulator: %w", err)
	}
	paxURL, err := pax.Start()
	if err != nil {
		_ = cw.Close()
		return nil, fmt.Errorf("start the Pax8 simulator: %w", err)
	}
	return &Simulators{CW: cw, Pax8: pax, CWURL: cwURL, Pax8URL: paxURL}, nil
}

// StartAt starts both simulators on fixed loopback ports: ConnectWise on portBase, Pax8 on
// portBase+1, so their base URLs stay the same from one run to the next.
func StartAt(today time.Time, latency time.Duration, portBase int) (*Simulators, error) {
	cw, pax := newSims(today, latency)
	s := &Simulators{CW: cw, Pax8: pax}
	sims := []struct {
		label   string
		handler http.Handler
		path    string
		url     *string
	}{
		{"ConnectWise", cw.Handler(), cwsim.PathPrefix, &s.CWURL},
		{"Pax8", pax.Handler(), "/v1", &s.Pax8URL},
	}
	// Both ports are taken before either serves, so a failure leaves nothing listening.
	for i, sim := range sims {
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(portBase+i))
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			s.Close()
			if errors.Is(err, syscall.EADDRINUSE) {
				return nil, fmt.Errorf("port %d for the %s simulator is taken (is another `trueup demo` running?): stop that program or choose other ports with --port-base", portBase+i, sim.label)
			}
			return nil, fmt.Errorf("listen on %s for the %s simulator (choose other ports with --port-base): %w", addr, sim.label, err)
		}
		s.listeners = append(s.listeners, ln)
		*sim.url = "http://" + addr + sim.path
	}
	for i, sim := range sims {
		srv := &http.Server{Handler: sim.handler, ReadHeaderTimeout: 10 * time.Second}
		s.servers = append(s.servers, srv)
		// Serve returns http.ErrServerClosed after Close; nothing else is expected.
		go func(ln net.Listener) { _ = srv.Serve(ln) }(s.listeners[i])
	}
	return s, nil
}

func newSims(today time.Time, latency time.Duration) (*cwsim.Server, *paxsim.Server) {
	cw := cwsim.New(cwsim.DemoDataset(today), cwsim.Options{Credentials: cwsim.DemoCredentials(), Latency: latency})
	pax := paxsim.New(paxsim.DemoDataset(today), paxsim.Options{Credentials: paxsim.DemoCredentials(), Latency: latency})
	return cw, pax
}

// Close stops both simulators.
func (s *Simulators) Close() {
	for _, srv := range s.servers {
		_ = srv.Close()
	}
	// Closed here too, so the ports are free when Close returns even if a server had not
	// begun serving yet.
	for _, ln := range s.listeners {
		_ = ln.Close()
	}
	_ = s.CW.Close()
	s.Pax8.Close()
}

// Integrations are the demo integrations' inputs, credentials included (they are the
// simulators' published demo keys, not anyone's secrets).
func (s *Simulators) Integrations() []workspace.IntegrationInput {
	cw := cwsim.DemoCredentials()
	pax := paxsim.DemoCredentials()
	return []workspace.IntegrationInput{
		{Kind: string(connector.KindConnectWise), Name: ConnectWiseName, BaseURL: s.CWURL,
			Settings: map[string]string{"company": cw.Company, "client_id": cw.ClientID},
			Secrets:  map[string]string{"public_key": cw.PublicKey, "private_key": cw.PrivateKey}},
		{Kind: string(connector.KindPax8), Name: Pax8Name, BaseURL: s.Pax8URL,
			Secrets: map[string]string{"client_id": pax.ClientID, "client_secret": pax.ClientSecret}},
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

// Open opens the demo workspace in dataDir/demo with its simulators running; closing the
// workspace stops them. Its credentials live in memory only: they are the simulators'
// published demo keys, provisioned again on every start, and the workspace says so. The
// folder is kept from one start to the next; when Open creates its Pax8 integration (the
// first start), it seeds the demo's mappings and notes (seed.go), which the user edits
// from then on.
func Open(ctx context.Context, dataDir string, registry *connector.Registry, latency time.Duration) (*workspace.Workspace, error) {
	now := time.Now
	sims, err := Start(now(), latency)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(dataDir, "demo")
	ws, err := workspace.Open(ctx, workspace.Options{
		DataDir: dir, Secrets: secrets.NewMemory(), Registry: registry, Now: now,
		OnClose: sims.Close, SecretsStore: workspace.SecretsMemory, SecretsNote: SecretsNote,
	})
	if err != nil {
		sims.Close()
		return nil, err
	}
	created, err := sims.Provision(ctx, ws)
	if err == nil {
		err = seedIfNew(ctx, ws, dir, created)
	}
	if err != nil {
		ws.Close()
		return nil, errors.Join(errors.New("prepare the demo workspace"), err)
	}
	return ws, nil
}
