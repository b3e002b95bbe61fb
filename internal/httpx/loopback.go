package httpx

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
)

// Plain http is allowed to this computer only (CheckBaseURL). Two things make sure that a
// plain-http request really stays on this computer:
//   - loopbackDialer dials localhost names at 127.0.0.1 / ::1 itself, so neither /etc/hosts
//     nor a DNS server can point them elsewhere;
//   - connGuard checks, for every plain-http request, that the connection the transport
//     hands over ends at a loopback address, which also covers injected clients whose
//     dialer we do not own, and closes it before a byte is written if it does not.

// isLocalhostName reports whether host is "localhost" or a name under it. RFC 6761 reserves
// them for loopback; a trailing dot (the fully qualified form) is the same name.
func isLocalhostName(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	return h == "localhost" || strings.HasSuffix(h, ".localhost")
}

// loopbackDialer dials localhost names at the loopback addresses without resolving them,
// and every other address with the embedded Dialer.
type loopbackDialer struct {
	net.Dialer
}

func (d *loopbackDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || !isLocalhostName(host) {
		return d.Dialer.DialContext(ctx, network, addr)
	}
	var ips []string
	switch network {
	case "tcp4":
		ips = []string{"127.0.0.1"}
	case "tcp6":
		ips = []string{"::1"}
	default:
		ips = []string{"127.0.0.1", "::1"} // a local server may listen on either
	}
	var first error
	for _, ip := range ips {
		conn, err := d.Dialer.DialContext(ctx, network, net.JoinHostPort(ip, port))
		if err == nil {
			return conn, nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, first
}

// proxyUnlessLoopback sends requests for this computer direct, never through a proxy (Go's
// ProxyFromEnvironment exempts "localhost" and loopback IPs but not names under localhost).
func proxyUnlessLoopback(next func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	return func(req *http.Request) (*url.URL, error) {
		if IsLoopback(req.URL.Hostname()) {
			return nil, nil
		}
		return next(req)
	}
}

// NotLoopbackError is a plain-http connection that ended somewhere other than this computer.
// Nothing was sent on it. It is not retried.
type NotLoopbackError struct {
	Host   string // the host of the request's URL
	Remote string // the address the connection reached
}

func (e *NotLoopbackError) Error() string {
	return fmt.Sprintf("use an https:// base URL: plain http to %s reached %s, which is not this computer, and plain http is only allowed to this computer", e.Host, e.Remote)
}

// connGuard watches the connection of one request: it refuses a plain-http connection off
// this computer, and notes when the request's header block has been written (from then on
// the server may act on the request; see DoWrite).
type connGuard struct {
	plain   bool
	host    string
	refused atomic.Pointer[NotLoopbackError]
	wrote   atomic.Bool // set from the transport's writer goroutine
}

// guard returns req with a trace that checks its connection.
func guard(req *http.Request) (*http.Request, *connGuard) {
	g := &connGuard{plain: req.URL.Scheme == "http", host: req.URL.Host}
	trace := &httptrace.ClientTrace{
		GotConn: g.gotConn,
		// Before WroteHeaders the server cannot have a complete request, so it cannot have
		// acted on it. WroteHeaders may fire while the headers still sit in the write buffer:
		// counting from it errs on the safe side.
		WroteHeaders: func() { g.wrote.Store(true) },
	}
	return req.WithContext(httptrace.WithClientTrace(req.Context(), trace)), g
}

// gotConn runs for every request, new connection or reused, before the transport writes
// the request (HTTP/1 hands the request to the connection's writer only after GotConn
// returns). Closing the connection here makes that write fail with nothing sent.
func (g *connGuard) gotConn(info httptrace.GotConnInfo) {
	if !g.plain || info.Conn == nil {
		return
	}
	remote := info.Conn.RemoteAddr()
	if remoteIsLoopback(remote) {
		return
	}
	g.refused.Store(&NotLoopbackError{Host: g.host, Remote: remote.String()})
	_ = info.Conn.Close()
}

// err is the refusal, if the connection was refused.
func (g *connGuard) err() error {
	if e := g.refused.Load(); e != nil {
		return e
	}
	return nil
}

func remoteIsLoopback(addr net.Addr) bool {
	if tcp, ok := addr.(*net.TCPAddr); ok {
		return tcp.IP.IsLoopback()
	}
	if addr == nil {
		return false
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
