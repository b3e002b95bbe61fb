package autotask

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
)

// harness runs the shared conformance suite against one demo simulator.
type harness struct {
	srv *atsim.Server
}

func (h *harness) Connector(t *testing.T) connector.Connector {
	c, _ := newConn(t, h.srv, atsim.DemoCredentials())
	c.now = h.srv.Now
	return c
}

func (h *harness) BadCredentials(t *testing.T) connector.Connector {
	c, _ := newConn(t, h.srv, badCreds())
	return c
}

func (h *harness) Touch(t *testing.T) (connector.Entity, string) {
	id := h.srv.CompanyIDs()[0]
	require.NoError(t, h.srv.TouchCompany(id))
	return connector.EntityAccounts, strconv.Itoa(id)
}

func (h *harness) Remove(t *testing.T) (connector.Entity, string) {
	id := h.srv.ContractIDs()[0]
	require.NoError(t, h.srv.DeleteContract(id))
	return connector.EntityAgreements, strconv.Itoa(id)
}

func (h *harness) Hostile(t *testing.T, root string) connectortest.Hostile {
	return connectortest.Hostile{
		Factory:  Factory(),
		BaseURL:  root + atsim.PathPrefix,
		Settings: map[string]string{SettingUserName: "echo-api@echo.example"},
		Prepare: func(t *testing.T, c connector.Connector) {
			at, ok := c.(*Connector)
			require.True(t, ok)
			at.sleep = (&connectortest.Waits{}).Sleep
		},
	}
}

func TestConformance(t *testing.T) {
	srv := startSim(t, atsim.DemoDataset(time.Now()), atsim.Options{})
	connectortest.Run(t, &harness{srv: srv})
}
