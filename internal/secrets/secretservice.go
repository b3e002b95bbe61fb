//go:build linux || freebsd || openbsd || netbsd || dragonfly

package secrets

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/godbus/dbus/v5"
)

// The Secret Service D-Bus API: https://specifications.freedesktop.org/secret-service-spec/latest/
const (
	secretServiceName = "org.freedesktop.secrets"
	ssPath            = dbus.ObjectPath("/org/freedesktop/secrets")
	ssServiceIface    = "org.freedesktop.Secret.Service"
	ssCollectionIface = "org.freedesktop.Secret.Collection"
	ssItemIface       = "org.freedesktop.Secret.Item"
	ssSessionIface    = "org.freedesktop.Secret.Session"
	ssPromptIface     = "org.freedesktop.Secret.Prompt"
	// The collection and item layout of go-keyring (which TrueUp used before), so items
	// stored by earlier versions and by other go-keyring programs are found.
	ssLoginCollection = dbus.ObjectPath("/org/freedesktop/secrets/collection/login")
	ssDefaultAlias    = dbus.ObjectPath("/org/freedesktop/secrets/aliases/default")
	noPrompt          = dbus.ObjectPath("/")
)

// What the user reads when the Secret Service cannot be used; one sentence each.
const (
	noSessionReason = "no Secret Service session: run TrueUp inside your desktop session, or start one with " +
		"`dbus-run-session -- bash` and unlock the keyring there with " +
		"`gnome-keyring-daemon --unlock --components=secrets` (type the keyring password, then Ctrl-D)"
	noServiceReason = "no Secret Service is running in your session: install gnome-keyring (or KWallet), " +
		"log out and in again, then try again"
	dismissedReason = "the keychain stayed locked because its unlock prompt was closed: " +
		"try again and enter your login password when the prompt appears"
	lockedReason = "the keychain is locked: unlock it with your login password " +
		"(e.g. in Passwords and Keys), then try again"
)

func promptTimeoutReason(d time.Duration) string {
	return fmt.Sprintf("the keychain was not unlocked within %s: try again and enter your login password when its prompt appears", d)
}

var errNoSession = errors.New("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is unset and no $XDG_RUNTIME_DIR/bus socket exists")

// secretService is a Secret Service client over the D-Bus session bus. Each operation
// uses its own connection: it never starts a bus (no dbus-launch), every call is bounded
// by callTimeout and honours ctx, and a prompt the service asks for (unlocking a locked
// keyring) is shown and followed for up to promptTimeout, while prompts says so.
type secretService struct {
	busName       string // secretServiceName; tests serve a fake under another name
	callTimeout   time.Duration
	promptTimeout time.Duration
	prompts       *promptTracker
	getenv        func(string) string
	uid           int
}

// ssSecret is the Secret struct of the spec: (oayays).
type ssSecret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

func (s *secretService) Get(ctx context.Context, service, user string) (string, error) {
	c, err := s.connect(ctx)
	if err != nil {
		return "", err
	}
	defer c.close()
	coll, err := c.unlockedCollection(ctx)
	if err != nil {
		return "", err
	}
	item, err := c.find(ctx, coll, service, user)
	if err != nil {
		return "", err
	}
	// Some services (KWallet) lock items separately from their collection.
	if err := c.unlock(ctx, item); err != nil {
		return "", err
	}
	session, err := c.openSession(ctx)
	if err != nil {
		return "", err
	}
	defer c.closeSession(session)
	var secret ssSecret
	if err := c.call(ctx, item, ssItemIface+".GetSecret", session).Store(&secret); err != nil {
		return "", fmt.Errorf("read item %s: %w", item, err)
	}
	return string(secret.Value), nil
}

func (s *secretService) Set(ctx context.Context, service, user, password string) error {
	c, err := s.connect(ctx)
	if err != nil {
		return err
	}
	defer c.close()
	coll, err := c.unlockedCollection(ctx)
	if err != nil {
		return err
	}
	session, err := c.openSession(ctx)
	if err != nil {
		return err
	}
	defer c.closeSession(session)
	props := map[string]dbus.Variant{
		ssItemIface + ".Label":      dbus.MakeVariant(fmt.Sprintf("Password for '%s' on '%s'", user, service)),
		ssItemIface + ".Attributes": dbus.MakeVariant(map[string]string{"username": user, "service": service}),
	}
	secret := ssSecret{Session: session, Parameters: []byte{}, Value: []byte(password), ContentType: "text/plain; charset=utf8"}
	var item, prompt dbus.ObjectPath
	// replace=true: an item with the same attributes is overwritten, not duplicated.
	if err := c.call(ctx, coll, ssCollectionIface+".CreateItem", props, secret, true).Store(&item, &prompt); err != nil {
		return fmt.Errorf("create item in %s: %w", coll, err)
	}
	if prompt != noPrompt {
		if _, err := c.prompt(ctx, prompt); err != nil {
			return err
		}
	}
	return nil
}

