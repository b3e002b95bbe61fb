package startupview

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// page serves index.html at / (and a script), as Wails' asset handler does.
func page(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/", "/index.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, body)
		case "/assets/index-B.js":
			_, _ = io.WriteString(w, "console.log(1)")
		default:
			http.NotFound(w, r)
		}
	})
}

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

func TestALaterLaunchPaintsTheSavedView(t *testing.T) {
	dir := t.TempDir()
	first := NewStore(dir)
	require.ErrorContains(t, first.Save("<p>rows</p>"), "not been served yet", "a view must be tied to the page it was saved with")

	h := first.Middleware("linux")(page(index))
	code, body := get(t, h, "/")
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, "Opening TrueUp", "nothing saved yet: the start-up line")
	require.NoError(t, first.Save(`<div class="shell">ConnectWise rows</div>`))

	// The next launch, the same page: the view is in it, in place of the start-up line.
	next := NewStore(dir)
	h = next.Middleware("linux")(page(index))
	code, body = get(t, h, "/")
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `<div class="shell">ConnectWise rows</div>`)
	assert.NotContains(t, body, "Opening TrueUp")
	_, body = get(t, h, "/index.html")
	assert.Contains(t, body, "ConnectWise rows")
	// Other files pass through untouched.
	code, body = get(t, h, "/assets/index-B.js")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "console.log(1)", body)
	code, _ = get(t, h, "/missing.js")
	assert.Equal(t, http.StatusNotFound, code)
}

func TestAViewOfAnotherBuildIsNotShown(t *testing.T) {
	dir := t.TempDir()
	s := NewStore(dir)
	get(t, s.Middleware("")(page(index)), "/")
	require.NoError(t, s.Save("<p>old rows</p>"))

	// An update of the app: another page (other asset names), another build.
	updated := index + "<!-- another build -->"
	_, body := get(t, NewStore(dir).Middleware("")(page(updated)), "/")
	assert.NotContains(t, body, "old rows")
	assert.Contains(t, body, "Opening TrueUp")
}

func TestSaveRefusesMarkupThatRunsAndKeepsTheLastView(t *testing.T) {
	dir := t.TempDir()
	s := NewStore(dir)
	get(t, s.Middleware("")(page(index)), "/")
	require.NoError(t, s.Save("<p>good rows</p>"))
	assert.ErrorContains(t, s.Save(`<img src=x onerror="alert(1)">`), "event-handler")
	view, ok := s.Load(BuildOf([]byte(index)))
	require.True(t, ok)
	assert.Equal(t, "<p>good rows</p>", view)
	// No temporary file is left behind.
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1)
}

func TestLoadRefusesAFileEditedToRunCode(t *testing.T) {
	dir := t.TempDir()
	s := NewStore(dir)
	build := BuildOf([]byte(index))
	require.NoError(t, os.WriteFile(filepath.Join(dir, FileName), []byte(header+build+" -->\n<script>alert(1)</script>"), 0o600))
	_, ok := s.Load(build)
	assert.False(t, ok)
	require.NoError(t, os.WriteFile(filepath.Join(dir, FileName), []byte("<p>no header</p>"), 0o600))
	_, ok = s.Load(build)
	assert.False(t, ok)
}

func TestClearForgetsTheView(t *testing.T) {
	dir := t.TempDir()
	s := NewStore(dir)
	require.NoError(t, s.Clear(), "nothing to forget is fine")
	get(t, s.Middleware("")(page(index)), "/")
	require.NoError(t, s.Save("<p>rows</p>"))
	require.NoError(t, s.Clear())
	_, ok := s.Load(BuildOf([]byte(index)))
	assert.False(t, ok)
}

func TestAFailedPageIsPassedOnAndTiesNothing(t *testing.T) {
	s := NewStore(t.TempDir())
	failing := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no index.html in the assets", http.StatusInternalServerError)
		w.WriteHeader(http.StatusOK) // ignored, as net/http ignores a second status
	})
	code, body := get(t, s.Middleware("linux")(failing), "/")
	assert.Equal(t, http.StatusInternalServerError, code)
	assert.Equal(t, "no index.html in the assets\n", body)
	assert.ErrorContains(t, s.Save("<p>rows</p>"), "not been served yet")
}
