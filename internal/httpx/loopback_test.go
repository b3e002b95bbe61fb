package httpx_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/httpx"
)

// sink is a raw TCP server on 127.0.0.1 that counts every byte it receives.
type sink struct {
	ln       net.Listener
	received atomic.Int64
	done     chan struct{} // closed when the first connection has been read to its end
}

func newSink(t *testing.T) *sink {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	s := &sink{ln: ln, done: make(chan struct{})}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		defer close(s.done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		n, _ := io.Copy(io.Discard, c)
		s.received.Add(n)
	}()
	return s
}

// elsewhere is a conn that reports a remote address off this computer (192.0.2.10 is
// TEST-NET-1, reserved for documentation): what a client sees when a hosts entry or a
// resolver sent "localhost" away. The bytes really go to the sink on 127.0.0.1.
type elsewhere struct{ net.Conn }

func (elsewhere) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(192, 0, 2, 10), Port: 80} }

// misdirectedClient is an injected client whose dialer "resolves" every name off this computer.
func misdirectedClient(to string) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			c, err := d.DialContext(ctx, network, to)
			if err != nil {
				return nil, err
			}
			return elsewhere{c}, nil
		},
	}}
}

func TestPlainHTTPMustEndOnThisComputer(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			s := newSink(t)
			c, rec := newClientWith(misdirectedClient(s.ln.Addr().String()), httpx.Options{})
			// A safety net only: the sink never answers, so a request that got through would hang.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			send := c.Do
			if method == http.MethodPost {
				send = c.DoWrite
			}
			_, _, err := send(ctx, func(ctx context.Context) (*http.Request, error) {
				req, err := http.NewRequestWithContext(ctx, method, "http://localhost:8080/token", strings.NewReader("client_secret=s3cret"))
				if err == nil {
					req.Header.Set("Authorization", "Basic c2VjcmV0")
				}
				return req, err
			})
			var nl *httpx.NotLoopbackError
			require.ErrorAs(t, err, &nl)
			assert.Equal(t, "use an https:// base URL: plain http to localhost:8080 reached 192.0.2.10:80, which is not this computer, and plain http is only allowed to this computer", err.Error())
			<-s.done // the connection was closed: the sink has read all it will ever get
			assert.Zero(t, s.received.Load(), "not one byte was sent")
			assert.Equal(t, int64(1), c.Requests(), "not retried")
			assert.Empty(t, rec.notices)
		})
	}
}
