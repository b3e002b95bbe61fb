// Package demo is the built-in demo workspace: simulated ConnectWise Manage and Pax8
// servers on 127.0.0.1 with a realistic small MSP's data, and a workspace (its own data
// folder) whose integrations point at them. The simulators are the same ones the
// connector tests use, so the demo exercises the real HTTP clients end to end.
package demo

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
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

// Simulators are the running demo servers.
type Simulators struct {
	CW      *cwsim.Server
	Pax8    *paxsim.Server
	CWURL   string
	Pax8URL string
}

// Start starts both simulators on free loopback ports with data relative to today. latency
// is added to every request (zero: answer at once), so a demo can feel like a real tenant.
func Start(today time.Time, latency time.Duration) (*Simulators, error) {
	cw := cwsim.New(cwsim.DemoDataset(today), cwsim.Options{Credentials: cwsim.DemoCredentials(), Latency: latency})
	cwURL, err := cw.Start()
	if err != nil {
		return nil, fmt.Errorf("start the ConnectWise simulator: %w", err)
	}
	pax := paxsim.New(paxsim.DemoDataset(today), paxsim.Options{Credentials: paxsim.DemoCredentials(), Latency: latency})
	paxURL, err := pax.Start()
	if err != nil {
		_ = cw.Close()
		return nil, fmt.Errorf("start the Pax8 simulator: %w", err)
	}
	return &Simulators{CW: cw, Pax8: pax, CWURL: cwURL, Pax8URL: paxURL}, nil
}

// Close stops both simulators.
func (s *Simulators) Close() {
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
// simulators' new addresses (ports change on every start) and restores their keys.
func (s *Simulators) Provision(ctx context.Context, ws *workspace.Workspace) error {
	for _, in := range s.Integrations() {
		cur, err := ws.IntegrationByName(ctx, in.Name)
		if workspace.IsInputError(err) {
			if _, err := ws.AddIntegration(ctx, in); err != nil {
				return fmt.Errorf("add demo integration %s: %w", in.Name, err)
			}
			continue
		}
		if err != nil {
			return err
		}
		in.Concurrency = cur.Concurrency
		if _, err := ws.UpdateIntegration(ctx, cur.ID, in); err != nil {
			return fmt.Errorf("update demo integration %s: %w", in.Name, err)
		}
	}
	return nil
}

// SecretsNote is what the demo workspace says about where its credentials live.
const SecretsNote = "Demo credentials are kept in memory and are gone when TrueUp closes."

// Open opens the demo workspace in dataDir/demo with its simulators running; closing the
// workspace stops them. Its credentials live in memory only: they are the simulators'
// published demo keys, provisioned again on every start, and the workspace says so.
func Open(ctx context.Context, dataDir string, registry *connector.Registry, latency time.Duration) (*workspace.Workspace, error) {
	now := time.Now
	sims, err := Start(now(), latency)
	if err != nil {
		return nil, err
	}
	ws, err := workspace.Open(ctx, workspace.Options{
		DataDir: filepath.Join(dataDir, "demo"), Secrets: secrets.NewMemory(), Registry: registry, Now: now,
		OnClose: sims.Close, SecretsStore: workspace.SecretsMemory, SecretsNote: SecretsNote,
	})
	if err != nil {
		sims.Close()
		return nil, err
	}
	if err := sims.Provision(ctx, ws); err != nil {
		ws.Close()
		return nil, errors.Join(errors.New("prepare the demo workspace"), err)
	}
	return ws, nil
}