func (s *secretService) Delete(ctx context.Context, service, user string) error {
	c, err := s.connect(ctx)
	if err != nil {
		return err
	}
	defer c.close()
	coll, err := c.unlockedCollection(ctx)
	if err != nil {
		return err
	}
	item, err := c.find(ctx, coll, service, user)
	if err != nil {
		return err
	}
	var prompt dbus.ObjectPath
	if err := c.call(ctx, item, ssItemIface+".Delete").Store(&prompt); err != nil {
		return fmt.Errorf("delete item %s: %w", item, err)
	}
	if prompt != noPrompt {
		if _, err := c.prompt(ctx, prompt); err != nil {
			return err
		}
	}
	return nil
}

// sessionBusAddress finds the session bus without starting one: DBUS_SESSION_BUS_ADDRESS,
// else the bus socket of the user's login session ($XDG_RUNTIME_DIR/bus, or
// /run/user/UID/bus where systemd puts it when XDG_RUNTIME_DIR is unset, as under cron).
// "autolaunch:" asks for a new bus, which is exactly what TrueUp must not do.
func sessionBusAddress(getenv func(string) string, uid int) (string, error) {
	if a := getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return a, nil
	}
	for _, dir := range []string{getenv("XDG_RUNTIME_DIR"), fmt.Sprintf("/run/user/%d", uid)} {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, "bus")
		if fi, err := os.Stat(p); err == nil && fi.Mode().Type() == fs.ModeSocket {
			return "unix:path=" + dbus.EscapeBusAddressValue(p), nil
		}
	}
	return "", errNoSession
}

// ssConn is one connection for one operation.
type ssConn struct {
	s      *secretService
	conn   *dbus.Conn
	cancel context.CancelFunc
}

func (s *secretService) connect(ctx context.Context) (*ssConn, error) {
	addr, err := sessionBusAddress(s.getenv, s.uid)
	if err != nil {
		return nil, &reasonError{reason: noSessionReason, err: err}
	}
	// The handshake takes no context: cancelling the connection's own context closes it,
	// which ends a handshake with a bus that does not answer.
	life, cancel := context.WithCancel(context.Background())
	timer := time.AfterFunc(s.callTimeout, cancel)
	stopCtx := context.AfterFunc(ctx, cancel)
	conn, err := dbus.Connect(addr, dbus.WithContext(life))
	timedOut := !timer.Stop()
	stopCtx()
	switch {
	case ctx.Err() != nil:
		err = ctx.Err()
	case timedOut:
		err = fmt.Errorf("connect to the session bus at %s: %w within %s", addr, errTimeout, s.callTimeout)
	case err != nil:
		err = &reasonError{reason: noSessionReason, err: fmt.Errorf("connect to the session bus at %s: %w", addr, err)}
	}
	if err != nil {
		if conn != nil {
			_ = conn.Close()
		}
		cancel()
		return nil, err
	}
	return &ssConn{s: s, conn: conn, cancel: cancel}, nil
}

func (c *ssConn) close() {
	_ = c.conn.Close()
	c.cancel()
}

// call makes one method call bounded by the call timeout.
func (c *ssConn) call(ctx context.Context, path dbus.ObjectPath, method string, args ...any) *dbus.Call {
	cctx, cancel := context.WithTimeout(ctx, c.s.callTimeout)
	defer cancel()
	call := c.conn.Object(c.s.busName, path).CallWithContext(cctx, method, 0, args...)
	var derr dbus.Error
	switch {
	case call.Err == nil:
	case ctx.Err() != nil:
		call.Err = ctx.Err()
	case cctx.Err() != nil:
		call.Err = fmt.Errorf("%s: %w within %s", method, errTimeout, c.s.callTimeout)
	case errors.As(call.Err, &derr) && derr.Name == "org.freedesktop.DBus.Error.ServiceUnknown":
		call.Err = &reasonError{reason: noServiceReason, err: call.Err}
	case errors.As(call.Err, &derr) && derr.Name == "org.freedesktop.Secret.Error.IsLocked":
		call.Err = &reasonError{reason: lockedReason, err: call.Err}
	}
	return call
}

// unlockedCollection is the collection go-keyring uses (login if the service has one,
// else the default alias), unlocked.
func (c *ssConn) unlockedCollection(ctx context.Context) (dbus.ObjectPath, error) {
	var v dbus.Variant
	if err := c.call(ctx, ssPath, "org.freedesktop.DBus.Properties.Get", ssServiceIface, "Collections").Store(&v); err != nil {
		return "", fmt.Errorf("list collections: %w", err)
	}
	coll := ssDefaultAlias
	if paths, ok := v.Value().([]dbus.ObjectPath); ok && slices.Contains(paths, ssLoginCollection) {
		coll = ssLoginCollection
	}
	return coll, c.unlock(ctx, coll)
}

