package halopsa

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
)

// harness runs the shared conformance suite against one demo simulator.
type harness struct {
	srv  *halosim.Server
	base string
}

func (h *harness) Connector(t *testing.T) connector.Connector {
	return newConn(t, h.base, halosim.DemoCredentials())
}

func (h *harness) BadCredentials(t *testing.T) connector.Connector {
	return newConn(t, h.base, badSecret())
}

// Touch changes a quantity on an invoice line, as an agent does in Halo.
func (h *harness) Touch(t *testing.T) (connector.Entity, string) {
	for _, inv := range h.srv.Snapshot().Invoices {
		for _, l := range inv.Lines {
			if !l.IsInactive && l.QtyOrder > 0 {
				require.NoError(t, h.srv.SetLineQuantity(l.ID, l.QtyOrder+1))
				return connector.EntityServiceLines, strconv.Itoa(l.ID)
			}
		}
	}
	t.Fatal("no line to touch")
	return "", ""
}

func (h *harness) Remove(t *testing.T) (connector.Entity, string) {
	invs := h.srv.Snapshot().Invoices
	id := invs[0].ID
	require.NoError(t, h.srv.DeleteInvoice(id))
	return connector.EntityAgreements, strconv.Itoa(id)
}

func (h *harness) Hostile(t *testing.T, root string) connectortest.Hostile {
	return connectortest.Hostile{
		Factory:  Factory(),
		BaseURL:  root,
		Settings: map[string]string{SettingTenant: "echotenant"},
		Prepare: func(t *testing.T, c connector.Connector) {
			h, ok := c.(*Connector)
			require.True(t, ok)
			h.sleep = (&connectortest.Waits{}).Sleep
		},
	}
}

func TestConformance(t *testing.T) {
	srv, base := startSim(t, halosim.DemoDataset(time.Now()), halosim.Options{})
	connectortest.Run(t, &harness{srv: srv, base: base})
}

func TestConformanceThroughTheFactory(t *testing.T) {
	_, base := startSim(t, halosim.DemoDataset(time.Now()), halosim.Options{})
	conn, err := Factory().New(config(base, halosim.DemoCredentials()))
	require.NoError(t, err)
	rec := &connectortest.Recorder{}
	require.NoError(t, conn.Sync(t.Context(), full(), rec))
	require.NotEmpty(t, rec.ServiceLines)
	counter, ok := conn.(connector.RequestCounter)
	require.True(t, ok, "the HaloPSA connector counts its requests")
	require.Positive(t, counter.Requests())
}
