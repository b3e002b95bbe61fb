//go:build !(linux && cgo && (desktop || dev))

package windowpicture

import (
	"context"
	"time"

	"github.com/trueup/trueup/internal/startupview"
)

// Show does nothing in this build.
func Show(startupview.Picture, time.Duration) {}

// Hide does nothing in this build.
func Hide() {}

// Capture reports ErrUnsupported in this build.
func Capture(context.Context) (startupview.Picture, error) {
	return startupview.Picture{}, ErrUnsupported
}
