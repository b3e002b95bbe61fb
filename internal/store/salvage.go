package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
)

// SalvageIntegrations reads the integrations (names, kinds, base URLs, settings, the
// uids their keychain items are filed under) out of a database that may be damaged: read
// only, without the integrity check Open runs. A damaged database often still reads its
// small tables, and the integrations are what the user would otherwise set up again by
// hand; the cached rows are not read (a Full Sync reads them from the sources).
func SalvageIntegrations(ctx context.Context, path string) ([]Integration, error) {
	q := url.Values{}
	q.Add("mode", "ro")
	q.Add("_pragma", "busy_timeout(2000)")
	db, err := sql.Open("sqlite", databaseURI(path, q))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT `+integrationCols+` FROM integrations ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read the integrations of %s: %w", path, err)
	}
	defer rows.Close()
	var out []Integration
	for rows.Next() {
		in, err := scanIntegration(rows)
		if err != nil {
			return nil, fmt.Errorf("read the integrations of %s: %w", path, err)
		}
		out = append(out, in)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the integrations of %s: %w", path, err)
	}
	return out, nil
}

// AdoptIntegrations adds integrations salvaged from another database to this one, in one
// transaction, keeping each one's uid (so its credentials in the keychain still belong to
// it), name, kind, base URL, settings and creation time. They start as never synced: no
// generation, no watermarks. One whose name or uid is already here is skipped. It
// returns the names added.
func (s *Store) AdoptIntegrations(ctx context.Context, ins []Integration) ([]string, error) {
	var added []string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, in := range ins {
			settings, fields, err := encodeSettings(in)
			if err != nil {
				return err
			}
			created := in.CreatedAt
			if created.IsZero() {
				created = s.now()
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO integrations (uid, name, kind, base_url, settings, concurrency, secret_fields, created_at, updated_at)
				SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?
				WHERE NOT EXISTS (SELECT 1 FROM integrations WHERE uid = ? OR name = ?)`,
				in.UID, in.Name, in.Kind, in.BaseURL, settings, in.Concurrency, fields, fmtTime(created), fmtTime(s.now()), in.UID, in.Name)
			if err != nil {
				return fmt.Errorf("add integration %q: %w", in.Name, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				added = append(added, in.Name)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}
