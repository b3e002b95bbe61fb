package secrets

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// MissingError says a secret field an integration needs is not in the keychain. It wraps
// ErrNotFound. Name is the integration's display name for the message; callers that know
// it may fill it in (errors.As) before showing the error, otherwise the message shows the
// placeholder NAME.
type MissingError struct {
	Integration string
	Field       string
	Name        string
}

func (e *MissingError) Error() string {
	name := e.Name
	if name == "" {
		name = "NAME"
	}
	return fmt.Sprintf("the %s secret is not in the keychain: set it with `trueup credentials set --integration %s` or in Integrations > Edit secrets",
		e.Field, name)
}

// Unwrap makes errors.Is(err, ErrNotFound) true.
func (e *MissingError) Unwrap() error { return ErrNotFound }

// SetAll stores every field of values for integration. All keys and values are checked
// before anything is written, so a value that is too long leaves the keychain untouched.
// Fields are written in name order; if one fails, the error names it (never its value)
// and the fields saved before it.
func SetAll(ctx context.Context, s Store, integration string, values map[string]string) error {
	fields := make([]string, 0, len(values))
	for f := range values {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for _, f := range fields {
		k := Key{Integration: integration, Field: f}
		if err := k.Validate(); err != nil {
			return fmt.Errorf("save secrets of integration %s: %w", integration, err)
		}
		if err := checkValue(k, values[f]); err != nil {
			return fmt.Errorf("save secrets of integration %s: nothing was saved: %w", integration, err)
		}
	}
	for i, f := range fields {
		if err := s.Set(ctx, Key{Integration: integration, Field: f}, values[f]); err != nil {
			saved := "none"
			if i > 0 {
				saved = strings.Join(fields[:i], ", ")
			}
			var ue *UnavailableError
			if errors.As(err, &ue) {
				// The user can only unlock or start the keychain: keep the one sentence,
				// and what was saved for the log.
				out := *ue
				out.Cause = fmt.Sprintf("%s (already saved: %s)", ue.Cause, saved)
				return &out
			}
			return fmt.Errorf("save secrets of integration %s: the %s secret failed (already saved: %s): %w",
				integration, f, saved, err)
		}
	}
	return nil
}

// GetAll reads the given fields of integration. A missing field is a *MissingError that
// tells the user how to set it.
func GetAll(ctx context.Context, s Store, integration string, fields []string) (map[string]string, error) {
	out := make(map[string]string, len(fields))
	for _, f := range fields {
		v, err := s.Get(ctx, Key{Integration: integration, Field: f})
		if errors.Is(err, ErrNotFound) {
			return nil, &MissingError{Integration: integration, Field: f}
		}
		var ue *UnavailableError
		if errors.As(err, &ue) {
			return nil, ue // one sentence; the key is in its Detail
		}
		if err != nil {
			return nil, fmt.Errorf("read the %s secret of integration %s: %w", f, integration, err)
		}
		out[f] = v
	}
	return out, nil
}

// DeleteAll removes the given fields of integration. Absent fields are not an error. It
// tries every field and reports all failures; when the keychain itself is unusable, that
// one *UnavailableError is the answer (every field would repeat it).
func DeleteAll(ctx context.Context, s Store, integration string, fields []string) error {
	var errs []error
	for _, f := range fields {
		err := s.Delete(ctx, Key{Integration: integration, Field: f})
		var ue *UnavailableError
		if errors.As(err, &ue) {
			return ue
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			errs = append(errs, fmt.Errorf("delete the %s secret of integration %s: %w", f, integration, err))
		}
	}
	return errors.Join(errs...)
}
