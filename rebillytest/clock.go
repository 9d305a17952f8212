package rebillytest

import (
	"context"
	"sync"
	"time"
)

// Clock is a fake clock for tests. Its time moves only when Advance or
// Sleep is called, so retry waits and rate-limit windows take no real time.
// It satisfies rebilly.Clock; give the same Clock to the fake (WithClock)
// and to the client (Server.Client does so) to make both agree on the time.
// A Clock is safe for concurrent use.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	slept   time.Duration
	sleeps  []time.Duration
	onSleep func(ctx context.Context, d time.Duration)
}

// NewClock returns a Clock that reads start until it is moved.
func NewClock(start time.Time) *Clock {
	return &Clock{now: start.Round(0)}
}

// Now returns the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep moves the clock forward by d at once and returns nil. When ctx is
// already done it returns ctx.Err() and leaves the clock alone. A negative
// d counts as zero. Every call is recorded for Sleeps, and the function
// given to OnSleep runs first, before the context is checked.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	hook := c.onSleep
	c.mu.Unlock()
	if hook != nil {
		hook(ctx, d)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if d < 0 {
		d = 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.slept += d
	return nil
}

// Advance moves the clock forward by d (backward when d is negative).
// Unlike Sleep it does not count towards Slept.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Slept returns the total time passed to Sleep, for asserting how long a
// client waited between retries.
func (c *Clock) Slept() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept
}

// Sleeps returns the duration of every call to Sleep, in order, those that
// returned the context's error included: the waits a client asked for.
func (c *Clock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// OnSleep makes f run at the start of every later call to Sleep, with its
// context and duration, before the context is checked. A test uses it to
// act during a client's wait: cancel the context (Sleep then returns the
// context's error), start a server the retry will reach, or block until
// ctx is done to model a wait the caller interrupts. f runs outside the
// Clock's lock and may call its methods.
func (c *Clock) OnSleep(f func(ctx context.Context, d time.Duration)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onSleep = f
}

// timeSource is what the fake reads the time from: a *Clock, or the real
// clock when none was configured.
type timeSource interface {
	Now() time.Time
}

type realTime struct{}

func (realTime) Now() time.Time { return time.Now() }
