package demo

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/workspace"
)

// PSA is a PSA the demo workspace can run on: its simulator, serving the same demo MSP as
// every other PSA's (sim.DemoCustomers, sim.DemoProducts), and what the workspace needs to
// connect to it and to seed its mappings. One implementation per file, psa_<kind>.go.
type PSA interface {
	// Kind is the PSA's connector kind, what `trueup demo --psa` takes.
	Kind() connector.Kind
	// Name names the demo's integration of this PSA, and the choice the GUI offers
	// ("ConnectWise Manage").
	Name() string
	// NewSimulator returns the PSA's simulator with the demo data relative to today, its
	// demo credentials, and latency added to every request. The demo serves it.
	NewSimulator(today time.Time, latency time.Duration) Simulator
	// Integration is the demo integration's input for a simulator at baseURL (what
	// Simulator.BaseURL returned): kind, Name, settings and the demo credentials.
	Integration(baseURL string) workspace.IntegrationInput
	// CompanyID is the PSA's id of demo customer number i (sim.DemoCustomers), as a sync
	// caches it (connector.Account.ID).
	CompanyID(customer int) string
	// CatalogID is the PSA's catalog id of the demo product with PSA name psaName
	// (sim.DemoProducts, then sim.DemoNewProduct), as a sync caches it.
	CatalogID(psaName string) (string, bool)
}

// Simulator is a PSA simulator. The demo starts it on a free loopback port (Start), or
// serves its Handler on a fixed one for `trueup demo --port-base` (StartAt).
type Simulator interface {
	// Start serves the simulated API on a free loopback port and returns the integration's
	// base URL; Close stops it (tests close it to take the PSA down).
	Start() (baseURL string, err error)
	// Handler serves the simulated API on a listener of the demo's. root is where,
	// "http://127.0.0.1:PORT": a simulator whose answers carry its own address (Autotask's
	// zone lookup) needs it.
	Handler(root string) http.Handler
	// BaseURL is the integration's base URL when Handler is served on root, e.g.
	// root+"/v4_6_release/apis/3.0".
	BaseURL(root string) string
	// Close stops what Start started and releases what the simulator holds; a Handler
	// served by the demo stops with the demo's listener.
	Close() error
}

// PSAs are the PSAs this build's demo can run on, in the order the GUI offers them; the
// first is the default.
func PSAs() []PSA {
	return []PSA{ConnectWise{}, Autotask{}, HaloPSA{}}
}

// DefaultPSA is the PSA the demo runs on unless told otherwise.
func DefaultPSA() PSA { return PSAs()[0] }

// Lookup returns the demo PSA of kind (case-insensitive; empty: the default), or an error
// that lists the kinds this build's demo offers.
func Lookup(kind connector.Kind) (PSA, error) {
	if kind == "" {
		return DefaultPSA(), nil
	}
	want := connector.Kind(strings.ToLower(strings.TrimSpace(string(kind))))
	var kinds []string
	for _, p := range PSAs() {
		if p.Kind() == want {
			return p, nil
		}
		kinds = append(kinds, string(p.Kind()))
	}
	available := strings.Join(kinds, ", ")
	switch want {
	case connector.KindConnectWise, connector.KindAutotask, connector.KindHaloPSA:
		return nil, fmt.Errorf("this build's demo cannot run on %s yet: choose one of %s", want, available)
	}
	return nil, fmt.Errorf("the demo has no PSA %q: choose one of %s", kind, available)
}

// Dir is the folder of the demo workspace on kind's PSA inside dataDir: each PSA's demo has
// its own cache, mappings and ledger. ConnectWise's is dataDir/demo, where the demo lived
// before it offered a choice, so existing demo folders keep working; the others'
// dataDir/demo-<kind>.
func Dir(dataDir string, kind connector.Kind) string {
	if kind == "" || kind == connector.KindConnectWise {
		return filepath.Join(dataDir, "demo")
	}
	return filepath.Join(dataDir, "demo-"+string(kind))
}
