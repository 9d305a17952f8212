package rebilly

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// boundAttempt starts a bounded attempt on t, as a call of its own.
func boundAttempt(t *attemptTimers) *attemptBound {
	b := new(attemptBound)
	t.start(&apiCall{Context: context.Background()}, b)
	return b
}

// endedByDeadline reports whether b's context ended by its deadline: with
// the timeout as the cause and context.DeadlineExceeded as Err.
func endedByDeadline(b *attemptBound) bool {
	var timedOut *attemptTimeoutError
	return errors.As(context.Cause(b), &timedOut) && errors.Is(b.Err(), context.DeadlineExceeded)
}

// waitDone waits for b's context to end, for at most a second.
func waitDone(t *testing.T, b *attemptBound, name string) {
	t.Helper()
	select {
	case <-b.Done():
	case <-time.After(time.Second):
		t.Fatalf("%s was never ended", name)
	}
}

// TestAttemptTimersEndEachAttemptAtItsDeadline: attempts that share the
// client's one timer each end at their own deadline, in turn, and an
// attempt that ends first is not ended again; the timer is set again for
// the attempts that come later, also after the queue has been empty.
func TestAttemptTimersEndEachAttemptAtItsDeadline(t *testing.T) {
	const timeout = 100 * time.Millisecond
	timers := &attemptTimers{timeout: timeout, timedOut: &attemptTimeoutError{timeout: timeout}}
	start := time.Now()
	a := boundAttempt(timers)
	time.Sleep(timeout / 4)
	b := boundAttempt(timers)
	time.Sleep(timeout / 4)
	c := boundAttempt(timers)
	timers.end(b)

	deadline, ok := a.Deadline()
	require.True(t, ok)
	assert.WithinDuration(t, start.Add(timeout), deadline, timeout/4)

	waitDone(t, a, "a")
	assert.GreaterOrEqual(t, time.Since(start), timeout, "a ended at its deadline, not before")
	assert.True(t, endedByDeadline(a), "a: %v, %v", a.Err(), context.Cause(a))
	assert.NoError(t, c.Err(), "c's deadline is later")
	assert.ErrorIs(t, b.Err(), context.Canceled)
	assert.False(t, endedByDeadline(b), "b ended before its deadline")

	waitDone(t, c, "c")
	assert.GreaterOrEqual(t, time.Since(start), timeout+timeout/2, "c ended at its own deadline")
	assert.True(t, endedByDeadline(c))

	// The queue is empty and the timer spent; a later attempt is bounded.
	timers.mu.Lock()
	assert.Nil(t, timers.head)
	assert.False(t, timers.armed)
	timers.mu.Unlock()
	later := time.Now()
	d := boundAttempt(timers)
	waitDone(t, d, "d")
	assert.GreaterOrEqual(t, time.Since(later), timeout)
	assert.True(t, endedByDeadline(d))
}

// TestAttemptTimersUnderConcurrentAttempts: attempts started and ended by
// many goroutines at once (run with -race) leave the queue empty, and none
// ends by a deadline it did not reach.
func TestAttemptTimersUnderConcurrentAttempts(t *testing.T) {
	timers := &attemptTimers{timeout: time.Minute, timedOut: &attemptTimeoutError{timeout: time.Minute}}
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				b := boundAttempt(timers)
				timers.end(b)
				if endedByDeadline(b) {
					t.Error("an attempt ended by a deadline a minute away")
					return
				}
			}
		}()
	}
	wg.Wait()
	timers.mu.Lock()
	defer timers.mu.Unlock()
	assert.Nil(t, timers.head)
	assert.Nil(t, timers.tail)
}
