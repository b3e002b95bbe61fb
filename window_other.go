//go:build !bindings

package main

// opensWindow: every other build opens the desktop window, which needs a display.
const opensWindow = true
