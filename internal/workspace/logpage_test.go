package workspace_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

func TestRunLogPagesAddUpToTheWholeLog(t *testing.T) {
	ctx := context.Background()
	ws, _ := open(t, secrets.NewMemory())
	_, url := pax8Sim(t)
	in := addPax8(t, ws, url)
	runs, err := ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}, Mode: "full"})
	require.NoError(t, err)
	require.NoError(t, ws.Sync().Wait(ctx, runs[0].ID))
	id := runs[0].ID

	whole, err := ws.Sync().Log(ctx, id)
	require.NoError(t, err)
	require.Greater(t, len(whole), 3, "a Pax8 Full Sync logs a few lines")

	var paged []workspace.LogLine
	offset := 0
	for {
		page, err := ws.Sync().LogPage(ctx, id, offset, 2)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(page.Lines), 2)
		paged = append(paged, page.Lines...)
		assert.Equal(t, offset+len(page.Lines), page.Next)
		offset = page.Next
		if !page.More {
			break
		}
	}
	assert.Equal(t, whole, paged)

	past, err := ws.Sync().LogPage(ctx, id, len(whole), 2)
	require.NoError(t, err)
	assert.Empty(t, past.Lines, "a live log asks after its last line and gets nothing until more is logged")
	assert.False(t, past.More)
	assert.NotNil(t, past.Lines, "an empty page is [] in JSON, not null")

	for _, bad := range []struct{ offset, limit int }{{-1, 10}, {0, 0}, {0, workspace.MaxLogPage + 1}} {
		_, err := ws.Sync().LogPage(ctx, id, bad.offset, bad.limit)
		assert.Error(t, err, "offset %d limit %d", bad.offset, bad.limit)
	}
}
