package secrets

import "sync"

// PromptState says whether keychain calls are waiting for the user to answer an OS prompt
// (on Linux the Secret Service's unlock dialog), so the GUI can say so instead of looking
// frozen. Seq grows with every change, so a listener can drop a stale state.
type PromptState struct {
	Seq     int64
	Waiting bool
}

// promptTracker counts the prompts open right now and tells watchers when waiting starts
// or ends. Several calls can wait on the same unlock dialog at once.
type promptTracker struct {
	mu       sync.Mutex
	open     int
	seq      int64
	next     int
	watchers map[int]func(PromptState)
}

func newPromptTracker() *promptTracker {
	return &promptTracker{watchers: make(map[int]func(PromptState))}
}

// begin records an open prompt; the returned func records its end (call it once).
func (p *promptTracker) begin() (end func()) {
	p.change(+1)
	var once sync.Once
	return func() { once.Do(func() { p.change(-1) }) }
}

func (p *promptTracker) change(delta int) {
	p.mu.Lock()
	was := p.open > 0
	p.open += delta
	now := p.open > 0
	if was == now {
		p.mu.Unlock()
		return
	}
	p.seq++
	st := PromptState{Seq: p.seq, Waiting: now}
	watchers := make([]func(PromptState), 0, len(p.watchers))
	for _, f := range p.watchers {
		watchers = append(watchers, f)
	}
	p.mu.Unlock()
	// Called without the lock: a watcher may read the state again.
	for _, f := range watchers {
		f(st)
	}
}

func (p *promptTracker) state() PromptState {
	p.mu.Lock()
	defer p.mu.Unlock()
	return PromptState{Seq: p.seq, Waiting: p.open > 0}
}

func (p *promptTracker) watch(f func(PromptState)) (stop func()) {
	p.mu.Lock()
	id := p.next
	p.next++
	p.watchers[id] = f
	p.mu.Unlock()
	return func() {
		p.mu.Lock()
		delete(p.watchers, id)
		p.mu.Unlock()
	}
}
