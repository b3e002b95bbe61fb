// Package secrets keeps integration credentials in the OS keychain (macOS Keychain,
// Windows Credential Manager, the Secret Service on Linux). There is no plaintext
// fallback: if the keychain cannot be reached, calls fail with ErrUnavailable and a
// message that says what to do.
//
// Every secret field of every integration is its own keychain item: service "TrueUp",
// account "integration/<Integration>/<Field>". One item per field (rather than one JSON
// blob per integration) keeps each item under the per-item size limits of the keychains
// (Windows 2,560 bytes per credential blob; macOS about 3,000 bytes for service, account
// and secret together), lets a single field be reset without rewriting the others, and
// lets other tools show which field is which.
//
// Secret values never appear in error messages.
package secrets

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// DefaultService is the keychain service name of every TrueUp item.
const DefaultService = "TrueUp"

// MaxValueBytes is the longest secret value accepted, in bytes (UTF-8). Windows Credential
// Manager stores at most 2,560 bytes per credential; the margin covers its encoding.
const MaxValueBytes = 2500

var (
	// ErrNotFound means the keychain holds no item for the key.
	ErrNotFound = errors.New("secret not found in the keychain")
	// ErrUnavailable means the OS keychain could not be used (no session, not running,
	// locked, no answer within the timeout). The error is an *UnavailableError.
	ErrUnavailable = errors.New("the OS keychain is unavailable")
	// ErrTooLarge means a value is longer than MaxValueBytes.
	ErrTooLarge = errors.New("secret is too long for the OS keychain")
	// ErrInvalidKey means a Key has an empty or malformed part.
	ErrInvalidKey = errors.New("invalid secret key")
	// ErrEmptyValue means Set was called with an empty value; use Delete to remove a secret.
	ErrEmptyValue = errors.New("secret value is empty")
)

// UnavailableError says the OS keychain could not be used. Its message is one sentence
// that says what to do; which item was asked for and the keychain's own error text are in
// Detail, for the log only (they hold internal ids the user cannot act on).
type UnavailableError struct {
	Op     string // get, set or delete
	Key    Key
	Reason string // one sentence for the user
	Cause  string // technical cause, scrubbed of the value
}

func (e *UnavailableError) Error() string { return e.Reason }

// Unwrap makes errors.Is(err, ErrUnavailable) true.
func (e *UnavailableError) Unwrap() error { return ErrUnavailable }

// Detail is the technical description for the log: the operation, the key and the cause.
func (e *UnavailableError) Detail() string {
	return fmt.Sprintf("keychain %s of %s failed: %s", e.Op, e.Key, e.Cause)
}

// Key names one secret field of one integration.
type Key struct {
	Integration string // stable integration identifier, e.g. "42"
	Field       string // secret field, e.g. "private_key"
}

// Account is the keychain account (user) name of the item: "integration/<Integration>/<Field>".
func (k Key) Account() string {
	return "integration/" + k.Integration + "/" + k.Field
}

// String describes the key for messages (never the value).
func (k Key) String() string {
	return fmt.Sprintf("the %s secret of integration %s", k.Field, k.Integration)
}

// Validate reports whether both parts are non-empty and contain no '/', whitespace at
// either end or control characters, so every Key maps to exactly one account name.
func (k Key) Validate() error {
	if err := checkPart("integration", k.Integration); err != nil {
		return err
	}
	return checkPart("field", k.Field)
}

func checkPart(what, s string) error {
	switch {
	case s == "":
		return fmt.Errorf("%w: the %s is empty", ErrInvalidKey, what)
	case strings.Contains(s, "/"):
		return fmt.Errorf("%w: the %s %q must not contain '/'", ErrInvalidKey, what, s)
	case strings.TrimSpace(s) != s:
		return fmt.Errorf("%w: the %s %q must not start or end with spaces", ErrInvalidKey, what, s)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return fmt.Errorf("%w: the %s %q must not contain control characters", ErrInvalidKey, what, s)
	}
	return nil
}

// checkValue validates a value before it is stored. The message names the key and the
// size, never the value.
func checkValue(k Key, value string) error {
	if value == "" {
		return fmt.Errorf("set %s: %w: to remove a secret, delete it", k, ErrEmptyValue)
	}
	if len(value) > MaxValueBytes {
		return fmt.Errorf("set %s: %w: it is %d bytes, the limit is %d bytes (Windows Credential Manager stores at most 2,560)",
			k, ErrTooLarge, len(value), MaxValueBytes)
	}
	return nil
}

// Store reads and writes secrets. Implementations: Keyring (the OS keychain) and Memory.
type Store interface {
	// Get returns the value, or an error wrapping ErrNotFound if there is none.
	Get(ctx context.Context, key Key) (string, error)
	// Set creates or replaces the value.
	Set(ctx context.Context, key Key, value string) error
	// Delete removes the value, or returns an error wrapping ErrNotFound if there is none.
	Delete(ctx context.Context, key Key) error
}
