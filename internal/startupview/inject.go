package startupview

import (
	"bytes"
	"regexp"
)

// The start-up line of index.html that a saved view replaces (React replaces either).
var bootElement = regexp.MustCompile(`<div class="boot"[^>]*>[^<]*</div>`)

// A stylesheet Vite only preloads (the first page's own, applied when its code imports it):
// with a view on the screen it must apply from the start.
var preloadedStyle = regexp.MustCompile(`<link([^>]*?)\srel="preload"\s+as="style"([^>]*)>`)

// Inject returns index with view in place of its start-up line, the first page's
// stylesheets applied at once, and the platform the stylesheet picks its fonts by (what
// app/platform.ts sets once the code runs) on the root element. index is returned as it
// is when it has no start-up line to replace.
func Inject(index []byte, view string, platform string) []byte {
	loc := bootElement.FindIndex(index)
	if loc == nil {
		return index
	}
	var out bytes.Buffer
	out.Grow(len(index) + len(view) + 64)
	head := preloadedStyle.ReplaceAll(index[:loc[0]], []byte(`<link$1 rel="stylesheet"$2>`))
	if platform != "" {
		head = bytes.Replace(head, []byte("<html "), []byte(`<html data-platform="`+platform+`" `), 1)
	}
	out.Write(head)
	// Inert until React renders the live screen in its place: its buttons are pictures of
	// buttons, and assistive technology waits for the real ones (display: contents keeps
	// the layout the view was saved with).
	out.WriteString(`<div class="startup-view" inert aria-busy="true" style="display: contents">`)
	out.WriteString(view)
	out.WriteString(`</div>`)
	out.Write(index[loc[1]:])
	return out.Bytes()
}

// Platform is what app/platform.ts calls the desktop a Go build runs on ("" for others).
func Platform(goos string) string {
	switch goos {
	case "linux":
		return "linux"
	case "windows":
		return "windows"
	case "darwin":
		return "macos"
	}
	return ""
}
