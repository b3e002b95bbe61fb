package connectwise

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
)

// harness runs the shared conformance suite against one demo simulator.
type harness struct {
	srv *cwsim.Server
}

func (h *harness) Connector(t *testing.T) connector.Connector {
	c, _ := newConn(t, h.srv, cwsim.DemoCredentials())
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
	id := h.srv.AgreementIDs()[0]
	require.NoError(t, h.srv.DeleteAgreement(id))
	return connector.EntityAgreements, strconv.Itoa(id)
}

func (h *harness) Hostile(t *testing.T, root string) connectortest.Hostile {
	return connectortest.Hostile{
		Factory:  Factory(),
		BaseURL:  root + "/v4_6_release/apis/3.0",
		Settings: map[string]string{SettingCompany: "echoco", SettingClientID: "echo-client-id"},
		Prepare: func(t *testing.T, c connector.Connector) {
			cw, ok := c.(*Connector)
			require.True(t, ok)
			cw.sleep = (&connectortest.Waits{}).Sleep
		},
	}
}

func TestConformance(t *testing.T) {
	srv := startSim(t, cwsim.DemoDataset(time.Now()), cwsim.Options{})
	connectortest.Run(t, &harness{srv: srv})
}
