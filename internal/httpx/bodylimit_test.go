package httpx_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/httpx"
)

// gzipBomb is a gzip stream of members, each 1 MiB of zeros: about 1 KiB per member on
// the wire, so 1,024 members would be 1 GiB inflated from about 1 MB. Readers of multi-member
// streams (Go's transport and compress/gzip both read them) inflate it all.
func gzipBomb(t *testing.T, members int) []byte {
	t.Helper()
	var one bytes.Buffer
	zw, err := gzip.NewWriterLevel(&one, gzip.BestCompression)
	require.NoError(t, err)
	zeros := make([]byte, 1<<20)
	_, err = zw.Write(zeros)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return bytes.Repeat(one.Bytes(), members)
}

// countingTransport counts the body bytes the client reads after the transport: inflated
// bytes when the transport inflates, bytes off the wire otherwise.
type countingTransport struct {
	base http.RoundTripper
	read *atomic.Int64
}

func (t countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err == nil {
		resp.Body = countingBody{ReadCloser: resp.Body, n: t.read}
	}
	return resp, err
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

func countingClient(disableCompression bool) (*http.Client, *atomic.Int64) {
	var read atomic.Int64
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableCompression = disableCompression
	return &http.Client{Transport: countingTransport{base: tr, read: &read}}, &read
}

func serveBytes(t *testing.T, body []byte, gzipped bool) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if gzipped {
			w.Header().Set("Content-Encoding", "gzip") // whether the client asked for it or not
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestGzipBombIsCut(t *testing.T) {
	const limit = 1 << 20
	bomb := gzipBomb(t, 256) // 256 MiB inflated, 256 times the cap
	srv := serveBytes(t, bomb, true)
	tests := []struct {
		name               string
		disableCompression bool // the transport does not ask for gzip, so it does not inflate
		acceptEncoding     string
		maxRead            int64 // bytes the client may read after the transport
	}{
		// The transport asked for gzip and inflates; the count is of inflated bytes.
		{name: "transport inflates", maxRead: limit + 1},
		// The server compresses unasked; httpx inflates; the count is of bytes on the wire.
		{name: "server compresses unasked", disableCompression: true, maxRead: int64(len(bomb)) / 16},
		{name: "request asked for gzip itself", acceptEncoding: "gzip", maxRead: int64(len(bomb)) / 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hc, read := countingClient(tt.disableCompression)
			c, rec := newClientWith(hc, httpx.Options{MaxResponseBytes: limit})
			resp, body, err := c.Do(context.Background(), func(ctx context.Context) (*http.Request, error) {
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/bomb?page=1", nil)
				if err == nil && tt.acceptEncoding != "" {
					req.Header.Set("Accept-Encoding", tt.acceptEncoding)
				}
				return req, err
			})
			assert.Nil(t, resp)
			assert.Nil(t, body)
			var tl *httpx.TooLargeError
			require.ErrorAs(t, err, &tl)
			assert.Equal(t, "the API answered with more than 1 MB for one request: check that the base URL points at the API, no page of its data is that large (GET "+srv.URL+"/bomb)", err.Error())
			assert.LessOrEqual(t, read.Load(), tt.maxRead, "reading stops at the cap")
			assert.Equal(t, int64(1), c.Requests(), "not retried")
			assert.Empty(t, rec.notices)
		})
	}
}

func TestDefaultResponseCapIs64MB(t *testing.T) {
	// The server only announces the size: a body above the cap is refused before it is read.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.FormatInt(httpx.DefaultMaxResponseBytes+1, 10))
	}))
	t.Cleanup(srv.Close)
	hc, read := countingClient(false)
	c := httpx.New(hc, httpx.Options{})
	_, _, err := c.Do(context.Background(), get(srv.URL))
	var tl *httpx.TooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, int64(64<<20), tl.Limit)
	assert.True(t, strings.HasPrefix(err.Error(), "the API answered with more than 64 MB for one request: "), err.Error())
	assert.Zero(t, read.Load())
}

func TestPlainBodyCap(t *testing.T) {
	const limit = 64 << 10
	t.Run("Content-Length above the cap is not read", func(t *testing.T) {
		srv := serveBytes(t, bytes.Repeat([]byte("a"), limit+1), false)
		hc, read := countingClient(false)
		c := httpx.New(hc, httpx.Options{MaxResponseBytes: limit})
		_, _, err := c.Do(context.Background(), get(srv.URL))
		var tl *httpx.TooLargeError
		require.ErrorAs(t, err, &tl)
		assert.Contains(t, err.Error(), "more than 64 KB for one request")
		assert.Zero(t, read.Load())
	})
	t.Run("streamed body stops at the cap", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			chunk := bytes.Repeat([]byte("a"), 4096)
			for range 4 * limit / len(chunk) { // no Content-Length: chunked
				if _, err := w.Write(chunk); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		}))
		t.Cleanup(srv.Close)
		hc, read := countingClient(false)
		c := httpx.New(hc, httpx.Options{MaxResponseBytes: limit})
		_, _, err := c.Do(context.Background(), get(srv.URL))
		var tl *httpx.TooLargeError
		require.ErrorAs(t, err, &tl)
		assert.LessOrEqual(t, read.Load(), int64(limit+1))
	})
	t.Run("exactly the cap is fine", func(t *testing.T) {
		want := bytes.Repeat([]byte("a"), limit)
		srv := serveBytes(t, want, false)
		c := httpx.New(nil, httpx.Options{MaxResponseBytes: limit})
		_, body, err := c.Do(context.Background(), get(srv.URL))
		require.NoError(t, err)
		assert.Equal(t, want, body)
	})
}

func TestGzipUnaskedIsInflated(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = io.WriteString(zw, `{"ok":true}`)
	require.NoError(t, zw.Close())
	srv := serveBytes(t, buf.Bytes(), true)
	hc, _ := countingClient(true)
	c := httpx.New(hc, httpx.Options{})
	resp, body, err := c.Do(context.Background(), get(srv.URL))
	require.NoError(t, err)
	assert.JSONEq(t, `{"ok":true}`, string(body))
	assert.Empty(t, resp.Header.Get("Content-Encoding"), "the headers describe the inflated body")
	assert.True(t, resp.Uncompressed)

	empty := serveBytes(t, nil, true) // e.g. a 204 that still says gzip
	_, body, err = c.Do(context.Background(), get(empty.URL))
	require.NoError(t, err)
	assert.Empty(t, body)

	bad := serveBytes(t, []byte("not gzip at all"), true)
	_, _, err = c.Do(context.Background(), get(bad.URL))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "says it is gzip-compressed but is not")
}

func TestGzipErrorBodyIsInflated(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = io.WriteString(zw, `{"message":"bad"}`)
	require.NoError(t, zw.Close())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write(buf.Bytes())
	}))
	t.Cleanup(srv.Close)
	hc, _ := countingClient(true)
	c := httpx.New(hc, httpx.Options{})
	_, _, err := c.Do(context.Background(), get(srv.URL))
	var se *httpx.StatusError
	require.ErrorAs(t, err, &se)
	assert.JSONEq(t, `{"message":"bad"}`, string(se.Body))
}
