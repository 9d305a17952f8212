package rebillytest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRateLimiterWindows(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := &rateLimiter{limit: 2, window: 10 * time.Second}

	d := l.take(start)
	assert.Equal(t, rateDecision{allowed: true, limit: 2, remaining: 1, reset: start.Add(10 * time.Second)}, d)
	assert.Equal(t, start.Add(10*time.Second).Unix(), d.resetUnix(), "a whole second is not rounded up")
	assert.True(t, l.take(start.Add(9*time.Second)).allowed)
	d = l.take(start.Add(9*time.Second + 999*time.Millisecond))
	assert.False(t, d.allowed)
	assert.Equal(t, 0, d.remaining)

	d = l.take(start.Add(10 * time.Second))
	assert.True(t, d.allowed, "the window closed at its reset time")
	assert.Equal(t, start.Add(20*time.Second), d.reset)

	assert.True(t, l.take(start.Add(11*time.Second)).allowed)
	d = l.take(start.Add(12 * time.Second))
	assert.False(t, d.allowed, "the limit holds for the second window too")
	d = l.take(start.Add(35*time.Second + 500*time.Millisecond))
	assert.True(t, d.allowed, "a new window opens with the first request after the last closed")
	assert.Equal(t, start.Add(46*time.Second).Unix(), d.resetUnix(), "rounded up")
}
