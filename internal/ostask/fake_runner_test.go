package ostask

import (
	"context"
	"strings"
	"sync"
)

// fakeRunner records every command line and answers from a table keyed by the command
// line's prefix (the longest matching key wins); unknown commands succeed with no output.
type fakeRunner struct {
	mu      sync.Mutex
	calls   [][]string
	answers map[string]fakeAnswer
	// onRun sees each call before it is answered (the Windows test reads the XML file
	// schtasks would read while it still exists).
	onRun func(argv []string)
}

type fakeAnswer struct {
	out  string
	exit int // non-zero: an *ExitError with out as its stdout
	err  error
}

func (f *fakeRunner) Run(_ context.Context, name string, args ...string) ([]byte, error) {
	argv := append([]string{name}, args...)
	f.mu.Lock()
	f.calls = append(f.calls, argv)
	onRun := f.onRun
	line := strings.Join(argv, " ")
	var best string
	for k := range f.answers {
		if strings.HasPrefix(line, k) && len(k) > len(best) {
			best = k
		}
	}
	a, ok := f.answers[best]
	f.mu.Unlock()
	if onRun != nil {
		onRun(argv)
	}
	if !ok {
		return nil, nil
	}
	if a.err != nil {
		return nil, a.err
	}
	if a.exit != 0 {
		return []byte(a.out), &ExitError{Command: line, Code: a.exit, Stdout: a.out, Stderr: "failed"}
	}
	return []byte(a.out), nil
}

func (f *fakeRunner) answer(prefix string, a fakeAnswer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.answers == nil {
		f.answers = map[string]fakeAnswer{}
	}
	f.answers[prefix] = a
}

func (f *fakeRunner) lines() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, len(f.calls))
	for i, c := range f.calls {
		out[i] = strings.Join(c, " ")
	}
	return out
}

func (f *fakeRunner) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
}
