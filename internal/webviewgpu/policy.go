// Package webviewgpu chooses whether the Linux window's WebKitGTK composites on the GPU.
//
// Wails v2 turns WebKitGTK's hardware acceleration off when an app passes no Linux options
// (wails#2977: blank windows on some GPU drivers) and leaves it always on when the app passes
// any, as TrueUp does for its icon. Always on is right with a GPU; without a usable one (a VM,
// a remote desktop, no /dev/dri render node) WebKit composites through Mesa's software GL
// (llvmpipe), which costs more CPU than painting in software: on the project's VM the first
// frame with the Sync Status rows took about 0.5 s longer to reach the screen. So: on with a
// DRM render node TrueUp can open, off without one, and TRUEUP_WEBVIEW_GPU to override either.
package webviewgpu

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Policy is the window's hardware-acceleration policy.
type Policy int

const (
	// Always composites on the GPU (WebKit's ALWAYS).
	Always Policy = iota
	// Never paints in software (WebKit's NEVER).
	Never
)

func (p Policy) String() string {
	if p == Never {
		return "never"
	}
	return "always"
}

// EnvVar overrides the choice: "always" or "never".
const EnvVar = "TRUEUP_WEBVIEW_GPU"

// System is what the choice looks at.
type System struct {
	Getenv func(string) string
	// RenderNodes lists the DRM render nodes (/dev/dri/renderD*).
	RenderNodes func() []string
	// CanOpen says whether a render node opens for reading and writing (what WebKit needs).
	CanOpen func(path string) bool
}

// Host is the running machine.
func Host() System {
	return System{
		Getenv: os.Getenv,
		RenderNodes: func() []string {
			nodes, _ := filepath.Glob("/dev/dri/renderD*")
			return nodes
		},
		CanOpen: func(path string) bool {
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				return false
			}
			_ = f.Close()
			return true
		},
	}
}

// Choose returns the policy and why, for the log.
func Choose(sys System) (Policy, string) {
	warn := ""
	switch v := strings.ToLower(strings.TrimSpace(sys.Getenv(EnvVar))); v {
	case "":
	case "always":
		return Always, EnvVar + "=always"
	case "never":
		return Never, EnvVar + "=never"
	default:
		warn = fmt.Sprintf("%s=%q is neither always nor never (ignored); ", EnvVar, v)
	}
	for _, n := range sys.RenderNodes() {
		if sys.CanOpen(n) {
			return Always, warn + "GPU render node " + n
		}
	}
	return Never, warn + "no GPU render node TrueUp can open (/dev/dri/renderD*): painting in software, which is faster than software GL; set " + EnvVar + "=always to composite anyway"
}
