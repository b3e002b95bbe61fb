package workspace

import (
	"context"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
)

// integrationPart is one integration's cache adapted to reconcile's inputs. It is shared by
// every snapshot built while it is current, so nothing changes it after it is built.
type integrationPart struct {
	lines             []reconcile.PSALine
	subscriptions     []reconcile.Subscription
	accounts          []reconcile.PSAAccount
	catalog           []reconcile.CatalogItem
	agreements        map[string]reconcile.Agreement
	accountAgreements map[string][]string
}

// partKey is everything an integrationPart depends on. The cache changes only when a sync
// commits (a new generation, or rows applied to the current one: either way the
// integration's last fetch time and its latest run move) or when a push records the PSA's
// answer (a new pushed entry in the outbox); the PSA's visibility verdicts also depend on
// the day.
type partKey struct {
	integration int64
	role        connector.Role
	generation  int64
	fetched     time.Time
	run         int64
	runStatus   string
	today       string // PSA only
	pushed      int    // PSA only: pushed or reverted outbox entries
	pushedAt    time.Time
}

// cacheParts keeps the adapted cache of each integration while its key holds. A 100,000-row
// cache takes seconds to read and decode on a busy laptop, and the Reconcile screen asks
// for the cards after every decision.
type cacheParts struct {
	mu    sync.Mutex
	parts map[int64]keyedPart
}

type keyedPart struct {
	key  partKey
	part *integrationPart
}

// get returns the part of every key, loading the ones not kept (concurrently: each
// integration is read in its own transaction) and keeping them.
func (c *cacheParts) get(ctx context.Context, keys []partKey, load func(context.Context, partKey) (*integrationPart, error)) ([]*integrationPart, error) {
	out := make([]*integrationPart, len(keys))
	var missing []int
	c.mu.Lock()
	for i, k := range keys {
		if kp, ok := c.parts[k.integration]; ok && kp.key == k {
			out[i] = kp.part
		} else {
			missing = append(missing, i)
		}
	}
	c.mu.Unlock()
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	for _, i := range missing {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = load(ctx, keys[i])
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
	live := make(map[int64]bool, len(keys))
	for i, k := range keys {
		live[k.integration] = true
		c.parts[k.integration] = keyedPart{key: k, part: out[i]}
	}
	for id := range c.parts {
		if !live[id] {
			delete(c.parts, id) // a deleted integration
		}
	}
	return out, nil
}
