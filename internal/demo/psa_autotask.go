package demo

import (
	"net/http"
	"strconv"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors/autotask"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
	"github.com/trueup/trueup/internal/workspace"
)

// AutotaskName names the demo's Autotask PSA integration.
const AutotaskName = "Autotask PSA"

// Autotask is the demo on Autotask PSA (internal/sim/autotask): the same MSP as on
// ConnectWise, its zone lookup and zone served by one simulator.
type Autotask struct{}

// Kind is autotask.
func (Autotask) Kind() connector.Kind { return connector.KindAutotask }

// Name is the demo integration's name.
func (Autotask) Name() string { return AutotaskName }

// NewSimulator returns the Autotask simulator with the demo database.
func (Autotask) NewSimulator(today time.Time, latency time.Duration) Simulator {
	return atSimulator{atsim.New(atsim.DemoDataset(today), atsim.Options{Credentials: atsim.DemoCredentials(), Latency: latency})}
}

// Integration is the demo integration with the simulator's published demo API user.
func (Autotask) Integration(baseURL string) workspace.IntegrationInput {
	at := atsim.DemoCredentials()
	return workspace.IntegrationInput{Kind: string(connector.KindAutotask), Name: AutotaskName, BaseURL: baseURL,
		Settings: map[string]string{autotask.SettingUserName: at.UserName},
		Secrets:  map[string]string{autotask.SecretIntegrationCode: at.IntegrationCode, autotask.SecretSecret: at.Secret}}
}

// CompanyID is the Autotask company id of demo customer i.
func (Autotask) CompanyID(customer int) string { return strconv.Itoa(atsim.DemoCompanyID(customer)) }

// CatalogID is the Autotask service id of a demo product.
func (Autotask) CatalogID(psaName string) (string, bool) {
	id, ok := atsim.DemoCatalogID(psaName)
	if !ok {
		return "", false
	}
	return strconv.Itoa(id), true
}

// atSimulator is an atsim.Server (Start, Close) that the demo can also serve on a fixed
// port (Handler, BaseURL). The simulator names its zone after the address a client
// reached it on, so the zone lookup's answer points back at the demo's port.
type atSimulator struct{ *atsim.Server }

func (s atSimulator) Handler(string) http.Handler { return s.Server.Handler() }

func (atSimulator) BaseURL(root string) string { return root + atsim.PathPrefix }
