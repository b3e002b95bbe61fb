package httpx

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// DefaultMaxResponseBytes is the largest response body a Client reads by default, counted
// after decompression. The largest page TrueUp asks for (1,000 records of ConnectWise or
// Pax8) is a few MB; 64 MiB leaves room for verbose tenants while a gzip bomb (1 MB that
// inflates to gigabytes) stops long before it fills memory.
const DefaultMaxResponseBytes int64 = 64 << 20

// errorBodyLimit bounds what is kept of an error answer: enough for any vendor's message.
const errorBodyLimit = 64 << 10

// TooLargeError is a response body beyond Options.MaxResponseBytes. It is not retried: the
// same request would get the same answer.
type TooLargeError struct {
	Method string
	URL    string // without query string
	Limit  int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the API answered with more than %s for one request: check that the base URL points at the API, no page of its data is that large (%s %s)",
		sizeText(e.Limit), e.Method, e.URL)
}

// sizeText writes n in the largest whole unit.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// decoded is resp's body as the API meant it. Go's transport inflates gzip itself only when
// it asked for gzip (resp.Uncompressed); a server that compresses unasked, or answers a
// request that set its own Accept-Encoding, is inflated here, so the cap below always counts
// inflated bytes and callers always get plain JSON.
func decoded(resp *http.Response) (io.Reader, error) {
	if !isGzip(resp) {
		return resp.Body, nil
	}
	zr, err := gzip.NewReader(resp.Body)
	if errors.Is(err, io.EOF) {
		return strings.NewReader(""), nil // an empty body (a 204, a HEAD) labelled gzip
	}
	if err != nil {
		return nil, fmt.Errorf("the API's answer says it is gzip-compressed but is not: %w", err)
	}
	// As the transport does when it inflates: the headers now describe the inflated body.
	resp.Header.Del("Content-Encoding")
	resp.Header.Del("Content-Length")
	resp.ContentLength = -1
	resp.Uncompressed = true
	return zr, nil
}

// readBody reads the whole body of a 2xx answer, at most limit bytes after decompression.
// It never reads more than limit+1 bytes from the (inflating) reader, so memory stays bounded.
func readBody(req *http.Request, resp *http.Response, limit int64) ([]byte, error) {
	tooLarge := &TooLargeError{Method: req.Method, URL: redactURL(req), Limit: limit}
	if resp.ContentLength > limit && !isGzip(resp) {
		return nil, tooLarge // said so up front: don't read it at all
	}
	r, err := decoded(resp)
	if err != nil {
		return nil, fmt.Errorf("read response of %s: %w", redactURL(req), err)
	}
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read response of %s: %w", redactURL(req), err)
	}
	if int64(len(body)) > limit {
		return nil, tooLarge
	}
	return body, nil
}

// readErrorBody keeps the start of an error answer (inflated, when it is gzip).
func readErrorBody(resp *http.Response) []byte {
	r, err := decoded(resp)
	if err != nil {
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(r, errorBodyLimit))
	return body
}

func isGzip(resp *http.Response) bool {
	return !resp.Uncompressed && strings.EqualFold(strings.TrimSpace(resp.Header.Get("Content-Encoding")), "gzip")
}
