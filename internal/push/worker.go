package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
)

// Worker pushes the outbox entries of one PSA integration, one at a time, in id order. Run
// one Worker per integration, in the process that holds the data folder's lock: the
// outbox's compare-and-set claims keep two workers that race for an entry from both
// sending it, but without a lease (a crash's "sending" must be settled at once, by
// reading) a second worker cannot tell an entry in flight from one a crash left.
type Worker struct {
	IntegrationID int64
	// PSA is the integration's writer: a PSA (ConnectWise: the worker reads, sends and looks
	// markers up itself), or the writer interface of another PSA's strategy (autotask.go,
	// halopsa.go), each asserted where its writes are pushed.
	PSA    any
	Outbox Outbox
	Hooks  Hooks
	// Now is the clock of next-attempt times; nil means time.Now.
	Now func() time.Time
	// Today is the MSP's calendar day, for the cached line after a dated write (an Autotask
	// adjustment bills from its effective date: ahead of today it is a scheduled quantity);
	// nil means the day of Now in its own location.
	Today func() reconcile.Date
	// Backoff is the wait before the next automatic attempt after the PSA could not be
	// reached (attempts: the entry's attempts so far, 1 or more); nil means DefaultBackoff.
	Backoff func(attempts int) time.Duration
	// After is Run's timer; nil means time.After.
	After func(d time.Duration) <-chan time.Time
	// OnPass, when set, is told what each of Run's passes did (for events and the log).
	OnPass func(Result, error)
}

