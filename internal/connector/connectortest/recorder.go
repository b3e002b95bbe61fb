// Package connectortest holds what every connector's tests share: a Recorder sink that
// keeps what a connector wrote, and the conformance suite each connector must pass against
// its simulator.
package connectortest

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/trueup/trueup/internal/connector"
)

// Failure is one sink.Fail call.
type Failure struct {
	Section string
	Scope   connector.Scope
	Err     error
}

// LogLine is one sink.Logf call.
type LogLine struct {
	Section string
	Level   connector.Level
	Text    string
}

// Recorder is an in-memory connector.Sink. The zero value is ready to use.
type Recorder struct {
	mu            sync.Mutex
	Accounts      []connector.Account
	Agreements    []connector.Agreement
	ServiceLines  []connector.ServiceLine
	Subscriptions []connector.Subscription
	Products      []connector.Product
	Records       []connector.Record // every record Put, in order, whatever its entity
	Completed     []connector.Scope
	Deleted       map[connector.Entity][]string
	Retained      map[connector.Entity][]string // the last complete ID list per entity
	Failures      []Failure
	Logs          []LogLine
	Progressed    map[string]int // highest done per section
}

var (
	_ connector.Sink     = (*Recorder)(nil)
	_ connector.Retainer = (*Recorder)(nil)
)

func (r *Recorder) Logf(section string, level connector.Level, format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Logs = append(r.Logs, LogLine{Section: section, Level: level, Text: fmt.Sprintf(format, args...)})
}

func (r *Recorder) Progress(section string, done, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Progressed == nil {
		r.Progressed = map[string]int{}
	}
	if done > r.Progressed[section] {
		r.Progressed[section] = done
	}
}

// Put keeps every record and its typed view.
func (r *Recorder) Put(_ context.Context, recs ...connector.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rec := range recs {
		if err := r.decodeLocked(rec); err != nil {
			return err
		}
		r.Records = append(r.Records, rec)
	}
	return nil
}

func (r *Recorder) decodeLocked(rec connector.Record) error {
	var err error
	switch rec.Entity {
	case connector.EntityAccounts:
		var v connector.Account
		if v, err = connector.Decode[connector.Account](rec); err == nil {
			r.Accounts = append(r.Accounts, v)
		}
	case connector.EntityAgreements:
		var v connector.Agreement
		if v, err = connector.Decode[connector.Agreement](rec); err == nil {
			r.Agreements = append(r.Agreements, v)
		}
	case connector.EntityServiceLines:
		var v connector.ServiceLine
		if v, err = connector.Decode[connector.ServiceLine](rec); err == nil {
			r.ServiceLines = append(r.ServiceLines, v)
		}
	case connector.EntitySubscriptions:
		var v connector.Subscription
		if v, err = connector.Decode[connector.Subscription](rec); err == nil {
			r.Subscriptions = append(r.Subscriptions, v)
		}
	case connector.EntityProducts:
		var v connector.Product
		if v, err = connector.Decode[connector.Product](rec); err == nil {
			r.Products = append(r.Products, v)
		}
	}
	return err
}

func (r *Recorder) Complete(scope connector.Scope) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Completed = append(r.Completed, scope)
}

func (r *Recorder) Delete(_ context.Context, entity connector.Entity, ids ...string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Deleted == nil {
		r.Deleted = map[connector.Entity][]string{}
	}
	r.Deleted[entity] = append(r.Deleted[entity], ids...)
	return nil
}

func (r *Recorder) Retain(_ context.Context, entity connector.Entity, ids []string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Retained == nil {
		r.Retained = map[connector.Entity][]string{}
	}
	r.Retained[entity] = append([]string{}, ids...)
	return nil
}

// Drops reports whether what the connector wrote tells the cache that id of entity is gone:
// it was deleted explicitly, left out of a complete ID list, or left out of a scope the
// connector declared complete.
func (r *Recorder) Drops(entity connector.Entity, id string) bool {
	put := slices.Contains(r.IDs(entity), id)
	r.mu.Lock()
	defer r.mu.Unlock()
	if slices.Contains(r.Deleted[entity], id) {
		return true
	}
	if ids, ok := r.Retained[entity]; ok && !slices.Contains(ids, id) {
		return true
	}
	return !put && slices.Contains(r.Completed, connector.Scope{Entity: entity})
}

func (r *Recorder) Fail(section string, scope connector.Scope, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Failures = append(r.Failures, Failure{Section: section, Scope: scope, Err: err})
}

// IDs returns the IDs Put for entity, in order.
func (r *Recorder) IDs(entity connector.Entity) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, rec := range r.Records {
		if rec.Entity == entity {
			out = append(out, rec.ID)
		}
	}
	return out
}
