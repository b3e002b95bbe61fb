package app

import (
	"context"
	"errors"
	"time"

	"github.com/trueup/trueup/internal/startupview"
	"github.com/trueup/trueup/internal/windowpicture"
)

// captureWait bounds taking the window's picture (WebKit answers in tens of milliseconds).
const captureWait = 3 * time.Second

// WindowPicture takes the picture of the window that the next launch paints before its page
// has painted, and drops the one shown now (internal/windowpicture). The zero value takes
// none.
type WindowPicture struct {
	Capture func(ctx context.Context) (startupview.Picture, error)
	Hide    func()
}

// StartupViewService keeps the Sync Status screen the window shows, so that the next
// launch paints it before the page's code has run (internal/startupview), and a picture of
// it that the window shows before even the page has painted. A switch of workspace forgets
// both: the next launch opens the other workspace.
type StartupViewService struct {
	shell   *Shell
	views   *startupview.Store
	picture WindowPicture
}

// NewStartupViewService binds to shell, keeping views in views and the window's pictures
// with picture.
func NewStartupViewService(shell *Shell, views *startupview.Store, picture WindowPicture) *StartupViewService {
	shell.OnSwitch(func() {
		if err := views.Clear(); err != nil {
			shell.warnf(shell.context(), "%v", err)
		}
	})
	return &StartupViewService{shell: shell, views: views, picture: picture}
}

// Save keeps html, the inner HTML of the page's root as it shows Sync Status with its rows
// in, for the next launch. It refuses markup that could run code (the page never renders
// any), and views over 1 MiB. When the call comes from the app's own window (not a dev
// build's browser page, which shows another screen), it also keeps a picture of the window
// as it shows that screen; a picture that cannot be taken only costs the next launch its
// earliest frame, so it is logged, not returned.
func (s *StartupViewService) Save(html string, fromWindow bool) error {
	if err := s.views.Save(html); err != nil {
		return err
	}
	if !fromWindow || s.picture.Capture == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(s.shell.context(), captureWait)
	defer cancel()
	pic, err := s.picture.Capture(ctx)
	if err == nil {
		err = s.views.SavePicture(pic)
	}
	if err != nil && !errors.Is(err, windowpicture.ErrUnsupported) {
		s.shell.warnf(s.shell.context(), "%v", err)
	}
	return nil
}

// Shown tells that the page has painted its first screen: the window's picture of the kept
// one, if it shows one, goes.
func (s *StartupViewService) Shown() {
	if s.picture.Hide != nil {
		s.picture.Hide()
	}
}
