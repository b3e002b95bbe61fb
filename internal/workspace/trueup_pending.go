package workspace

// Temporary while the true-up services are built in parallel (issue 7): each method here
// moves into its service's own file when it is implemented, and this file goes.

import (
	"context"
	"errors"
)

var errPending = errors.New("this part of the true-up is not built yet")

func (m *Mappings) List(ctx context.Context, vendorIntegrationID int64, unmappedOnly bool) (MappingList, error) {
	return MappingList{}, errPending
}
func (m *Mappings) Map(ctx context.Context, req MapRequest) (MappingRow, error) {
	return MappingRow{}, errPending
}
func (m *Mappings) AcceptExact(ctx context.Context, vendorIntegrationID int64) (int, error) {
	return 0, errPending
}
func (m *Mappings) Options(ctx context.Context, psaIntegrationID int64, kind, query string) ([]PSAOption, error) {
	return nil, errPending
}
func (m *Mappings) SetAccountNote(ctx context.Context, in AccountNoteInput) error { return errPending }

func (c *Cards) SanityCheck(ctx context.Context) (SanityCheck, error) {
	return SanityCheck{}, errPending
}

func (m *Month) Progress(ctx context.Context) (MonthProgress, error) {
	return MonthProgress{}, errPending
}
func (m *Month) Start(ctx context.Context) (MonthProgress, error) { return MonthProgress{}, errPending }
func (m *Month) SetStep(ctx context.Context, step string) (MonthProgress, error) {
	return MonthProgress{}, errPending
}
