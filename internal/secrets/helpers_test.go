package secrets_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/secrets"
)

// failing wraps a Store and fails every call on one field with ErrUnavailable.
type failing struct {
	secrets.Store
	field string
}

func (f failing) fail(k secrets.Key) error {
	if k.Field == f.field {
		return fmt.Errorf("%s: %w", k, secrets.ErrUnavailable)
	}
	return nil
}

func (f failing) Get(ctx context.Context, k secrets.Key) (string, error) {
	if err := f.fail(k); err != nil {
		return "", err
	}
	return f.Store.Get(ctx, k)
}

func (f failing) Set(ctx context.Context, k secrets.Key, v string) error {
	if err := f.fail(k); err != nil {
		return err
	}
	return f.Store.Set(ctx, k, v)
}

func (f failing) Delete(ctx context.Context, k secrets.Key) error {
	if err := f.fail(k); err != nil {
		return err
	}
	return f.Store.Delete(ctx, k)
}

func TestSetAll(t *testing.T) {
	tests := []struct {
		name      string
		failField string
		values    map[string]string
		wantErr   error
		wantMsg   []string
		wantSaved []string // fields present afterwards
	}{
		{
			name:      "all saved",
			values:    map[string]string{"public_key": "pub-123", "private_key": "priv-456"},
			wantSaved: []string{"private_key", "public_key"},
		},
		{name: "nothing to save", values: map[string]string{}},
		{
			name:      "one field fails: named, earlier fields reported",
			failField: "public_key",
			values:    map[string]string{"client_id": "cid-1", "public_key": "pub-123", "secret": "sec-9"},
			wantErr:   secrets.ErrUnavailable,
			wantMsg:   []string{"the public_key secret failed", "already saved: client_id"},
			wantSaved: []string{"client_id"},
		},
		{
			name:      "first field fails",
			failField: "a",
			values:    map[string]string{"a": "value-a", "b": "value-b"},
			wantErr:   secrets.ErrUnavailable,
			wantMsg:   []string{"the a secret failed", "already saved: none"},
		},
		{
			name:    "too large: nothing written",
			values:  map[string]string{"a": "value-a", "z": strings.Repeat("Z", 2600)},
			wantErr: secrets.ErrTooLarge,
			wantMsg: []string{"nothing was saved", "the z secret", "2600 bytes"},
		},
		{
			name:    "empty value: nothing written",
			values:  map[string]string{"a": "value-a", "b": ""},
			wantErr: secrets.ErrEmptyValue,
			wantMsg: []string{"the b secret"},
		},
		{
			name:    "invalid field name",
			values:  map[string]string{"a/b": "value"},
			wantErr: secrets.ErrInvalidKey,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			mem := secrets.NewMemory()
			var s secrets.Store = mem
			if tt.failField != "" {
				s = failing{Store: mem, field: tt.failField}
			}
			err := secrets.SetAll(ctx, s, "42", tt.values)
			if tt.wantErr == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tt.wantErr)
				for _, m := range tt.wantMsg {
					assert.Contains(t, err.Error(), m)
				}
				for _, v := range tt.values {
					if v != "" {
						assert.NotContains(t, err.Error(), v, "error must not contain a value")
					}
				}
			}
			assert.Equal(t, len(tt.wantSaved), mem.Len())
			for _, f := range tt.wantSaved {
				got, err := mem.Get(ctx, secrets.Key{Integration: "42", Field: f})
				require.NoError(t, err)
				assert.Equal(t, tt.values[f], got)
			}
		})
	}
}

