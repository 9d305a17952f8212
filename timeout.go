package rebilly

import (
	"context"
	"time"
)

// The SDK's own HTTP client bounds each attempt of a call by DefaultTimeout
// (see limits.go). The call does it, as it makes each attempt's request:
// the request's context is the call's, with a deadline of the attempt's
// own and attemptTimeoutError as the cause, from when the attempt starts
// (once a write has its slot of the limiter) until its answer has been
// read and closed, redirects included. Making the context part of the
// request, rather than of a copy of it in a transport, costs no copy of
// the request.
//
// When the caller's context has a deadline no later than the timeout from
// the attempt's start, that deadline ends the attempt first: the attempt
// gets no timeout, and with it no context of its own, whose cost is what
// BenchmarkPerCallWork measures between impl=sdk and impl=sdk-notimeout.
//
// Between attempts the request's context is the call's alone (see
// checkRetry), so that go-retryablehttp, which gives up when the request's
// context is done before it retries, is not stopped by the timeout of an
// attempt that is over.

// setAttemptTimeout bounds each attempt of the client's calls by d.
func (c *Client) setAttemptTimeout(d time.Duration) {
	c.attemptTimeout, c.timedOut = d, &attemptTimeoutError{timeout: d}
}

// startAttempt returns the context of the call's next attempt: the call
// itself when no timeout applies, or else the call with the attempt's
// deadline, which endAttempt releases.
func (call *apiCall) startAttempt() context.Context {
	c := call.client
	if c.attemptTimeout <= 0 || endsWithin(call.Context, c.attemptTimeout) {
		return call
	}
	ctx, cancel := context.WithDeadlineCause(call, time.Now().Add(c.attemptTimeout), c.timedOut)
	call.endTimeout = cancel
	return ctx
}

// endAttempt stops the current attempt's timeout, if it has one.
func (call *apiCall) endAttempt() {
	if call.endTimeout != nil {
		call.endTimeout()
		call.endTimeout = nil
	}
}

// endsWithin reports whether ctx has a deadline no later than d from now.
func endsWithin(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && !deadline.After(time.Now().Add(d))
}
