package app

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/startupview"
)

// A switch of workspace by the user forgets the saved view (the next launch opens the
// other workspace); Startup's own first open does not.
func TestASwitchOfWorkspaceForgetsTheStartupView(t *testing.T) {
	d := newDemoShell(t)
	views := startupview.NewStore(t.TempDir())
	svc := NewStartupViewService(d.shell, views)
	const index = `<html lang="en"><body><div id="root"><div class="boot">Opening TrueUp…</div></div></body></html>`
	serve := views.Middleware("")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, index) }))
	serve.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	require.NoError(t, svc.Save("<p>demo rows</p>"))
	_, ok := views.Load(startupview.BuildOf([]byte(index)))
	require.True(t, ok, "Startup opened the demo before the view was saved: it is kept")

	_, err := d.svc.UseOwn()
	require.NoError(t, err)
	_, ok = views.Load(startupview.BuildOf([]byte(index)))
	assert.False(t, ok, "the demo's rows must not be the own workspace's first paint")

	assert.ErrorContains(t, svc.Save(`<div onclick="x()"></div>`), "event-handler")
}
