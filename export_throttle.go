package rebilly

import (
	"context"
	"sync"
	"time"
)

// exportThrottle keeps an Export a good citizen of the API and of the
// caller's memory. The client tells it, through the context of each
// request of the export, of two moments:
//
//   - A request refused with 429 (too many requests): no request of the
//     export is sent until the time the server said, or, when it said
//     none, for the client's shortest retry wait. The refused request
//     itself is retried by the client as any call is.
//   - A page about to be read and decoded: one page at a time is, so that
//     the customers of several pages are not being made at once; the
//     other answers wait unread in their connections. (A walk's page is
//     decoded as it is read, an element at a time, so its body is never
//     held whole: see walkKey.)
type exportThrottle struct {
	clock   Clock
	minWait time.Duration

	mu    sync.Mutex
	until time.Time // no request is sent before it

	decoding chan struct{} // holds a token while a page is decoded
}

func newExportThrottle(c *Client) *exportThrottle {
	return &exportThrottle{clock: c.clock, minWait: c.retryWaitMin, decoding: make(chan struct{}, 1)}
}

// exportThrottleKey is the context key under which a request carries the
// exportThrottle of its export.
type exportThrottleKey struct{}

// watch returns ctx carrying t, for the requests of its export.
func (t *exportThrottle) watch(ctx context.Context) context.Context {
	return context.WithValue(ctx, exportThrottleKey{}, t)
}

func throttleOf(ctx context.Context) *exportThrottle {
	t, _ := ctx.Value(exportThrottleKey{}).(*exportThrottle)
	return t
}

// noteRefusal tells the exportThrottle of ctx, if any, that a request was
// refused with 429, to be retried at retryAfter (zero when the server did
// not say). The client calls it for every such answer.
func noteRefusal(ctx context.Context, retryAfter time.Time) {
	if t := throttleOf(ctx); t != nil {
		t.refused(retryAfter)
	}
}

// decodeTurn waits, when ctx carries an exportThrottle, until no other page
// of its export is being decoded, and returns what ends this page's turn;
// without one it returns at once. The client calls it before it reads a
// body to decode. It fails only when ctx ends first.
func decodeTurn(ctx context.Context) (done func(), err error) {
	t := throttleOf(ctx)
	if t == nil {
		return func() {}, nil
	}
	select {
	case t.decoding <- struct{}{}:
		return func() { <-t.decoding }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (t *exportThrottle) refused(retryAfter time.Time) {
	until := retryAfter
	if now := t.clock.Now(); until.Before(now.Add(t.minWait)) {
		until = now.Add(t.minWait)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if until.After(t.until) {
		t.until = until
	}
}

// wait returns once a request may be sent, or with ctx's error when ctx
// ends first. A nil throttle never waits.
func (t *exportThrottle) wait(ctx context.Context) error {
	if t == nil {
		return nil
	}
	for {
		t.mu.Lock()
		d := t.until.Sub(t.clock.Now())
		t.mu.Unlock()
		if d <= 0 {
			return nil
		}
		if err := t.clock.Sleep(ctx, d); err != nil {
			return err
		}
	}
}
