package connectwise

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/redact"
)

// FieldError is one entry of ConnectWise's errors[]: a field it refused, and why.
type FieldError struct {
	Code    string // e.g. MissingRequiredField, InvalidField
	Field   string // e.g. quantity, product, billCustomer
	Message string // ConnectWise's words, secrets removed
}

// RefusedError is a write ConnectWise answered with a 4xx other than 401, 403, 404 and 429:
// it applied nothing, and sending the same request again gets the same answer until the
// value or the record changes. It is never an unknown outcome.
type RefusedError struct {
	Method   string
	Endpoint string // the route template, e.g. /finance/agreements/{agreementId}/additions/{id}
	Status   int
	Code     string       // ConnectWise's top-level code, e.g. InvalidObject
	Fields   []FieldError // the fields it named, in its order
	Hint     string       // what the user should do
	Said     string       // ConnectWise's message, secrets removed
}

func (e *RefusedError) Error() string {
	var b strings.Builder
	b.WriteString(e.Hint)
	fmt.Fprintf(&b, " (%s %s: HTTP %d", e.Method, e.Endpoint, e.Status)
	if e.Code != "" {
		b.WriteString(", code " + e.Code)
	}
	if e.Said != "" {
		fmt.Fprintf(&b, "; ConnectWise said %q", e.Said)
	}
	b.WriteString(")")
	return b.String()
}

// Field is the first field ConnectWise named ("" when it named none).
func (e *RefusedError) Field() string {
	for _, f := range e.Fields {
		if f.Field != "" {
			return f.Field
		}
	}
	return ""
}

// target says what a call reads or writes, for the messages of its failures.
type target struct {
	what       string // "addition 5001 of agreement 1001"
	gone       string // what a 404 means and what to do, e.g. "the addition no longer exists in ConnectWise: sync and review again"
	permission string // the security-role setting a write needs
	inquire    string // the one a read needs
}

// redactedError shows an error's text with the run's secrets removed and keeps the error
// itself for errors.Is/As: an *httpx.UnknownOutcomeError must stay recognisable.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func redacted(r *redact.Redactor, err error) error {
	return &redactedError{msg: r.String(err.Error()), err: err}
}

// mapCallError turns the failure of one call of the writer (a read of the record it is
// about to change, or the write itself) into what the push needs to decide and the user
// needs to read. endpoint is the route template, never a URL.
func mapCallError(ctx context.Context, method, endpoint string, t target, err error, r *redact.Redactor) error {
	var unknown *httpx.UnknownOutcomeError
	if errors.As(err, &unknown) {
		// Sent, and maybe applied: the push reads ConnectWise before anything is sent again.
		cause := unknown.Err.Error()
		var se *httpx.StatusError
		if errors.As(err, &se) {
			cause = fmt.Sprintf("HTTP %d", se.Status)
			if s := cwMessage(se.Body, r); s != "" {
				cause += fmt.Sprintf("; ConnectWise said %q", s)
			}
		}
		msg := fmt.Sprintf("ConnectWise may or may not have applied the change to %s: TrueUp reads it before sending anything again (%s %s: %s)", t.what, method, endpoint, cause)
		return &redactedError{msg: r.String(msg), err: err}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%s %s: %w", method, endpoint, ctx.Err())
	}
	var se *httpx.StatusError
	if !errors.As(err, &se) {
		var ne net.Error
		var ue *url.Error
		if errors.As(err, &ne) || errors.As(err, &ue) || isTLS(err) {
			return &connector.TransientError{Err: redacted(r, fmt.Errorf("%s %s: %w", method, endpoint, err))}
		}
		return redacted(r, fmt.Errorf("%s %s: %w", method, endpoint, err))
	}
	detail := writeSaid(se, method, endpoint, r)
	switch {
	case se.Status == http.StatusUnauthorized:
		return &connector.AuthError{Status: se.Status, Err: detail,
			Hint: "the API keys were refused: check the company ID, the public and private key of the API member (System > Members > API Members) and the clientId, or create a new key pair"}
	case se.Status == http.StatusForbidden && method == http.MethodGet:
		return &connector.AuthError{Status: se.Status, Err: detail,
			Hint: "the API member lacks the permission to read " + t.what + ": in ConnectWise, open System > Security Roles, edit the API member's role and set " + t.inquire}
	case se.Status == http.StatusForbidden:
		return &connector.AuthError{Status: se.Status, Err: detail,
			Hint: "the API member lacks the permission to change " + t.what + ": in ConnectWise, open System > Security Roles, edit the API member's role and set " + t.permission}
	case se.Status == http.StatusNotFound:
		return &connector.NotFoundError{What: t.what + " in ConnectWise", Err: fmt.Errorf("%s: %w", t.gone, detail)}
	case se.Status == http.StatusTooManyRequests:
		return &connector.RateLimitedError{RetryAfter: se.RetryAfter, Err: detail}
	case se.Status == http.StatusRequestTimeout || se.Status >= 500:
		// Only a read gets here (a write's 5xx is an unknown outcome, above).
		return &connector.TransientError{Err: detail}
	}
	return refused(se, method, endpoint, t, r)
}

// writeSaid is said() for any method.
func writeSaid(se *httpx.StatusError, method, endpoint string, r *redact.Redactor) error {
	if msg := cwMessage(se.Body, r); msg != "" {
		return fmt.Errorf("%s %s: HTTP %d: ConnectWise said %q", method, endpoint, se.Status, msg)
	}
	return fmt.Errorf("%s %s: HTTP %d", method, endpoint, se.Status)
}

// refused reads a 4xx body into a *RefusedError whose hint names the field.
func refused(se *httpx.StatusError, method, endpoint string, t target, r *redact.Redactor) *RefusedError {
	e := &RefusedError{Method: method, Endpoint: endpoint, Status: se.Status, Said: cwMessage(se.Body, r)}
	var body apiError
	if json.Unmarshal(se.Body, &body) == nil {
		e.Code = r.String(strings.TrimSpace(body.Code))
		for _, f := range body.Errors {
			e.Fields = append(e.Fields, FieldError{Code: r.String(f.Code), Field: r.String(f.Field), Message: short(r.String(strings.TrimSpace(f.Message)))})
		}
	}
	switch {
	case se.Status == http.StatusConflict || se.Status == http.StatusPreconditionFailed:
		e.Hint = "ConnectWise refused the change because " + t.what + " changed while TrueUp was writing it: sync and review again"
	case e.Field() != "":
		why := ""
		for _, f := range e.Fields {
			if f.Field == e.Field() && f.Message != "" {
				why = ": " + strings.TrimRight(f.Message, ". ")
				break
			}
		}
		e.Hint = fmt.Sprintf("ConnectWise refused the value of %s for %s%s: correct it, then push again", e.Field(), t.what, why)
	default:
		e.Hint = "ConnectWise refused the change to " + t.what + ": correct it, then push again"
	}
	return e
}

// short bounds one message of ConnectWise, after redaction (see cwMessage).
func short(s string) string {
	if len(s) > 300 {
		return strings.ToValidUTF8(s[:300], "") + "…"
	}
	return s
}
