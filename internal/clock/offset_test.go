package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func offsetFired(t Timer) bool {
	select {
	case <-t.C():
		return true
	default:
		return false
	}
}

func TestOffsetJumpsFireTheTimersTheyPass(t *testing.T) {
	o := NewOffset()
	start := o.Now()
	assert.WithinDuration(t, time.Now(), start, time.Second, "it starts at the wall clock")

	soon := o.NewTimer(time.Hour)
	later := o.NewTimer(48 * time.Hour)
	stopped := o.NewTimer(time.Hour)
	require.True(t, stopped.Stop())
	assert.False(t, stopped.Stop(), "stopped once")

	o.Advance(2 * time.Hour)
	assert.WithinDuration(t, start.Add(2*time.Hour), o.Now(), time.Second)
	assert.True(t, offsetFired(soon), "the jump passed its deadline")
	assert.False(t, offsetFired(later))
	assert.False(t, offsetFired(stopped))
	assert.False(t, soon.Stop(), "a fired timer cannot be stopped")

	o.Set(start) // backwards: nothing fires
	assert.False(t, offsetFired(later))
	o.Set(start.Add(49 * time.Hour))
	assert.True(t, offsetFired(later))
}

func TestOffsetTimersStillFireInRealTime(t *testing.T) {
	o := NewOffset()
	tm := o.NewTimer(time.Millisecond)
	select {
	case <-tm.C():
	case <-time.After(5 * time.Second):
		t.Fatal("a timer of 1 ms did not fire")
	}
	o.Advance(time.Hour)
	assert.False(t, offsetFired(tm), "fires once")
}
