package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
)

// Integration is one configured connection as stored (never with secret values).
type Integration struct {
	ID               int64
	UID              string
	Name             string
	Kind             string
	BaseURL          string
	Settings         map[string]string
	Concurrency      int
	SecretFields     []string
	ActiveGeneration int64
	// Watermarks is the QuickSync watermark of each entity: the newest source stamp of its
	// rows that a run read completely. An entity without one has never been read completely.
	Watermarks     map[connector.Entity]time.Time
	NewestSourceAt time.Time
	LastSuccessAt  time.Time
	LastFetchedAt  time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// ErrNameTaken is returned when another integration already has the name.
var ErrNameTaken = errors.New("name already taken")

const integrationCols = `id, uid, name, kind, base_url, settings, concurrency, secret_fields, active_generation,
	newest_source_at, last_success_at, last_fetched_at, created_at, updated_at`

func scanIntegration(row rowScanner) (Integration, error) {
	var in Integration
	var settings, secretFields string
	var newest, success, fetched, created, updated sql.NullString
	if err := row.Scan(&in.ID, &in.UID, &in.Name, &in.Kind, &in.BaseURL, &settings, &in.Concurrency, &secretFields,
		&in.ActiveGeneration, &newest, &success, &fetched, &created, &updated); err != nil {
		return Integration{}, err
	}
	in.Settings = map[string]string{}
	if err := json.Unmarshal([]byte(settings), &in.Settings); err != nil {
		return Integration{}, fmt.Errorf("integration %d settings: %w", in.ID, err)
	}
	if err := json.Unmarshal([]byte(secretFields), &in.SecretFields); err != nil {
		return Integration{}, fmt.Errorf("integration %d secret fields: %w", in.ID, err)
	}
	in.NewestSourceAt = parseTime(newest)
	in.Watermarks = map[connector.Entity]time.Time{}
	in.LastSuccessAt, in.LastFetchedAt = parseTime(success), parseTime(fetched)
	in.CreatedAt, in.UpdatedAt = parseTime(created), parseTime(updated)
	return in, nil
}

// CreateIntegration inserts in and returns it with its ID.
func (s *Store) CreateIntegration(ctx context.Context, in Integration) (Integration, error) {
	settings, fields, err := encodeSettings(in)
	if err != nil {
		return Integration{}, err
	}
	now := s.now()
	uid := make([]byte, 12)
	if _, err := rand.Read(uid); err != nil {
		return Integration{}, err
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO integrations (uid, name, kind, base_url, settings, concurrency, secret_fields, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, hex.EncodeToString(uid), in.Name, in.Kind, in.BaseURL, settings, in.Concurrency, fields, fmtTime(now), fmtTime(now))
	if err != nil {
		if isUnique(err) {
			return Integration{}, fmt.Errorf("integration %q: %w", in.Name, ErrNameTaken)
		}
		return Integration{}, fmt.Errorf("create integration: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Integration{}, err
	}
	return s.Integration(ctx, id)
}

// UpdateIntegration saves name, base URL, settings, concurrency and secret field names.
func (s *Store) UpdateIntegration(ctx context.Context, in Integration) (Integration, error) {
	settings, fields, err := encodeSettings(in)
	if err != nil {
		return Integration{}, err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE integrations SET name = ?, base_url = ?, settings = ?, concurrency = ?,
		secret_fields = ?, updated_at = ? WHERE id = ?`, in.Name, in.BaseURL, settings, in.Concurrency, fields, fmtTime(s.now()), in.ID)
	if err != nil {
		if isUnique(err) {
			return Integration{}, fmt.Errorf("integration %q: %w", in.Name, ErrNameTaken)
		}
		return Integration{}, fmt.Errorf("update integration: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Integration{}, fmt.Errorf("integration %d: %w", in.ID, ErrNotFound)
	}
	return s.Integration(ctx, in.ID)
}

// DeleteIntegration removes the integration with its cache, runs and logs (cascade).
func (s *Store) DeleteIntegration(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM integrations WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete integration %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("integration %d: %w", id, ErrNotFound)
	}
	return nil
}

// Integration returns one integration by ID.
func (s *Store) Integration(ctx context.Context, id int64) (Integration, error) {
	in, err := scanIntegration(s.db.QueryRowContext(ctx, `SELECT `+integrationCols+` FROM integrations WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Integration{}, fmt.Errorf("integration %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Integration{}, err
	}
	return in, s.loadWatermarks(ctx, &in)
}

// IntegrationByName returns one integration by name (case-insensitive).
func (s *Store) IntegrationByName(ctx context.Context, name string) (Integration, error) {
	in, err := scanIntegration(s.db.QueryRowContext(ctx, `SELECT `+integrationCols+` FROM integrations WHERE name = ?`, strings.TrimSpace(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return Integration{}, fmt.Errorf("integration %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return Integration{}, err
	}
	return in, s.loadWatermarks(ctx, &in)
}

// Integrations lists every integration ordered by name.
func (s *Store) Integrations(ctx context.Context) ([]Integration, error) {
	out, err := queryAll(ctx, s, "integrations", `SELECT `+integrationCols+` FROM integrations ORDER BY name`, scanIntegration)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.loadWatermarks(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadWatermarks fills in.Watermarks.
func (s *Store) loadWatermarks(ctx context.Context, in *Integration) error {
	rows, err := s.db.QueryContext(ctx, `SELECT entity, at FROM watermarks WHERE integration_id = ?`, in.ID)
	if err != nil {
		return fmt.Errorf("read watermarks of integration %d: %w", in.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var e string
		var at sql.NullString
		if err := rows.Scan(&e, &at); err != nil {
			return err
		}
		if t := parseTime(at); !t.IsZero() {
			in.Watermarks[connector.Entity(e)] = t
		}
	}
	return rows.Err()
}

// encodeSettings renders the JSON columns: settings and the names of the secret fields.
func encodeSettings(in Integration) (settings, secretFields string, err error) {
	s, err := json.Marshal(nonNil(in.Settings))
	if err != nil {
		return "", "", err
	}
	f, err := json.Marshal(nonNilSlice(in.SecretFields))
	if err != nil {
		return "", "", err
	}
	return string(s), string(f), nil
}

func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
