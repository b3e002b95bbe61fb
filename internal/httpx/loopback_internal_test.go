package httpx

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stubResolver fails every DNS query without sending it and counts them, so a test sees
// whether a name went to the resolver at all.
func stubResolver(calls *atomic.Int32) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		calls.Add(1)
		return nil, errors.New("no DNS in this test")
	}}
}

func TestLocalhostNamesAreDialledAtLoopback(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.Host)
	}))
	t.Cleanup(srv.Close)
	_, port, err := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	require.NoError(t, err)

	var calls atomic.Int32
	d := &loopbackDialer{Dialer: net.Dialer{Resolver: stubResolver(&calls)}}
	hc := &http.Client{Transport: newTransport(d)}
	for _, host := range []string{"localhost", "LOCALHOST", "localhost.", "api.localhost", "pax8.sim.localhost"} {
		t.Run(host, func(t *testing.T) {
			resp, err := hc.Get("http://" + net.JoinHostPort(host, port) + "/")
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			require.NoError(t, resp.Body.Close())
			assert.Equal(t, net.JoinHostPort(host, port), string(body), "the Host header keeps the name")
		})
	}
	assert.Zero(t, calls.Load(), "no localhost name went to the resolver")

	// The stub is wired: other names do reach it (and fail there, sending nothing).
	_, err = d.DialContext(context.Background(), "tcp", "name.invalid:"+port)
	require.Error(t, err)
	assert.NotZero(t, calls.Load())
}

func TestLocalhostFallsBackToIPv6(t *testing.T) {
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback here: %v", err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		if c, err := ln.Accept(); err == nil {
			_ = c.Close()
		}
	}()
	var calls atomic.Int32
	d := &loopbackDialer{Dialer: net.Dialer{Resolver: stubResolver(&calls)}}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	conn, err := d.DialContext(context.Background(), "tcp", "localhost:"+port)
	require.NoError(t, err)
	assert.Equal(t, "[::1]:"+port, conn.RemoteAddr().String())
	require.NoError(t, conn.Close())
	assert.Zero(t, calls.Load())
}

func TestLocalhostNotListening(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	require.NoError(t, ln.Close())
	d := &loopbackDialer{}
	_, err = d.DialContext(context.Background(), "tcp4", "localhost:"+port)
	require.Error(t, err)
	assert.True(t, IsUnreachable(err), "a refused dial is reported as one: %v", err)
	assert.Contains(t, err.Error(), "127.0.0.1:"+port)
}

func TestLoopbackHostsBypassTheProxy(t *testing.T) {
	proxy, _ := url.Parse("http://proxy.example.com:3128")
	f := proxyUnlessLoopback(func(*http.Request) (*url.URL, error) { return proxy, nil })
	for raw, want := range map[string]*url.URL{
		"http://localhost:8080/":       nil,
		"http://api.localhost:8080/":   nil,
		"http://127.0.0.1:8080/":       nil,
		"http://[::1]:8080/":           nil,
		"https://api.pax8.com/v1":      proxy,
		"http://localhost.example.com": proxy,
	} {
		req, err := http.NewRequest(http.MethodGet, raw, nil)
		require.NoError(t, err)
		got, err := f(req)
		require.NoError(t, err)
		assert.Equal(t, want, got, raw)
	}
}
