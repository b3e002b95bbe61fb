package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// postNotices stores notices in the data folder as the app's producers would.
func (h *harness) postNotices(list ...store.Notice) []store.Notice {
	h.t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(h.dataDir, workspace.DatabaseFile))
	require.NoError(h.t, err)
	defer s.Close()
	var out []store.Notice
	for _, n := range list {
		got, _, err := s.PostNotice(ctx, n)
		require.NoError(h.t, err)
		out = append(out, got)
	}
	return out
}

func TestInboxCommand(t *testing.T) {
	h := newHarness(t)
	r := h.run("", "inbox")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "The inbox is empty")
	r = h.run("", "inbox", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.JSONEq(t, "[]", r.stdout)

	at := time.Date(2026, 12, 1, 7, 5, 0, 0, time.UTC)
	posted := h.postNotices(
		store.Notice{CreatedAt: at, Kind: workspace.NoticeSyncFailed, Title: "Pax8 sync failed", Body: "Scheduled sync failed.",
			Target: store.NoticeTargetRun, TargetRef: "42", DedupeKey: "run:42"},
		store.Notice{CreatedAt: at.Add(time.Hour), Kind: workspace.NoticeWeekly, Title: "Weekly summary, week of 30 Nov 2026",
			Body:   "Every vendor account and product is mapped.\nNew Revenue found: 2 cards worth $20.00 a month.",
			Target: store.NoticeTargetCards, TargetRef: "new_revenue", DedupeKey: "weekly:2026-W49"},
	)

	r = h.run("", "inbox")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "  unread  Weekly summary, week of 30 Nov 2026\n"+
		"    Every vendor account and product is mapped.\n"+
		"    New Revenue found: 2 cards worth $20.00 a month.\n"+
		"    open: trueup cards --state new_revenue\n")
	assert.Contains(t, r.stdout, "  unread  Pax8 sync failed\n    Scheduled sync failed.\n    open: trueup logs --run 42\n")
	assert.Contains(t, r.stdout, "2 unread of 2.")

	r = h.run("", "inbox", "read", "#"+strconv.FormatInt(posted[0].ID, 10))
	require.Equal(t, 0, r.code, r.stderr)
	r = h.run("", "inbox", "--unread", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var list []workspace.Notice
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list))
	require.Len(t, list, 1)
	assert.Equal(t, "weekly", list[0].Kind)
	assert.Equal(t, "cards", list[0].Target)
	assert.Equal(t, "new_revenue", list[0].CardState)
	assert.False(t, list[0].Read)

	r = h.run("", "inbox", "--json")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list))
	require.Len(t, list, 2)
	assert.Equal(t, []string{"weekly", "sync_failed"}, []string{list[0].Kind, list[1].Kind}, "unread first")
	assert.Equal(t, int64(42), list[1].RunID)
	assert.True(t, list[1].Read)
	assert.NotEmpty(t, list[1].ReadAt)

	r = h.run("", "inbox", "read", "--all")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Marked 1 notice read.\n", r.stdout)
	r = h.run("", "inbox", "--unread")
	assert.Equal(t, "No unread notices.\n", r.stdout)

	for name, tc := range map[string]struct {
		args []string
		err  string
	}{
		"unknown id":     {[]string{"read", "999"}, "there is no notice 999"},
		"not a number":   {[]string{"read", "x"}, `"x" is not a notice id`},
		"neither":        {[]string{"read"}, "give either --all or one notice id"},
		"both":           {[]string{"read", "--all", "3"}, "give either --all or one notice id"},
		"a stray word":   {[]string{"list"}, "unexpected \"list\""},
		"a bad limit":    {[]string{"--limit", "0"}, "--limit 0"},
		"too big a page": {[]string{"--limit", "500"}, "ask for 1 to 200 notices"},
	} {
		t.Run(name, func(t *testing.T) {
			r := h.run("", append([]string{"inbox"}, tc.args...)...)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, tc.err)
		})
	}
}
