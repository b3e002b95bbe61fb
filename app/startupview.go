package app

import (
	"github.com/trueup/trueup/internal/startupview"
)

// StartupViewService keeps the Sync Status screen the window shows, so that the next
// launch paints it before the page's code has run (internal/startupview). A switch of
// workspace forgets it: the next launch opens the other workspace.
type StartupViewService struct {
	shell *Shell
	views *startupview.Store
}

// NewStartupViewService binds to shell, keeping views in views.
func NewStartupViewService(shell *Shell, views *startupview.Store) *StartupViewService {
	shell.OnSwitch(func() {
		if err := views.Clear(); err != nil {
			shell.warnf(shell.context(), "%v", err)
		}
	})
	return &StartupViewService{shell: shell, views: views}
}

// Save keeps html, the inner HTML of the page's root as it shows Sync Status with its rows
// in, for the next launch. It refuses markup that could run code (the page never renders
// any), and views over 1 MiB.
func (s *StartupViewService) Save(html string) error {
	return s.views.Save(html)
}
