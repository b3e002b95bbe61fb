package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Schedule streams: a stream's schedule applies to each integration of that role that has
// none of its own.
const (
	StreamPSA     = "psa"
	StreamVendors = "vendors"
)

// Schedule is one stored schedule: of an integration (IntegrationID set) or of a stream.
// The fields are those of schedule.Schedule, as text and numbers.
type Schedule struct {
	IntegrationID    int64
	Stream           string
	Cadence          string
	Weekday          int
	Day              int
	Mode             string
	FullFirstOfMonth bool
	SetAt            time.Time
}

// DueRun is a due time the scheduler handled for one integration.
type DueRun struct {
	IntegrationID int64
	DueAt         time.Time
	StartedAt     time.Time
	RunID         int64 // 0 until the run was queued (or when it was pruned)
	CatchUp       bool
	Note          string
}

// Schedules lists every stored schedule, streams first.
func (s *Store) Schedules(ctx context.Context) ([]Schedule, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT COALESCE(integration_id, 0), COALESCE(stream, ''), cadence, weekday, day,
		mode, full_first_of_month, set_at FROM schedules ORDER BY integration_id IS NOT NULL, stream, integration_id`)
	if err != nil {
		return nil, fmt.Errorf("read schedules: %w", err)
	}
	defer rows.Close()
	out := []Schedule{}
	for rows.Next() {
		var sc Schedule
		var full int
		var setAt sql.NullString
		if err := rows.Scan(&sc.IntegrationID, &sc.Stream, &sc.Cadence, &sc.Weekday, &sc.Day, &sc.Mode, &full, &setAt); err != nil {
			return nil, fmt.Errorf("read schedules: %w", err)
		}
		sc.FullFirstOfMonth, sc.SetAt = full == 1, parseTime(setAt)
		out = append(out, sc)
	}
	return out, rows.Err()
}

// SetSchedule stores sc as the schedule of its integration or stream, replacing the one
// before; SetAt is stamped now (missed due times are counted from it).
func (s *Store) SetSchedule(ctx context.Context, sc Schedule) error {
	if (sc.IntegrationID == 0) == (sc.Stream == "") {
		return errors.New("a schedule belongs to one integration or to one stream (psa, vendors)")
	}
	var in, stream any
	if sc.IntegrationID != 0 {
		in = sc.IntegrationID
	} else {
		stream = sc.Stream
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save schedule: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM schedules WHERE integration_id IS ? AND stream IS ?`, in, stream); err != nil {
		return fmt.Errorf("save schedule: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schedules (integration_id, stream, cadence, weekday, day, mode, full_first_of_month, set_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, in, stream, sc.Cadence, sc.Weekday, sc.Day, sc.Mode, boolInt(sc.FullFirstOfMonth), fmtTime(s.now())); err != nil {
		if isForeignKey(err) {
			return fmt.Errorf("integration %d: %w", sc.IntegrationID, ErrNotFound)
		}
		return fmt.Errorf("save schedule: %w", err)
	}
	return tx.Commit()
}

// ClaimDue records that the scheduler handles due for the integration, before its run
// starts. It reports false when the due time was already handled (by another process, or
// before a restart): the caller must not run it.
func (s *Store) ClaimDue(ctx context.Context, d DueRun) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO schedule_runs (integration_id, due_at, started_at, catch_up, note)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, d.IntegrationID, fmtTime(d.DueAt), fmtTime(d.StartedAt), boolInt(d.CatchUp), d.Note)
	if err != nil {
		return false, fmt.Errorf("record scheduled sync of integration %d: %w", d.IntegrationID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetDueRunID links a handled due time to the run it started.
func (s *Store) SetDueRunID(ctx context.Context, integrationID int64, due time.Time, runID int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE schedule_runs SET run_id = ? WHERE integration_id = ? AND due_at = ?`,
		runID, integrationID, fmtTime(due))
	if err != nil {
		return fmt.Errorf("record scheduled run %d: %w", runID, err)
	}
	return nil
}

const dueCols = `integration_id, due_at, started_at, COALESCE(run_id, 0), catch_up, note`

func scanDue(row rowScanner) (DueRun, error) {
	var d DueRun
	var due, started sql.NullString
	var catchUp int
	if err := row.Scan(&d.IntegrationID, &due, &started, &d.RunID, &catchUp, &d.Note); err != nil {
		return DueRun{}, err
	}
	d.DueAt, d.StartedAt, d.CatchUp = parseTime(due), parseTime(started), catchUp == 1
	return d, nil
}

// LastDue is the latest due time handled for the integration; ok is false when none was.
func (s *Store) LastDue(ctx context.Context, integrationID int64) (d DueRun, ok bool, err error) {
	d, err = scanDue(s.db.QueryRowContext(ctx, `SELECT `+dueCols+` FROM schedule_runs WHERE integration_id = ?
		ORDER BY due_at DESC LIMIT 1`, integrationID))
	if errors.Is(err, sql.ErrNoRows) {
		return DueRun{}, false, nil
	}
	if err != nil {
		return DueRun{}, false, fmt.Errorf("read scheduled syncs of integration %d: %w", integrationID, err)
	}
	return d, true, nil
}

// DueOfRun is the due time a run was started for; ok is false for a run started by hand.
func (s *Store) DueOfRun(ctx context.Context, runID int64) (d DueRun, ok bool, err error) {
	d, err = scanDue(s.db.QueryRowContext(ctx, `SELECT `+dueCols+` FROM schedule_runs WHERE run_id = ?`, runID))
	if errors.Is(err, sql.ErrNoRows) {
		return DueRun{}, false, nil
	}
	if err != nil {
		return DueRun{}, false, fmt.Errorf("read scheduled sync of run %d: %w", runID, err)
	}
	return d, true, nil
}

func isForeignKey(err error) bool {
	return err != nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
}
