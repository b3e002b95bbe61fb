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
func (c *Cards) Costs(ctx context.Context) ([]CostRowDTO, error) { return nil, errPending }
func (c *Cards) PushCost(ctx context.Context, psaIntegrationID int64, productID string, dryRun bool) (ApproveResult, error) {
	return ApproveResult{}, errPending
}

func (p *Pushes) Outbox(ctx context.Context) ([]PushEntry, error)  { return nil, errPending }
func (p *Pushes) SendNow(ctx context.Context) ([]PushEntry, error) { return nil, errPending }
func (p *Pushes) Ledger(ctx context.Context, q LedgerQuery) ([]LedgerEntry, error) {
	return nil, errPending
}
func (p *Pushes) LedgerCSV(ctx context.Context, q LedgerQuery) (string, error) { return "", errPending }
func (p *Pushes) RevertPreview(ctx context.Context, pushID int64) (RevertPreview, error) {
	return RevertPreview{}, errPending
}
func (p *Pushes) Revert(ctx context.Context, pushID int64, confirmChanged bool) (ApproveResult, error) {
	return ApproveResult{}, errPending
}
func (p *Pushes) Subscribe(f func(PushEntry)) (unsubscribe func()) { return func() {} }

func (m *Month) Progress(ctx context.Context) (MonthProgress, error) {
	return MonthProgress{}, errPending
}
func (m *Month) Start(ctx context.Context) (MonthProgress, error) { return MonthProgress{}, errPending }
func (m *Month) SetStep(ctx context.Context, step string) (MonthProgress, error) {
	return MonthProgress{}, errPending
}

// Send wakes the push workers for entryIDs and waits until each is pushed, failed or in
// conflict, or waits for a later attempt because the PSA cannot be reached (then queued);
// it returns their states.
func (p *Pushes) Send(ctx context.Context, entryIDs []int64) ([]PushEntry, error) {
	return nil, errPending
}
