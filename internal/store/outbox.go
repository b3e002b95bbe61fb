package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
)

// Action is what a person decided on a card.
type Action string

const (
	ActionApprove     Action = "approve"
	ActionDismiss     Action = "dismiss"
	ActionAcknowledge Action = "acknowledge"
	ActionRevert      Action = "revert"
	ActionCost        Action = "cost"
)

// Decision is one decision as the ledger keeps it. Quantities are the exact decimal text the
// card showed when the person decided (what they saw is what the ledger says they saw).
type Decision struct {
	ID             int64
	CardID         string
	Cycle          string // YYYY-MM; "" for a cost decision
	Action         Action
	VendorQuantity string
	PSAQuantity    string
	TargetQuantity string // what was approved; "" when nothing is pushed
	Note           string
	OSUser         string
	At             time.Time
	// What the ledger shows, as it was when the person decided (migration 006).
	PSAIntegrationID int64
	AccountID        string
	AccountName      string
	ProductID        string
	ProductName      string
	AgreementID      string
	AgreementName    string
	LineID           string
	EffectiveDate    string   // YYYY-MM-DD; "" when nothing is pushed
	Vendors          []string // names of the vendor integrations behind the card
	Automatic        bool     // made by the automatic true-up, not by a person
	RevertOf         int64    // the outbox entry a revert compensates
}

// OutboxState is where an outbox entry is. queued -> sending -> pushed is the way through;
// failed and conflict stop an entry (the user acts), reverted marks a pushed entry a later
// compensating push undid.
type OutboxState string

const (
	OutboxQueued   OutboxState = "queued"
	OutboxSending  OutboxState = "sending"
	OutboxPushed   OutboxState = "pushed"
	OutboxFailed   OutboxState = "failed"
	OutboxConflict OutboxState = "conflict"
	OutboxReverted OutboxState = "reverted"
)

// PSAAnswer is what the PSA said about a pushed entry: the verify-after-write record.
type PSAAnswer struct {
	Status   int    `json:"status"`    // HTTP status of the write's answer, or of the read that settled it
	RecordID string `json:"record_id"` // the record the PSA holds (for a POST: the one it created)
	Field    string `json:"field,omitempty"`
	// Value is Field's value in the PSA's record (e.g. the quantity), as the PSA wrote it.
	Value json.RawMessage `json:"value,omitempty"`
	// Read says the entry was settled by reading the PSA, without a write in this attempt:
	// the PSA already held the target, or a POST whose outcome was unknown was found by its
	// marker.
	Read bool `json:"read,omitempty"`
	// Record is the PSA's record as it answered (the post-image), kept for the ledger.
	Record json.RawMessage `json:"record,omitempty"`
	// Note says what else the push noticed (e.g. why the cache was not updated).
	Note string `json:"note,omitempty"`
	// InvoiceTextBefore is the invoice description the line held before the write gave it
	// one from the template (read right before sending), which its revert puts back; nil when
	// the write sent none or did not change the line itself.
	InvoiceTextBefore *string `json:"invoice_text_before,omitempty"`
}

// NewOutboxEntry is one write of a decision to queue.
type NewOutboxEntry struct {
	IntegrationID int64
	Key           string
	Write         json.RawMessage // a reconcile.Write as JSON
}

// OutboxEntry is one queued write and what became of it.
type OutboxEntry struct {
	ID            int64
	IntegrationID int64
	DecisionID    int64
	Key           string
	Write         json.RawMessage
	State         OutboxState
	Attempts      int
	NextAttemptAt time.Time // zero: at once
	LastError     string
	Answer        *PSAAnswer
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// ErrDuplicateKey is an approval whose write key is already in the outbox: the same change
// is never queued twice.
var ErrDuplicateKey = errors.New("already queued")

// ErrStateChanged is a compare-and-set on an entry's state that found another state: some
// other worker or process moved the entry first.
var ErrStateChanged = errors.New("the outbox entry changed state")

// Approve records a decision and the outbox entries of its writes in one transaction, so a
// crash leaves either both or neither. A key already in the outbox refuses the whole
// approval with ErrDuplicateKey.
func (s *Store) Approve(ctx context.Context, d Decision, entries []NewOutboxEntry) (Decision, []OutboxEntry, error) {
	if d.At.IsZero() {
		d.At = s.now()
	}
	for _, e := range entries {
		if e.Key == "" || e.IntegrationID == 0 || !json.Valid(e.Write) {
			return Decision{}, nil, fmt.Errorf("record decision on card %s: each write needs a key, an integration and its JSON", d.CardID)
		}
	}
	var out []OutboxEntry
	err := s.tx(ctx, func(tx *sql.Tx) error {
		vendors, err := json.Marshal(nonNilStrings(d.Vendors))
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO decisions (`+decisionCols[len("id, "):]+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.CardID, d.Cycle, string(d.Action), d.VendorQuantity, d.PSAQuantity, d.TargetQuantity,
			d.Note, d.OSUser, fmtTime(d.At), d.PSAIntegrationID, d.AccountID, d.AccountName, d.ProductID, d.ProductName,
			d.AgreementID, d.AgreementName, d.LineID, d.EffectiveDate, string(vendors), d.Automatic, d.RevertOf)
		if err != nil {
			return err
		}
		if d.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		now := s.now()
		for _, e := range entries {
			var other int64
			err := tx.QueryRowContext(ctx, `SELECT decision_id FROM outbox WHERE key = ?`, e.Key).Scan(&other)
			if err == nil {
				return fmt.Errorf("the change %s is %w by decision %d: look at that push instead of approving again", e.Key, ErrDuplicateKey, other)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO outbox (integration_id, decision_id, key, write, state, created_at, updated_at)
				VALUES (?, ?, ?, ?, 'queued', ?, ?)`, e.IntegrationID, d.ID, e.Key, string(e.Write), fmtTime(now), fmtTime(now))
			if err != nil {
				return err
			}
			id, err := res.LastInsertId()
			if err != nil {
				return err
			}
			out = append(out, OutboxEntry{ID: id, IntegrationID: e.IntegrationID, DecisionID: d.ID, Key: e.Key, Write: e.Write,
				State: OutboxQueued, CreatedAt: now, UpdatedAt: now})
		}
		return nil
	})
	if err != nil {
		return Decision{}, nil, fmt.Errorf("record decision on card %s: %w", d.CardID, err)
	}
	return d, out, nil
}

