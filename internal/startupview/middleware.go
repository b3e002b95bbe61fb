package startupview

import (
	"bytes"
	"net/http"
	"strconv"
)

// Middleware serves the page with the saved view in it: it asks next for index.html, ties
// this launch to that build (Save keeps views for it), and puts the view saved for it, if
// any, in place of the start-up line. Every other request goes to next untouched.
func (s *Store) Middleware(platform string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet || (r.URL.Path != "/" && r.URL.Path != "/index.html") {
				next.ServeHTTP(w, r)
				return
			}
			page := &buffered{header: http.Header{}, code: http.StatusOK}
			next.ServeHTTP(page, r)
			body := page.body.Bytes()
			if page.code == http.StatusOK {
				build := BuildOf(body)
				s.setBuild(build)
				if view, ok := s.Load(build); ok {
					body = Inject(body, view, platform)
				}
			}
			for k, v := range page.header {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(page.code)
			_, _ = w.Write(body)
		})
	}
}

// buffered holds a response (index.html is a few kB) until the view is put into it.
type buffered struct {
	header  http.Header
	code    int
	written bool // the status is set: the first WriteHeader or Write, as net/http has it
	body    bytes.Buffer
}

func (b *buffered) Header() http.Header { return b.header }

func (b *buffered) WriteHeader(code int) {
	if !b.written {
		b.code, b.written = code, true
	}
}

func (b *buffered) Write(p []byte) (int, error) {
	b.written = true
	return b.body.Write(p)
}
