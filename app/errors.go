package app

import (
	"errors"

	"github.com/trueup/trueup/internal/workspace"
)

// FormatError is the Wails ErrorFormatter: a rejected call gives the frontend
// {message, kind, field}: kind "validation" for input the user can fix in the form, and
// field the input it concerns (e.g. "base_url", "client_secret"), when known.
func FormatError(err error) any {
	if err == nil {
		return nil
	}
	out := map[string]string{"message": err.Error(), "kind": "error"}
	var ie *workspace.InputError
	if errors.As(err, &ie) {
		out["kind"], out["message"] = "validation", ie.Error()
		if ie.Field != "" {
			out["field"] = ie.Field
		}
	}
	return out
}
