package connectwise

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckBaseURLPath(t *testing.T) {
	for path, ok := range map[string]bool{
		"/v4_6_release/apis/3.0":         true,
		"/v4_6_release/apis/3.0/":        true,
		"/apis/3.0":                      true,
		"":                               false,
		"/":                              false,
		"/v4_6_release":                  false,
		"/v4_6_release/apis/3.0/company": false,
		"/v4_6_release/apis/2.0":         false,
	} {
		err := Factory().CheckBaseURLPath(path)
		if ok {
			assert.NoError(t, err, path)
			continue
		}
		if assert.Error(t, err, path) {
			assert.Contains(t, err.Error(), "must end in /apis/3.0, e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0")
		}
	}
}
