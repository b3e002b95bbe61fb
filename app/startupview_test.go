package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/startupview"
	"github.com/trueup/trueup/internal/windowpicture"
)

// A switch of workspace by the user forgets the saved view (the next launch opens the
// other workspace); Startup's own first open does not.
func TestASwitchOfWorkspaceForgetsTheStartupView(t *testing.T) {
	d := newDemoShell(t)
	views := startupview.NewStore(t.TempDir())
	svc := NewStartupViewService(d.shell, views, WindowPicture{})
	const index = `<html lang="en"><body><div id="root"><div class="boot">Opening TrueUp…</div></div></body></html>`
	serve := views.Middleware("")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, index) }))
	serve.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	require.NoError(t, svc.Save("<p>demo rows</p>", false))
	_, ok := views.Load(startupview.BuildOf([]byte(index)))
	require.True(t, ok, "Startup opened the demo before the view was saved: it is kept")

	_, err := d.svc.UseOwn()
	require.NoError(t, err)
	_, ok = views.Load(startupview.BuildOf([]byte(index)))
	assert.False(t, ok, "the demo's rows must not be the own workspace's first paint")

	assert.ErrorContains(t, svc.Save(`<div onclick="x()"></div>`, false), "event-handler")
}

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h))))
	return buf.Bytes()
}

// The window's own page keeps a picture with its view; a dev build's browser page (another
// screen than the window's) does not, and a failed picture still keeps the view.
func TestSaveKeepsThePictureOfTheWindowOnly(t *testing.T) {
	d := newDemoShell(t)
	var warned []string
	d.shell.warnf = func(_ context.Context, f string, a ...any) { warned = append(warned, fmt.Sprintf(f, a...)) }
	views := startupview.NewStore(t.TempDir())
	const index = `<html lang="en"><body><div id="root"><div class="boot">Opening TrueUp…</div></div></body></html>`
	build := startupview.BuildOf([]byte(index))
	serve := views.Middleware("")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, index) }))
	serve.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	shots, hidden := 0, 0
	var fail error
	svc := NewStartupViewService(d.shell, views, WindowPicture{
		Capture: func(context.Context) (startupview.Picture, error) {
			shots++
			return startupview.Picture{PNG: pngOf(t, 64, 40), Scale: 2, Dark: true}, fail
		},
		Hide: func() { hidden++ },
	})

	require.NoError(t, svc.Save("<p>rows seen in a browser</p>", false))
	_, ok := views.LoadPicture(build)
	assert.False(t, ok, "a browser page's view gets no picture of the window")
	assert.Zero(t, shots)

	require.NoError(t, svc.Save("<p>rows in the window</p>", true))
	pic, ok := views.LoadPicture(build)
	require.True(t, ok)
	assert.Equal(t, 2, pic.Scale)
	assert.True(t, pic.Dark)

	fail = errors.New("no window")
	require.NoError(t, svc.Save("<p>newer rows</p>", true), "the view is kept without its picture")
	view, ok := views.Load(build)
	require.True(t, ok)
	assert.Equal(t, "<p>newer rows</p>", view)
	_, ok = views.LoadPicture(build)
	assert.False(t, ok, "the old picture is of the old view: it must not show with the new one")
	assert.Equal(t, []string{"no window"}, warned, "the failed picture is logged")

	// Windows and macOS builds take no picture: that is not worth a line in the log.
	fail = windowpicture.ErrUnsupported
	require.NoError(t, svc.Save("<p>rows on Windows</p>", true))
	assert.Len(t, warned, 1)

	svc.Shown()
	assert.Equal(t, 1, hidden)
}
