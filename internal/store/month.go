package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MonthProgress is where the guided true-up of one cycle stands.
type MonthProgress struct {
	Cycle     string // YYYY-MM
	Step      string // mapping | sync | review | costs | sanity | done
	StartedAt time.Time
	UpdatedAt time.Time
	DoneAt    time.Time // zero until the step is done
}

// MonthSteps are the guided month's steps in order.
var MonthSteps = []string{"mapping", "sync", "review", "costs", "sanity", "done"}

// MonthProgress reads a cycle's progress; ok is false when the month was not started.
func (s *Store) MonthProgress(ctx context.Context, cycle string) (p MonthProgress, ok bool, err error) {
	var started, updated, done sql.NullString
	err = s.db.QueryRowContext(ctx, `SELECT cycle, step, started_at, updated_at, done_at FROM month_progress WHERE cycle = ?`, cycle).
		Scan(&p.Cycle, &p.Step, &started, &updated, &done)
	if errors.Is(err, sql.ErrNoRows) {
		return MonthProgress{}, false, nil
	}
	if err != nil {
		return MonthProgress{}, false, fmt.Errorf("read the progress of %s: %w", cycle, err)
	}
	p.StartedAt, p.UpdatedAt, p.DoneAt = parseTime(started), parseTime(updated), parseTime(done)
	return p, true, nil
}

// SetMonthStep moves a cycle's guided month to step, starting it if needed; "done" stamps
// DoneAt, any other step clears it (the user went back).
func (s *Store) SetMonthStep(ctx context.Context, cycle, step string) (MonthProgress, error) {
	if !contains(MonthSteps, step) {
		return MonthProgress{}, fmt.Errorf("step %q is unknown: use one of %v", step, MonthSteps)
	}
	now := s.now()
	var done any
	if step == "done" {
		done = fmtTime(now)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO month_progress (cycle, step, started_at, updated_at, done_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (cycle) DO UPDATE SET step = excluded.step, updated_at = excluded.updated_at, done_at = excluded.done_at`,
		cycle, step, fmtTime(now), fmtTime(now), done); err != nil {
		return MonthProgress{}, fmt.Errorf("save the progress of %s: %w", cycle, err)
	}
	p, _, err := s.MonthProgress(ctx, cycle)
	return p, err
}
