package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Focus brings the window to the front: a second start of TrueUp on the same data folder
// ends itself and calls this in the running one (the single-instance lock in main). Before
// Startup there is no window to show.
func (s *Shell) Focus() {
	s.mu.RLock()
	ctx := s.ctx
	s.mu.RUnlock()
	if ctx == nil {
		return
	}
	s.focus(ctx)
}

func showWindow(ctx context.Context) {
	runtime.WindowUnminimise(ctx)
	runtime.WindowShow(ctx)
}
