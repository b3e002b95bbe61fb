package secrets_test

// These tests use the real OS keychain (on Linux the Secret Service). They run only when
// TRUEUP_KEYRING_TESTS is set, e.g. through scripts/with-keyring.sh, which starts a private
// D-Bus session with an unlocked gnome-keyring. When the variable is set, an unreachable
// keychain is a failure, not a skip. Each test uses its own random service name
// ("TrueUp-test-...") and deletes it afterwards, so the user's items are never touched.

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"

	"github.com/trueup/trueup/internal/secrets"
)

const keyringEnv = "TRUEUP_KEYRING_TESTS"

// realKeyring returns a Keyring on a fresh service name, or skips when keyringEnv is
// unset. It fails the test when the keychain cannot be reached.
func realKeyring(t *testing.T) *secrets.Keyring {
	t.Helper()
	if os.Getenv(keyringEnv) == "" {
		t.Skipf("%s is not set: run through scripts/with-keyring.sh to test against the real OS keychain", keyringEnv)
	}
	service := "TrueUp-test-" + rand.Text()
	k := secrets.NewKeyring(secrets.WithService(service), secrets.WithTimeout(10*time.Second))
	require.Equal(t, service, k.Service())
	t.Cleanup(func() {
		// go-keyring's DeleteAll removes every item of this service only.
		if err := keyring.DeleteAll(service); err != nil {
			t.Errorf("clean up keychain service %s: %v", service, err)
		}
	})
	_, err := k.Get(context.Background(), secrets.Key{Integration: "probe", Field: "probe"})
	require.ErrorIs(t, err, secrets.ErrNotFound, "%s is set but the OS keychain is not usable", keyringEnv)
	return k
}

func TestKeyringRoundTrip(t *testing.T) {
	k := realKeyring(t)
	ctx := context.Background()
	key := secrets.Key{Integration: "42", Field: "private_key"}

	_, err := k.Get(ctx, key)
	require.ErrorIs(t, err, secrets.ErrNotFound)

	require.NoError(t, k.Set(ctx, key, "first-secret"))
	got, err := k.Get(ctx, key)
	require.NoError(t, err)
	assert.Equal(t, "first-secret", got)

	// The item is stored under service/account as documented.
	raw, err := keyring.Get(k.Service(), "integration/42/private_key")
	require.NoError(t, err)
	assert.Equal(t, "first-secret", raw)

	// Reset: Set replaces the value, it does not add a second item.
	require.NoError(t, k.Set(ctx, key, "second-secret"))
	got, err = k.Get(ctx, key)
	require.NoError(t, err)
	assert.Equal(t, "second-secret", got)

	// Other integrations and fields are separate items.
	_, err = k.Get(ctx, secrets.Key{Integration: "43", Field: "private_key"})
	require.ErrorIs(t, err, secrets.ErrNotFound)
	_, err = k.Get(ctx, secrets.Key{Integration: "42", Field: "public_key"})
	require.ErrorIs(t, err, secrets.ErrNotFound)

	require.NoError(t, k.Delete(ctx, key))
	_, err = k.Get(ctx, key)
	require.ErrorIs(t, err, secrets.ErrNotFound)
	require.ErrorIs(t, k.Delete(ctx, key), secrets.ErrNotFound)
}

func TestKeyringValues(t *testing.T) {
	k := realKeyring(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		value string
	}{
		{name: "unicode", value: "pässwört-密码-🔑-Ωmega"},
		{name: "json and whitespace", value: "{\"a\": 1,\n\t\"b\": \"c d\"} "},
		{name: "pem", value: "-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", 40) + "\n-----END PRIVATE KEY-----\n"},
		{name: "exactly the limit", value: strings.Repeat("x", secrets.MaxValueBytes)},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := secrets.Key{Integration: "42", Field: fmt.Sprintf("field%d", i)}
			require.NoError(t, k.Set(ctx, key, tt.value))
			got, err := k.Get(ctx, key)
			require.NoError(t, err)
			assert.Equal(t, tt.value, got)
		})
	}
}

