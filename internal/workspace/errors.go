package workspace

import "errors"

// InputError is bad input the user can fix; the message says how.
type InputError struct {
	Field string
	Msg   string
}

func (e *InputError) Error() string { return e.Msg }

// IsInputError reports whether err is, or wraps, an *InputError.
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

func inputErr(field, msg string) error { return &InputError{Field: field, Msg: msg} }
