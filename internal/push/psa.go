// Package push sends approved writes from the durable outbox to the PSA, one worker per
// PSA integration, in the order they were approved, and never sends one twice (DESIGN.md,
// "Push semantics"). Every attempt reads the PSA first: an entry left "sending" by a crash,
// a dropped connection or a 5xx is settled by what the PSA now holds, never by a timer.
package push

import (
	"context"
	"encoding/json"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

// PSA is what the worker needs of the PSA's writer (the ConnectWise Writer implements it).
// Build it from the integration's connector.Config with its shared Limiter, so a push and
// a sync of one integration draw on one request budget and a 429 pauses both.
type PSA interface {
	// Read returns the record at path as the PSA holds it now; a record that is gone is a
	// *connector.NotFoundError.
	Read(ctx context.Context, path string) ([]byte, error)
	// Send sends body to path with method once (a DELETE has no body); an error that an
	// *httpx.UnknownOutcomeError is found in means the change may have been applied.
	Send(ctx context.Context, method, path string, body []byte) (status int, answer []byte, err error)
	// FindMarked lists the records on an agreement whose description carries marker.
	FindMarked(ctx context.Context, agreementID, marker string) ([]json.RawMessage, error)
	// CachedRecord turns the PSA's JSON for the record at path into the record the cache
	// keeps; accountID is the company of the record's agreement, when it has one.
	CachedRecord(path string, answer []byte, accountID string) (connector.Record, error)
}

// Outbox is what the worker needs of the store (*store.Store implements it).
type Outbox interface {
	Outbox(ctx context.Context, integrationID int64, states ...store.OutboxState) ([]store.OutboxEntry, error)
	ClaimOutbox(ctx context.Context, id int64, from store.OutboxState, attempts int) error
	MoveOutbox(ctx context.Context, id int64, from, to store.OutboxState, c store.OutboxChange) error
	RecordPushed(ctx context.Context, id int64, answer store.PSAAnswer, rec *connector.Record) error
	CachedRecord(ctx context.Context, integrationID int64, entity connector.Entity, extID string) (connector.Record, error)
}

// Hooks are called between the steps of one entry's push, for the crash tests; each is
// optional and all are nil in production. The pushed state and the cache update are one
// transaction (store.RecordPushed), so there is no step between them.
type Hooks struct {
	AfterClaim  func(entryID int64) // the claim (-> sending) is committed; nothing read yet
	AfterRead   func(entryID int64) // the PSA was read; nothing sent yet
	AfterSend   func(entryID int64) // the PSA answered the write; nothing recorded yet
	AfterRecord func(entryID int64) // pushed, with the answer and the cache, is committed
}

func call(f func(int64), id int64) {
	if f != nil {
		f(id)
	}
}
