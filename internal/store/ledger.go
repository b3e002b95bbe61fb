package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// The push ledger (activity log): every decision, and every outbox entry of one, as one
// list. A decision row says what a person decided; a push row what became of one write.

// LedgerFilter narrows the ledger. Zero values mean no filter.
type LedgerFilter struct {
	Since   time.Time // rows at or after it (a decision's time, a push's last change)
	Cycle   string    // YYYY-MM
	Account string    // case-insensitive substring of the account name
	Vendor  string    // the name of a vendor integration behind the decision, any case
	State   string    // an OutboxState, or StateRecorded
}

// StateRecorded is the ledger state of a decision that writes nothing (dismiss,
// acknowledge): there is no push to follow.
const StateRecorded = "recorded"

// LedgerRow is a decision (Entry nil) or one outbox entry of it.
type LedgerRow struct {
	Decision Decision
	Entry    *OutboxEntry
	// Entries are the decision's outbox entries in order; on decision rows only.
	Entries []OutboxEntry
}

// At is when the row last changed: the decision's time, or the entry's last change.
func (r LedgerRow) At() time.Time {
	if r.Entry != nil {
		return r.Entry.UpdatedAt
	}
	return r.Decision.At
}

// OwnAt is when the row's own event happened, which orders the ledger: the decision's time,
// or when the push was queued (with its decision). A push's last change is not its place: a
// revert changes the pushed entry to reverted, and ordered by that the push would read
// above the revert that came after it.
func (r LedgerRow) OwnAt() time.Time {
	if r.Entry != nil {
		return r.Entry.CreatedAt
	}
	return r.Decision.At
}

// State is the entry's state on a push row; on a decision row StateRecorded when it
// writes nothing, else the state of its entry that most needs the user (failed, conflict,
// then the ones still under way), so a decision whose second write failed does not read
// as pushed.
func (r LedgerRow) State() string {
	if r.Entry != nil {
		return string(r.Entry.State)
	}
	if len(r.Entries) == 0 {
		return StateRecorded
	}
	rank := map[OutboxState]int{OutboxFailed: 0, OutboxConflict: 1, OutboxSending: 2, OutboxQueued: 3, OutboxPushed: 4, OutboxReverted: 5}
	worst := r.Entries[0].State
	for _, e := range r.Entries[1:] {
		if rank[e.State] < rank[worst] {
			worst = e.State
		}
	}
	return string(worst)
}

// Ledger lists the decisions and their outbox entries that pass f, newest first by their
// own time (OwnAt; at equal times, push rows above the decision they came from), so a
// revert and its push read right above the push it reverted, never below it.
func (s *Store) Ledger(ctx context.Context, f LedgerFilter) ([]LedgerRow, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.Cycle != "" {
		where, args = append(where, "cycle = ?"), append(args, f.Cycle)
	}
	if a := strings.TrimSpace(f.Account); a != "" {
		where, args = append(where, "instr(lower(account_name), lower(?)) > 0"), append(args, a)
	}
	if v := strings.TrimSpace(f.Vendor); v != "" {
		where, args = append(where, "EXISTS (SELECT 1 FROM json_each(decisions.vendors) WHERE lower(json_each.value) = lower(?))"), append(args, v)
	}
	cond := strings.Join(where, " AND ")
	decisions, err := queryAll(ctx, s, "ledger decisions", `SELECT `+decisionCols+` FROM decisions WHERE `+cond+` ORDER BY id`, scanDecision, args...)
	if err != nil {
		return nil, err
	}
	entries, err := queryAll(ctx, s, "ledger pushes", `SELECT `+outboxCols+` FROM outbox
		WHERE decision_id IN (SELECT id FROM decisions WHERE `+cond+`) ORDER BY id`, scanOutbox, args...)
	if err != nil {
		return nil, err
	}
	byDecision := map[int64][]OutboxEntry{}
	for _, e := range entries {
		byDecision[e.DecisionID] = append(byDecision[e.DecisionID], e)
	}
	var rows []LedgerRow
	keep := func(r LedgerRow) {
		if (f.Since.IsZero() || !r.At().Before(f.Since)) && (f.State == "" || r.State() == f.State) {
			rows = append(rows, r)
		}
	}
	for _, d := range decisions {
		es := byDecision[d.ID]
		keep(LedgerRow{Decision: d, Entries: es})
		for i := range es {
			keep(LedgerRow{Decision: d, Entry: &es[i]})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if !a.OwnAt().Equal(b.OwnAt()) {
			return a.OwnAt().After(b.OwnAt())
		}
		if a.Decision.ID != b.Decision.ID {
			return a.Decision.ID > b.Decision.ID
		}
		return (a.Entry != nil) && (b.Entry == nil || a.Entry.ID > b.Entry.ID)
	})
	return rows, nil
}

// DueNow makes the waiting entries of an integration (0: of all) due at once, for "Send
// now" asked in a process that does not run the push workers: the owner's workers see them
// due and send them without waiting out the backoff.
func (s *Store) DueNow(ctx context.Context, integrationID int64) error {
	q := `UPDATE outbox SET next_attempt_at = NULL, updated_at = ? WHERE state IN ('queued', 'sending')`
	args := []any{fmtTime(s.now())}
	if integrationID != 0 {
		q += ` AND integration_id = ?`
		args = append(args, integrationID)
	}
	if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("make the queued pushes due: %w", err)
	}
	return nil
}

// OutboxUpdatedSince lists the entries of every integration changed at or after t, in id
// order: how a process sees what another one's push workers did.
func (s *Store) OutboxUpdatedSince(ctx context.Context, t time.Time) ([]OutboxEntry, error) {
	return queryAll(ctx, s, "outbox entries", `SELECT `+outboxCols+` FROM outbox WHERE updated_at >= ? ORDER BY id`, scanOutbox, fmtTime(t))
}
