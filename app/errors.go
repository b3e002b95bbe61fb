package app

import (
	"errors"
	"unicode"
	"unicode/utf8"

	"github.com/trueup/trueup/internal/workspace"
)

// FormatError is the Wails ErrorFormatter: a rejected call gives the frontend
// {message, kind, field}: kind "validation" for input the user can fix in the form, and
// field the input it concerns (e.g. "base_url", "client_secret"), when known. Go errors
// start in lower case, as Go style asks; the window shows sentences, so the message starts
// with a capital letter here, once for every bound call.
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
	out["message"] = sentence(out["message"])
	return out
}

// sentence upper-cases the first letter of msg.
func sentence(msg string) string {
	r, n := utf8.DecodeRuneInString(msg)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return msg
	}
	return string(unicode.ToUpper(r)) + msg[n:]
}
