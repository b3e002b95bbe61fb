//go:build dev

package main

// guiFlags are the flags a Wails dev build parses itself (internal/app/app_dev.go), each
// with a value: they start the GUI, not the CLI.
func guiFlags() []string {
	return []string{"assetdir", "devserver", "frontenddevserverurl", "loglevel"}
}
