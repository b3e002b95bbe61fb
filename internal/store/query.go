package store

import (
	"context"
	"fmt"
)

// rowScanner is what scan functions read from: *sql.Row and *sql.Rows both are one.
type rowScanner interface{ Scan(dest ...any) error }

// queryAll runs q and scans every row with scan; what names the list in the error.
func queryAll[T any](ctx context.Context, s *Store, what, q string, scan func(rowScanner) (T, error), args ...any) ([]T, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	return out, nil
}
