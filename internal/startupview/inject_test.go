package startupview

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The shape of frontend/dist/index.html after vite build.
const index = `<!doctype html>
<html lang="en">
  <head>
    <script type="module" crossorigin src="./assets/index-B.js"></script>
    <link rel="stylesheet" crossorigin href="./assets/index-B.css">
    <link crossorigin rel="preload" as="style" href="./assets/SyncStatusPage-C.css">
  </head>
  <body>
    <div id="root"><div class="boot">Opening TrueUp…</div></div>
  </body>
</html>
`

func TestInject(t *testing.T) {
	got := string(Inject([]byte(index), `<div class="shell">rows</div>`, "linux"))
	assert.Contains(t, got, `<div id="root"><div class="startup-view" inert aria-busy="true" style="display: contents"><div class="shell">rows</div></div></div>`)
	assert.NotContains(t, got, "Opening TrueUp")
	// The first page's stylesheet applies at once; the others are as they were.
	assert.Contains(t, got, `<link crossorigin rel="stylesheet" href="./assets/SyncStatusPage-C.css">`)
	assert.NotContains(t, got, `rel="preload"`)
	assert.Contains(t, got, `<link rel="stylesheet" crossorigin href="./assets/index-B.css">`)
	assert.Contains(t, got, `<html data-platform="linux" lang="en">`)
	assert.Contains(t, got, `<script type="module" crossorigin src="./assets/index-B.js"></script>`)
}

func TestInjectWithoutPlatformOrStartUpLine(t *testing.T) {
	assert.Contains(t, string(Inject([]byte(index), "<p>x</p>", "")), `<html lang="en">`)
	other := []byte("<html lang=\"en\"><body><div id=\"root\"></div></body></html>")
	assert.Equal(t, other, Inject(other, "<p>x</p>", "linux"), "a page without the start-up line is served as it is")
}

func TestPlatform(t *testing.T) {
	for goos, want := range map[string]string{"linux": "linux", "windows": "windows", "darwin": "macos", "freebsd": ""} {
		assert.Equal(t, want, Platform(goos), goos)
	}
}
