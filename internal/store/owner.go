package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SetFolderOwner records the process that now holds the data folder's lock.
func (s *Store) SetFolderOwner(ctx context.Context, pid int, since time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO folder_owner (id, pid, since) VALUES (1, ?, ?)
		ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, since = excluded.since`, pid, fmtTime(since))
	if err != nil {
		return fmt.Errorf("record the folder's sync owner: %w", err)
	}
	return nil
}

// FolderOwner returns the process that last took the data folder's lock (0 if none did).
// It may have ended since: only the lock itself says whether an owner is alive.
func (s *Store) FolderOwner(ctx context.Context) (pid int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT pid FROM folder_owner WHERE id = 1`).Scan(&pid)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return pid, err
}
