package workspace

// Temporary while the true-up services are built in parallel (issue 7): each method here
// moves into its service's own file when it is implemented, and this file goes.

import (
	"context"
	"errors"
)

var errPending = errors.New("this part of the true-up is not built yet")

func (c *Cards) List(ctx context.Context, q CardQuery) (CardList, error) {
	return CardList{}, errPending
}
func (c *Cards) Preview(ctx context.Context, req ApproveRequest) (ApprovePreview, error) {
	return ApprovePreview{}, errPending
}
func (c *Cards) Approve(ctx context.Context, req ApproveRequest) (ApproveResult, error) {
	return ApproveResult{}, errPending
}
func (c *Cards) BulkApprove(ctx context.Context, req BulkApproveRequest) (BulkApproveResult, error) {
	return BulkApproveResult{}, errPending
}
func (c *Cards) Dismiss(ctx context.Context, cardIDs []string, note string) error { return errPending }
func (c *Cards) Acknowledge(ctx context.Context, cardIDs []string) (int, error)   { return 0, errPending }
func (c *Cards) Costs(ctx context.Context) ([]CostRowDTO, error)                  { return nil, errPending }
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

// Send wakes the push workers for entryIDs and waits until each is pushed, failed or in
// conflict, or waits for a later attempt because the PSA cannot be reached (then queued);
// it returns their states.
func (p *Pushes) Send(ctx context.Context, entryIDs []int64) ([]PushEntry, error) {
	return nil, errPending
}
