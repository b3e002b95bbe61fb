package startupview

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		html string
		want string // part of the error; "" for none
	}{
		{"the page's own markup", `<div class="shell"><aside class="sidebar"><svg viewBox="0 0 32 32"><rect fill="var(--accent)"></rect></svg></aside><button type="button" aria-label="Refresh">Refresh</button><p>Sync Status data: 3 rows &lt;script&gt;</p></div>`, ""},
		{"a script element", `<div><script>alert(1)</script></div>`, `"<script" element`},
		{"a script inside an svg", `<svg><script href="x.js"/></svg>`, `"<script" element`},
		{"an iframe", `<IFRAME src="https://example.com"></IFRAME>`, `"<IFRAME" element`},
		{"a style element", `<style>body{display:none}</style>`, `"<style" element`},
		{"a base element", `<base href="https://example.com/">`, `"<base" element`},
		{"an event handler", `<img src="x" onerror="alert(1)">`, "event-handler attribute"},
		{"an event handler in capitals", `<div ONCLICK = "x()">`, "event-handler attribute"},
		{"a javascript URL", `<a href="javascript:alert(1)">x</a>`, "javascript:"},
		{"a data URL", `<a href='data:text/html,x'>x</a>`, "javascript:"},
		{"too large", strings.Repeat("a", MaxBytes+1), "larger than 1 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.html)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			if assert.Error(t, err) {
				assert.Contains(t, err.Error(), tc.want)
			}
		})
	}
}
