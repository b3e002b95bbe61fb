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
	assert.Equal(t, map[string]string{"message": "Disk full", "kind": "error"}, FormatError(errors.New("disk full")))
	assert.Equal(t, map[string]string{"message": "Base URL must use https", "kind": "validation", "field": "base_url"},
		FormatError(fmt.Errorf("add: %w", &workspace.InputError{Field: "base_url", Msg: "base URL must use https"})), "messages are sentences in the window")
	assert.Equal(t, "ÉCHEC", FormatError(errors.New("ÉCHEC")).(map[string]string)["message"])
	assert.Equal(t, "", FormatError(errors.New("")).(map[string]string)["message"])
}
