package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func titles(list []Notice) []string {
	out := []string{}
	for _, n := range list {
		out = append(out, n.Title)
	}
	return out
}

func TestPostNoticeOncePerDedupeKey(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "trueup.db")
	clock := &fixedClock{time.Date(2026, 12, 2, 7, 0, 0, 0, time.UTC)}
	s, err := Open(ctx, path, WithClock(clock.now))
	require.NoError(t, err)
	first, added, err := s.PostNotice(ctx, Notice{Kind: "sync_failed", Title: "Pax8 sync failed", Body: "401",
		Target: NoticeTargetRun, TargetRef: "42", DedupeKey: "run:42"})
	require.NoError(t, err)
	assert.True(t, added)
	assert.Equal(t, clock.t, first.CreatedAt.UTC())
	assert.True(t, first.ReadAt.IsZero())

	again, added, err := s.PostNotice(ctx, Notice{Kind: "sync_failed", Title: "changed title", DedupeKey: "run:42"})
	require.NoError(t, err)
	assert.False(t, added, "a second post of the same event adds nothing")
	assert.Equal(t, first, again, "and returns the first notice unchanged")
	require.NoError(t, s.Close())

	// A restarted process (or a second one) finds the key and posts nothing either.
	s, err = Open(ctx, path, WithClock(clock.now))
	require.NoError(t, err)
	defer s.Close()
	_, added, err = s.PostNotice(ctx, Notice{Kind: "sync_failed", Title: "Pax8 sync failed", DedupeKey: "run:42"})
	require.NoError(t, err)
	assert.False(t, added)
	exists, err := s.NoticeExists(ctx, "run:42")
	require.NoError(t, err)
	assert.True(t, exists)
	total, unread, err := s.NoticeCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, [2]int{1, 1}, [2]int{total, unread})
}

func TestPostNoticeRefusesIncompleteNotice(t *testing.T) {
	s := openTest(t)
	for _, n := range []Notice{{Kind: "k", Title: "t"}, {Kind: "k", DedupeKey: "d"}, {Title: "t", DedupeKey: "d"}} {
		_, _, err := s.PostNotice(context.Background(), n)
		assert.Error(t, err, "%+v", n)
	}
}

func TestNoticesUnreadFirstPagedAndMarkedRead(t *testing.T) {
	ctx := context.Background()
	clock := &fixedClock{time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)}
	s, err := Open(ctx, filepath.Join(t.TempDir(), "trueup.db"), WithClock(clock.now))
	require.NoError(t, err)
	defer s.Close()
	ids := map[string]int64{}
	for _, title := range []string{"a", "b", "c", "d"} {
		n, _, err := s.PostNotice(ctx, Notice{Kind: "k", Title: title, DedupeKey: title})
		require.NoError(t, err)
		ids[title] = n.ID
		clock.t = clock.t.Add(time.Hour)
	}
	require.NoError(t, s.MarkNoticeRead(ctx, ids["d"]))
	require.NoError(t, s.MarkNoticeRead(ctx, ids["b"]))

	tests := []struct {
		name          string
		unreadOnly    bool
		offset, limit int
		want          []string
	}{
		{"unread first, newest first in each", false, 0, 10, []string{"c", "a", "d", "b"}},
		{"a page", false, 1, 2, []string{"a", "d"}},
		{"past the end", false, 4, 2, []string{}},
		{"unread only", true, 0, 10, []string{"c", "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := s.Notices(ctx, tt.unreadOnly, tt.offset, tt.limit)
			require.NoError(t, err)
			assert.Equal(t, tt.want, titles(list))
		})
	}

	readAt := clock.t
	clock.t = clock.t.Add(time.Hour)
	require.NoError(t, s.MarkNoticeRead(ctx, ids["b"]), "marking a read notice again is fine")
	list, err := s.Notices(ctx, false, 0, 10)
	require.NoError(t, err)
	assert.Equal(t, readAt, list[3].ReadAt.UTC(), "and keeps its first read time")

	assert.ErrorIs(t, s.MarkNoticeRead(ctx, 999), ErrNoticeNotFound)
	n, err := s.MarkAllNoticesRead(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	_, unread, err := s.NoticeCounts(ctx)
	require.NoError(t, err)
	assert.Zero(t, unread)
}

func TestNoticesAfterAndDeleteBefore(t *testing.T) {
	ctx := context.Background()
	clock := &fixedClock{time.Date(2026, 9, 1, 7, 0, 0, 0, time.UTC)}
	s, err := Open(ctx, filepath.Join(t.TempDir(), "trueup.db"), WithClock(clock.now))
	require.NoError(t, err)
	defer s.Close()
	last, err := s.LastNoticeID(ctx)
	require.NoError(t, err)
	assert.Zero(t, last)
	for _, title := range []string{"old", "mid", "new"} {
		_, _, err := s.PostNotice(ctx, Notice{Kind: "k", Title: title, DedupeKey: title})
		require.NoError(t, err)
		clock.t = clock.t.AddDate(0, 1, 0)
	}
	first, err := s.NoticesAfter(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, []string{"old", "mid", "new"}, titles(first))
	later, err := s.NoticesAfter(ctx, first[0].ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"mid", "new"}, titles(later))

	n, err := s.DeleteNoticesBefore(ctx, time.Date(2026, 10, 1, 7, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, 1, n, "only the notice created before the cut goes")
	left, err := s.Notices(ctx, false, 0, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"new", "mid"}, titles(left))
	last, err = s.LastNoticeID(ctx)
	require.NoError(t, err)
	assert.Equal(t, first[2].ID, last)
}

// Every target the workspace posts is one the table takes (its CHECK constraint lists them).
func TestPostNoticeTakesEveryTarget(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "trueup.db"))
	require.NoError(t, err)
	defer s.Close()
	for _, target := range []string{NoticeTargetNone, NoticeTargetRun, NoticeTargetCards, NoticeTargetLedger,
		NoticeTargetMapping, NoticeTargetSync, NoticeTargetSettings} {
		n, added, err := s.PostNotice(ctx, Notice{Kind: "auto_trueup", Title: "t", Target: target, TargetRef: "Pax8",
			DedupeKey: "target:" + target})
		require.NoError(t, err, "target %q", target)
		assert.True(t, added)
		assert.Equal(t, target, n.Target)
	}
}
