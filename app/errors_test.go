package app

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/trueup/trueup/internal/workspace"
)

func TestFormatError(t *testing.T) {
	assert.Nil(t, FormatError(nil))
	assert.Equal(t, map[string]string{"message": "disk full", "kind": "error"}, FormatError(errors.New("disk full")))
	assert.Equal(t, map[string]string{"message": "use https", "kind": "validation", "field": "base_url"},
		FormatError(fmt.Errorf("add: %w", &workspace.InputError{Field: "base_url", Msg: "use https"})))
}
