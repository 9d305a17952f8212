package rebilly

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// call is the state of one API call across its attempts. go-retryablehttp
// runs the attempts; call decides, through the hooks it gives it, whether
// and when to retry, waits on the client's clock, and keeps the evidence.
type call struct {
	c       *Client
	method  string
	path    string
	decodes bool // a 2xx body goes to a response handler
	// limited is set for writes, whose attempts each hold a slot of the
	// client's writeLimiter while they are in flight.
	limited bool
	slot    writeSlot
	holding bool // slot is held

	attempts     []Attempt
	firstAttempt [1]Attempt // attempts' array until a retry
	started      time.Time
	nextWait     time.Duration
	lastError    *Error // the last non-2xx answer, its body read
	// retryAfter is the server's hint on the last answer, zero if none.
	retryAfter time.Time

	// checked is the response last decided on, with the decision.
	checked    *http.Response
	verdict    bool
	verdictErr error
}

func (c *Client) newCall(method, path string, decodes bool) *call {
	limited := method != http.MethodGet && method != http.MethodHead
	k := &call{c: c, method: method, path: path, decodes: decodes, limited: limited}
	k.attempts = k.firstAttempt[:0] // most calls make one
	return k
}

// acquire takes a slot of the client's write limiter for the next attempt
// of a write; the time it waited is added to the attempt's Wait. It does
// nothing for reads.
func (k *call) acquire(ctx context.Context) error {
	if !k.limited {
		return nil
	}
	slot, waited, err := k.c.limiter.acquire(ctx)
	if err != nil {
		return err
	}
	k.slot, k.holding = slot, true
	k.nextWait += waited
	return nil
}

// release gives the slot back with the attempt's answer (nil when none
// came), if the call holds one.
func (k *call) release(resp *http.Response) {
	if k.holding {
		k.holding = false
		k.c.limiter.release(k.slot, resp)
	}
}

// callKey is the context key under which a request carries its call.
type callKey struct{}

// callOf returns the call of the request whose context is ctx.
func callOf(ctx context.Context) *call {
	return ctx.Value(callKey{}).(*call)
}

// newRetryClient configures go-retryablehttp for the client. It is made
// once and shared by every call: its hooks find the call in the request's
// context. Backoff returns 0 because prepareRetry does the waiting, on the
// client's clock and aware of the context. Logger stays nil so that
// go-retryablehttp never logs by itself; each call logs to the client's
// slog.Logger.
func newRetryClient(c *Client) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient: c.httpClient,
		RetryMax:   c.maxRetries,
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, _ int) {
			callOf(req.Context()).beforeAttempt()
		},
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			return callOf(ctx).checkRetry(ctx, resp, err)
		},
		Backoff: func(time.Duration, time.Duration, int, *http.Response) time.Duration { return 0 },
		PrepareRetry: func(req *http.Request) error {
			return callOf(req.Context()).prepareRetry(req)
		},
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) { return resp, err },
	}
}

func (k *call) beforeAttempt() {
	k.attempts = append(k.attempts, Attempt{Wait: k.nextWait})
	k.nextWait = 0
	k.started = time.Now()
}

// checkRetry records the attempt and decides whether to retry it.
//
// go-retryablehttp asks twice about a response it is not going to retry
// when the call has a response handler (it decodes 2xx bodies): again after the response handler
// ran, with the handler's error. When the handler found nothing wrong (err
// is nil), the first answer stands. The attempt is logged once, when its
// outcome is known: on the second question if one is coming.
func (k *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	again := resp != nil && resp == k.checked
	if !again {
		k.release(resp)
	}
	if again && err == nil {
		k.logAttempt(ctx)
		return k.verdict, k.verdictErr
	}
	k.record(resp, err, again)
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		noteRefusal(ctx, k.retryAfter) // Export's throttle (export_throttle.go)
	}
	k.checked = resp
	k.verdict, k.verdictErr = k.decide(ctx, resp, err)
	// go-retryablehttp v0.7.8 runs the handler, and asks again, only then
	// (its Client.Do: !shouldRetry && doErr == nil && responseHandler !=
	// nil); TestOneLogRecordPerAttempt fails if that changes.
	handlerNext := !again && k.decodes && err == nil && !k.verdict
	if !handlerNext {
		k.logAttempt(ctx)
	}
	if k.verdict {
		k.c.logger.LogAttrs(ctx, slog.LevelWarn, "rebilly: retrying",
			slog.String("method", k.method), slog.String("path", k.path),
			slog.Int("attempt", len(k.attempts)), slog.Int("status", k.attempts[len(k.attempts)-1].Status),
			slog.Duration("wait", k.nextWait), errAttr(err))
	}
	return k.verdict, k.verdictErr
}

// record fills in the current attempt. again is set when it is the
// decoding of a 2xx body already recorded, so the error is the decoder's.
func (k *call) record(resp *http.Response, err error, again bool) {
	a := &k.attempts[len(k.attempts)-1]
	a.Err = withoutURL(err)
	a.Duration = time.Since(k.started) // with the body's decoding, when again
	if again {
		return
	}
	k.retryAfter = time.Time{}
	if resp != nil {
		a.Status = resp.StatusCode
		if resp.StatusCode >= 300 {
			k.readError(resp)
		}
	}
}

