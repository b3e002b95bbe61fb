package startupview

import (
	"bytes"
	"net/http"
	"net/http/httptest"
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
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			if rec.Code == http.StatusOK {
				build := BuildOf(body)
				s.setBuild(build)
				if view, ok := s.Load(build); ok {
					body = Inject(body, view, platform)
				}
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			_, _ = bytes.NewReader(body).WriteTo(w)
		})
	}
}
