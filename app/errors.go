package app

import "github.com/trueup/trueup/internal/workspace"

// FormatError is the Wails ErrorFormatter: a rejected call gives the frontend
// {message, kind}, kind "validation" for input the user can fix in the form.
func FormatError(err error) any {
	if err == nil {
		return nil
	}
	kind := "error"
	if workspace.IsInputError(err) {
		kind = "validation"
	}
	return map[string]string{"message": err.Error(), "kind": kind}
}
