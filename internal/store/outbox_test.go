package store

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

func approval(card string) Decision {
	return Decision{CardID: card, Cycle: "2026-12", Action: ActionApprove, VendorQuantity: "27", PSAQuantity: "25",
		TargetQuantity: "27", Note: "seats added", OSUser: "dana"}
}

func TestApproveRecordsTheDecisionAndItsEntriesTogether(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "cw")
	d, entries, err := s.Approve(ctx, approval("c1"), []NewOutboxEntry{
		{IntegrationID: in.ID, Key: "c1/2026-12/quantity", Write: json.RawMessage(`{"Method":"PATCH"}`)},
		{IntegrationID: in.ID, Key: "c1/2026-12/prorated", Write: json.RawMessage(`{"Method":"POST"}`)},
	})
	require.NoError(t, err)
	require.Len(t, entries, 2)

	got, err := s.Decision(ctx, d.ID)
	require.NoError(t, err)
	assert.Equal(t, "dana", got.OSUser)
	assert.Equal(t, "27", got.TargetQuantity)
	assert.False(t, got.At.IsZero())

	list, err := s.Outbox(ctx, in.ID, OutboxQueued)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, []string{"c1/2026-12/quantity", "c1/2026-12/prorated"}, []string{list[0].Key, list[1].Key}, "in approval order")
	assert.Equal(t, d.ID, list[0].DecisionID)
	assert.JSONEq(t, `{"Method":"PATCH"}`, string(list[0].Write))

	// The same change again is refused whole: no second decision, no second entry.
	_, _, err = s.Approve(ctx, approval("c1"), []NewOutboxEntry{
		{IntegrationID: in.ID, Key: "c1/2026-12/other", Write: json.RawMessage(`{}`)},
		{IntegrationID: in.ID, Key: "c1/2026-12/quantity", Write: json.RawMessage(`{}`)},
	})
	require.ErrorIs(t, err, ErrDuplicateKey)
	assert.ErrorContains(t, err, "look at that push instead of approving again")
	_, err = s.Decision(ctx, d.ID+1)
	assert.ErrorIs(t, err, ErrNotFound, "the refused decision was rolled back")
	all, err := s.Outbox(ctx, in.ID)
	require.NoError(t, err)
	assert.Len(t, all, 2)
}

func TestDecisionKeepsWhatTheLedgerShows(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "cw")
	want := approval("c2")
	want.PSAIntegrationID, want.AccountID, want.AccountName = in.ID, "19", "Eastgate Property Management"
	want.ProductID, want.ProductName = "M365BP", "Microsoft 365 Business Premium"
	want.AgreementID, want.AgreementName, want.LineID = "7", "Managed Services", "501"
	want.EffectiveDate, want.Vendors, want.Automatic, want.RevertOf = "2027-01-01", []string{"Pax8"}, true, 42
	d, _, err := s.Approve(ctx, want, nil)
	require.NoError(t, err)
	got, err := s.Decision(ctx, d.ID)
	require.NoError(t, err)
	want.ID, want.At = d.ID, got.At
	assert.Equal(t, want, got)

	bare, _, err := s.Approve(ctx, approval("c3"), nil)
	require.NoError(t, err)
	got, err = s.Decision(ctx, bare.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{}, got.Vendors, "no vendors reads back as an empty list, never null")
}

func TestOutboxMovesOnlyFromTheStateItIsIn(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "cw")
	_, entries, err := s.Approve(ctx, approval("c1"), []NewOutboxEntry{{IntegrationID: in.ID, Key: "k", Write: json.RawMessage(`{}`)}})
	require.NoError(t, err)
	id := entries[0].ID

	require.NoError(t, s.ClaimOutbox(ctx, id, OutboxQueued, 0))
	require.ErrorIs(t, s.ClaimOutbox(ctx, id, OutboxQueued, 0), ErrStateChanged, "a second claim finds it sending")

	// Two workers settling the same sending entry: the one that saw attempts 1 first wins.
	require.NoError(t, s.ClaimOutbox(ctx, id, OutboxSending, 1))
	require.ErrorIs(t, s.ClaimOutbox(ctx, id, OutboxSending, 1), ErrStateChanged)

	err = s.MoveOutbox(ctx, id, OutboxQueued, OutboxFailed, OutboxChange{LastError: "x"})
	require.ErrorIs(t, err, ErrStateChanged)
	assert.ErrorContains(t, err, "it is sending, not queued")

	e, err := s.OutboxEntry(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, OutboxSending, e.State)
	assert.Equal(t, 2, e.Attempts)
}

func TestRecordPushedKeepsTheAnswerAndUpdatesTheCache(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "cw")
	_, entries, err := s.Approve(ctx, approval("c1"), []NewOutboxEntry{{IntegrationID: in.ID, Key: "k", Write: json.RawMessage(`{}`)}})
	require.NoError(t, err)
	id := entries[0].ID
	rec := record(t, line("l1", "g1", 27))
	answer := PSAAnswer{Status: 200, RecordID: "l1", Field: "quantity", Value: json.RawMessage(`27`)}

	err = s.RecordPushed(ctx, id, answer, &rec)
	require.ErrorIs(t, err, ErrStateChanged, "only a sending entry is recorded pushed")
	_, err = s.CachedRecord(ctx, in.ID, connector.EntityServiceLines, "l1")
	require.ErrorIs(t, err, ErrNotFound, "and the cache is untouched when it is not")

	require.NoError(t, s.ClaimOutbox(ctx, id, OutboxQueued, 0))
	require.NoError(t, s.RecordPushed(ctx, id, answer, &rec))
	e, err := s.OutboxEntry(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, OutboxPushed, e.State)
	require.NotNil(t, e.Answer)
	assert.Equal(t, answer.RecordID, e.Answer.RecordID)
	assert.JSONEq(t, `27`, string(e.Answer.Value))

	cached, err := s.CachedRecord(ctx, in.ID, connector.EntityServiceLines, "l1")
	require.NoError(t, err)
	l, err := connector.Decode[connector.ServiceLine](cached)
	require.NoError(t, err)
	assert.Equal(t, 27.0, l.Quantity)
}
