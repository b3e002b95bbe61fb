// Package connector defines what TrueUp needs from a PSA or vendor system: a small interface
// every connector implements, the records it produces, the sink it writes them to, the
// typed errors the sync engine understands and an explicit registry of known kinds.
//
// Records travel in one envelope, Record, whatever their entity; the typed views (Account,
// Agreement, ServiceLine, Subscription, Product) are what connectors build and readers use,
// turned into and out of envelopes by Encode/Put and Decode. The sink, the cache and the
// sync engine see only envelopes, so adding an entity touches this package (its constant,
// its line in entityInfo, its typed view) and the connectors that read it.
package connector

import (
	"context"
	"net/http"
	"time"

	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/redact"
)

// Kind names a system TrueUp can connect to. The values are part of the CLI contract.
type Kind string

const (
	KindConnectWise Kind = "connectwise"
	KindAutotask    Kind = "autotask"
	KindHaloPSA     Kind = "halopsa"
	KindPax8        Kind = "pax8"
	KindMicrosoft   Kind = "microsoft"
	KindCSV         Kind = "csv"
)

// Role says which side of the reconciliation an integration feeds.
type Role string

const (
	RolePSA    Role = "psa"
	RoleVendor Role = "vendor"
)

// Mode is how a sync run reads the source.
type Mode string

const (
	// ModeQuick reads what changed since the watermark of the last successful run.
	ModeQuick Mode = "quick"
	// ModeFull reads everything and rebuilds the integration's cache.
	ModeFull Mode = "full"
	// ModeSince reads what changed since a date the user chose.
	ModeSince Mode = "since"
)

// Request tells a connector what to read.
type Request struct {
	Mode Mode
	// Since is the chosen date for ModeSince. For ModeQuick it is the oldest of the
	// per-entity watermarks, for connectors that read every entity from one date; moving it
	// back by an overlap window is the connector's job, not the engine's. It is never zero
	// for those modes: the engine turns a QuickSync without a watermark into a Full Sync.
	Since time.Time
	// Watermarks is each entity's own QuickSync watermark: the newest source stamp of its
	// rows that an earlier run read completely. An entity missing from it has none yet.
	Watermarks map[Entity]time.Time
}

// SinceFor is the date to read entity e's changes from: the chosen date in ModeSince, the
// entity's own watermark in ModeQuick (zero when the entity has never been read
// completely; Since when the request carries no Watermarks at all), zero in ModeFull.
func (r Request) SinceFor(e Entity) time.Time {
	switch r.Mode {
	case ModeSince:
		return r.Since
	case ModeQuick:
		if r.Watermarks == nil {
			return r.Since
		}
		return r.Watermarks[e]
	}
	return time.Time{}
}

// Connector is one configured connection to one system.
type Connector interface {
	// Test checks that the base URL answers and the credentials are accepted, without
	// reading customer data beyond what that needs.
	Test(ctx context.Context) error
	// Sync reads the source and writes records to sink. A returned error fails the whole
	// run (nothing is swapped in); record-level problems go to sink.Fail and make the run
	// partial.
	Sync(ctx context.Context, req Request, sink Sink) error
}

// Level grades a log line.
type Level string

const (
	LevelInfo  Level = "info"
	LevelWarn  Level = "warn"
	LevelError Level = "error"
)

// Scope is the part of the cache a failure or a completeness claim covers: all rows of an
// entity (ParentID empty) or the rows of an entity under one parent (the additions of one
// agreement, say).
type Scope struct {
	Entity   Entity
	ParentID string
}

// Sink receives what a connector reads. Implementations are safe for concurrent use.
//
// In a Full Sync the cache is rebuilt from what is Put. In a QuickSync or a since-date run,
// what is Put and Deleted is a delta applied to the current cache when the run commits;
// Complete says that what was Put for a scope is all the source holds, so cached rows of
// that scope not Put in this run were deleted at the source.
//
// A scope passed to Fail keeps exactly the rows it had before the run, in every mode,
// whatever was Put, Deleted or Retained for it (the read did not finish, so none of it is
// trusted), and its entity's watermark (and, for one parent's rows, the parent entity's)
// stays where it was. A run in which every section failed stores nothing at all.
type Sink interface {
	Logf(section string, level Level, format string, args ...any)
	Progress(section string, done, total int)
	Putter
	Complete(scope Scope)
	// Delete removes rows the source reports as deleted (QuickSync only).
	Delete(ctx context.Context, entity Entity, ids ...string) error
	// Fail records that a section could not be read for scope: the run ends partial and
	// the cached rows of that scope are kept as they were.
	Fail(section string, scope Scope, err error)
}

// Noter is implemented by sinks that show a connector's note about a running sync on the
// status screen: why it is slow or paused ("Autotask API usage at 91%: paused until it is
// under 75%"). An empty text clears the note. Connectors check for it with a type assertion.
type Noter interface {
	Note(text string)
}

// Putter stores records of any entity (build them with Encode, or call Put).
type Putter interface {
	Put(ctx context.Context, records ...Record) error
}

// Put encodes typed views and stores them in sink.
func Put[T View](ctx context.Context, sink Putter, views ...T) error {
	recs, err := Encode(views...)
	if err != nil {
		return err
	}
	return sink.Put(ctx, recs...)
}

// Retainer is implemented by sinks that can drop cached rows missing from a complete list
// of IDs. A connector whose API lists every ID cheaply (but reports no deletions) calls it
// in a QuickSync so records deleted at the source disappear without a Full Sync.
type Retainer interface {
	Retain(ctx context.Context, entity Entity, ids []string) error
}

// Config is everything a factory needs to build a connector.
type Config struct {
	Name     string            // the integration's name, for log lines
	BaseURL  string            // validated: https, or http on a loopback host
	Settings map[string]string // non-secret settings stored in SQLite
	Secrets  map[string]string // read from the keychain for this run only
	// HTTPClient is the transport; nil means a client with sane timeouts.
	HTTPClient *http.Client
	// Concurrency is the number of requests in flight; zero means the kind's default.
	Concurrency int
	// Limiter, when set, is the integration's one request budget, shared by its Test, Sync
	// and Push (a 429 pauses all of them); its slots replace Concurrency. nil: the
	// connector keeps a budget of its own.
	Limiter *httpx.Limiter
	// Redact is the redactor of this run or connection test: the caller has added every
	// value of Secrets, and applies it to everything the connector says (errors, log lines,
	// failures) before that is stored or shown. The connector adds what it derives from the
	// secrets (an Authorization header value, every access token it is issued) and uses it
	// on server text before quoting or shortening it. Nil: the connector makes its own.
	Redact *redact.Redactor
	// SaveSecret stores a new value of one of the integration's secret fields in the
	// keychain at once. Connectors whose source rotates a credential when it is used
	// (Microsoft Entra issues a new refresh token with every access token, and the old one
	// stops working) call it before they use what the new credential bought, so a run that
	// fails later, or a connection test, never leaves the keychain holding a dead one. Nil:
	// the caller keeps no secrets (tests), and the connector keeps the new value in memory.
	SaveSecret func(ctx context.Context, key, value string) error
}

// RequestCounter is implemented by connectors that count the HTTP requests they sent
// (retries included), for run statistics and benchmarks.
type RequestCounter interface {
	Requests() int64
}
