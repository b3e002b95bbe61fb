package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Mapping ties one vendor account or product to a PSA account or product, or excludes it
// (migration 006). Names are the last ones seen, kept so that a mapping whose vendor id is
// gone from the source can still be shown.
type Mapping struct {
	VendorIntegrationID int64
	Kind                string // account | product
	VendorID            string
	Excluded            bool
	PSAIntegrationID    int64 // 0 when excluded
	PSAID               string
	VendorName          string
	PSAName             string
	OSUser              string
	UpdatedAt           time.Time
}

// Mapping kinds.
const (
	MappingAccount = "account"
	MappingProduct = "product"
)

func (m Mapping) check() error {
	switch {
	case m.VendorIntegrationID == 0 || m.VendorID == "":
		return fmt.Errorf("a mapping needs a vendor integration and a vendor id")
	case m.Kind != MappingAccount && m.Kind != MappingProduct:
		return fmt.Errorf("mapping kind %q is unknown: use %s or %s", m.Kind, MappingAccount, MappingProduct)
	case m.Excluded && (m.PSAIntegrationID != 0 || m.PSAID != ""):
		return fmt.Errorf("mapping of %s %s: an excluded item has no PSA target", m.Kind, m.VendorID)
	case !m.Excluded && (m.PSAIntegrationID == 0 || m.PSAID == ""):
		return fmt.Errorf("mapping of %s %s: give the PSA integration and id it maps to, or exclude it", m.Kind, m.VendorID)
	}
	return nil
}

const mappingCols = `vendor_integration_id, kind, vendor_id, excluded, psa_integration_id, psa_id, vendor_name, psa_name, os_user, updated_at`

func scanMapping(row rowScanner) (Mapping, error) {
	var m Mapping
	var psa sql.NullInt64
	var at sql.NullString
	if err := row.Scan(&m.VendorIntegrationID, &m.Kind, &m.VendorID, &m.Excluded, &psa, &m.PSAID, &m.VendorName,
		&m.PSAName, &m.OSUser, &at); err != nil {
		return Mapping{}, err
	}
	m.PSAIntegrationID, m.UpdatedAt = psa.Int64, parseTime(at)
	return m, nil
}

// Mappings lists the mappings of one vendor integration (0: of every one), by kind and id.
func (s *Store) Mappings(ctx context.Context, vendorIntegrationID int64) ([]Mapping, error) {
	q := `SELECT ` + mappingCols + ` FROM mappings`
	var args []any
	if vendorIntegrationID != 0 {
		q += ` WHERE vendor_integration_id = ?`
		args = append(args, vendorIntegrationID)
	}
	return queryAll(ctx, s, "mappings", q+` ORDER BY vendor_integration_id, kind, vendor_id`, scanMapping, args...)
}

// SetMappings creates or replaces mappings in one transaction: all of them or none (an
// "accept all exact matches" never half-applies). UpdatedAt zero means now.
func (s *Store) SetMappings(ctx context.Context, ms ...Mapping) error {
	for _, m := range ms {
		if err := m.check(); err != nil {
			return err
		}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, m := range ms {
			if m.UpdatedAt.IsZero() {
				m.UpdatedAt = s.now()
			}
			var psa any
			if !m.Excluded {
				psa = m.PSAIntegrationID
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO mappings (`+mappingCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (vendor_integration_id, kind, vendor_id) DO UPDATE SET excluded = excluded.excluded,
				psa_integration_id = excluded.psa_integration_id, psa_id = excluded.psa_id, vendor_name = excluded.vendor_name,
				psa_name = excluded.psa_name, os_user = excluded.os_user, updated_at = excluded.updated_at`,
				m.VendorIntegrationID, m.Kind, m.VendorID, m.Excluded, psa, m.PSAID, m.VendorName, m.PSAName, m.OSUser,
				fmtTime(m.UpdatedAt)); err != nil {
				return fmt.Errorf("%s %s: %w", m.Kind, m.VendorID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save mappings: %w", err)
	}
	return nil
}

// ClearMapping removes a mapping: the item is unmapped again. Clearing one that does not
// exist is not an error (the item is unmapped either way).
func (s *Store) ClearMapping(ctx context.Context, vendorIntegrationID int64, kind, vendorID string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM mappings WHERE vendor_integration_id = ? AND kind = ? AND vendor_id = ?`,
		vendorIntegrationID, kind, vendorID); err != nil {
		return fmt.Errorf("clear the mapping of %s %s: %w", kind, vendorID, err)
	}
	return nil
}
