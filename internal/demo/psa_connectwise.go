package demo

import (
	"net/http"
	"strconv"
	"time"

	"github.com/trueup/trueup/internal/connector"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	"github.com/trueup/trueup/internal/workspace"
)

// ConnectWiseName names the demo's ConnectWise Manage integration.
const ConnectWiseName = "ConnectWise Manage"

// ConnectWise is the demo on ConnectWise Manage (internal/sim/connectwise), the default.
type ConnectWise struct{}

// Kind is connectwise.
func (ConnectWise) Kind() connector.Kind { return connector.KindConnectWise }

// Name is the demo integration's name.
func (ConnectWise) Name() string { return ConnectWiseName }

// NewSimulator returns the ConnectWise simulator with the demo dataset.
func (ConnectWise) NewSimulator(today time.Time, latency time.Duration) Simulator {
	return cwSimulator{cwsim.New(cwsim.DemoDataset(today), cwsim.Options{Credentials: cwsim.DemoCredentials(), Latency: latency})}
}

// Integration is the demo integration with the simulator's published demo keys.
func (ConnectWise) Integration(baseURL string) workspace.IntegrationInput {
	cw := cwsim.DemoCredentials()
	return workspace.IntegrationInput{Kind: string(connector.KindConnectWise), Name: ConnectWiseName, BaseURL: baseURL,
		Settings: map[string]string{"company": cw.Company, "client_id": cw.ClientID},
		Secrets:  map[string]string{"public_key": cw.PublicKey, "private_key": cw.PrivateKey}}
}

// CompanyID is the ConnectWise company id of demo customer i.
func (ConnectWise) CompanyID(customer int) string { return strconv.Itoa(cwsim.DemoCompanyID(customer)) }

// CatalogID is the ConnectWise catalog item id of a demo product.
func (ConnectWise) CatalogID(psaName string) (string, bool) {
	id, ok := cwsim.DemoCatalogID(psaName)
	if !ok {
		return "", false
	}
	return strconv.Itoa(id), true
}

// cwSimulator is a cwsim.Server (Start, Close) that the demo can also serve on a fixed
// port (Handler, BaseURL).
type cwSimulator struct{ *cwsim.Server }

func (s cwSimulator) Handler(string) http.Handler { return s.Server.Handler() }

func (cwSimulator) BaseURL(root string) string { return root + cwsim.PathPrefix }
