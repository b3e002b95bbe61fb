//go:build dev

package app

import (
	"fmt"
	"time"

	"github.com/trueup/trueup/internal/clock"
)

// DevClockService moves the clock a dev build's workspaces run their scheduler on
// (TRUEUP_DEV_CLOCK=1), so the end-to-end test can pass a schedule's due time without
// waiting for it. Only dev-tagged builds have it: their bound methods are open to any page
// anyway (internal/devbuild), and release builds never move time.
type DevClockService struct{ clock *clock.Offset }

// NewDevClockService binds c.
func NewDevClockService(c *clock.Offset) *DevClockService { return &DevClockService{clock: c} }

// Now is the moved clock's time, RFC 3339 UTC.
func (s *DevClockService) Now() string { return s.clock.Now().UTC().Format(time.RFC3339) }

// Set moves the clock to at (RFC 3339) and returns the new time.
func (s *DevClockService) Set(at string) (string, error) {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return "", fmt.Errorf("give the time as RFC 3339, e.g. 2026-12-08T07:00:30Z: %w", err)
	}
	s.clock.Set(t)
	return s.Now(), nil
}
