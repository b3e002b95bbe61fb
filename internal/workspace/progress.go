package workspace

import (
	"sync"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

// sectionWeights is each connector section's share of a typical run, from the requests
// it sends (a ConnectWise run is mostly one additions request per agreement; a Pax8 run
// mostly subscription pages). Connectors report progress per section, and ConnectWise
// reads companies and agreements at the same time, so one bar for the whole run needs the
// sections weighted; a kind missing here shows an indeterminate bar.
var sectionWeights = map[connector.Kind]map[string]float64{
	connector.KindConnectWise: {"types": 2, "companies": 8, "agreements": 10, "additions": 80},
	connector.KindPax8:        {"companies": 20, "subscriptions": 55, "products": 25},
}

// unknownShare is how far a section without a known total counts while it is read: it is
// somewhere between started and done.
const unknownShare = 0.5

// overallPercent estimates how far a running run is, 0..100, or -1 when the kind's
// sections are not known. Sections the run has moved past count as done.
func overallPercent(kind string, r store.Run) int {
	weights, ok := sectionWeights[connector.Kind(kind)]
	if !ok {
		return -1
	}
	var total, done float64
	for _, w := range weights {
		total += w
	}
	current := false
	for _, s := range r.Sections {
		w := weights[s.Name]
		if s.Name != r.Section {
			done += w
			continue
		}
		current = true
		done += w * sectionShare(r)
	}
	if !current && r.Section != "" {
		done += weights[r.Section] * sectionShare(r)
	}
	pct := int(100 * done / total)
	return min(99, max(0, pct)) // 100 only once the run has ended
}

func sectionShare(r store.Run) float64 {
	if r.ProgressTotal > 0 {
		return min(1, float64(r.ProgressDone)/float64(r.ProgressTotal))
	}
	return unknownShare
}

// progressTracker keeps the bar of each active run from moving backwards: sections read
// at the same time take turns being the run's current section, which moves the estimate
// back and forth a little.
type progressTracker struct {
	mu   sync.Mutex
	best map[int64]int
}

// percent returns the run's whole-run progress as the UI shows it.
func (p *progressTracker) percent(kind string, r store.Run) int {
	switch r.Status {
	case store.StatusQueued:
		return 0
	case store.StatusRunning:
	default:
		p.forget(r.ID)
		if r.Status == store.StatusSucceeded || r.Status == store.StatusPartial {
			return 100
		}
		return 0
	}
	pct := overallPercent(kind, r)
	if pct < 0 {
		return pct
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.best == nil {
		p.best = map[int64]int{}
	}
	if prev, ok := p.best[r.ID]; ok && prev > pct {
		return prev
	}
	p.best[r.ID] = pct
	return pct
}

func (p *progressTracker) forget(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.best, id)
}
