package secrets_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/secrets"
)

func TestKeyValidate(t *testing.T) {
	tests := []struct {
		name    string
		key     secrets.Key
		wantErr string
	}{
		{name: "ok", key: secrets.Key{Integration: "42", Field: "private_key"}},
		{name: "unicode field", key: secrets.Key{Integration: "42", Field: "clé"}},
		{name: "empty integration", key: secrets.Key{Field: "private_key"}, wantErr: "integration is empty"},
		{name: "empty field", key: secrets.Key{Integration: "42"}, wantErr: "field is empty"},
		{name: "slash in integration", key: secrets.Key{Integration: "4/2", Field: "x"}, wantErr: "must not contain '/'"},
		{name: "slash in field", key: secrets.Key{Integration: "42", Field: "a/b"}, wantErr: "must not contain '/'"},
		{name: "spaces", key: secrets.Key{Integration: "42", Field: " secret"}, wantErr: "spaces"},
		{name: "control character", key: secrets.Key{Integration: "42", Field: "a\nb"}, wantErr: "control characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.key.Validate()
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, secrets.ErrInvalidKey)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestKeyAccount(t *testing.T) {
	k := secrets.Key{Integration: "42", Field: "private_key"}
	assert.Equal(t, "integration/42/private_key", k.Account())
	assert.Equal(t, "the private_key secret of integration 42", k.String())
}