// decisionCols are the decisions columns in the order scanDecision reads them.
const decisionCols = `id, card_id, cycle, action, vendor_quantity, psa_quantity, target_quantity, note, os_user, at,
	psa_integration_id, account_id, account_name, product_id, product_name, agreement_id, agreement_name, line_id,
	effective_date, vendors, automatic, revert_of`

func scanDecision(row rowScanner) (Decision, error) {
	var d Decision
	var at sql.NullString
	var vendors string
	if err := row.Scan(&d.ID, &d.CardID, &d.Cycle, &d.Action, &d.VendorQuantity, &d.PSAQuantity, &d.TargetQuantity, &d.Note,
		&d.OSUser, &at, &d.PSAIntegrationID, &d.AccountID, &d.AccountName, &d.ProductID, &d.ProductName, &d.AgreementID,
		&d.AgreementName, &d.LineID, &d.EffectiveDate, &vendors, &d.Automatic, &d.RevertOf); err != nil {
		return Decision{}, err
	}
	d.At = parseTime(at)
	if err := json.Unmarshal([]byte(vendors), &d.Vendors); err != nil {
		return Decision{}, fmt.Errorf("decision %d: its vendors: %w", d.ID, err)
	}
	return d, nil
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Decisions lists the decisions of one cycle ("": of every cycle, cost decisions too), in
// the order they were made.
func (s *Store) Decisions(ctx context.Context, cycle string) ([]Decision, error) {
	q := `SELECT ` + decisionCols + ` FROM decisions`
	var args []any
	if cycle != "" {
		q += ` WHERE cycle = ?`
		args = append(args, cycle)
	}
	return queryAll(ctx, s, "decisions", q+` ORDER BY id`, scanDecision, args...)
}

// Decision reads one decision.
func (s *Store) Decision(ctx context.Context, id int64) (Decision, error) {
	d, err := scanDecision(s.db.QueryRowContext(ctx, `SELECT `+decisionCols+` FROM decisions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Decision{}, fmt.Errorf("decision %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Decision{}, fmt.Errorf("read decision %d: %w", id, err)
	}
	return d, nil
}

const outboxCols = `id, integration_id, decision_id, key, write, state, attempts, next_attempt_at, last_error, answer, created_at, updated_at`

func scanOutbox(row rowScanner) (OutboxEntry, error) {
	var e OutboxEntry
	var write, answer string
	var next, created, updated sql.NullString
	if err := row.Scan(&e.ID, &e.IntegrationID, &e.DecisionID, &e.Key, &write, &e.State, &e.Attempts, &next, &e.LastError,
		&answer, &created, &updated); err != nil {
		return OutboxEntry{}, err
	}
	e.Write = json.RawMessage(write)
	if answer != "" {
		e.Answer = new(PSAAnswer)
		if err := json.Unmarshal([]byte(answer), e.Answer); err != nil {
			return OutboxEntry{}, fmt.Errorf("outbox entry %d: its answer: %w", e.ID, err)
		}
	}
	e.NextAttemptAt, e.CreatedAt, e.UpdatedAt = parseTime(next), parseTime(created), parseTime(updated)
	return e, nil
}

// OutboxEntry reads one entry.
func (s *Store) OutboxEntry(ctx context.Context, id int64) (OutboxEntry, error) {
	e, err := scanOutbox(s.db.QueryRowContext(ctx, `SELECT `+outboxCols+` FROM outbox WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return OutboxEntry{}, fmt.Errorf("outbox entry %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return OutboxEntry{}, fmt.Errorf("read outbox entry %d: %w", id, err)
	}
	return e, nil
}

// Outbox lists the entries of an integration in the given states (all states when none),
// in id order: the order a worker sends them in.
func (s *Store) Outbox(ctx context.Context, integrationID int64, states ...OutboxState) ([]OutboxEntry, error) {
	q := `SELECT ` + outboxCols + ` FROM outbox WHERE integration_id = ?`
	args := []any{integrationID}
	if len(states) > 0 {
		q += ` AND state IN (?` + strings.Repeat(`, ?`, len(states)-1) + `)`
		for _, st := range states {
			args = append(args, string(st))
		}
	}
	return queryAll(ctx, s, "outbox entries", q+` ORDER BY id`, scanOutbox, args...)
}

// ClaimOutbox takes an entry for one attempt: it moves it from state from (queued, or
// sending when an earlier attempt's outcome is to be settled) to sending and counts the
// attempt, only if the entry is still in from with the attempts the caller saw. Of two
// workers that read the entry at once, only one gets it; the other gets ErrStateChanged. The
// claim is committed when it returns, before any request goes out.
func (s *Store) ClaimOutbox(ctx context.Context, id int64, from OutboxState, attempts int) error {
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?
		WHERE id = ? AND state = ? AND attempts = ?`, fmtTime(s.now()), id, string(from), attempts)
	if err != nil {
		return fmt.Errorf("claim outbox entry %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("claim outbox entry %d: %w", id, err)
	} else if n == 0 {
		return fmt.Errorf("claim outbox entry %d: %w: another push took it", id, ErrStateChanged)
	}
	return nil
}

// OutboxChange is what a transition writes besides the state.
type OutboxChange struct {
	NextAttemptAt time.Time // zero clears it
	LastError     string
	Answer        *PSAAnswer // nil keeps the stored one
}

// MoveOutbox moves an entry from state from to state to, only if it is in from now
// (compare-and-set; ErrStateChanged otherwise). The change is committed when it returns:
// a claim (queued -> sending) is on disk before any request goes out.
func (s *Store) MoveOutbox(ctx context.Context, id int64, from, to OutboxState, c OutboxChange) error {
	err := s.tx(ctx, func(tx *sql.Tx) error { return s.moveOutbox(ctx, tx, id, from, to, c) })
	if err != nil {
		return fmt.Errorf("outbox entry %d %s -> %s: %w", id, from, to, err)
	}
	return nil
}

func (s *Store) moveOutbox(ctx context.Context, tx *sql.Tx, id int64, from, to OutboxState, c OutboxChange) error {
	q := `UPDATE outbox SET state = ?, next_attempt_at = ?, last_error = ?, updated_at = ?`
	args := []any{string(to), fmtTime(c.NextAttemptAt), c.LastError, fmtTime(s.now())}
	if c.Answer != nil {
		b, err := json.Marshal(c.Answer)
		if err != nil {
			return err
		}
		q += `, answer = ?`
		args = append(args, string(b))
	}
	res, err := tx.ExecContext(ctx, q+` WHERE id = ? AND state = ?`, append(args, id, string(from))...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		var now string
		err := tx.QueryRowContext(ctx, `SELECT state FROM outbox WHERE id = ?`, id).Scan(&now)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return fmt.Errorf("%w: it is %s, not %s", ErrStateChanged, now, from)
	}
	return nil
}

// RecordPushed marks an entry pushed (from sending) with the PSA's answer and, when rec is
// not nil, writes rec (the record from that answer) into the integration's cache; when the
// entry is a revert's, the entry it reverts moves pushed -> reverted; all in one
// transaction: the ledger never says pushed while the cache shows the old value, nor the
// other way round.
func (s *Store) RecordPushed(ctx context.Context, id int64, answer PSAAnswer, rec *connector.Record) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var integrationID int64
		if err := tx.QueryRowContext(ctx, `SELECT integration_id FROM outbox WHERE id = ?`, id).Scan(&integrationID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		if err := s.moveOutbox(ctx, tx, id, OutboxSending, OutboxPushed, OutboxChange{Answer: &answer}); err != nil {
			return err
		}
		// A revert's push undoes the entry it compensates: that one reads reverted from the
		// same commit on, never pushed while its revert is already in the PSA.
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'reverted', updated_at = ?
			WHERE state = 'pushed' AND id = (SELECT d.revert_of FROM outbox o JOIN decisions d ON d.id = o.decision_id
				WHERE o.id = ? AND d.action = 'revert' AND d.revert_of <> 0)`, fmtTime(s.now()), id); err != nil {
			return err
		}
		if rec == nil {
			return nil
		}
		if rec.Entity == "" || rec.ID == "" {
			return errors.New("the record from the answer has no entity or ID")
		}
		return s.updateCachedRecord(ctx, tx, integrationID, *rec)
	})
	if err != nil {
		return fmt.Errorf("record outbox entry %d as pushed: %w", id, err)
	}
	return nil
}
