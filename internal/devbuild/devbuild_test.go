package devbuild

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

func TestCheckDataDir(t *testing.T) {
	err := CheckDataDir("/home/u/.config/TrueUp", "/home/u/.config/TrueUp/")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "never opens your real data folder (/home/u/.config/TrueUp/)")
	assert.Contains(t, err.Error(), "--data-dir DIR")
	assert.NoError(t, CheckDataDir("/repo/build/dev-data", "/home/u/.config/TrueUp"))
}

func TestSecrets(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		wantKind  string
		wantNote  string
		wantStore any
		wantErr   string
	}{
		{name: "memory by default", env: map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"},
			wantKind: workspace.SecretsMemory, wantNote: MemoryNote, wantStore: &secrets.Memory{}},
		{name: "private session", env: map[string]string{KeychainEnv: "private", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/tmp/dbus-Xy12", "XDG_RUNTIME_DIR": "/tmp/trueup-keyring.1/runtime"},
			wantKind: workspace.SecretsKeychain, wantNote: PrivateNote, wantStore: &secrets.Keyring{}},
		{name: "with-keyring.sh's session", env: map[string]string{KeychainEnv: "private",
			"DBUS_SESSION_BUS_ADDRESS": "unix:path=/tmp/dbus-1FHGro0eZY,guid=2fefe05d4a8fb85def3be3576b0f3ea1", "XDG_RUNTIME_DIR": "/tmp/trueup-keyring.jItBCI/runtime"},
			wantKind: workspace.SecretsKeychain, wantNote: PrivateNote, wantStore: &secrets.Keyring{}},
		{name: "the login bus with a guid", env: map[string]string{KeychainEnv: "private", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus,guid=abc"},
			wantErr: "refuses your login session's bus"},
		{name: "the login bus second in a list", env: map[string]string{KeychainEnv: "private", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/tmp/gone;unix:path=/run/user/1000/bus"},
			wantErr: "refuses your login session's bus"},
		{name: "no bus", env: map[string]string{KeychainEnv: "private"}, wantErr: "needs a private D-Bus session"},
		{name: "the login bus", env: map[string]string{KeychainEnv: "private", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"},
			wantErr: "refuses your login session's bus"},
		{name: "the login bus in XDG_RUNTIME_DIR", env: map[string]string{KeychainEnv: "private", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/u/bus", "XDG_RUNTIME_DIR": "/run/u"},
			wantErr: "refuses your login session's bus"},
		{name: "unknown value", env: map[string]string{KeychainEnv: "yes"}, wantErr: `TRUEUP_DEV_KEYCHAIN="yes" is not understood`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store, kind, note, err := Secrets(func(k string) string { return tt.env[k] }, 1000)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.IsType(t, tt.wantStore, store)
			assert.Equal(t, tt.wantKind, kind)
			assert.Equal(t, tt.wantNote, note)
		})
	}
}

func TestFilePickerAnswersWithTheGivenFile(t *testing.T) {
	native := func(context.Context) (string, error) { return "native", nil }
	got, err := FilePicker(func(string) string { return "" }, native)(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "native", got, "without the variable the native dialog opens")
	got, err = FilePicker(func(k string) string { return map[string]string{ImportFileEnv: "/tmp/nov.xlsx"}[k] }, native)(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "/tmp/nov.xlsx", got)
}
