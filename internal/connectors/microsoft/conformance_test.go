package microsoft

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	simms "github.com/trueup/trueup/internal/sim/microsoft"
)

// harness runs the conformance suite against one simulator of the demo partner. Every
// connector presents the refresh token the simulator issued last, as the keychain would
// hold it after the previous run saved it.
type harness struct {
	srv  *simms.Server
	base string
}

func (h *harness) Connector(t *testing.T) connector.Connector {
	return newConn(t, h.base, simms.DemoCredentials(), h.srv.RefreshToken(), nil)
}

func (h *harness) BadCredentials(t *testing.T) connector.Connector {
	creds := simms.DemoCredentials()
	creds.AppSecret = "wrong"
	return newConn(t, h.base, creds, h.srv.RefreshToken(), nil)
}

func (h *harness) Touch(t *testing.T) (connector.Entity, string) {
	for _, s := range h.srv.Snapshot().Subscriptions {
		if s.Status == "active" {
			require.NoError(t, h.srv.SetQuantity(s.ID, s.Quantity+1))
			return connector.EntitySubscriptions, s.ID
		}
	}
	t.Fatal("no active subscription to touch")
	return "", ""
}

func (h *harness) Remove(t *testing.T) (connector.Entity, string) {
	subs := h.srv.Snapshot().Subscriptions
	id := subs[len(subs)-1].ID
	require.NoError(t, h.srv.DeleteSubscription(id))
	return connector.EntitySubscriptions, id
}

func (h *harness) Hostile(t *testing.T, root string) connectortest.Hostile {
	return connectortest.Hostile{
		Factory:  Factory(),
		BaseURL:  root,
		Settings: map[string]string{SettingTenantID: "partner", SettingTokenURL: root + "/partner/oauth2/v2.0/token"},
		Prepare: func(t *testing.T, c connector.Connector) {
			m, ok := c.(*Connector)
			require.True(t, ok)
			m.sleep = (&connectortest.Waits{}).Sleep
		},
	}
}

func TestConformance(t *testing.T) {
	srv, base := startSim(t, simms.DemoDataset(time.Now()), simms.Options{PageSize: 5})
	connectortest.Run(t, &harness{srv: srv, base: base})
}
