//go:build !(linux && cgo && (desktop || dev))

package windowpicture

import (
	"context"
	"time"
)

// Show does nothing in this build.
func Show(Shot, time.Duration) {}

// Hide does nothing in this build.
func Hide() {}

// Capture reports ErrUnsupported in this build.
func Capture(context.Context) (Shot, error) { return Shot{}, ErrUnsupported }
