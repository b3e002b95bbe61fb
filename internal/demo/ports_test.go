package demo

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/sim"
	"github.com/trueup/trueup/internal/workspace"
)

// freePortPair finds the demo's consecutive free loopback ports (the PSA's, Pax8's and
// Microsoft's).
func freePortPair(t *testing.T) int {
	t.Helper()
	port, err := sim.FreePortRun(sim.DemoPorts)
	require.NoError(t, err)
	return port
}

// An integration added against `trueup demo` keeps working after the demo restarts.
func TestStartAtKeepsItsPortsAcrossRestarts(t *testing.T) {
	forEachPSA(t, testStartAtKeepsItsPortsAcrossRestarts)
}

func testStartAtKeepsItsPortsAcrossRestarts(t *testing.T, psa PSA) {
	ctx := context.Background()
	base := freePortPair(t)
	sims, err := StartAt(psa.Kind(), time.Now(), 0, base)
	require.NoError(t, err)
	assert.Equal(t, psa.Kind(), sims.PSA.Kind())
	assert.Equal(t, sims.PSASim.BaseURL("http://127.0.0.1:"+strconv.Itoa(base)), sims.PSAURL, "the PSA on the port base")
	assert.Equal(t, "http://127.0.0.1:"+strconv.Itoa(base+1)+"/v1", sims.Pax8URL)
	assert.Equal(t, "http://127.0.0.1:"+strconv.Itoa(base+2), sims.MSURL, "Microsoft on the port after Pax8's")
	if psa.Kind() == connector.KindConnectWise {
		assert.Equal(t, "http://127.0.0.1:"+strconv.Itoa(base)+"/v4_6_release/apis/3.0", sims.CWURL)
		assert.Same(t, sims.PSASim.(cwSimulator).Server, sims.CW)
	}

	_, err = StartAt(psa.Kind(), time.Now(), 0, base)
	require.Error(t, err, "the ports are taken while the first demo runs")
	assert.Contains(t, err.Error(), "port "+strconv.Itoa(base)+" for the "+psa.Name()+" simulator is taken")
	assert.Contains(t, err.Error(), "--port-base")

	ws, err := workspace.Open(ctx, workspace.Options{DataDir: t.TempDir(), Secrets: secrets.NewMemory(), Registry: connectors.Registry()})
	require.NoError(t, err)
	defer ws.Close()
	var ids []int64
	for _, in := range sims.Integrations() {
		added, err := ws.Integrations().Add(ctx, in)
		require.NoError(t, err)
		ids = append(ids, added.ID)
	}
	sims.Close()

	restarted, err := StartAt(psa.Kind(), time.Now(), 0, base)
	require.NoError(t, err, "closing frees the ports")
	defer restarted.Close()
	for _, id := range ids {
		res := ws.Integrations().Test(ctx, id)
		assert.True(t, res.OK, res.Message)
	}
}

func TestStartAtNamesTheTakenPax8Port(t *testing.T) {
	base := freePortPair(t)
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(base+1)))
	require.NoError(t, err)
	defer ln.Close()
	_, err = StartAt(connector.KindConnectWise, time.Now(), 0, base)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "port "+strconv.Itoa(base+1)+" for the Pax8 simulator is taken")
	// The ConnectWise port it had opened is free again.
	cw, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(base)))
	require.NoError(t, err)
	cw.Close()
}
