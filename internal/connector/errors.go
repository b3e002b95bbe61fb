package connector

import (
	"errors"
	"fmt"
	"time"

	"github.com/trueup/trueup/internal/httpx"
)

// The typed errors below let the sync engine decide what a failure means (fail the run,
// retry later, mark a section) and let the UI tell the user what to do. Every message is
// written for an MSP owner, never contains a secret, and says what to fix.

// AuthError: the source refused the credentials or the API user lacks permission.
// It fails the run; retrying will not help until the user changes something.
type AuthError struct {
	Status int
	Hint   string // what the user should do, e.g. "reset the API keys in ConnectWise"
	Err    error
}

func (e *AuthError) Error() string {
	detail := fmt.Sprintf("HTTP %d", e.Status)
	if e.Err != nil {
		detail += "; " + e.Err.Error()
	}
	if e.Hint == "" {
		return "access denied (" + detail + ")"
	}
	return e.Hint + " (" + detail + ")"
}
func (e *AuthError) Unwrap() error { return e.Err }

// RateLimitedError: the source kept answering 429 after every retry allowed.
type RateLimitedError struct {
	RetryAfter time.Duration
	Err        error
}

func (e *RateLimitedError) Error() string {
	msg := "the API kept rate-limiting TrueUp after several retries"
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf("; it asked to wait %s", e.RetryAfter.Round(time.Second))
	}
	msg += ": wait a few minutes, then sync again"
	if e.Err != nil {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}
func (e *RateLimitedError) Unwrap() error { return e.Err }

// NotFoundError: a record or endpoint does not exist (often a wrong base URL).
type NotFoundError struct {
	What string
	Err  error
}

func (e *NotFoundError) Error() string {
	msg := e.What + " was not found"
	if e.Err != nil {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}
func (e *NotFoundError) Unwrap() error { return e.Err }

// TransientError: a server error, timeout or broken connection that outlived our retries.
type TransientError struct {
	Err error
}

func (e *TransientError) Error() string {
	if httpx.IsUnreachable(e.Err) {
		return "could not reach the API: check this computer's network connection, the base URL and any firewall or proxy; the cached data is still available (" + errString(e.Err) + ")"
	}
	return "the API did not answer properly after several retries: try again later (" + errString(e.Err) + ")"
}

func (e *TransientError) Unwrap() error { return e.Err }

// ConfigError: the integration's settings are incomplete or wrong.
type ConfigError struct {
	Field string
	Msg   string
}

func (e *ConfigError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// UserMessage is what a person should read about err: the message of the typed connector
// error inside it (which says what to do), without the layers of context wrapped around it
// for logs. Other errors read as they are.
func UserMessage(err error) string {
	if err == nil {
		return ""
	}
	var (
		auth   *AuthError
		rate   *RateLimitedError
		nf     *NotFoundError
		trans  *TransientError
		config *ConfigError
	)
	switch {
	case errors.As(err, &auth):
		return auth.Error()
	case errors.As(err, &rate):
		return rate.Error()
	case errors.As(err, &nf):
		return nf.Error()
	case errors.As(err, &trans):
		return trans.Error()
	case errors.As(err, &config):
		return config.Error()
	}
	return err.Error()
}

// IsAuth reports whether err is, or wraps, an *AuthError.
func IsAuth(err error) bool {
	var a *AuthError
	return errors.As(err, &a)
}

// IsTransient reports whether err is worth retrying later as it is.
func IsTransient(err error) bool {
	var t *TransientError
	var r *RateLimitedError
	return errors.As(err, &t) || errors.As(err, &r)
}

func errString(err error) string {
	if err == nil {
		return "no detail"
	}
	return err.Error()
}
