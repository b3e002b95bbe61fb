package demo

import (
	"net/http"
	"strconv"
	"time"

	"github.com/trueup/trueup/internal/connector"
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
	"github.com/trueup/trueup/internal/workspace"
)

// HaloPSAName names the demo's HaloPSA integration.
const HaloPSAName = "HaloPSA"

// HaloPSA is the demo on HaloPSA (internal/sim/halopsa): the same MSP, its agreements as
// client contracts with recurring invoices.
type HaloPSA struct{}

// Kind is halopsa.
func (HaloPSA) Kind() connector.Kind { return connector.KindHaloPSA }

// Name is the demo integration's name.
func (HaloPSA) Name() string { return HaloPSAName }

// NewSimulator returns the Halo simulator with the demo dataset.
func (HaloPSA) NewSimulator(today time.Time, latency time.Duration) Simulator {
	return haloSimulator{halosim.New(halosim.DemoDataset(today), halosim.Options{Credentials: halosim.DemoCredentials(), Latency: latency})}
}

// Integration is the demo integration with the simulator's published demo credentials.
func (HaloPSA) Integration(baseURL string) workspace.IntegrationInput {
	c := halosim.DemoCredentials()
	return workspace.IntegrationInput{Kind: string(connector.KindHaloPSA), Name: HaloPSAName, BaseURL: baseURL,
		Settings: map[string]string{"tenant": c.Tenant},
		Secrets:  map[string]string{"client_id": c.ClientID, "client_secret": c.ClientSecret}}
}

// CompanyID is the Halo client id of demo customer i.
func (HaloPSA) CompanyID(customer int) string { return strconv.Itoa(halosim.DemoCompanyID(customer)) }

// CatalogID is the Halo item id of a demo product.
func (HaloPSA) CatalogID(psaName string) (string, bool) {
	id, ok := halosim.DemoCatalogID(psaName)
	if !ok {
		return "", false
	}
	return strconv.Itoa(id), true
}

// haloSimulator is a halosim.Server that the demo can also serve on a fixed port. Its base
// URL is the instance root: the connector adds /api and /auth/token.
type haloSimulator struct{ *halosim.Server }

func (s haloSimulator) Handler(string) http.Handler { return s.Server.Handler() }

func (haloSimulator) BaseURL(root string) string { return root }

func (s haloSimulator) Close() error {
	s.Server.Close()
	return nil
}
