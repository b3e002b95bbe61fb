package startupview

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// FirstScreenWait bounds how long the page waits for the first screen's reads when nothing
// is kept (the workspace is still opening): past it the page comes with its start-up line.
// The first screen needs those answers anyway, so waiting costs the live screen nothing.
const FirstScreenWait = 500 * time.Millisecond

// Middleware serves the page with the saved view in it: it asks next for index.html, ties
// this launch to that build (Save keeps views for it), and puts the view saved for it, if
// any, in place of the start-up line; with none saved, the build's first screen when this
// launch's reads are the ones it was rendered from (UseFirstScreen). Every other request
// goes to next untouched.
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
				view, ok := s.Load(build)
				if !ok {
					view, ok = s.firstScreen(r.Context(), next)
				}
				if ok {
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

// UseFirstScreen has the page served with the build's first screen (FirstScreenFile) when
// no view is kept and reads, what the first screen reads this launch, answer as the ones it
// was rendered from.
func (s *Store) UseFirstScreen(reads func() (map[string]json.RawMessage, error)) {
	s.mu.Lock()
	s.reads = reads
	s.mu.Unlock()
}

// firstScreen is the build's first screen filled in for this launch, if it shows what the
// live screen will show.
func (s *Store) firstScreen(ctx context.Context, next http.Handler) (string, bool) {
	s.mu.Lock()
	reads := s.reads
	s.mu.Unlock()
	if reads == nil {
		return "", false
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "/"+FirstScreenFile, nil)
	if err != nil {
		return "", false
	}
	file := &buffered{header: http.Header{}, code: http.StatusOK}
	next.ServeHTTP(file, req)
	if file.code != http.StatusOK || !bytes.HasPrefix(file.body.Bytes(), []byte(firstScreenHeader)) {
		return "", false
	}
	type answer struct {
		reads map[string]json.RawMessage
		err   error
	}
	answered := make(chan answer, 1) // a late answer is dropped, not waited for
	go func() {
		r, err := reads()
		answered <- answer{r, err}
	}()
	var a answer
	select {
	case a = <-answered:
	case <-time.After(FirstScreenWait):
		return "", false
	case <-ctx.Done():
		return "", false
	}
	if a.err != nil {
		return "", false
	}
	template, slots, err := Template(a.reads)
	if err != nil {
		return "", false
	}
	return FillFirstScreen(file.body.Bytes(), template, slots)
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
