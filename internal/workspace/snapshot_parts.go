package workspace

import (
	"context"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// integrationPart is one integration's cache adapted to reconcile's inputs. It is shared by
// every snapshot built while it is current, so nothing changes it after it is built.
type integrationPart struct {
	// cache is what the part was built from (PSA integrations only), so a push's answer can
	// be applied to it without reading the whole cache again; applied are the pushed entries
	// it holds, by id, with the time of their last move.
	cache   store.Snapshot
	applied map[int64]time.Time

	lines             []reconcile.PSALine
	subscriptions     []reconcile.Subscription
	accounts          []reconcile.PSAAccount
	catalog           []reconcile.CatalogItem
	agreements        map[string]reconcile.Agreement
	accountAgreements map[string][]string
}

// partKey is what an integrationPart depends on besides pushes. The cache changes when a
// sync commits (a new generation, or rows applied to the current one: either way the
// integration's last fetch time and its latest run move) or when a push records the PSA's
// answer (partRequest.pushed); the PSA's visibility verdicts also depend on the day.
type partKey struct {
	integration int64
	role        connector.Role
	generation  int64
	fetched     time.Time
	run         int64
	runStatus   string
	today       string // the day both sides are judged on
}

// partRequest asks for the part of key holding the pushes in pushed: the integration's
// pushed (or since reverted) outbox entries, by id, with the time of their last move.
type partRequest struct {
	key     partKey
	pushed  map[int64]time.Time
	entries []store.OutboxEntry // the integration's outbox, to find what a push changed
}

// holds reports whether p holds exactly the pushes of r.
func (p *integrationPart) holds(r partRequest) bool {
	if len(p.applied) != len(r.pushed) {
		return false
	}
	for id, at := range r.pushed {
		if got, ok := p.applied[id]; !ok || !got.Equal(at) {
			return false
		}
	}
	return true
}

// cacheParts keeps the adapted cache of each integration while its key holds. A 100,000-row
// cache takes seconds to read and decode on a busy laptop, and the Reconcile screen asks
// for the cards after every decision.
type cacheParts struct {
	mu    sync.Mutex
	parts map[int64]keyedPart
	// loads and patches count whole reads and push patches, for the tests and benchmark.
	loads, patches int
}

type keyedPart struct {
	key  partKey
	part *integrationPart
}

// get returns the part of every request: the kept one when it holds, otherwise one that
// build makes (concurrently: each integration is read in its own transaction), given the
// kept part of the same key when there is one (so it can apply new pushes to it). The new
// parts are kept.
func (c *cacheParts) get(ctx context.Context, reqs []partRequest, build func(context.Context, partRequest, *integrationPart) (*integrationPart, error)) ([]*integrationPart, error) {
	out := make([]*integrationPart, len(reqs))
	old := make([]*integrationPart, len(reqs))
	var missing []int
	c.mu.Lock()
	for i, r := range reqs {
		kp, ok := c.parts[r.key.integration]
		switch {
		case ok && kp.key == r.key && kp.part.holds(r):
			out[i] = kp.part
		case ok && kp.key == r.key:
			old[i] = kp.part
			missing = append(missing, i)
		default:
			missing = append(missing, i)
		}
	}
	c.mu.Unlock()
	errs := make([]error, len(reqs))
	var wg sync.WaitGroup
	for _, i := range missing {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = build(ctx, reqs[i], old[i])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.parts == nil {
		c.parts = map[int64]keyedPart{}
	}
	live := make(map[int64]bool, len(reqs))
	for i, r := range reqs {
		live[r.key.integration] = true
		c.parts[r.key.integration] = keyedPart{key: r.key, part: out[i]}
	}
	for id := range c.parts {
		if !live[id] {
			delete(c.parts, id) // a deleted integration
		}
	}
	return out, nil
}

// counted records a whole read or a patch.
func (c *cacheParts) counted(patch bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if patch {
		c.patches++
	} else {
		c.loads++
	}
}
