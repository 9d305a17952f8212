package rebilly

import (
	"context"
	"sync"
	"time"
)

// readPacer holds back the page requests of an Export once any of them is
// refused with 429 (too many requests): no request of the export is sent
// until the time the server said, or, when it said none, for the client's
// shortest retry wait. The refused request itself is retried by the client
// as any call is.
type readPacer struct {
	clock   Clock
	minWait time.Duration

	mu    sync.Mutex
	until time.Time // no request is sent before it
}

func newReadPacer(c *Client) *readPacer {
	return &readPacer{clock: c.clock, minWait: c.retryWaitMin}
}

// refusalWatcherKey is the context key under which a request carries the
// readPacer told of its 429 answers.
type refusalWatcherKey struct{}

// watch returns ctx carrying p, so that the client tells p of every 429
// answer to a request made with it (see noteRefusal).
func (p *readPacer) watch(ctx context.Context) context.Context {
	return context.WithValue(ctx, refusalWatcherKey{}, p)
}

// noteRefusal tells the readPacer that ctx carries, if any, that a request
// was refused with 429, to be retried at retryAfter (zero when the server
// did not say). The client calls it for every such answer.
func noteRefusal(ctx context.Context, retryAfter time.Time) {
	if p, ok := ctx.Value(refusalWatcherKey{}).(*readPacer); ok {
		p.refused(retryAfter)
	}
}

func (p *readPacer) refused(retryAfter time.Time) {
	until := retryAfter
	if now := p.clock.Now(); until.Before(now.Add(p.minWait)) {
		until = now.Add(p.minWait)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if until.After(p.until) {
		p.until = until
	}
}

// wait returns once a request may be sent, or with ctx's error when ctx
// ends first. A nil pacer never waits.
func (p *readPacer) wait(ctx context.Context) error {
	if p == nil {
		return nil
	}
	for {
		p.mu.Lock()
		d := p.until.Sub(p.clock.Now())
		p.mu.Unlock()
		if d <= 0 {
			return nil
		}
		if err := p.clock.Sleep(ctx, d); err != nil {
			return err
		}
	}
}
