//go:build linux

// Command fakenotifyd is a notification daemon for the end-to-end test (scripts/e2e.sh):
// it serves org.freedesktop.Notifications on the session bus of $DBUS_SESSION_BUS_ADDRESS
// (the test's private one) and lets the test list what the app showed and click it over
// HTTP (notifytest.Server.Handler). It prints "listening on http://ADDR" once ready.
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/godbus/dbus/v5"

	"github.com/trueup/trueup/internal/desktopnotify/notifytest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "where to serve the HTTP API")
	flag.Parse()
	if err := run(*addr); err != nil {
		fmt.Fprintln(os.Stderr, "fakenotifyd:", err)
		os.Exit(1)
	}
}

func run(addr string) error {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return errors.New("no session bus: run it under dbus-run-session (scripts/with-keyring.sh)")
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return fmt.Errorf("connect to the session bus: %w", err)
	}
	defer conn.Close()
	srv, err := notifytest.Serve(conn)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	return http.Serve(ln, srv.Handler())
}
