package rebilly

// The write limiter's rules, one at a time, on a clock that moves only
// when slept on. A context that has already ended tells a write that would
// wait from one that goes: acquire returns the context's error only when
// it has to wait.

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type limiterClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *limiterClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *limiterClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

var limiterStart = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func newTestLimiter() (*writeLimiter, *limiterClock) {
	clock := &limiterClock{now: limiterStart}
	return newWriteLimiter(clock, 30*time.Second), clock
}

// answer is a response with the rate-limit headers given as name, value
// pairs.
func answer(status int, pairs ...string) *http.Response {
	h := http.Header{}
	for i := 0; i < len(pairs); i += 2 {
		h.Set(pairs[i], pairs[i+1])
	}
	return &http.Response{StatusCode: status, Header: h}
}

func remaining(n int) *http.Response {
	return answer(200, "X-RateLimit-Limit", "10", "X-RateLimit-Remaining", strconv.Itoa(n))
}

func ended() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// goes acquires a slot with an ended context: it fails the test when the
// write would have had to wait.
func goes(t *testing.T, l *writeLimiter) writeSlot {
	t.Helper()
	s, waited, err := l.acquire(ended())
	require.NoError(t, err, "the write had to wait")
	assert.Zero(t, waited)
	return s
}

func waits(t *testing.T, l *writeLimiter) {
	t.Helper()
	_, _, err := l.acquire(ended())
	require.ErrorIs(t, err, context.Canceled, "the write went without waiting")
}

func TestWriteLimiterWithoutHeadersNeverWaits(t *testing.T) {
	l, _ := newTestLimiter()
	for range 100 {
		goes(t, l)
	}
	// Answers without the headers teach nothing.
	s := goes(t, l)
	l.release(s, answer(200))
	for range 100 {
		goes(t, l)
	}
}

func TestWriteLimiterKeepsRoomForWritesInFlight(t *testing.T) {
	l, _ := newTestLimiter()
	first := goes(t, l)
	l.release(first, remaining(3))
	a, b, c := goes(t, l), goes(t, l), goes(t, l)
	waits(t, l) // three in flight use up the three left
	l.release(a, remaining(2))
	waits(t, l) // 2 left, b and c in flight
	l.release(c, remaining(0))
	waits(t, l)
	l.release(b, remaining(1)) // b was counted before c: stale
	// Nothing in flight and nothing left: one write goes alone to learn.
	probe := goes(t, l)
	waits(t, l)
	l.release(probe, remaining(9)) // alone: the API's latest word
	for range 9 {
		goes(t, l)
	}
	waits(t, l)
}

// A write that was the last one sent, and the only one left in flight,
// is still not the API's latest word when another was in flight with it:
// the API may have counted that other one after it.
func TestWriteLimiterTrustsOnlyAWriteThatWasAlone(t *testing.T) {
	l, _ := newTestLimiter()
	s := goes(t, l)
	l.release(s, remaining(3))
	x, w := goes(t, l), goes(t, l)
	l.release(x, remaining(1)) // counted after w
	l.release(w, remaining(2))
	// One is left, not two.
	goes(t, l)
	waits(t, l)
}

func TestWriteLimiterKeepsTheLeastRemainingOfAWindow(t *testing.T) {
	l, _ := newTestLimiter()
	slots := make([]writeSlot, 4)
	for i := range slots {
		slots[i] = goes(t, l)
	}
	// Answered out of the order in which the API counted them.
	l.release(slots[2], remaining(3))
	l.release(slots[0], remaining(5))
	l.release(slots[3], remaining(2))
	l.release(slots[1], remaining(4))
	goes(t, l)
	goes(t, l)
	waits(t, l)
}

func TestWriteLimiterWaitsOnceForTheResetAfterA429(t *testing.T) {
	l, clock := newTestLimiter()
	s := goes(t, l)
	l.release(s, remaining(5))
	others := []writeSlot{goes(t, l), goes(t, l)}
	reset := limiterStart.Add(10 * time.Second)
	probe := goes(t, l)
	l.release(probe, answer(429, "X-RateLimit-Limit", "10", "X-RateLimit-Remaining", "0",
		"X-RateLimit-Retry-After", strconv.FormatInt(reset.Unix(), 10)))
	waits(t, l) // though 5 were left: the API said no

	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = l.acquire(context.Background())
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, []time.Duration{10 * time.Second}, clock.sleeps, "one sleep on the clock for all")

	// The new window is whole: its limit of 10 less the eight just sent,
	// and less the two of the old window still in flight, which the API
	// may count in the new one. Their answers then free room but teach
	// nothing of the new window.
	waits(t, l)
	for _, s := range others {
		l.release(s, remaining(0))
	}
	goes(t, l)
	goes(t, l)
	waits(t, l)
}

func TestWriteLimiterRetryAfterSeconds(t *testing.T) {
	l, clock := newTestLimiter()
	s := goes(t, l)
	l.release(s, answer(429, "Retry-After", "4"))
	_, waited, err := l.acquire(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 4*time.Second, waited)
	assert.Equal(t, []time.Duration{4 * time.Second}, clock.sleeps)
	// No X-RateLimit-Limit was ever sent, so the new window is unknown:
	// writes go freely again.
	for range 20 {
		goes(t, l)
	}
}

func TestWriteLimiterWillNotWaitTooLong(t *testing.T) {
	l, clock := newTestLimiter()
	s := goes(t, l)
	reset := limiterStart.Add(10 * time.Minute)
	l.release(s, answer(429, "X-RateLimit-Retry-After", strconv.FormatInt(reset.Unix(), 10)))

	_, _, err := l.acquire(context.Background())
	require.ErrorIs(t, err, ErrRateLimited)
	assert.Contains(t, err.Error(), "2026-03-01T12:10:00Z")
	assert.Contains(t, err.Error(), "WithRetryWait")

	l.maxWait = time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, _, err = l.acquire(ctx)
	require.True(t, errors.Is(err, context.DeadlineExceeded), "got %v", err)
	require.NoError(t, ctx.Err(), "returned before the deadline")
	assert.Empty(t, clock.sleeps)
}
