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
// client's one timer each end at their own deadline, in turn, neither
// before it nor long after it, and an attempt that ends first is not ended
// again; the timer is set again for the attempts that come later, also
// after the queue has been empty.
func TestAttemptTimersEndEachAttemptAtItsDeadline(t *testing.T) {
	const timeout = 300 * time.Millisecond
	const late = 100 * time.Millisecond // the most an end may lag its deadline here
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
	cEnded := time.Since(start)
	assert.GreaterOrEqual(t, cEnded, timeout+timeout/2, "c ended at its own deadline, not before")
	assert.Less(t, cEnded, timeout+timeout/2+late, "c ended at its own deadline, not a whole timeout after a's")
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
	assert.Less(t, time.Since(later), timeout+late)
	assert.True(t, endedByDeadline(d))
}

// TestAttemptBoundKeepsTheFirstEnd: an attempt whose call's context ends
// first says context.Canceled, and still does after its deadline passes;
// its deadline is the call's when that comes first.
func TestAttemptBoundKeepsTheFirstEnd(t *testing.T) {
	const timeout = 50 * time.Millisecond
	timers := &attemptTimers{timeout: timeout, timedOut: &attemptTimeoutError{timeout: timeout}}
	ctx, cancel := context.WithCancel(context.Background())
	b := new(attemptBound)
	timers.start(&apiCall{Context: ctx}, b)
	cancel()
	require.ErrorIs(t, b.Err(), context.Canceled)
	time.Sleep(2 * timeout) // the timer fires
	assert.ErrorIs(t, b.Err(), context.Canceled)
	assert.False(t, endedByDeadline(b))

	soon, cancelSoon := context.WithTimeout(context.Background(), timeout/2)
	defer cancelSoon()
	callDeadline, _ := soon.Deadline()
	c := new(attemptBound)
	timers.start(&apiCall{Context: soon}, c)
	defer timers.end(c)
	deadline, _ := c.Deadline()
	assert.Equal(t, callDeadline, deadline)
}

// TestEndAttemptUsesItsOwnQueue: an attempt ends on the queue it started
// on, though the client's timeout changed in between.
func TestEndAttemptUsesItsOwnQueue(t *testing.T) {
	c := &Client{}
	c.setAttemptTimeout(time.Minute)
	first := c.attemptTimers
	call := &apiCall{Context: context.Background(), client: c}
	ctx := call.startAttempt()
	c.setAttemptTimeout(time.Second)
	call.endAttempt()
	assert.ErrorIs(t, ctx.Err(), context.Canceled)
	first.mu.Lock()
	defer first.mu.Unlock()
	assert.Nil(t, first.head, "the attempt left the queue it was in")
	c.setAttemptTimeout(0)
	assert.Nil(t, c.attemptTimers, "no bound")
}

// TestAttemptTimersUnderConcurrentAttempts: attempts started and ended by
// many goroutines at once, some outlasting a short timeout so that the
// timer fires among them (run with -race), keep the queue in the order of
// their deadlines, each that outlasts its deadline is ended by it, none
// that ends first is, and the queue is left empty.
func TestAttemptTimersUnderConcurrentAttempts(t *testing.T) {
	const timeout = 2 * time.Millisecond
	timers := &attemptTimers{timeout: timeout, timedOut: &attemptTimeoutError{timeout: timeout}}
	inOrder := func() bool {
		timers.mu.Lock()
		defer timers.mu.Unlock()
		for b := timers.head; b != nil && b.next != nil; b = b.next {
			if b.next.deadline.Before(b.deadline) {
				return false
			}
		}
		return true
	}
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				b := boundAttempt(timers)
				if !inOrder() {
					t.Error("the queue is out of the order of the deadlines")
					return
				}
				if i%3 == 0 { // outlasts its deadline
					select {
					case <-b.Done():
					case <-time.After(time.Second):
						t.Error("an attempt outlasted its deadline by a second")
						return
					}
					if !endedByDeadline(b) {
						t.Errorf("an attempt that outlasted its deadline: %v, %v", b.Err(), context.Cause(b))
						return
					}
					timers.end(b)
					continue
				}
				timers.end(b)
				if d, _ := b.Deadline(); time.Now().Before(d) && endedByDeadline(b) {
					t.Error("an attempt ended by a deadline it did not reach")
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
