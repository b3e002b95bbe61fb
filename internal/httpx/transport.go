package httpx

import (
	"net"
	"net/http"
	"time"
)

// NewHTTPClient returns the *http.Client TrueUp uses for APIs. Go's default transport keeps
// only 2 idle connections per host, so with 8 requests in flight six of them would dial a
// new connection (and TLS handshake) for every request; we keep as many as we use.
//
// Its dialer maps localhost names to loopback itself, and loopback hosts never go through a
// proxy (see loopback.go).
func NewHTTPClient() *http.Client {
	return &http.Client{
		Timeout:   60 * time.Second,
		Transport: newTransport(&loopbackDialer{Dialer: net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}}),
	}
}

func newTransport(d *loopbackDialer) *http.Transport {
	return &http.Transport{
		Proxy:                 proxyUnlessLoopback(http.ProxyFromEnvironment),
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   15 * time.Second,
		ExpectContinueTimeout: time.Second,
		ResponseHeaderTimeout: 45 * time.Second,
	}
}
