package halopsa

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/sim"
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
)

func writeData() *halosim.Dataset {
	return &halosim.Dataset{
		Clients: []halosim.Client{{ID: 11, Name: "Acme"}},
		Invoices: []halosim.RecurringInvoice{{ID: 300, ClientID: 11, Lines: []halosim.InvoiceLine{
			{ID: 5001, IHID: 300, ItemID: 21, ItemShortDescription: "Microsoft 365 Business Premium", QtyOrder: 25, UnitPrice: 22, UnitCost: 18.5}}}},
		Items: []halosim.Item{{ID: 21, Name: "Microsoft 365 Business Premium", RecurringPrice: 22, RecurringCost: 18.5, CostPrice: 18.5}},
	}
}

const setTo26 = `[{"id":300,"lines":[{"id":5001,"_itemid":21,"qty_order":26}]}]`

func TestWriterReadsAndPosts(t *testing.T) {
	srv, base := startSim(t, writeData(), halosim.Options{})
	w := newConn(t, base, halosim.DemoCredentials()).Writer()
	ctx := context.Background()

	header, err := w.ReadRecurringInvoice(ctx, "300")
	require.NoError(t, err)
	assert.Contains(t, string(header), `"lines":[{"id":5001`, "the header comes with its lines")

	status, _, err := w.Post(ctx, "/RecurringInvoice", []byte(setTo26))
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, status)
	l, _ := srv.Line(300, 5001)
	assert.Equal(t, 26.0, l.QtyOrder)

	_, err = w.ReadRecurringInvoice(ctx, "999")
	assert.ErrorAs(t, err, new(*connector.NotFoundError))
	_, err = w.ReadRecurringInvoice(ctx, "300/../Item")
	assert.ErrorContains(t, err, "is not a HaloPSA recurring invoice id")
	_, _, err = w.Post(ctx, "/Client", []byte(`[{}]`))
	assert.ErrorContains(t, err, `TrueUp does not write to HaloPSA path "/Client"`)
	_, _, err = w.Post(ctx, "/Item", []byte(`{"id":21}`))
	assert.ErrorContains(t, err, "not a JSON array")
	assert.Len(t, srv.Writes(), 1, "refused before anything was sent")

	rec, err := w.CachedLine(header, []byte(`{"id":5001,"ihid":300,"_itemid":21,"item_shortdescription":"M365","qty_order":26,"unit_price":22}`))
	require.NoError(t, err)
	sl, err := connector.Decode[connector.ServiceLine](rec)
	require.NoError(t, err)
	assert.Equal(t, connector.ServiceLine{ID: "5001", AgreementID: "300", AccountID: "11", ProductID: "21", ProductName: "M365", Quantity: 26, UnitPrice: 22,
		Raw: sl.Raw}, sl)
}

// A 5xx after the request left stays an unknown outcome through the writer's mapping (a
// plain transient error would be sent again), and its text carries no secret.
func TestWriterKeepsAnUnknownOutcomeRecognisable(t *testing.T) {
	srv, base := startSim(t, writeData(), halosim.Options{})
	w := newConn(t, base, halosim.DemoCredentials()).Writer()
	srv.AddWriteFault(halosim.WriteFault{Fault: sim.Fault{PathContains: "/RecurringInvoice", Status: http.StatusBadGateway,
		Body: `{"message":"upstream timeout for ` + halosim.DemoCredentials().ClientSecret + `"}`}, Mode: halosim.ApplyThenFail})
	_, _, err := w.Post(context.Background(), "/RecurringInvoice", []byte(setTo26))
	var unknown *httpx.UnknownOutcomeError
	require.True(t, errors.As(err, &unknown), "%v", err)
	assert.False(t, connector.IsTransient(err), "never retried as a transient error")
	assert.Contains(t, err.Error(), "HaloPSA may or may not have applied the recurring invoice update")
	assert.Contains(t, err.Error(), "HTTP 502")
	assert.NotContains(t, err.Error(), halosim.DemoCredentials().ClientSecret)
	assert.Len(t, srv.Writes(), 1, "sent once")
}

func TestWriterShowsHalosRefusal(t *testing.T) {
	srv, base := startSim(t, writeData(), halosim.Options{})
	w := newConn(t, base, halosim.DemoCredentials()).Writer()
	_, _, err := w.Post(context.Background(), "/RecurringInvoice", []byte(`[{"id":300,"lines":[{"id":777,"qty_order":1}]}]`))
	require.Error(t, err)
	assert.False(t, errors.As(err, new(*httpx.UnknownOutcomeError)), "a 400 applied nothing")
	assert.Contains(t, err.Error(), "HaloPSA refused the recurring invoice update")
	assert.Contains(t, err.Error(), "Line 777 is not a line of Recurring Invoice 300.")
	assert.Len(t, srv.Writes(), 1)
}

// A token Halo no longer accepts is refused before anything is done: the write goes again
// once with a fresh token.
func TestWriterRefreshesARevokedTokenOnce(t *testing.T) {
	srv, base := startSim(t, writeData(), halosim.Options{})
	w := newConn(t, base, halosim.DemoCredentials()).Writer()
	ctx := context.Background()
	_, err := w.ReadItem(ctx, "21")
	require.NoError(t, err)
	require.Equal(t, 1, srv.TokensIssued())
	srv.RevokeTokens()
	status, _, err := w.Post(ctx, "/Item", []byte(`[{"id":21,"costprice":19}]`))
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, status)
	assert.Equal(t, 2, srv.TokensIssued())
	it, _ := srv.CatalogItem(21)
	assert.Equal(t, 19.0, it.CostPrice)
	assert.Equal(t, 1, srv.AppliedWrites())
}

func TestWriterIsThePushWriter(t *testing.T) {
	_, base := startSim(t, writeData(), halosim.Options{})
	c := newConn(t, base, halosim.DemoCredentials())
	_, ok := c.PushWriter().(*Writer)
	assert.True(t, ok)
}

func TestWriterSaysWhichPermissionAForbiddenWriteNeeds(t *testing.T) {
	srv, base := startSim(t, writeData(), halosim.Options{})
	w := newConn(t, base, halosim.DemoCredentials()).Writer()
	srv.AddFault(halosim.Fault{PathContains: "/RecurringInvoice", Status: http.StatusForbidden})
	_, _, err := w.Post(context.Background(), "/RecurringInvoice", []byte(setTo26))
	var auth *connector.AuthError
	require.ErrorAs(t, err, &auth, "a 403 refuses the pushes until the permission is given")
	assert.Contains(t, err.Error(), "permission to edit recurring invoices")
	l, _ := srv.Line(300, 5001)
	assert.Equal(t, 25.0, l.QtyOrder)
}
