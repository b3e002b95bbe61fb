package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

func TestCacheSnapshotByIDReadsTheSameRecordsInIDOrder(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "CW")
	st, err := s.BeginStaging(ctx, in.ID, 1, true)
	require.NoError(t, err)
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	require.NoError(t, connector.Put(ctx, st, acct("b", "Acme", t0), acct("a", "Zenith", t0), acct("c", "Mid", t0)))
	require.NoError(t, connector.Put(ctx, st, agr("g1", "a")))
	_, err = st.Commit(ctx, CommitOptions{Succeeded: true})
	require.NoError(t, err)

	byName, err := s.CacheSnapshot(ctx, in.ID, false)
	require.NoError(t, err)
	byID, err := s.CacheSnapshotByID(ctx, in.ID)
	require.NoError(t, err)
	names := func(as []connector.Account) (out []string) {
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	assert.Equal(t, []string{"b", "c", "a"}, names(byName.Accounts))
	assert.Equal(t, []string{"a", "b", "c"}, names(byID.Accounts))
	assert.ElementsMatch(t, byName.Accounts, byID.Accounts)
	assert.Equal(t, byName.Agreements, byID.Agreements)
}
