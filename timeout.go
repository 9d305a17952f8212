package rebilly

import (
	"context"
	"sync"
	"time"
)

// The SDK's own HTTP client bounds each attempt of a call by DefaultTimeout
// (see limits.go). The call does it, as it makes each attempt's request:
// the request's context is the call's, bounded for the attempt (an
// attemptBound), from when the attempt starts (once a write has its slot
// of the limiter) until its answer has been read and closed, redirects
// included. Making the context part of the request, rather than of a copy
// of it in a transport, costs no copy of the request.
//
// The bounds of a client's attempts share one timer (attemptTimers): every
// attempt has the same timeout, so their deadlines come in the order the
// attempts start, and one timer set for the earliest is enough. A timer of
// its own for each attempt, as context.WithDeadline makes, costs a call
// over the loopback server more than the rest of its context does
// (BENCHMARKS.md, run G).
//
// When the caller's context has a deadline no later than the timeout from
// the attempt's start, that deadline ends the attempt first: the attempt
// gets no bound, and with it no context of its own, whose cost is what
// BenchmarkPerCallWork measures between impl=sdk and impl=sdk-notimeout.
//
// Between attempts the request's context is the call's alone (see
// checkRetry), so that go-retryablehttp, which gives up when the request's
// context is done before it retries, is not stopped by the bound of an
// attempt that is over.

// setAttemptTimeout bounds each attempt of the client's calls by d; zero
// or less for no bound.
func (c *Client) setAttemptTimeout(d time.Duration) {
	c.attemptTimers = nil
	if d > 0 {
		c.attemptTimers = &attemptTimers{timeout: d, timedOut: &attemptTimeoutError{timeout: d}}
	}
}

// attemptBound is the context of an attempt bounded by its client's
// timeout: the call's, cancelled when the attempt ends or, with
// attemptTimeoutError as the cause, when its deadline passes. It is also
// the attempt's place in its client's queue of bounded attempts.
//
// Unlike a context.WithDeadline, it is a cancel context underneath: a
// context derived from it says context.Canceled when the deadline ends it
// (with attemptTimeoutError as its cause). net/http reads the cause of the
// context it derives from a request's.
type attemptBound struct {
	context.Context // cancelled by cancel
	cancel          context.CancelCauseFunc
	timers          *attemptTimers // whose queue it is in
	deadline        time.Time
	prev, next      *attemptBound
	queued          bool
}

// Deadline is the attempt's, or the call's when that comes first.
func (b *attemptBound) Deadline() (time.Time, bool) {
	if d, ok := b.Context.Deadline(); ok && d.Before(b.deadline) {
		return d, true
	}
	return b.deadline, true
}

// Err is context.DeadlineExceeded when the deadline ended the attempt, as
// for a context with a deadline. The cause, set once with the error, says
// whether the deadline, the attempt's end or the call's context came first.
func (b *attemptBound) Err() error {
	err := b.Context.Err()
	if err != nil && context.Cause(b.Context) == b.timers.timedOut {
		return context.DeadlineExceeded
	}
	return err
}

// attemptTimers holds a client's bounded attempts in the order of their
// deadlines and ends each whose deadline passes, with one timer.
type attemptTimers struct {
	timeout  time.Duration
	timedOut error // the cause of an attempt that outlasts timeout

	mu         sync.Mutex
	head, tail *attemptBound
	timer      *time.Timer // set for the head's deadline, or earlier
	armed      bool        // whether the timer is set
}

// start bounds b, an attempt of call, from now.
func (t *attemptTimers) start(call *apiCall, b *attemptBound) {
	b.Context, b.cancel = context.WithCancelCause(call)
	b.timers = t
	t.mu.Lock()
	defer t.mu.Unlock()
	// The deadline is taken under the lock, so that the queue is in the
	// order of the deadlines.
	b.deadline = time.Now().Add(t.timeout)
	b.prev, b.queued = t.tail, true
	if t.tail != nil {
		t.tail.next = b
	} else {
		t.head = b
	}
	t.tail = b
	if !t.armed {
		t.arm(t.timeout)
	}
}

// arm sets the timer to fire after d; t.mu is held.
func (t *attemptTimers) arm(d time.Duration) {
	t.armed = true
	if t.timer == nil {
		t.timer = time.AfterFunc(d, t.expire)
	} else {
		t.timer.Reset(d)
	}
}

// end ends b's bound, with the attempt.
func (t *attemptTimers) end(b *attemptBound) {
	t.mu.Lock()
	t.remove(b)
	t.mu.Unlock()
	b.cancel(nil)
}

// remove takes b out of the queue, if it is there; t.mu is held.
func (t *attemptTimers) remove(b *attemptBound) {
	if !b.queued {
		return
	}
	if b.prev != nil {
		b.prev.next = b.next
	} else {
		t.head = b.next
	}
	if b.next != nil {
		b.next.prev = b.prev
	} else {
		t.tail = b.prev
	}
	b.prev, b.next, b.queued = nil, nil, false
}

// expire ends the attempts whose deadline has passed, and sets the timer
// for the next deadline. The timer may fire before the head's deadline
// (the attempt it was set for has ended since): it is then set again.
func (t *attemptTimers) expire() {
	var expired []*attemptBound
	t.mu.Lock()
	now := time.Now()
	for t.head != nil && !t.head.deadline.After(now) {
		b := t.head
		t.remove(b)
		expired = append(expired, b)
	}
	t.armed = false
	if t.head != nil {
		t.arm(t.head.deadline.Sub(now))
	}
	t.mu.Unlock()
	for _, b := range expired {
		b.cancel(t.timedOut)
	}
}

// startAttempt returns the context of the call's next attempt: the call
// itself when no timeout applies, or else a bound of the attempt, which
// endAttempt ends. The first attempt's bound is held by the call.
func (call *apiCall) startAttempt() context.Context {
	t := call.client.attemptTimers
	if t == nil || endsWithin(call.Context, t.timeout) {
		return call
	}
	b := &call.firstBound
	if len(call.attempts) > 0 {
		b = new(attemptBound) // the last one may still be held by the transport
	}
	t.start(call, b)
	call.bound = b
	return b
}

// endAttempt ends the current attempt's bound, if it has one.
func (call *apiCall) endAttempt() {
	if call.bound != nil {
		call.bound.timers.end(call.bound) // the client's may have changed since
		call.bound = nil
	}
}

// endsWithin reports whether ctx has a deadline no later than d from now.
func endsWithin(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && !deadline.After(time.Now().Add(d))
}