// unlock unlocks a collection or item, following the service's prompt if it shows one.
func (c *ssConn) unlock(ctx context.Context, path dbus.ObjectPath) error {
	var unlocked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := c.call(ctx, ssPath, ssServiceIface+".Unlock", []dbus.ObjectPath{path}).Store(&unlocked, &prompt); err != nil {
		return fmt.Errorf("unlock %s: %w", path, err)
	}
	if prompt != noPrompt {
		res, err := c.prompt(ctx, prompt)
		if err != nil {
			return err
		}
		paths, _ := res.Value().([]dbus.ObjectPath)
		unlocked = append(unlocked, paths...)
	}
	if len(unlocked) == 0 {
		return &reasonError{reason: lockedReason, err: fmt.Errorf("the Secret Service left %s locked", path)}
	}
	return nil
}

// prompt shows a prompt of the service (e.g. the unlock dialog) and waits for its
// Completed signal: as long as the user needs, up to the prompt timeout, or until ctx is
// done. While it waits, the tracker says so (the GUI shows "waiting for your keychain to
// be unlocked"). A prompt TrueUp stops waiting for is dismissed, so no dialog is left.
func (c *ssConn) prompt(ctx context.Context, prompt dbus.ObjectPath) (dbus.Variant, error) {
	match := []dbus.MatchOption{dbus.WithMatchObjectPath(prompt), dbus.WithMatchInterface(ssPromptIface), dbus.WithMatchMember("Completed")}
	mctx, cancel := context.WithTimeout(ctx, c.s.callTimeout)
	err := c.conn.AddMatchSignalContext(mctx, match...)
	cancel()
	if err != nil {
		return dbus.Variant{}, fmt.Errorf("subscribe to prompt %s: %w", prompt, err)
	}
	// The match goes away with the connection, which serves this one operation.
	signals := make(chan *dbus.Signal, 8)
	c.conn.Signal(signals)
	defer c.conn.RemoveSignal(signals)

	end := c.s.prompts.begin()
	defer end()
	if err := c.call(ctx, prompt, ssPromptIface+".Prompt", "").Err; err != nil {
		if ctx.Err() != nil {
			c.dismiss(prompt) // the dialog may be up already
			return dbus.Variant{}, ctx.Err()
		}
		return dbus.Variant{}, fmt.Errorf("show prompt %s: %w", prompt, err)
	}
	timer := time.NewTimer(c.s.promptTimeout)
	defer timer.Stop()
	for {
		select {
		case sig, ok := <-signals:
			if !ok {
				return dbus.Variant{}, fmt.Errorf("the session bus closed while prompt %s was open", prompt)
			}
			if sig.Path != prompt || sig.Name != ssPromptIface+".Completed" {
				continue
			}
			var dismissed bool
			var result dbus.Variant
			if err := dbus.Store(sig.Body, &dismissed, &result); err != nil {
				return dbus.Variant{}, fmt.Errorf("read the answer of prompt %s: %w", prompt, err)
			}
			if dismissed {
				return dbus.Variant{}, &reasonError{reason: dismissedReason, err: fmt.Errorf("prompt %s was dismissed", prompt)}
			}
			return result, nil
		case <-ctx.Done():
			c.dismiss(prompt)
			return dbus.Variant{}, ctx.Err()
		case <-timer.C:
			c.dismiss(prompt)
			return dbus.Variant{}, &reasonError{reason: promptTimeoutReason(c.s.promptTimeout),
				err: fmt.Errorf("prompt %s stayed open for %s", prompt, c.s.promptTimeout)}
		}
	}
}

// dismiss closes a prompt TrueUp no longer waits for; best effort.
func (c *ssConn) dismiss(prompt dbus.ObjectPath) {
	_ = c.call(context.Background(), prompt, ssPromptIface+".Dismiss").Err
}

func (c *ssConn) openSession(ctx context.Context) (dbus.ObjectPath, error) {
	var out dbus.Variant
	var session dbus.ObjectPath
	// "plain": the secret travels unencrypted over the session bus, which only this user
	// can connect to (as with go-keyring and secret-tool's default).
	if err := c.call(ctx, ssPath, ssServiceIface+".OpenSession", "plain", dbus.MakeVariant("")).Store(&out, &session); err != nil {
		return "", fmt.Errorf("open a Secret Service session: %w", err)
	}
	return session, nil
}

// closeSession ends a session; the service also ends it when the connection closes.
func (c *ssConn) closeSession(session dbus.ObjectPath) {
	_ = c.call(context.Background(), session, ssSessionIface+".Close").Err
}

func (c *ssConn) find(ctx context.Context, coll dbus.ObjectPath, service, user string) (dbus.ObjectPath, error) {
	var items []dbus.ObjectPath
	if err := c.call(ctx, coll, ssCollectionIface+".SearchItems", map[string]string{"username": user, "service": service}).Store(&items); err != nil {
		return "", fmt.Errorf("search %s: %w", coll, err)
	}
	if len(items) == 0 {
		return "", ErrNotFound
	}
	return items[0], nil
}

// SessionBusAddress is the user's D-Bus session bus, found as the keychain finds it
// (never started: "autolaunch:" and no socket give an error). The app's single-instance
// lock talks over the same bus and must not start one either.
func SessionBusAddress(getenv func(string) string) (string, error) {
	return sessionBusAddress(getenv, os.Getuid())
}
