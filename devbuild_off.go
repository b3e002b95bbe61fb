//go:build !dev

package main

import "github.com/trueup/trueup/internal/workspace"

// devBuild: release and test builds have no dev server.
const devBuild = false

// devClock exists only in dev builds (devbuild_on.go): release builds never move time.
type devClock struct{}

func newDevClock(func(string) string) (*devClock, error) { return nil, nil }
func (*devClock) options(*workspace.Options)             {}
func (*devClock) services() []any                        { return nil }
