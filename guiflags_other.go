//go:build !dev

package main

// guiFlags: release builds of the GUI parse no flags of their own.
func guiFlags() []string { return nil }
