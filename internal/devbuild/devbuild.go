// Package devbuild holds the rules of dev-tagged builds (make dev, the end-to-end tests).
// Their Wails dev server exposes every bound method to any web page: its /wails/ipc
// websocket accepts any Origin (wailsapp/wails#6036, open upstream), so a page the
// developer visits could drive the app. A dev build therefore never opens the user's real
// data folder and keeps credentials in memory, unless it is told to use the keychain of a
// private test session (scripts/e2e.sh inside scripts/with-keyring.sh).
package devbuild

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// KeychainEnv set to "private" makes a dev build use the OS keychain, which is allowed
// only on a private D-Bus session (not the login session's bus).
const KeychainEnv = "TRUEUP_DEV_KEYCHAIN"

// What the UI says about a dev build's credentials (WorkspaceInfo.secrets_note).
const (
	MemoryNote  = "This development build keeps credentials in memory: they are gone when TrueUp closes."
	PrivateNote = "This development build keeps credentials in the keychain of a private test session, not in yours."
)

// CheckDataDir refuses the user's real data folder: a dev build needs an explicit scratch
// folder (--data-dir or TRUEUP_DATA_DIR). dir and userDefault are absolute paths.
func CheckDataDir(dir, userDefault string) error {
	if filepath.Clean(dir) == filepath.Clean(userDefault) {
		return fmt.Errorf("this development build serves its window to any web page, so it never opens your real data folder (%s): "+
			"start it with --data-dir DIR (or TRUEUP_DATA_DIR) pointing at a scratch folder; `make dev` uses build/bin/dev-data", userDefault)
	}
	return nil
}

// Secrets says where a dev build keeps the own workspace's credentials: in memory, or
// with KeychainEnv=private in the OS keychain of a private D-Bus session. getenv reads the
// environment; uid is the user's id (for the login session's bus at /run/user/UID/bus).
func Secrets(getenv func(string) string, uid int) (store secrets.Store, kind, note string, err error) {
	switch v := getenv(KeychainEnv); v {
	case "":
		return secrets.NewMemory(), workspace.SecretsMemory, MemoryNote, nil
	case "private":
		if err := checkPrivateBus(getenv, uid); err != nil {
			return nil, "", "", err
		}
		return secrets.NewKeyring(), workspace.SecretsKeychain, PrivateNote, nil
	default:
		return nil, "", "", fmt.Errorf("%s=%q is not understood: leave it unset (credentials in memory) or set it to \"private\"", KeychainEnv, v)
	}
}

// checkPrivateBus accepts a session bus only when it is given explicitly and is not the
// login session's socket, where the user's own keyring answers.
func checkPrivateBus(getenv func(string) string, uid int) error {
	addr := getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" || addr == "autolaunch:" {
		return errors.New(KeychainEnv + "=private needs a private D-Bus session: run it inside scripts/with-keyring.sh")
	}
	login := []string{"/run/user/" + strconv.Itoa(uid) + "/bus"}
	if dir := getenv("XDG_RUNTIME_DIR"); dir != "" {
		login = append(login, filepath.Join(dir, "bus"))
	}
	// An address is a ';'-separated list of transport:key=value,... entries; a unix
	// entry's path may carry a guid after it ("unix:path=/run/user/1000/bus,guid=...").
	for _, entry := range strings.Split(addr, ";") {
		_, params, _ := strings.Cut(entry, ":")
		for _, kv := range strings.Split(params, ",") {
			p, ok := strings.CutPrefix(kv, "path=")
			if ok && slices.Contains(login, filepath.Clean(p)) {
				return fmt.Errorf("%s=private refuses your login session's bus (%s), where your own keyring answers: run it inside scripts/with-keyring.sh", KeychainEnv, addr)
			}
		}
	}
	return nil
}

// ImportFileEnv names the file a dev build's import dialog answers with: a browser cannot
// open the desktop's native file dialog, so the end-to-end test sets it and goes through
// the same Go calls the dialog leads to.
const ImportFileEnv = "TRUEUP_DEV_IMPORT_FILE"

// FilePicker is native, except that with ImportFileEnv set it answers with that path
// without asking.
func FilePicker(getenv func(string) string, native func(context.Context) (string, error)) func(context.Context) (string, error) {
	path := getenv(ImportFileEnv)
	if path == "" {
		return native
	}
	return func(ctx context.Context) (string, error) {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		return path, nil
	}
}
