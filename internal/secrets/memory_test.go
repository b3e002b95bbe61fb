package secrets_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/secrets"
)

func TestMemory(t *testing.T) {
	key := secrets.Key{Integration: "42", Field: "private_key"}
	other := secrets.Key{Integration: "43", Field: "private_key"}
	type step struct {
		op      string // get, set, delete
		key     secrets.Key
		value   string // set: value; get: want
		wantErr error
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{name: "get missing", steps: []step{{op: "get", key: key, wantErr: secrets.ErrNotFound}}},
		{name: "round trip", steps: []step{
			{op: "set", key: key, value: "s3cret"},
			{op: "get", key: key, value: "s3cret"},
		}},
		{name: "overwrite replaces", steps: []step{
			{op: "set", key: key, value: "old"},
			{op: "set", key: key, value: "new"},
			{op: "get", key: key, value: "new"},
		}},
		{name: "integrations are separate", steps: []step{
			{op: "set", key: key, value: "a"},
			{op: "get", key: other, wantErr: secrets.ErrNotFound},
		}},
		{name: "delete then get", steps: []step{
			{op: "set", key: key, value: "a"},
			{op: "delete", key: key},
			{op: "get", key: key, wantErr: secrets.ErrNotFound},
		}},
		{name: "delete missing", steps: []step{{op: "delete", key: key, wantErr: secrets.ErrNotFound}}},
		{name: "unicode", steps: []step{
			{op: "set", key: key, value: "pässwört-密码-🔑"},
			{op: "get", key: key, value: "pässwört-密码-🔑"},
		}},
		{name: "empty value refused", steps: []step{{op: "set", key: key, value: "", wantErr: secrets.ErrEmptyValue}}},
		{name: "limit accepted", steps: []step{
			{op: "set", key: key, value: strings.Repeat("x", secrets.MaxValueBytes)},
			{op: "get", key: key, value: strings.Repeat("x", secrets.MaxValueBytes)},
		}},
		{name: "too large refused", steps: []step{
			{op: "set", key: key, value: strings.Repeat("x", secrets.MaxValueBytes+1), wantErr: secrets.ErrTooLarge},
			{op: "get", key: key, wantErr: secrets.ErrNotFound},
		}},
		{name: "invalid key", steps: []step{
			{op: "set", key: secrets.Key{Integration: "42"}, value: "s3cret-value", wantErr: secrets.ErrInvalidKey},
			{op: "get", key: secrets.Key{Field: "x"}, wantErr: secrets.ErrInvalidKey},
			{op: "delete", key: secrets.Key{}, wantErr: secrets.ErrInvalidKey},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			m := secrets.NewMemory()
			for i, s := range tt.steps {
				var err error
				switch s.op {
				case "get":
					var got string
					got, err = m.Get(ctx, s.key)
					if s.wantErr == nil {
						require.NoError(t, err, "step %d", i)
						assert.Equal(t, s.value, got, "step %d", i)
					}
				case "set":
					err = m.Set(ctx, s.key, s.value)
				case "delete":
					err = m.Delete(ctx, s.key)
				}
				if s.wantErr != nil {
					require.ErrorIs(t, err, s.wantErr, "step %d", i)
					if s.value != "" {
						assert.NotContains(t, err.Error(), s.value, "step %d: error must not contain the value", i)
					}
				} else {
					require.NoError(t, err, "step %d", i)
				}
			}
		})
	}
}

func TestMemoryCancelledContext(t *testing.T) {
	m := secrets.NewMemory()
	key := secrets.Key{Integration: "42", Field: "token"}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, m.Set(ctx, key, "v"), context.Canceled)
	_, err := m.Get(ctx, key)
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, m.Delete(ctx, key), context.Canceled)
	assert.Equal(t, 0, m.Len())
}

func TestMemoryConcurrent(t *testing.T) {
	ctx := context.Background()
	m := secrets.NewMemory()
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			key := secrets.Key{Integration: "42", Field: fmt.Sprintf("f%d", i)}
			assert.NoError(t, m.Set(ctx, key, fmt.Sprintf("v%d", i)))
			v, err := m.Get(ctx, key)
			assert.NoError(t, err)
			assert.Equal(t, fmt.Sprintf("v%d", i), v)
		})
	}
	wg.Wait()
	assert.Equal(t, 50, m.Len())
}
