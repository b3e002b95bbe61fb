package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// signalCloser makes SIGINT and SIGTERM close the window cleanly (OnShutdown closes the
// workspace) with one line saying why. Wails installs its own handler just before
// OnStartup and prints "Ctrl+C detected" for either signal; Listen drops it, so this is
// the only handler.
type signalCloser struct {
	out   io.Writer
	quit  func()
	ready chan struct{}
	once  sync.Once
}

func newSignalCloser(out io.Writer, quit func()) *signalCloser {
	return &signalCloser{out: out, quit: quit, ready: make(chan struct{})}
}

// Listen is called from OnStartup, after Wails registered its handler.
func (s *signalCloser) Listen() {
	signal.Reset(os.Interrupt, syscall.SIGTERM)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-ch
		// A second signal gets Go's default and ends the program at once.
		signal.Stop(ch)
		fmt.Fprintf(s.out, "TrueUp is closing (received %s)\n", signalName(sig))
		// Quitting before the GUI's main loop runs is lost (on Linux gtk_main_quit only
		// asserts), and OnStartup runs beside the loop's start: wait for the page, which
		// only loads inside the loop.
		<-s.ready
		s.quit()
	}()
}

// DomReady is the OnDomReady hook: from now on a quit reaches the main loop.
func (s *signalCloser) DomReady(context.Context) {
	s.once.Do(func() { close(s.ready) })
}

func signalName(sig os.Signal) string {
	switch sig {
	case os.Interrupt:
		return "SIGINT, Ctrl+C"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return sig.String()
}
