package pax8

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	simpax8 "github.com/trueup/trueup/internal/sim/pax8"
)

// harness runs the conformance suite against one simulator of the demo tenant.
type harness struct {
	srv  *simpax8.Server
	base string
}

func (h *harness) Connector(t *testing.T) connector.Connector {
	return newConn(t, h.base, simpax8.DemoCredentials())
}

func (h *harness) BadCredentials(t *testing.T) connector.Connector {
	return newConn(t, h.base, badCreds())
}

// Touch changes a seat count, as a partner does in the Pax8 portal.
func (h *harness) Touch(t *testing.T) (connector.Entity, string) {
	for _, s := range h.srv.Snapshot().Subscriptions {
		if s.Status == "Active" {
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
		Factory: Factory(),
		BaseURL: root + "/v1",
		Prepare: func(t *testing.T, c connector.Connector) {
			p, ok := c.(*Connector)
			require.True(t, ok)
			p.sleep = (&connectortest.Waits{}).Sleep
		},
	}
}

func TestConformance(t *testing.T) {
	srv, base := startSim(t, simpax8.DemoDataset(time.Now()), simpax8.Options{})
	connectortest.Run(t, &harness{srv: srv, base: base})
}

func TestConformanceThroughTheFactory(t *testing.T) {
	_, base := startSim(t, simpax8.DemoDataset(time.Now()), simpax8.Options{})
	creds := simpax8.DemoCredentials()
	conn, err := Factory().New(connector.Config{BaseURL: base, Secrets: map[string]string{
		SecretClientID: creds.ClientID, SecretClientSecret: creds.ClientSecret,
	}})
	require.NoError(t, err)
	rec := &connectortest.Recorder{}
	require.NoError(t, conn.Sync(t.Context(), full(), rec))
	require.NotEmpty(t, rec.Subscriptions)
	counter, ok := conn.(connector.RequestCounter)
	require.True(t, ok, "the Pax8 connector counts its requests")
	require.Positive(t, counter.Requests())
}
