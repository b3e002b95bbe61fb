package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Sync request states.
const (
	RequestPending  = "pending"
	RequestAnswered = "answered"
)

// SyncRequest is a sync one TrueUp process asked the folder's sync owner to run.
type SyncRequest struct {
	ID             int64
	IntegrationIDs []int64
	Mode           string
	Since          string
	RequestedBy    int // process ID
	RequestedAt    time.Time
	State          string
	RunIDs         []int64 // the runs the owner started (or already had) for it
	Error          string  // why the owner could not start them
}

// AddSyncRequest stores a pending request and returns its ID.
func (s *Store) AddSyncRequest(ctx context.Context, r SyncRequest) (int64, error) {
	ids, err := json.Marshal(r.IntegrationIDs)
	if err != nil {
		return 0, err
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO sync_requests (integration_ids, mode, since, requested_by, requested_at, state)
		VALUES (?, ?, ?, ?, ?, ?)`, string(ids), r.Mode, r.Since, r.RequestedBy, fmtTime(r.RequestedAt), RequestPending)
	if err != nil {
		return 0, fmt.Errorf("hand the sync over: %w", err)
	}
	return res.LastInsertId()
}

// SyncRequest returns one request.
func (s *Store) SyncRequest(ctx context.Context, id int64) (SyncRequest, error) {
	r, err := scanRequest(s.db.QueryRowContext(ctx, `SELECT `+requestCols+` FROM sync_requests WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return SyncRequest{}, fmt.Errorf("sync request %d: %w", id, ErrNotFound)
	}
	return r, err
}

// PendingSyncRequests returns the unanswered requests, oldest first.
func (s *Store) PendingSyncRequests(ctx context.Context) ([]SyncRequest, error) {
	return queryAll(ctx, s, "sync requests", `SELECT `+requestCols+` FROM sync_requests WHERE state = ? ORDER BY id`, scanRequest, RequestPending)
}

// AnswerSyncRequest records the runs started for a pending request, or why none were. A
// request its requester withdrew meanwhile is left alone.
func (s *Store) AnswerSyncRequest(ctx context.Context, id int64, runIDs []int64, errMsg string) error {
	if runIDs == nil {
		runIDs = []int64{}
	}
	ids, err := json.Marshal(runIDs)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE sync_requests SET state = ?, run_ids = ?, error = ? WHERE id = ? AND state = ?`,
		RequestAnswered, string(ids), errMsg, id, RequestPending)
	if err != nil {
		return fmt.Errorf("answer sync request %d: %w", id, err)
	}
	return nil
}

// DeleteSyncRequest removes a request (its requester has read the answer or gave up).
func (s *Store) DeleteSyncRequest(ctx context.Context, id int64) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sync_requests WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete sync request %d: %w", id, err)
	}
	return nil
}

// DropSyncRequestsBefore removes requests made before t: their requesters are gone.
func (s *Store) DropSyncRequestsBefore(ctx context.Context, t time.Time) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sync_requests WHERE requested_at < ?`, fmtTime(t)); err != nil {
		return fmt.Errorf("drop old sync requests: %w", err)
	}
	return nil
}

const requestCols = `id, integration_ids, mode, since, requested_by, requested_at, state, run_ids, error`

func scanRequest(row rowScanner) (SyncRequest, error) {
	var r SyncRequest
	var ids, runIDs string
	var at sql.NullString
	if err := row.Scan(&r.ID, &ids, &r.Mode, &r.Since, &r.RequestedBy, &at, &r.State, &runIDs, &r.Error); err != nil {
		return SyncRequest{}, err
	}
	r.RequestedAt = parseTime(at)
	if err := json.Unmarshal([]byte(ids), &r.IntegrationIDs); err != nil {
		return SyncRequest{}, fmt.Errorf("sync request %d integrations: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(runIDs), &r.RunIDs); err != nil {
		return SyncRequest{}, fmt.Errorf("sync request %d runs: %w", r.ID, err)
	}
	return r, nil
}
