package pax8

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckBaseURLPath(t *testing.T) {
	for path, ok := range map[string]bool{
		"/v1":           true,
		"/v1/":          true,
		"/proxy/v1":     true,
		"":              false,
		"/v2":           false,
		"/v1/companies": false,
	} {
		err := Factory().CheckBaseURLPath(path)
		if ok {
			assert.NoError(t, err, path)
			continue
		}
		if assert.Error(t, err, path) {
			assert.Contains(t, err.Error(), "must end in /v1, e.g. https://api.pax8.com/v1")
		}
	}
}
