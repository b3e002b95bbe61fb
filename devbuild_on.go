//go:build dev

package main

import (
	"fmt"

	"github.com/trueup/trueup/app"
	"github.com/trueup/trueup/internal/clock"
	"github.com/trueup/trueup/internal/workspace"
)

// devBuild: this binary serves its frontend and bound methods to a browser (Wails dev
// server), so it follows internal/devbuild's isolation rules.
const devBuild = true

// devClockEnv set to "1" gives the dev build's workspaces (the own one and the demo) a
// clock that the end-to-end test moves through DevClockService, and makes the demo run
// its scheduler too, so a schedule's due time can be passed without waiting for it.
const devClockEnv = "TRUEUP_DEV_CLOCK"

// devClock is the moved clock; nil without TRUEUP_DEV_CLOCK.
type devClock struct{ c *clock.Offset }

func newDevClock(getenv func(string) string) (*devClock, error) {
	switch v := getenv(devClockEnv); v {
	case "":
		return nil, nil
	case "1":
		return &devClock{c: clock.NewOffset()}, nil
	default:
		return nil, fmt.Errorf("%s=%q is not understood: leave it unset or set it to 1", devClockEnv, v)
	}
}

// options puts the clock into a workspace's options (after the caller's own).
func (d *devClock) options(o *workspace.Options) {
	if d == nil {
		return
	}
	o.Clock, o.Now, o.RunSchedules = d.c, d.c.Now, true
}

// services are the bound services only a dev build with the clock has.
func (d *devClock) services() []any {
	if d == nil {
		return nil
	}
	return []any{app.NewDevClockService(d.c)}
}
