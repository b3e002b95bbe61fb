package store

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ledgerStore has, in this order: an approval of Acme's seats (one write, pushed), a
// dismissal for Birch (no write) and an approval for Birch whose write is still queued.
func ledgerStore(t *testing.T) (*Store, *time.Time, []OutboxEntry) {
	t.Helper()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	s, err := Open(context.Background(), t.TempDir()+"/trueup.db", WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	in := newIntegration(t, s, "cw")
	acme := Decision{CardID: "c-acme", Cycle: "2026-12", Action: ActionApprove, AccountName: "Acme Dental", Vendors: []string{"Pax8"}, OSUser: "dana"}
	_, a, err := s.Approve(ctx, acme, []NewOutboxEntry{{IntegrationID: in.ID, Key: "acme/q", Write: json.RawMessage(`{}`)}})
	require.NoError(t, err)
	now = now.Add(time.Hour)
	require.NoError(t, s.ClaimOutbox(ctx, a[0].ID, OutboxQueued, 0))
	require.NoError(t, s.RecordPushed(ctx, a[0].ID, PSAAnswer{Status: 200, RecordID: "5001"}, nil))
	now = now.Add(time.Hour)
	_, _, err = s.Approve(ctx, Decision{CardID: "c-birch", Cycle: "2026-12", Action: ActionDismiss, AccountName: "Birch Law", Vendors: []string{"Other"}}, nil)
	require.NoError(t, err)
	now = now.Add(time.Hour)
	_, b, err := s.Approve(ctx, Decision{CardID: "c-birch2", Cycle: "2026-11", Action: ActionApprove, AccountName: "Birch Law", Vendors: []string{"Pax8"}},
		[]NewOutboxEntry{{IntegrationID: in.ID, Key: "birch/q", Write: json.RawMessage(`{}`)}})
	require.NoError(t, err)
	return s, &now, append(a, b...)
}

func TestLedgerListsDecisionsAndPushesNewestFirst(t *testing.T) {
	s, _, entries := ledgerStore(t)
	type row struct {
		card  string
		push  int64
		state string
	}
	pushed, queued := entries[0].ID, entries[1].ID
	for _, c := range []struct {
		name string
		f    LedgerFilter
		want []row
	}{
		{name: "all", want: []row{{"c-birch2", queued, "queued"}, {"c-birch2", 0, "queued"}, {"c-birch", 0, "recorded"}, {"c-acme", pushed, "pushed"}, {"c-acme", 0, "pushed"}}},
		{name: "cycle", f: LedgerFilter{Cycle: "2026-12"}, want: []row{{"c-birch", 0, "recorded"}, {"c-acme", pushed, "pushed"}, {"c-acme", 0, "pushed"}}},
		{name: "account substring any case", f: LedgerFilter{Account: "birch"}, want: []row{{"c-birch2", queued, "queued"}, {"c-birch2", 0, "queued"}, {"c-birch", 0, "recorded"}}},
		{name: "vendor", f: LedgerFilter{Vendor: "pax8"}, want: []row{{"c-birch2", queued, "queued"}, {"c-birch2", 0, "queued"}, {"c-acme", pushed, "pushed"}, {"c-acme", 0, "pushed"}}},
		{name: "state", f: LedgerFilter{State: "recorded"}, want: []row{{"c-birch", 0, "recorded"}}},
		{name: "since: the push an hour after its decision", f: LedgerFilter{Since: time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC)},
			want: []row{{"c-birch2", queued, "queued"}, {"c-birch2", 0, "queued"}, {"c-birch", 0, "recorded"}, {"c-acme", pushed, "pushed"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := s.Ledger(context.Background(), c.f)
			require.NoError(t, err)
			var got []row
			for _, r := range rows {
				var id int64
				if r.Entry != nil {
					id = r.Entry.ID
				}
				got = append(got, row{r.Decision.CardID, id, r.State()})
			}
			assert.Equal(t, c.want, got)
		})
	}
}

// A revert's push marks the push it compensates reverted in the same transaction.
func TestRecordPushedOfARevertMarksTheOriginalReverted(t *testing.T) {
	ctx := context.Background()
	s, _, entries := ledgerStore(t)
	orig := entries[0]
	_, rev, err := s.Approve(ctx, Decision{CardID: "c-acme", Cycle: "2026-12", Action: ActionRevert, RevertOf: orig.ID},
		[]NewOutboxEntry{{IntegrationID: orig.IntegrationID, Key: "acme/q/revert", Write: json.RawMessage(`{}`)}})
	require.NoError(t, err)
	// Another entry pushed does not touch the original.
	require.NoError(t, s.ClaimOutbox(ctx, entries[1].ID, OutboxQueued, 0))
	require.NoError(t, s.RecordPushed(ctx, entries[1].ID, PSAAnswer{Status: 200}, nil))
	got, err := s.OutboxEntry(ctx, orig.ID)
	require.NoError(t, err)
	assert.Equal(t, OutboxPushed, got.State)

	require.NoError(t, s.ClaimOutbox(ctx, rev[0].ID, OutboxQueued, 0))
	require.NoError(t, s.RecordPushed(ctx, rev[0].ID, PSAAnswer{Status: 200}, nil))
	got, err = s.OutboxEntry(ctx, orig.ID)
	require.NoError(t, err)
	assert.Equal(t, OutboxReverted, got.State)
	assert.Equal(t, 200, got.Answer.Status, "the original keeps its answer")
}

func TestDueNowClearsTheBackoffOfWaitingEntries(t *testing.T) {
	ctx := context.Background()
	s, now, entries := ledgerStore(t)
	q := entries[1]
	require.NoError(t, s.ClaimOutbox(ctx, q.ID, OutboxQueued, 0))
	require.NoError(t, s.MoveOutbox(ctx, q.ID, OutboxSending, OutboxQueued, OutboxChange{NextAttemptAt: now.Add(time.Hour), LastError: "down"}))
	require.NoError(t, s.DueNow(ctx, q.IntegrationID))
	got, err := s.OutboxEntry(ctx, q.ID)
	require.NoError(t, err)
	assert.True(t, got.NextAttemptAt.IsZero())
	assert.Equal(t, "down", got.LastError)
	assert.Equal(t, OutboxQueued, got.State)
}

// A reverted push keeps its place at its own time: its revert (decision and push) reads
// above it, newest first, and the pushes between them stay between them.
func TestLedgerOrdersAPushByItsOwnTimeWithItsRevertAfterIt(t *testing.T) {
	ctx := context.Background()
	s, now, entries := ledgerStore(t)
	orig := entries[0]
	*now = now.Add(time.Hour)
	_, rev, err := s.Approve(ctx, Decision{CardID: "c-acme", Cycle: "2026-12", Action: ActionRevert, RevertOf: orig.ID},
		[]NewOutboxEntry{{IntegrationID: orig.IntegrationID, Key: "acme/q/revert", Write: json.RawMessage(`{}`)}})
	require.NoError(t, err)
	*now = now.Add(time.Hour)
	require.NoError(t, s.ClaimOutbox(ctx, rev[0].ID, OutboxQueued, 0))
	require.NoError(t, s.RecordPushed(ctx, rev[0].ID, PSAAnswer{Status: 200}, nil))

	rows, err := s.Ledger(ctx, LedgerFilter{})
	require.NoError(t, err)
	type row struct {
		card   string
		action Action
		push   int64
		state  string
	}
	var got []row
	for _, r := range rows {
		var id int64
		if r.Entry != nil {
			id = r.Entry.ID
		}
		got = append(got, row{r.Decision.CardID, r.Decision.Action, id, r.State()})
	}
	assert.Equal(t, []row{
		{"c-acme", ActionRevert, rev[0].ID, "pushed"},
		{"c-acme", ActionRevert, 0, "pushed"},
		{"c-birch2", ActionApprove, entries[1].ID, "queued"},
		{"c-birch2", ActionApprove, 0, "queued"},
		{"c-birch", ActionDismiss, 0, "recorded"},
		{"c-acme", ActionApprove, orig.ID, "reverted"},
		{"c-acme", ActionApprove, 0, "reverted"},
	}, got)
}
