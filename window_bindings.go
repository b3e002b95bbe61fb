//go:build bindings

package main

// opensWindow: a bindings build only writes frontend/wailsjs and exits (make bindings, in
// CI without a display).
const opensWindow = false
