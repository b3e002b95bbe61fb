package connectwise

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/sim"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
)

func TestSendAPlannedPatchReadItBackAndCacheIt(t *testing.T) {
	w, s := newWriter(t, cwsim.DemoCredentials())
	path := "/finance/agreements/1001/additions/5001"
	status, answer, err := w.Send(t.Context(), http.MethodPatch, path, []byte(`[{"op":"replace","path":"quantity","value":27}]`))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)

	read, err := w.Read(t.Context(), path)
	require.NoError(t, err)
	var a struct{ Quantity float64 }
	require.NoError(t, json.Unmarshal(read, &a))
	assert.Equal(t, 27.0, a.Quantity)

	rec, err := w.CachedRecord(path, answer, "11")
	require.NoError(t, err)
	assert.Equal(t, connector.EntityServiceLines, rec.Entity)
	assert.Equal(t, "5001", rec.ID)
	assert.Equal(t, "1001", rec.ParentID)
	assert.Equal(t, "11", rec.AccountID)
	l, err := connector.Decode[connector.ServiceLine](rec)
	require.NoError(t, err)
	assert.Equal(t, 27.0, l.Quantity)
	assert.Len(t, s.Writes(), 1)
}

func TestSendRefusesRoutesAndMethodsNoPlanHasWithoutSending(t *testing.T) {
	w, s := newWriter(t, cwsim.DemoCredentials())
	for _, c := range []struct {
		method, path string
		body         []byte
	}{
		{http.MethodPatch, "/company/companies/11", []byte(`[]`)},
		{http.MethodPut, "/finance/agreements/1001/additions/5001", []byte(`{}`)},
		{http.MethodDelete, "/procurement/catalog/301", nil},
		{http.MethodDelete, "/finance/agreements/1001/additions", nil},
		{http.MethodDelete, "/finance/agreements/1001/additions/5001", []byte(`[]`)},
		{http.MethodPatch, "/finance/agreements/1001/additions/5001/../../1002", []byte(`[]`)},
	} {
		_, _, err := w.Send(t.Context(), c.method, c.path, c.body)
		assert.ErrorContains(t, err, "plan the change again", "%s %s", c.method, c.path)
	}
	assert.Empty(t, s.Writes())
}

func TestFindMarkedReturnsTheCreatedAdditionAsSent(t *testing.T) {
	w, s := newWriter(t, cwsim.DemoCredentials())
	s.AddWriteFault(cwsim.WriteFault{Mode: cwsim.ApplyThenDrop, Fault: sim.Fault{Times: 1}})
	body := `{"product":{"id":301},"quantity":3,"unitPrice":22,"unitCost":18.5,"billCustomer":"Billable","description":"M365 BP (TrueUp 0a1b2c3d4e5f6789-202612N)"}`
	_, _, err := w.Send(t.Context(), http.MethodPost, "/finance/agreements/1001/additions", []byte(body))
	require.ErrorAs(t, err, new(*httpx.UnknownOutcomeError))

	found, err := w.FindMarked(t.Context(), "1001", "0a1b2c3d4e5f6789-202612N")
	require.NoError(t, err)
	require.Len(t, found, 1)
	var a struct {
		ID       int64
		Quantity float64
	}
	require.NoError(t, json.Unmarshal(found[0], &a))
	assert.Equal(t, 3.0, a.Quantity)
	assert.NotZero(t, a.ID)

	none, err := w.FindMarked(t.Context(), "1001", "0a1b2c3d4e5f6789-202612P")
	require.NoError(t, err)
	assert.Empty(t, none, "the other kind's key does not find it")
}

func TestSendAPlannedDeleteRemovesTheAddition(t *testing.T) {
	w, s := newWriter(t, cwsim.DemoCredentials())
	path := "/finance/agreements/1001/additions/5001"
	status, answer, err := w.Send(t.Context(), http.MethodDelete, path, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, status)
	assert.Empty(t, answer)
	require.Len(t, s.Writes(), 1)
	assert.Equal(t, http.MethodDelete, s.Writes()[0].Method)
	assert.Empty(t, s.Writes()[0].Body, "a DELETE sends no body")

	_, err = w.Read(t.Context(), path)
	var nf *connector.NotFoundError
	require.ErrorAs(t, err, &nf, "read after delete: gone")

	_, _, err = w.Send(t.Context(), http.MethodDelete, path, nil)
	require.ErrorAs(t, err, &nf, "a second DELETE finds nothing")
	assert.Contains(t, err.Error(), "nothing is left to remove")
	assert.Equal(t, 1, s.AppliedWrites())
}
