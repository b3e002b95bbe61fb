package main

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"

	"github.com/wailsapp/wails/v2/pkg/options"
)

// singleInstanceID names the lock that keeps one TrueUp window per data folder: a second
// start on the same folder brings the running window to the front and exits instead of
// opening a second window that could only wait for the folder's lock, while another data
// folder (a dev scratch folder next to the real one) gets a window of its own.
func singleInstanceID(dataDir string) string {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		abs = dataDir
	}
	sum := sha256.Sum256([]byte(filepath.Clean(abs)))
	return "com.trueup.app." + hex.EncodeToString(sum[:6])
}

// singleInstanceLock is the Wails option, nil where the lock cannot be held without
// starting a session bus (Linux without one).
func singleInstanceLock(dataDir string, focus func()) *options.SingleInstanceLock {
	if !singleInstanceBus() {
		return nil
	}
	return &options.SingleInstanceLock{
		UniqueId:               singleInstanceID(dataDir),
		OnSecondInstanceLaunch: func(options.SecondInstanceData) { focus() },
	}
}
