package httpx

import "sync"

// Tally adds up the requests of the Clients a connector builds, one per Test or Sync, so
// the connector can report its total (connector.RequestCounter) while runs are still
// going. The zero value is ready to use and it is safe for concurrent use.
type Tally struct {
	mu   sync.Mutex
	done int64
	live map[*Client]struct{}
}

// Track counts c's requests from now on.
func (t *Tally) Track(c *Client) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.live == nil {
		t.live = map[*Client]struct{}{}
	}
	t.live[c] = struct{}{}
}

// Finish folds the requests of a tracked client that is done into the total.
func (t *Tally) Finish(c *Client) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.live, c)
	t.done += c.Requests()
}

// Requests is the requests of every finished client plus those sent so far by the running ones.
func (t *Tally) Requests() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := t.done
	for c := range t.live {
		n += c.Requests()
	}
	return n
}