func TestGetAll(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		stored    map[string]string
		failField string
		fields    []string
		want      map[string]string
		wantErr   error
		wantMsg   string
	}{
		{
			name:   "all present",
			stored: map[string]string{"public_key": "pub", "private_key": "priv", "unused": "x"},
			fields: []string{"public_key", "private_key"},
			want:   map[string]string{"public_key": "pub", "private_key": "priv"},
		},
		{name: "no fields", fields: nil, want: map[string]string{}},
		{
			name:    "missing field named with the fix",
			stored:  map[string]string{"public_key": "pub"},
			fields:  []string{"public_key", "private_key"},
			wantErr: secrets.ErrNotFound,
			wantMsg: "the private_key secret is not in the keychain: set it with `trueup credentials set --integration NAME` or in Integrations > Edit secrets",
		},
		{
			name:      "keychain unavailable",
			stored:    map[string]string{"public_key": "pub"},
			failField: "public_key",
			fields:    []string{"public_key"},
			wantErr:   secrets.ErrUnavailable,
			wantMsg:   "read the public_key secret of integration 42",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := secrets.NewMemory()
			require.NoError(t, secrets.SetAll(ctx, mem, "42", tt.stored))
			var s secrets.Store = mem
			if tt.failField != "" {
				s = failing{Store: mem, field: tt.failField}
			}
			got, err := secrets.GetAll(ctx, s, "42", tt.fields)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Contains(t, err.Error(), tt.wantMsg)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMissingErrorName(t *testing.T) {
	mem := secrets.NewMemory()
	_, err := secrets.GetAll(context.Background(), mem, "42", []string{"api_key"})
	var me *secrets.MissingError
	require.True(t, errors.As(err, &me))
	assert.Equal(t, "42", me.Integration)
	assert.Equal(t, "api_key", me.Field)
	me.Name = "Pax8"
	assert.Equal(t, "the api_key secret is not in the keychain: set it with `trueup credentials set --integration Pax8` or in Integrations > Edit secrets", err.Error())
}

func TestDeleteAll(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		stored    map[string]string
		failField string
		fields    []string
		wantLeft  int
		wantErr   error
		wantMsg   string
	}{
		{name: "all present", stored: map[string]string{"a": "1", "b": "2"}, fields: []string{"a", "b"}},
		{name: "missing ignored", stored: map[string]string{"a": "1"}, fields: []string{"a", "b", "c"}},
		{name: "nothing stored", fields: []string{"a"}},
		{name: "only listed fields", stored: map[string]string{"a": "1", "keep": "2"}, fields: []string{"a"}, wantLeft: 1},
		{
			name:      "failure reported, others still deleted",
			stored:    map[string]string{"a": "1", "b": "2", "c": "3"},
			failField: "b",
			fields:    []string{"a", "b", "c"},
			wantLeft:  1,
			wantErr:   secrets.ErrUnavailable,
			wantMsg:   "delete the b secret of integration 42",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := secrets.NewMemory()
			require.NoError(t, secrets.SetAll(ctx, mem, "42", tt.stored))
			require.NoError(t, mem.Set(ctx, secrets.Key{Integration: "43", Field: "a"}, "other integration"))
			var s secrets.Store = mem
			if tt.failField != "" {
				s = failing{Store: mem, field: tt.failField}
			}
			err := secrets.DeleteAll(ctx, s, "42", tt.fields)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Contains(t, err.Error(), tt.wantMsg)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.wantLeft+1, mem.Len(), "other integration untouched")
		})
	}
}

// locked fails every call the way Keyring does when the keychain cannot be used.
type locked struct{ secrets.Store }

func (locked) err(k secrets.Key, op string) error {
	return &secrets.UnavailableError{Op: op, Key: k, Reason: "the keychain is locked: unlock it, then try again",
		Cause: "org.freedesktop.Secret.Error.IsLocked"}
}
func (l locked) Get(_ context.Context, k secrets.Key) (string, error) { return "", l.err(k, "get") }
func (l locked) Set(_ context.Context, k secrets.Key, _ string) error { return l.err(k, "set") }
func (l locked) Delete(_ context.Context, k secrets.Key) error        { return l.err(k, "delete") }

// Issue 5: a locked keychain showed a chain of wrapped errors with internal integration
// ids; the helpers now pass the keychain's one sentence on and keep the ids for the log.
func TestHelpersKeepTheKeychainsSentence(t *testing.T) {
	ctx := context.Background()
	s := locked{secrets.NewMemory()}
	const uid = "7f3a9c"
	_, getErr := secrets.GetAll(ctx, s, uid, []string{"public_key", "private_key"})
	setErr := secrets.SetAll(ctx, s, uid, map[string]string{"public_key": "a", "private_key": "b"})
	delErr := secrets.DeleteAll(ctx, s, uid, []string{"public_key", "private_key"})
	for _, err := range []error{getErr, setErr, delErr} {
		require.ErrorIs(t, err, secrets.ErrUnavailable)
		assert.Equal(t, "the keychain is locked: unlock it, then try again", err.Error())
		var ue *secrets.UnavailableError
		require.ErrorAs(t, err, &ue)
		assert.Contains(t, ue.Detail(), "integration "+uid)
	}
	var ue *secrets.UnavailableError
	require.ErrorAs(t, setErr, &ue)
	assert.Contains(t, ue.Detail(), "(already saved: none)")
}