// Run pushes until ctx ends. It passes at once with sendNow, so whatever a crash left
// "sending" is settled by reading at start-up; then again when wake says so (true: the
// user's "Send now", which ignores the backoff; false: new approvals were queued), and by
// itself when the first waiting entry is due. Closing the app loses nothing: the entries
// wait in the outbox for the next Run.
func (w *Worker) Run(ctx context.Context, wake <-chan bool) error {
	sendNow := true
	for {
		res, err := w.Pass(ctx, sendNow)
		if w.OnPass != nil {
			w.OnPass(res, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var due <-chan time.Time
		switch {
		case err != nil:
			due = w.after(w.backoff(1)) // the store failed: try again as after a first failure
		case !res.RetryAt.IsZero():
			due = w.after(max(res.RetryAt.Sub(w.now()), 0))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case now := <-wake:
			sendNow = now
		case <-due:
			sendNow = false
		}
	}
}

// DefaultBackoff doubles from 30 seconds up to 15 minutes: an MSP's PSA that is down for
// maintenance comes back in minutes, and a push that waits that long loses nothing.
func DefaultBackoff(attempts int) time.Duration {
	d := 30 * time.Second << min(max(attempts-1, 0), 5)
	return min(d, 15*time.Minute)
}

// Result is what one pass did.
type Result struct {
	Pushed    int // entries recorded pushed (sent, or found already done by reading)
	Failed    int // entries the PSA refused: the user corrects them
	Conflicts int // entries whose record changed since the review
	// Waiting counts the entries left for a later pass, the first of them because the PSA
	// could not be reached or did not say what it did, and the rest behind it (order).
	Waiting int
	// RetryAt is when the first waiting entry is due (zero when none waits).
	RetryAt time.Time
	// Refused is what the PSA said when it refused TrueUp's credentials or permissions
	// (401, 403): the pass stopped at the first entry it struck, which waits where it was
	// with the rest behind it, since every entry would be refused alike and none should be
	// failed for what fixing the credentials cures. "" when it did not happen.
	Refused string
}

// Pass pushes the integration's entries in order until one must wait. With sendNow (the
// user's "Send now", and the pass at start-up) entries are tried whatever their next
// attempt time; without it (the automatic retry) an entry not yet due stops the pass. An
// entry found "sending" is settled by reading the PSA like any other: there is no lease.
// An error is a failure of the store or ctx's end; the entry it struck stays where it was
// and the next pass settles it by reading.
func (w *Worker) Pass(ctx context.Context, sendNow bool) (Result, error) {
	var res Result
	entries, err := w.Outbox.Outbox(ctx, w.IntegrationID, store.OutboxQueued, store.OutboxSending)
	if err != nil {
		return res, fmt.Errorf("push for integration %d: %w", w.IntegrationID, err)
	}
	for i, e := range entries {
		if !sendNow && !e.NextAttemptAt.IsZero() && e.NextAttemptAt.After(w.now()) {
			res.Waiting, res.RetryAt = len(entries)-i, e.NextAttemptAt
			return res, nil
		}
		o, err := w.push(ctx, e)
		if err != nil {
			return res, fmt.Errorf("push %s: %w", e.Key, err)
		}
		switch o.state {
		case store.OutboxPushed:
			res.Pushed++
			continue
		case store.OutboxFailed:
			res.Failed++
			continue
		case store.OutboxConflict:
			res.Conflicts++
			continue
		}
		res.Waiting, res.RetryAt, res.Refused = len(entries)-i, o.retryAt, o.refused
		return res, nil
	}
	return res, nil
}

// outcome is where one push left its entry.
type outcome struct {
	state   store.OutboxState
	retryAt time.Time
	refused string // the PSA refused the credentials or permissions: stop the pass
}

// push takes one entry as far as it can go now and records where it got.
func (w *Worker) push(ctx context.Context, e store.OutboxEntry) (outcome, error) {
	// Every attempt claims the entry, also one that settles an earlier attempt's "sending",
	// so of two workers that saw the entry at once only one goes on. (One that looks later
	// sees a fresh "sending" it cannot tell from a crash's: hence one Worker per
	// integration, in the process that holds the data folder's lock.) The claim is
	// committed before any request: a crash from here on leaves "sending", which the next
	// pass settles by reading.
	if err := w.Outbox.ClaimOutbox(ctx, e.ID, e.State, e.Attempts); err != nil {
		if errors.Is(err, store.ErrStateChanged) {
			return outcome{state: store.OutboxSending}, nil
		}
		return outcome{}, err
	}
	from := e.State
	e.State, e.Attempts = store.OutboxSending, e.Attempts+1
	call(w.Hooks.AfterClaim, e.ID)
	var wr reconcile.Write
	if err := json.Unmarshal(e.Write, &wr); err != nil {
		return w.stop(ctx, e, store.OutboxFailed, "the approved change cannot be read: approve the card again")
	}
	v := w.apply(ctx, e, wr)
	if v.err != nil {
		return outcome{}, v.err
	}
	if v.refused {
		// Refused before anything was applied: the entry goes back to where it was (a
		// "sending" one still has an earlier attempt to settle by reading) and waits for
		// the credentials to be fixed; the attempt counts for the backoff.
		next := w.now().Add(w.backoff(e.Attempts))
		if err := w.Outbox.MoveOutbox(ctx, e.ID, store.OutboxSending, from, store.OutboxChange{NextAttemptAt: next, LastError: v.msg}); err != nil {
			return outcome{}, err
		}
		return outcome{state: from, retryAt: next, refused: v.msg}, nil
	}
	switch v.state {
	case store.OutboxPushed:
		if err := w.record(ctx, e, wr, v); err != nil {
			return outcome{}, err
		}
		call(w.Hooks.AfterRecord, e.ID)
		return outcome{state: store.OutboxPushed}, nil
	case store.OutboxQueued:
		// Nothing reached the PSA in this attempt (it could not be reached): back in the
		// queue, due after the backoff. Whatever an earlier attempt did is read first anyway.
		next := w.now().Add(max(w.backoff(e.Attempts), v.wait))
		if err := w.Outbox.MoveOutbox(ctx, e.ID, store.OutboxSending, store.OutboxQueued, store.OutboxChange{NextAttemptAt: next, LastError: v.msg}); err != nil {
			return outcome{}, err
		}
		return outcome{state: store.OutboxQueued, retryAt: next}, nil
	case store.OutboxSending:
		// The PSA may have applied it: the entry stays "sending" and the next pass reads the
		// PSA before it sends anything. The time only paces the automatic retry.
		next := w.now().Add(w.backoff(e.Attempts))
		if err := w.Outbox.MoveOutbox(ctx, e.ID, store.OutboxSending, store.OutboxSending, store.OutboxChange{NextAttemptAt: next, LastError: v.msg}); err != nil {
			return outcome{}, err
		}
		return outcome{state: store.OutboxSending, retryAt: next}, nil
	}
	return w.stop(ctx, e, v.state, v.msg)
}

// apply reads the PSA, writes at most once and reads back, in the way of the write's PSA.
func (w *Worker) apply(ctx context.Context, e store.OutboxEntry, wr reconcile.Write) verdict {
	switch reconcile.PSAOf(wr.PSA) {
	case connector.KindConnectWise:
		psa, ok := w.PSA.(PSA)
		if !ok {
			return verdict{state: store.OutboxFailed, msg: "this change was approved for ConnectWise, and the integration is no longer a ConnectWise one: approve the card again"}
		}
		switch wr.Method {
		case "PATCH":
			return w.patch(ctx, psa, e, wr)
		case "POST":
			return w.post(ctx, psa, e, wr)
		case "DELETE":
			return w.remove(ctx, psa, e, wr)
		}
		return verdict{state: store.OutboxFailed, msg: fmt.Sprintf("TrueUp cannot push a %s yet: make the change in ConnectWise", wr.Method)}
	case connector.KindAutotask:
		return w.autotask(ctx, e, wr)
	case connector.KindHaloPSA:
		return w.halo(ctx, e, wr)
	}
	return verdict{state: store.OutboxFailed, msg: fmt.Sprintf("TrueUp cannot push to a %s PSA: make the change there", wr.PSA)}
}

// stop ends an entry as failed or conflict with what the user should read.
func (w *Worker) stop(ctx context.Context, e store.OutboxEntry, state store.OutboxState, msg string) (outcome, error) {
	if err := w.Outbox.MoveOutbox(ctx, e.ID, store.OutboxSending, state, store.OutboxChange{LastError: msg}); err != nil {
		return outcome{}, err
	}
	return outcome{state: state}, nil
}

// record keeps the PSA's answer, and its record in the cache, in one transaction.
func (w *Worker) record(ctx context.Context, e store.OutboxEntry, wr reconcile.Write, v verdict) error {
	answer := v.answer
	if v.removed {
		rec, err := w.tombstone(ctx, answer.RecordID)
		if err != nil {
			return err
		}
		return w.Outbox.RecordPushed(ctx, e.ID, answer, rec)
	}
	if v.cached != nil {
		return w.Outbox.RecordPushed(ctx, e.ID, answer, v.cached)
	}
	psa, ok := w.PSA.(PSA)
	if !ok {
		return w.Outbox.RecordPushed(ctx, e.ID, answer, nil)
	}
	var rec *connector.Record
	account := ""
	if wr.AgreementID != "" {
		ag, err := w.Outbox.CachedRecord(ctx, w.IntegrationID, connector.EntityAgreements, wr.AgreementID)
		switch {
		case err == nil:
			account = ag.AccountID
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	r, err := psa.CachedRecord(v.recordPath, v.body, account)
	if err != nil {
		answer.Note = "the cache keeps its copy until the next sync: " + err.Error()
	} else {
		rec = &r
	}
	return w.Outbox.RecordPushed(ctx, e.ID, answer, rec)
}

// tombstone is the cached copy of a line the PSA no longer holds, marked cancelled (nil when
// none is cached). It is written as a pushed record rather than deleted: a sync that began
// before the DELETE read the line, and a deleted row would let its commit put it back,
// while a pushed row newer than the run's read wins over it (store.UpdateCachedRecord).
// The visibility rules hide a cancelled line, so its card is at once what it was before the
// push; the next sync that finds the line gone drops the row.
func (w *Worker) tombstone(ctx context.Context, lineID string) (*connector.Record, error) {
	cached, err := w.Outbox.CachedRecord(ctx, w.IntegrationID, connector.EntityServiceLines, lineID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	l, err := connector.Decode[connector.ServiceLine](cached)
	if err != nil {
		return nil, fmt.Errorf("the cached line %s: %w", lineID, err)
	}
	l.Cancelled = true
	recs, err := connector.Encode(l)
	if err != nil {
		return nil, fmt.Errorf("the cached line %s: %w", lineID, err)
	}
	return &recs[0], nil
}

// verdict is what reading and writing the PSA decided for one entry.
type verdict struct {
	state      store.OutboxState // pushed, failed, conflict; queued: retry later; sending: settle by reading
	msg        string
	answer     store.PSAAnswer
	recordPath string // the record the answer is, for the cache
	body       []byte // the PSA's JSON of that record
	// cached, when set, is the record the cache keeps, built by the PSA's strategy itself
	// (Autotask and HaloPSA); otherwise the ConnectWise writer builds it from recordPath and body.
	cached  *connector.Record
	removed bool          // the record is gone from the PSA (a DELETE): the cache keeps it cancelled
	err     error         // the store failed or ctx ended: nothing is recorded
	wait    time.Duration // the least wait the PSA asked for (a 429's Retry-After)
	refused bool          // 401/403: the credentials or permissions, not this entry
}

// failure sorts an error of the PSA into what becomes of the entry.
func failure(ctx context.Context, err error) verdict {
	var unknown *httpx.UnknownOutcomeError
	switch {
	case errors.As(err, &unknown):
		return verdict{state: store.OutboxSending, msg: connector.UserMessage(err)}
	case ctx.Err() != nil:
		return verdict{err: ctx.Err()}
	case connector.IsAuth(err):
		return verdict{refused: true, msg: connector.UserMessage(err)}
	case connector.IsTransient(err) || httpx.IsUnreachable(err):
		v := verdict{state: store.OutboxQueued, msg: "the PSA could not be reached; TrueUp tries again: " + connector.UserMessage(err)}
		var rate *connector.RateLimitedError
		if errors.As(err, &rate) {
			v.wait = rate.RetryAfter
		}
		return v
	}
	return verdict{state: store.OutboxFailed, msg: connector.UserMessage(err)}
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) today() reconcile.Date {
	if w.Today != nil {
		return w.Today()
	}
	return reconcile.DateOf(w.now())
}

func (w *Worker) after(d time.Duration) <-chan time.Time {
	if w.After != nil {
		return w.After(d)
	}
	return time.After(d)
}

func (w *Worker) backoff(attempts int) time.Duration {
	if w.Backoff != nil {
		return w.Backoff(attempts)
	}
	return DefaultBackoff(attempts)
}
