package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func fired(t Timer) bool {
	select {
	case <-t.C():
		return true
	default:
		return false
	}
}

func TestFakeFiresAtDeadline(t *testing.T) {
	start := time.Date(2026, 12, 8, 6, 0, 0, 0, time.UTC)
	f := NewFake(start)
	tm := f.NewTimer(time.Hour)
	f.Advance(59 * time.Minute)
	assert.False(t, fired(tm))
	f.Advance(time.Minute)
	assert.True(t, fired(tm))
	assert.Equal(t, start.Add(time.Hour), f.Now())
}

func TestFakeSetBackFiresNothing(t *testing.T) {
	start := time.Date(2026, 12, 8, 6, 0, 0, 0, time.UTC)
	f := NewFake(start)
	tm := f.NewTimer(time.Minute)
	f.Set(start.Add(-time.Hour))
	assert.False(t, fired(tm))
	f.Set(start.Add(2 * time.Minute))
	assert.True(t, fired(tm))
}

func TestFakeStopAndZero(t *testing.T) {
	f := NewFake(time.Unix(0, 0))
	tm := f.NewTimer(time.Second)
	assert.True(t, tm.Stop())
	f.Advance(time.Hour)
	assert.False(t, fired(tm))
	assert.False(t, tm.Stop())
	assert.True(t, fired(f.NewTimer(0)), "a timer of no duration fires at once")
}

func TestFakeSleeping(t *testing.T) {
	f := NewFake(time.Unix(0, 0))
	s := f.Sleeping()
	select {
	case <-s:
		t.Fatal("no timer made yet")
	default:
	}
	f.NewTimer(time.Minute)
	<-s
}