// logAttempt writes the Debug record of the current attempt.
func (k *call) logAttempt(ctx context.Context) {
	a := k.attempts[len(k.attempts)-1]
	k.c.logger.LogAttrs(ctx, slog.LevelDebug, "rebilly: attempt",
		slog.String("method", k.method), slog.String("path", k.path),
		slog.Int("attempt", len(k.attempts)), slog.Int("status", a.Status),
		slog.Duration("duration", a.Duration), errAttr(a.Err))
}

// decide says whether to retry the current attempt, and sets the wait.
func (k *call) decide(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if !k.retryable(resp, err) || len(k.attempts) > k.c.maxRetries {
		return false, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	wait := k.backoff(len(k.attempts))
	if !k.retryAfter.IsZero() {
		wait = max(k.retryAfter.Sub(k.c.clock.Now()), 0)
		if wait > k.c.retryWaitMax {
			return false, nil // the caller gets the error with RetryAfter set
		}
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		// Waiting would outlast the context: stop now rather than sleep.
		return false, context.DeadlineExceeded
	}
	k.nextWait = wait
	return true, nil
}

// readError reads a non-2xx body (bounded), keeps it as the call's last
// error, and puts the bytes back so that the body can be read again.
func (k *call) readError(resp *http.Response) {
	body, err := readBody(resp.Body, k.c.maxResponseBytes)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	e := newError(k.method, k.path, resp.StatusCode, resp.Header, body)
	if err != nil {
		e.Err = err
	}
	e.RetryAfter = retryAfter(resp.Header, k.c.clock.Now())
	k.retryAfter = e.RetryAfter
	k.lastError = e
}

// retryable says whether an attempt that ended with resp or err may be
// tried again without risk of acting twice.
func (k *call) retryable(resp *http.Response, err error) bool {
	idempotent := k.method != http.MethodPost
	var cut *decodeError
	if errors.As(err, &cut) {
		return idempotent && cut.cutOff()
	}
	if err != nil {
		var certErr *tls.CertificateVerificationError
		var unknownAuthority x509.UnknownAuthorityError
		var hostnameErr x509.HostnameError
		if errors.As(err, &certErr) || errors.As(err, &unknownAuthority) || errors.As(err, &hostnameErr) {
			return false
		}
		// A failed dial sent nothing, so even a POST is safe to repeat.
		var opErr *net.OpError
		return idempotent || (errors.As(err, &opErr) && opErr.Op == "dial")
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true // the server refused the request without acting on it
	case resp.StatusCode == http.StatusNotImplemented:
		return false
	case resp.StatusCode >= 500:
		return idempotent
	}
	return false
}

// backoff is the wait before retry n (1 for the first retry): the minimum
// doubled n-1 times, capped at the maximum, less up to half of it at random.
func (k *call) backoff(n int) time.Duration {
	d := k.c.retryWaitMin
	for i := 1; i < n && d < k.c.retryWaitMax; i++ {
		d *= 2
	}
	d = min(d, k.c.retryWaitMax)
	if d <= 0 {
		return 0
	}
	return d - rand.N(d/2+1)
}

// prepareRetry waits before the next attempt, on the client's clock, and
// takes the attempt's slot of the write limiter. A write refused with 429
// waits for the window's end through the limiter, along with the other
// writes that wait for it, so that the clock is slept on once for all.
func (k *call) prepareRetry(req *http.Request) error {
	ctx := req.Context()
	var err error
	if k.limited && k.nextWait > 0 && !k.retryAfter.IsZero() &&
		k.attempts[len(k.attempts)-1].Status == http.StatusTooManyRequests {
		err = k.c.limiter.sleepUntil(ctx, k.retryAfter)
	} else {
		err = k.c.clock.Sleep(ctx, k.nextWait)
	}
	if err != nil {
		return err
	}
	return k.acquire(ctx)
}

// retryAfter reads the time the server says a request may be retried: the
// API's X-RateLimit-Retry-After (a Unix time), else the standard
// Retry-After (seconds or an HTTP date). Malformed values are ignored.
func retryAfter(h http.Header, now time.Time) time.Time {
	if v := h.Get("X-Ratelimit-Retry-After"); v != "" {
		if ts, err := strconv.ParseInt(v, 10, 64); err == nil && ts >= 0 {
			return time.Unix(ts, 0)
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 && secs < 1<<31 {
			return now.Add(time.Duration(secs) * time.Second)
		}
		if t, err := http.ParseTime(v); err == nil {
			return t
		}
	}
	return time.Time{}
}

func errAttr(err error) slog.Attr {
	if err == nil {
		return slog.Attr{}
	}
	return slog.String("error", withoutURL(err).Error())
}

// withoutURL unwraps a *url.Error, whose message repeats the request URL
// with its query string (which may hold a customer's email in a filter).
func withoutURL(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
	}
	return err
}
