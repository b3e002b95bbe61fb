//go:build !dev

package main

// devBuild: release and test builds have no dev server.
const devBuild = false
