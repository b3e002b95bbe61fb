package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// AccountNote is the MSP's note and tags on a PSA account ("multi-site: check by hand").
type AccountNote struct {
	PSAIntegrationID int64
	AccountID        string
	Note             string
	Tags             []string
	UpdatedAt        time.Time
}

// AccountNotes lists every account note.
func (s *Store) AccountNotes(ctx context.Context) ([]AccountNote, error) {
	return queryAll(ctx, s, "account notes", `SELECT psa_integration_id, account_id, note, tags, updated_at
		FROM account_notes ORDER BY psa_integration_id, account_id`, func(row rowScanner) (AccountNote, error) {
		var n AccountNote
		var tags string
		var at sql.NullString
		if err := row.Scan(&n.PSAIntegrationID, &n.AccountID, &n.Note, &tags, &at); err != nil {
			return AccountNote{}, err
		}
		n.UpdatedAt = parseTime(at)
		if err := json.Unmarshal([]byte(tags), &n.Tags); err != nil {
			return AccountNote{}, fmt.Errorf("the tags of account %s: %w", n.AccountID, err)
		}
		return n, nil
	})
}

// SetAccountNote sets an account's note and tags; an empty note without tags removes them.
// Tags are trimmed, and empty and repeated ones dropped.
func (s *Store) SetAccountNote(ctx context.Context, n AccountNote) error {
	if n.PSAIntegrationID == 0 || n.AccountID == "" {
		return fmt.Errorf("an account note needs the PSA integration and the account id")
	}
	tags := []string{}
	for _, t := range n.Tags {
		if t = strings.TrimSpace(t); t != "" && !contains(tags, t) {
			tags = append(tags, t)
		}
	}
	note := strings.TrimSpace(n.Note)
	var err error
	if note == "" && len(tags) == 0 {
		_, err = s.db.ExecContext(ctx, `DELETE FROM account_notes WHERE psa_integration_id = ? AND account_id = ?`,
			n.PSAIntegrationID, n.AccountID)
	} else {
		b, _ := json.Marshal(tags) // a []string always marshals
		if n.UpdatedAt.IsZero() {
			n.UpdatedAt = s.now()
		}
		_, err = s.db.ExecContext(ctx, `INSERT INTO account_notes (psa_integration_id, account_id, note, tags, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (psa_integration_id, account_id) DO UPDATE SET note = excluded.note,
			tags = excluded.tags, updated_at = excluded.updated_at`, n.PSAIntegrationID, n.AccountID, note, string(b),
			fmtTime(n.UpdatedAt))
	}
	if err != nil {
		return fmt.Errorf("save the note of account %s: %w", n.AccountID, err)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
