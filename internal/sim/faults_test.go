package sim

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFaultsAreUsedUpInOrder(t *testing.T) {
	var fs Faults
	fs.Add(Fault{PathContains: "/additions", Status: 500, Times: 2})
	fs.Add(Fault{PathContains: "/companies", Status: 429})        // Times 0: once
	fs.Add(Fault{PathContains: "/types", Status: 503, Times: -1}) // forever
	for i, want := range []int{500, 500, 0} {
		f, ok := fs.Take("/finance/agreements/7/additions")
		if want == 0 {
			assert.False(t, ok, "take %d", i)
			continue
		}
		assert.True(t, ok)
		assert.Equal(t, want, f.Status)
	}
	f, ok := fs.Take("/company/companies?page=1")
	assert.True(t, ok)
	assert.Equal(t, 429, f.Status)
	_, ok = fs.Take("/company/companies?page=2")
	assert.False(t, ok)
	for range 5 {
		_, ok = fs.Take("/company/companies/types")
		assert.True(t, ok)
	}
	fs.Clear()
	_, ok = fs.Take("/company/companies/types")
	assert.False(t, ok)
}

func TestRequestsCountByUnescapedURI(t *testing.T) {
	var c Requests
	uri := c.Count(httptest.NewRequest("GET", "/company/companies?conditions=lastUpdated%20%3E%20%5B2026%5D&page=2", nil))
	assert.Equal(t, "/company/companies?conditions=lastUpdated > [2026]&page=2", uri)
	c.Count(httptest.NewRequest("GET", "/finance/agreements/1/additions", nil))
	c.Count(httptest.NewRequest("GET", "/finance/agreements/2/additions", nil))
	assert.Equal(t, int64(3), c.Total())
	assert.Equal(t, int64(2), c.Matching("/additions"))
	assert.Equal(t, int64(1), c.Matching("lastUpdated > ["))
}
