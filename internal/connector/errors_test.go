package connector

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUserMessageLeadsWithWhatToDo(t *testing.T) {
	auth := &AuthError{Status: 401, Hint: "Pax8 rejected the client ID or secret: reset them", Err: errors.New(`POST /v1/token: Pax8 said "Unauthorized"`)}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"auth under layers of context", fmt.Errorf("pax8 sync: %w", fmt.Errorf("token: %w", auth)),
			`Pax8 rejected the client ID or secret: reset them (HTTP 401; POST /v1/token: Pax8 said "Unauthorized")`},
		{"auth without hint", &AuthError{Status: 403}, "access denied (HTTP 403)"},
		{"config", fmt.Errorf("build: %w", &ConfigError{Field: "company", Msg: "is required"}), "company: is required"},
		{"rate limited", fmt.Errorf("x: %w", &RateLimitedError{}), "the API kept rate-limiting TrueUp after several retries: wait a few minutes, then sync again"},
		{"plain error", errors.New("disk full"), "disk full"},
		{"nil", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, UserMessage(tt.err))
		})
	}
}
