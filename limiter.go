package rebilly

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// writeLimiter paces a client's writes by what the API's answers say of
// its rate limit, so that many goroutines sharing one client slow down
// before the API refuses them rather than after. Each Client has one; every
// attempt of every write (any method but GET and HEAD) takes a slot from it
// before it is sent and gives the slot back with its answer.
//
// The API counts writes in fixed windows. Each answer to a write carries
// the window's size (X-RateLimit-Limit) and what is left of it
// (X-RateLimit-Remaining); only a refusal (429) says when the window ends
// (X-RateLimit-Retry-After, or Retry-After). So:
//
//   - Until an answer has carried X-RateLimit-Remaining, nothing waits.
//   - A write goes at once while what is left, less the writes in flight,
//     leaves room for it.
//   - Otherwise it waits for an answer, which may free room. When nothing
//     is in flight, one write goes alone to learn the truth: room in a new
//     window, or a 429 that tells when the window ends.
//   - After a 429, every write waits until the window ends (one goroutine
//     sleeps on the clock, the others wait for it); the window is then
//     taken to be whole again.
//
// Answers to concurrent writes arrive in any order, so within a window the
// limiter keeps the least Remaining it has seen; an answer is taken as it
// is only when no other write was in flight at any time during its own.
// Writes still in flight when a window begins count against the new one,
// since the API may count them in it, but their answers teach nothing.
type writeLimiter struct {
	clock   Clock
	maxWait time.Duration // the longest it waits for a window to end

	mu        sync.Mutex
	known     bool      // remaining is the API's word
	limit     int       // the last X-RateLimit-Limit seen, 0 if none
	remaining int       // the least X-RateLimit-Remaining seen in this window
	reset     time.Time // when this window ends, from a 429; zero if unknown
	window    uint64    // counts windows, so that late answers teach nothing
	inflight  int       // writes sent and not yet answered
	sent      uint64    // writes sent in this window
	// changed is closed when an answer arrives or a window begins; nil
	// when no one waits for that.
	changed chan struct{}
	// sleeping is closed when the goroutine sleeping on the clock for the
	// others wakes; nil when none sleeps.
	sleeping chan struct{}
}

// writeSlot is a write's place in the limiter, from acquire to release.
type writeSlot struct {
	window, seq uint64
	alone       bool // nothing else was in flight when it was sent
}

func newWriteLimiter(clock Clock, maxWait time.Duration) *writeLimiter {
	return &writeLimiter{clock: clock, maxWait: maxWait}
}

// acquire waits until a write may be sent, and returns its slot and how
// long (on the clock) it waited. It fails at once, with an error matching
// ErrRateLimited, when the window ends later than maxWait from now, and
// with context.DeadlineExceeded when it ends after ctx's deadline.
func (l *writeLimiter) acquire(ctx context.Context) (writeSlot, time.Duration, error) {
	var start time.Time // of the wait, on the clock
	for {
		l.mu.Lock()
		now := l.clock.Now()
		if !l.reset.IsZero() && !now.Before(l.reset) {
			l.beginWindow()
		}
		if l.reset.IsZero() && (!l.known || l.inflight == 0 || l.remaining-l.inflight > 0) {
			l.sent++
			slot := writeSlot{window: l.window, seq: l.sent, alone: l.inflight == 0}
			l.inflight++
			l.mu.Unlock()
			var waited time.Duration
			if !start.IsZero() {
				waited = l.clock.Now().Sub(start)
			}
			return slot, waited, nil
		}
		if start.IsZero() {
			start = now
		}
		reset := l.reset
		if !reset.IsZero() {
			l.mu.Unlock()
			wait := reset.Sub(now)
			if wait > l.maxWait {
				return writeSlot{}, 0, fmt.Errorf("%w: the rate-limit window ends at %s, in %v, later than the longest wait allowed (%v, see WithRetryWait)",
					ErrRateLimited, reset.UTC().Format(time.RFC3339), wait.Round(time.Second), l.maxWait)
			}
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
				return writeSlot{}, 0, context.DeadlineExceeded
			}
			if err := l.sleepUntil(ctx, reset); err != nil {
				return writeSlot{}, 0, err
			}
			continue
		}
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		changed := l.changed
		l.mu.Unlock()
		select {
		case <-ctx.Done():
			return writeSlot{}, 0, ctx.Err()
		case <-changed:
		}
	}
}

// release gives back the slot of a write that ended with resp (nil when no
// answer came) and learns from resp's rate-limit headers.
func (l *writeLimiter) release(slot writeSlot, resp *http.Response) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inflight--
	// An answer to a write sent in an earlier window tells of that window.
	if resp != nil && slot.window == l.window {
		l.learn(resp, slot.alone && slot.seq == l.sent)
	}
	l.wake()
}

// learn updates the state from an answer; alone is set when its write was
// the only one in flight, so that the answer is the latest word.
func (l *writeLimiter) learn(resp *http.Response, alone bool) {
	h := resp.Header
	if n, ok := headerCount(h, "X-Ratelimit-Limit"); ok {
		l.limit = n
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		l.known, l.remaining = true, 0
		if reset := retryAfter(h, l.clock.Now()); reset.After(l.reset) {
			l.reset = reset
		}
		return
	}
	n, ok := headerCount(h, "X-Ratelimit-Remaining")
	switch {
	case ok && (!l.known || alone || n < l.remaining):
		l.known, l.remaining = true, n
	case !ok && l.limit == 0:
		// A server that never sends the headers gives nothing to pace
		// by: after a 429 without them, writes go freely again.
		l.known = false
	}
}

// beginWindow starts a new window once the known reset has passed.
func (l *writeLimiter) beginWindow() {
	l.reset = time.Time{}
	l.window++
	l.sent = 0
	l.remaining = l.limit
	l.known = l.limit > 0
	l.wake()
}

// wake tells the writes waiting for room that something changed.
func (l *writeLimiter) wake() {
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
}

// sleepUntil waits until the clock reads until, or ctx ends. One goroutine
// at a time sleeps on the clock; the others wait for it to wake and look
// again, so that a fake clock, which moves when slept on, moves once for
// all of them.
func (l *writeLimiter) sleepUntil(ctx context.Context, until time.Time) error {
	for {
		l.mu.Lock()
		d := until.Sub(l.clock.Now())
		if d <= 0 {
			l.mu.Unlock()
			return nil
		}
		if woke := l.sleeping; woke != nil {
			l.mu.Unlock()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-woke:
			}
			continue
		}
		woke := make(chan struct{})
		l.sleeping = woke
		l.mu.Unlock()

		err := l.clock.Sleep(ctx, d)

		l.mu.Lock()
		l.sleeping = nil
		close(woke)
		l.mu.Unlock()
		if err != nil {
			return err
		}
	}
}
