package httpx

import (
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   string
		want time.Duration
	}{
		{name: "empty", in: "", want: 0},
		{name: "zero", in: "0", want: 0},
		{name: "seconds", in: "120", want: 2 * time.Minute},
		{name: "negative", in: "-5", want: 0},
		{name: "fraction", in: "1.5", want: 0},
		{name: "garbage", in: "soon", want: 0},
		{name: "HTTP date", in: now.Add(90 * time.Second).Format(http.TimeFormat), want: 90 * time.Second},
		{name: "RFC 850 date", in: now.Add(time.Hour).Format(time.RFC850), want: time.Hour},
		{name: "date in the past", in: now.Add(-time.Hour).Format(http.TimeFormat), want: 0},
		{name: "date now", in: now.Format(http.TimeFormat), want: 0},
		{name: "largest exact", in: strconv.FormatInt(math.MaxInt64/int64(time.Second), 10), want: time.Duration(math.MaxInt64/int64(time.Second)) * time.Second},
		{name: "overflow saturates", in: "9223372037", want: time.Duration(math.MaxInt64)},
		{name: "far overflow saturates", in: "99999999999999999", want: time.Duration(math.MaxInt64)},
		{name: "beyond int64", in: "99999999999999999999999", want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, parseRetryAfter(tt.in, now))
		})
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, s := range []string{
		"", "0", "1", "120", "-1", "+3", "1.5", " 5", "abc", "9223372036", "9223372037",
		"9223372036854775807", "99999999999999999999",
		now.Add(time.Minute).Format(http.TimeFormat), now.Add(-time.Minute).Format(http.TimeFormat),
		"Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d := parseRetryAfter(v, now)
		if d < 0 {
			t.Fatalf("parseRetryAfter(%q) = %v, negative", v, d)
		}
		if secs, err := strconv.Atoi(v); err == nil && secs >= 0 && secs <= math.MaxInt64/int(time.Second) {
			if d != time.Duration(secs)*time.Second {
				t.Fatalf("parseRetryAfter(%q) = %v, want %d s", v, d, secs)
			}
		}
	})
}

func TestBackoffBounds(t *testing.T) {
	tests := []struct {
		name      string
		base, max time.Duration
	}{
		{name: "defaults", base: 500 * time.Millisecond, max: 60 * time.Second},
		{name: "small", base: time.Millisecond, max: 50 * time.Millisecond},
		{name: "base above max", base: 2 * time.Second, max: time.Second},
		{name: "exponent stops at 16", base: time.Microsecond, max: 100 * time.Hour},
		{name: "huge base", base: time.Duration(math.MaxInt64 / 4), max: time.Duration(math.MaxInt64)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(nil, Options{BaseDelay: tt.base, MaxDelay: tt.max})
			for attempt := range 70 {
				// The exponent stops growing after 16 doublings (overflow guard).
				ceiling, shift := tt.max, min(attempt, 16)
				if tt.base <= tt.max>>shift {
					ceiling = tt.base << shift
				}
				for range 50 {
					d := c.backoff(attempt)
					if d < ceiling/2 || d > ceiling || d > tt.max || d <= 0 {
						t.Fatalf("backoff(%d) = %v, want within [%v, %v]", attempt, d, ceiling/2, ceiling)
					}
				}
			}
		})
	}
}
