package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Detection is when a card's change was first seen in a cycle and under which billing
// setting (reconcile.Detection): a changed setting applies to cards detected afterwards.
type Detection struct {
	CardID     string
	Cycle      string // YYYY-MM
	DetectedOn string // YYYY-MM-DD
	Policy     string // next_period | detected
}

// Detections lists the detections of one cycle.
func (s *Store) Detections(ctx context.Context, cycle string) ([]Detection, error) {
	return queryAll(ctx, s, "detections", `SELECT card_id, cycle, detected_on, policy FROM detections WHERE cycle = ? ORDER BY card_id`,
		func(row rowScanner) (Detection, error) {
			var d Detection
			err := row.Scan(&d.CardID, &d.Cycle, &d.DetectedOn, &d.Policy)
			return d, err
		}, cycle)
}

// AddDetections stores detections, keeping the first one of each (card, cycle): a card is
// detected once per cycle, and the date it was first seen never moves.
func (s *Store) AddDetections(ctx context.Context, ds []Detection) error {
	if len(ds) == 0 {
		return nil
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO detections (card_id, cycle, detected_on, policy) VALUES (?, ?, ?, ?)
			ON CONFLICT (card_id, cycle) DO NOTHING`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, d := range ds {
			if _, err := st.ExecContext(ctx, d.CardID, d.Cycle, d.DetectedOn, d.Policy); err != nil {
				return fmt.Errorf("card %s: %w", d.CardID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save detections: %w", err)
	}
	return nil
}
