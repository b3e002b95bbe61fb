package connector

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCount(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 companies"}, {1, "1 company"}, {2, "2 companies"}, {1000, "1000 companies"}} {
		assert.Equal(t, tt.want, Count(tt.n, "company", "companies"))
	}
}
