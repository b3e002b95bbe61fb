package desktopnotify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestActivationArgsRoundTrip(t *testing.T) {
	tests := []struct {
		args string
		ref  string
		ok   bool
	}{
		{activationArgs("own:42"), "own:42", true},
		{activationArgs("demo:autotask:3"), "demo:autotask:3", true},
		{"trueup-notice:", "", false},      // no Ref
		{"https://example.com", "", false}, // another toast's arguments
		{"", "", false},
	}
	for _, tt := range tests {
		ref, ok := refFromArgs(tt.args)
		assert.Equal(t, tt.ok, ok, tt.args)
		assert.Equal(t, tt.ref, ref, tt.args)
	}
}