func TestKeyringTooLarge(t *testing.T) {
	k := realKeyring(t)
	ctx := context.Background()
	key := secrets.Key{Integration: "42", Field: "certificate"}
	value := "SECRETMARK" + strings.Repeat("A", 2590) // 2,600 bytes

	err := k.Set(ctx, key, value)
	require.ErrorIs(t, err, secrets.ErrTooLarge)
	assert.Contains(t, err.Error(), "the certificate secret of integration 42")
	assert.Contains(t, err.Error(), "it is 2600 bytes, the limit is 2500 bytes")
	assert.NotContains(t, err.Error(), "SECRETMARK")

	_, err = k.Get(ctx, key)
	require.ErrorIs(t, err, secrets.ErrNotFound, "nothing may be stored")
}

func TestKeyringHelpers(t *testing.T) {
	k := realKeyring(t)
	ctx := context.Background()
	values := map[string]string{"public_key": "pub-1", "private_key": "priv-2", "tenant": "t-3"}
	require.NoError(t, secrets.SetAll(ctx, k, "7", values))

	got, err := secrets.GetAll(ctx, k, "7", []string{"public_key", "private_key", "tenant"})
	require.NoError(t, err)
	assert.Equal(t, values, got)

	_, err = secrets.GetAll(ctx, k, "7", []string{"public_key", "missing_field"})
	require.ErrorIs(t, err, secrets.ErrNotFound)
	assert.Contains(t, err.Error(), "the missing_field secret is not in the keychain: set it with `trueup credentials set --integration NAME` or in Integrations > Edit secrets")

	require.NoError(t, secrets.DeleteAll(ctx, k, "7", []string{"public_key", "private_key", "not_there"}))
	_, err = secrets.GetAll(ctx, k, "7", []string{"public_key"})
	require.ErrorIs(t, err, secrets.ErrNotFound)
	got, err = secrets.GetAll(ctx, k, "7", []string{"tenant"})
	require.NoError(t, err, "fields not listed stay")
	assert.Equal(t, "t-3", got["tenant"])
	require.NoError(t, secrets.DeleteAll(ctx, k, "7", []string{"tenant"}))
	require.NoError(t, secrets.DeleteAll(ctx, k, "7", []string{"tenant"}), "deleting again is not an error")
}

func TestKeyringConcurrentSets(t *testing.T) {
	k := realKeyring(t)
	ctx := context.Background()
	const n = 12
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			key := secrets.Key{Integration: "42", Field: fmt.Sprintf("field%02d", i)}
			assert.NoError(t, k.Set(ctx, key, fmt.Sprintf("value-%02d", i)))
		})
	}
	wg.Wait()
	for i := range n {
		got, err := k.Get(ctx, secrets.Key{Integration: "42", Field: fmt.Sprintf("field%02d", i)})
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("value-%02d", i), got)
	}
}

func TestKeyringErrorsNeverContainValue(t *testing.T) {
	k := realKeyring(t)
	ctx := context.Background()
	const secret = "do-not-print-me-7f3a"
	key := secrets.Key{Integration: "42", Field: "api_key"}
	require.NoError(t, k.Set(ctx, key, secret))

	var errs []error
	errs = append(errs,
		k.Set(ctx, key, secret+strings.Repeat("x", 2600)),
		k.Set(ctx, secrets.Key{Integration: "42"}, secret),
		k.Set(ctx, secrets.Key{Integration: "4/2", Field: "api_key"}, secret),
		secrets.SetAll(ctx, k, "42", map[string]string{"api_key": secret, "big": secret + strings.Repeat("y", 2600)}),
	)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	errs = append(errs, k.Set(cancelled, key, secret))
	_, err := secrets.GetAll(ctx, k, "42", []string{"api_key", "absent"})
	errs = append(errs, err)

	for i, err := range errs {
		require.Error(t, err, "case %d", i)
		assert.NotContains(t, err.Error(), secret, "case %d", i)
		assert.NotContains(t, fmt.Sprintf("%+v", err), secret, "case %d", i)
	}
	got, err := k.Get(ctx, key)
	require.NoError(t, err)
	assert.Equal(t, secret, got, "failed calls left the stored value alone")
}
