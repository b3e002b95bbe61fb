//go:build dev

package main

// devBuild: this binary serves its frontend and bound methods to a browser (Wails dev
// server), so it follows internal/devbuild's isolation rules.
const devBuild = true
