// Package redact removes secret values from text before it leaves TrueUp's process
// boundaries: log lines, run and section errors, connection-test results and events.
//
// Servers and proxies echo requests back in error bodies, so a secret rarely comes back
// exactly as it was sent: it is inside a Basic header (base64 of "company+public:private"),
// inside a JSON request body (escaped), in a query string (percent-encoded), or quoted by
// Go's %q. A Redactor is given each secret value once and derives those forms itself.
package redact

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Mask replaces every secret form found.
const Mask = "[redacted]"

// MinSubstring is the shortest value redacted wherever it occurs. Shorter values are
// redacted only where they stand as a whole word (between non-alphanumeric characters or
// the ends of the text): a two-letter secret is still never shown on its own, but ordinary
// words that merely contain those letters stay readable. Such a secret is guessable
// anyway; the choice keeps messages useful without ever printing a whole secret value.
const MinSubstring = 4

// minFragment is the shortest value whose base64 form is also looked for inside longer
// base64 text (any byte alignment). Shorter values give fragments of a few characters that
// would match unrelated base64 data.
const minFragment = 12

// Redactor holds the secret values of one sync run or one connection test. It is safe for
// concurrent use; the zero value is ready and redacts nothing until values are added, and a
// nil *Redactor redacts nothing.
type Redactor struct {
	mu       sync.RWMutex
	values   map[string]bool
	replacer *strings.Replacer // every derived form of every long value, longest first
	short    []string          // values shorter than MinSubstring
}

// New returns a Redactor that knows values.
func New(values ...string) *Redactor {
	r := &Redactor{}
	r.Add(values...)
	return r
}

// Add teaches r more secret values (credentials, a Basic header, each access token as it is
// issued). Empty values are ignored; a value is also known without surrounding whitespace.
func (r *Redactor) Add(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.values == nil {
		r.values = map[string]bool{}
	}
	changed := false
	for _, v := range values {
		for _, v := range []string{v, strings.TrimSpace(v)} {
			if v != "" && !r.values[v] {
				r.values[v] = true
				changed = true
			}
		}
	}
	if changed {
		r.rebuild()
	}
}

// rebuild recomputes the replacer; r.mu must be held for writing.
func (r *Redactor) rebuild() {
	forms := map[string]bool{}
	r.short = r.short[:0]
	for v := range r.values {
		if len(v) < MinSubstring {
			r.short = append(r.short, v)
			continue
		}
		for _, f := range derive(v) {
			if len(f) >= MinSubstring {
				forms[f] = true
			}
		}
	}
	// strings.Replacer prefers, at one position, the pattern given first: longest first
	// makes "company+public:private" win over "public" alone.
	list := make([]string, 0, len(forms))
	for f := range forms {
		list = append(list, f)
	}
	slices.SortFunc(list, func(a, b string) int {
		if c := cmp.Compare(len(b), len(a)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	pairs := make([]string, 0, 2*len(list))
	for _, f := range list {
		pairs = append(pairs, f, Mask)
	}
	r.replacer = nil
	if len(pairs) > 0 {
		r.replacer = strings.NewReplacer(pairs...)
	}
	slices.SortFunc(r.short, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
}

// String returns s with every known secret form replaced by Mask.
func (r *Redactor) String(s string) string {
	if r == nil || s == "" {
		return s
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.replacer != nil {
		s = r.replacer.Replace(s)
	}
	for _, v := range r.short {
		s = replaceWords(s, v)
	}
	return s
}

// Empty reports whether r knows no value yet.
func (r *Redactor) Empty() bool {
	if r == nil {
		return true
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.values) == 0
}

// derive lists the forms v takes in transit: itself; JSON-escaped (with and without HTML
// escaping), Go-quoted and percent-encoded (query and path), each also applied twice (a
// JSON request body quoted inside a JSON error body, then %q-formatted); and base64 (all
// four alphabets/paddings, and the fragments any byte alignment inside longer base64 text
// leaves fully determined by v).
func derive(v string) []string {
	escapers := []func(string) string{jsonHTML, jsonPlain, goQuote, url.QueryEscape, url.PathEscape}
	out := []string{v}
	once := make([]string, 0, len(escapers))
	for _, esc := range escapers {
		once = append(once, esc(v))
	}
	out = append(out, once...)
	for _, e := range once {
		for _, esc := range escapers {
			out = append(out, esc(e))
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		out = append(out, enc.EncodeToString([]byte(v)))
	}
	if len(v) >= minFragment {
		for shift := range 3 {
			buf := make([]byte, shift+len(v))
			copy(buf[shift:], v)
			// Characters fully determined by v: bits [8*shift, 8*(shift+len)) of the stream.
			first := (8*shift + 5) / 6
			last := 8 * (shift + len(v)) / 6
			for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
				out = append(out, enc.EncodeToString(buf)[first:last])
			}
		}
	}
	return out
}

func jsonHTML(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b[1 : len(b)-1])
}

func jsonPlain(s string) string {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	out := strings.TrimSuffix(sb.String(), "\n")
	return out[1 : len(out)-1]
}

func goQuote(s string) string {
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// replaceWords masks v where it stands as a whole word.
func replaceWords(s, v string) string {
	var sb strings.Builder
	rest := s
	for {
		i := strings.Index(rest, v)
		if i < 0 {
			break
		}
		end := i + len(v)
		before := len(s) - len(rest) + i // index in s
		if !wordByteAt(s, before-1) && !wordByteAt(s, before+len(v)) {
			sb.WriteString(rest[:i])
			sb.WriteString(Mask)
		} else {
			sb.WriteString(rest[:end])
		}
		rest = rest[end:]
	}
	if sb.Len() == 0 {
		return s
	}
	sb.WriteString(rest)
	return sb.String()
}

// wordByteAt reports whether s[i] exists and is a letter, a digit or part of a non-ASCII
// character (which may be a letter).
func wordByteAt(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c >= 0x80 || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
