//go:build !linux

package main

// singleInstanceBus: Windows (a named mutex) and macOS (distributed notifications) need
// no bus.
func singleInstanceBus() bool { return true }
