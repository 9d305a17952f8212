package rebilly

// This file runs a call's attempts and decides its retries. go-retryablehttp
// runs the loop; apiCall holds the call's state across attempts and answers
// the library's hooks: whether and when to retry, waiting on the client's
// clock, and keeping the evidence (Attempts, log records).
//
// What the SDK relies on in go-retryablehttp (v0.7.8), and the tests that
// fail if that changes:
//
//   - CheckRetry is asked exactly once per attempt, with the request's
//     context, and answers it whole: checkRetry reads the answer (decoding a
//     2xx body too, see readAnswer) before it decides. No response handler
//     is set, since with one the library asks CheckRetry a second time, after
//     the handler. TestOneLogRecordPerAttempt (one Debug record per
//     attempt), TestBodyCutOffIsRetriedForIdempotentCalls and
//     TestLaterDecodeFailureIsNotReportedAsAnEarlierError.
//   - The hooks find the call in the request's context: RequestLogHook and
//     PrepareRetry get the request (or its shallow copy), CheckRetry its
//     context. Every test of a call panics if that changes.
//   - Backoff returns 0 and PrepareRetry, which the library calls before
//     each retry, does the waiting: on the client's clock, aware of the
//     context, and through the write limiter after a 429.
//     TestRetryHintsAreHonoured and TestContextCancelledDuringTheWait.
//   - ErrorHandler hands back the last response and the error as they are;
//     without it the library would close the body and wrap the error in a
//     message holding the URL. TestUndecodableSuccessIsRequestError and
//     TestErrorTextNeverHoldsCredentials.
//   - The library calls the HTTP client's CloseIdleConnections whenever a
//     call ends with an error. sdkTransport (auth.go) has no such method on
//     purpose, so that one failed call does not empty the connection pool
//     of every other goroutine's calls.
//     TestDefaultClientKeepsConnectionsForConcurrentCallers.
//   - A Request made as NewRequestWithContext makes one (a Request holding
//     the http.Request, then SetBody) is the same as one it made, so that
//     do (request.go) makes it in the call rather than allocating it.
//     TestServerErrorsAreRetriedOnIdempotentCalls (every attempt sends the
//     same URL and the whole body) and TestPOSTIsRetriedOn429.
//   - Before a retry, the library returns if the request's context is done,
//     then sends a shallow copy of req.Request made after CheckRetry and
//     PrepareRetry, which may replace req.Request: the copy it is given or
//     another. The per-attempt timeout (timeout.go) relies on that order:
//     checkRetry gives the request the call's context before the library
//     looks at it, so that an attempt that timed out is retried, and
//     prepareRetry gives the retry a context and a header of its own,
//     leaving the last attempt's request to the transport that may still
//     hold it. TestOwnClientTimeoutIsPerAttempt and
//     TestEarlierAttemptsRequestIsLeftAlone.
//   - RetryMax is the client's, and decide stops after as many retries, so
//     the library's own count never ends a call: it does not stop earlier
//     (TestRetryCountFollowsWithMaxRetries), and decide stops first in any
//     case.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// apiCall is the state of one API call across its attempts. It is also
// its request's context: the caller's, which it embeds, and the call itself
// under callKey, so that go-retryablehttp's hooks find it there.
type apiCall struct {
	context.Context // the caller's

	client *Client
	method string
	path   string
	out    any // where a 2xx body is decoded: a pointer, or nil for none
	// declared holds the success statuses the operation declares.
	declared statusSet
	// isWrite is set for writes (any method but GET and HEAD), whose
	// attempts each hold a slot of the client's write limiter while they
	// are in flight.
	isWrite bool
	// idempotent says whether an attempt may be repeated after a server
	// error or a lost connection: by the method (see idempotentMethod),
	// unless the caller marked the call with retrySafe.
	idempotent bool
	slot       writeSlot
	holdsSlot  bool

	// headerValues holds the values of the request's Accept, User-Agent
	// and Content-Type headers and of the credential's, which are the
	// request's own (see setHeaders).
	headerValues [4]string
	hasBody      bool // whether the request has a body
	// bound is the current attempt's context when the client's timeout
	// bounds it, nil otherwise; firstBound is the first attempt's
	// (timeout.go).
	bound      *attemptBound
	firstBound attemptBound

	attempts     []Attempt
	firstAttempt [1]Attempt // attempts' array until a retry
	started      time.Time  // of the current attempt
	nextWait     time.Duration
	lastError    *Error // the last non-2xx answer, its body read
	// lastAnswer is the last attempt's answer; nil when none came.
	lastAnswer *http.Response
	// retryAfter is the server's hint on the last answer, zero if none.
	retryAfter time.Time

	// The call holds these, rather than allocating them, as it holds
	// firstAttempt: its request (made by do) and the http.Request in it,
	// answerBody, which reads each attempt's 2xx body (readAnswer), and
	// response, the call's *Response (result).
	request     retryablehttp.Request
	httpRequest http.Request
	answerBody  answerBody
	response    Response
}

func (c *Client) newCall(ctx context.Context, method, path string, out any, declared statusSet) *apiCall {
	isWrite := method != http.MethodGet && method != http.MethodHead
	idempotent := idempotentMethod(method) || ctx.Value(retrySafeKey{}) != nil
	call := &apiCall{Context: ctx, client: c, method: method, path: path, out: out, declared: declared, isWrite: isWrite, idempotent: idempotent}
	call.attempts = call.firstAttempt[:0] // most calls make one
	return call
}

// idempotentMethod reports whether repeating a request of method has the
// effect of sending it once (RFC 9110, section 9.2.2): every method but
// POST and PATCH.
func idempotentMethod(method string) bool {
	return method != http.MethodPost && method != http.MethodPatch
}

// retrySafeKey marks, in a call's context, a POST that is idempotent in
// effect (tagging a customer: a second tag changes nothing), so that it is
// retried like a PUT. Only the service method that knows this sets it.
type retrySafeKey struct{}

// retrySafe returns ctx marked with retrySafeKey (nil for nil, which do
// refuses).
func retrySafe(ctx context.Context) context.Context {
	if ctx == nil {
		return nil
	}
	return context.WithValue(ctx, retrySafeKey{}, true)
}

// callKey is the context key under which a request carries its call.
type callKey struct{}

// Value returns the call under callKey, and the caller's context's values.
func (call *apiCall) Value(key any) any {
	if key == (callKey{}) {
		return call
	}
	return call.Context.Value(key)
}

// callOf returns the call of the request whose context is ctx.
func callOf(ctx context.Context) *apiCall {
	return ctx.Value(callKey{}).(*apiCall)
}

// newRetryClient configures go-retryablehttp for the client. It is made
// once and shared by every call: its hooks find the call in the request's
// context. Logger stays nil so that go-retryablehttp never logs by itself;
// each call logs to the client's slog.Logger.
func newRetryClient(c *Client) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient: c.httpClient,
		RetryMax:   c.maxRetries,
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, _ int) {
			callOf(req.Context()).beforeAttempt()
		},
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			// ctx is the attempt's (see timeout.go); the call's decides.
			call := callOf(ctx)
			return call.checkRetry(call, resp, err)
		},
		Backoff: func(time.Duration, time.Duration, int, *http.Response) time.Duration { return 0 },
		PrepareRetry: func(req *http.Request) error {
			return callOf(req.Context()).prepareRetry(req)
		},
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) { return resp, err },
	}
}

// run sends req, which carries the call in its context, through
// go-retryablehttp, and returns the call's result (see result).
func (call *apiCall) run(ctx context.Context, req *retryablehttp.Request) (*Response, error) {
	if err := call.acquire(ctx); err != nil {
		return nil, &RequestError{Method: call.method, Path: call.path, Err: err}
	}
	// Each attempt's slot is given back when its answer is checked; this
	// covers an attempt that go-retryablehttp gave up on before that.
	defer call.release(nil)
	defer call.endAttempt()
	if actx := call.startAttempt(); actx != context.Context(call) {
		// No one holds the request yet: it changes in place.
		call.httpRequest = *call.httpRequest.WithContext(actx)
	}
	httpResp, err := call.client.retry.Do(req)
	return call.result(httpResp, err)
}

// acquire takes a slot of the client's write limiter for the next attempt
// of a write; the time it waited is added to the attempt's Wait. It does
// nothing for reads.
func (call *apiCall) acquire(ctx context.Context) error {
	if !call.isWrite {
		return nil
	}
	slot, waited, err := call.client.limiter.acquire(ctx)
	if err != nil {
		return err
	}
	call.slot, call.holdsSlot = slot, true
	call.nextWait += waited
	return nil
}

// release gives the slot back with the attempt's answer (nil when none
// came), if the call holds one.
func (call *apiCall) release(resp *http.Response) {
	if call.holdsSlot {
		call.holdsSlot = false
		call.client.limiter.release(call.slot, resp)
	}
}

func (call *apiCall) beforeAttempt() {
	call.attempts = append(call.attempts, Attempt{Wait: call.nextWait})
	call.nextWait = 0
	call.started = time.Now()
}

// checkRetry records the attempt that ended with resp or err, with what
// readAnswer made of the answer, logs it, and decides whether to retry it.
// When it does not, the error it returns ends the call: why the SDK did not
// wait for another attempt, or else a 2xx body that did not decode.
func (call *apiCall) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	call.release(resp)
	call.lastAnswer = resp
	attempt := &call.attempts[len(call.attempts)-1]
	call.retryAfter = time.Time{}
	var unusable error // the answer's, from readAnswer
	if resp != nil {
		attempt.Status = resp.StatusCode
		if unusable = call.readAnswer(resp); unusable != nil {
			err = unusable
		}
	}
	attempt.Err = withoutURL(err)
	attempt.Duration = time.Since(call.started) // with the body's decoding
	retry, stopErr := call.decide(ctx, err)
	if retry && call.bound != nil {
		// go-retryablehttp gives up when the request's context is done
		// before the retry: from now on it is the call's alone.
		call.request.Request = call.request.Request.WithContext(call)
	}
	call.logAttempt(ctx)
	if retry {
		call.client.logger.LogAttrs(ctx, slog.LevelWarn, "rebilly: retrying",
			slog.String("method", call.method), slog.String("path", call.path),
			slog.Int("attempt", len(call.attempts)), slog.Int("status", attempt.Status),
			slog.Duration("wait", call.nextWait), errAttr(err))
	}
	if !retry && stopErr == nil && unusable != nil {
		return false, unusable
	}
	return retry, stopErr
}

// logAttempt writes the Debug record of the current attempt.
func (call *apiCall) logAttempt(ctx context.Context) {
	a := call.attempts[len(call.attempts)-1]
	call.client.logger.LogAttrs(ctx, slog.LevelDebug, "rebilly: attempt",
		slog.String("method", call.method), slog.String("path", call.path),
		slog.Int("attempt", len(call.attempts)), slog.Int("status", a.Status),
		slog.Duration("duration", a.Duration), errAttr(a.Err))
}

func errAttr(err error) slog.Attr {
	if err == nil {
		return slog.Attr{}
	}
	return slog.String("error", withoutURL(err).Error())
}

// decide says whether to retry the current attempt, which ended with err
// (nil for an answer the SDK could read), and sets the wait.
func (call *apiCall) decide(ctx context.Context, err error) (bool, error) {
	c := call.client
	if !call.retryable(err) || len(call.attempts) > c.maxRetries {
		return false, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	wait := call.backoff(len(call.attempts))
	if !call.retryAfter.IsZero() {
		wait = max(call.retryAfter.Sub(c.clock.Now()), 0)
		if wait > c.retryWaitMax {
			return false, nil // the caller gets the error with RetryAfter set
		}
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		// Waiting would outlast the context: stop now rather than sleep.
		return false, context.DeadlineExceeded
	}
	call.nextWait = wait
	return true, nil
}

// retryable says whether the current attempt, which ended with err, or
// else with an answer of its Status, may be tried again without risk of
// acting twice.
func (call *apiCall) retryable(err error) bool {
	idempotent := call.idempotent
	switch answerErr := err.(type) { // as readAnswer returned it
	case *decodeError:
		return idempotent && answerErr.cutOff()
	case *UnexpectedResponseError:
		return false // see UnexpectedResponseError
	}
	if err != nil {
		var certErr *tls.CertificateVerificationError
		var unknownAuthority x509.UnknownAuthorityError
		var hostnameErr x509.HostnameError
		if errors.As(err, &certErr) || errors.As(err, &unknownAuthority) || errors.As(err, &hostnameErr) {
			return false
		}
		// A failed dial sent nothing, so even a POST is safe to repeat.
		return idempotent || neverSent(err)
	}
	switch status := call.attempts[len(call.attempts)-1].Status; {
	case status == http.StatusTooManyRequests:
		return true // the server refused the request without acting on it
	case status == http.StatusNotImplemented:
		return false
	case status >= 500:
		return idempotent
	}
	return false
}

// neverSent reports whether a transport error happened before the request
// could leave: the connection could not be opened.
func neverSent(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// backoff is the wait before retry n (1 for the first retry): the minimum
// doubled n-1 times, plus up to half of that at random, capped at the
// maximum. The minimum is never cut short.
func (call *apiCall) backoff(n int) time.Duration {
	c := call.client
	d := c.retryWaitMin
	for i := 1; i < n && d < c.retryWaitMax; i++ {
		d *= 2
	}
	if d <= 0 {
		return 0
	}
	return min(d+rand.N(d/2+1), c.retryWaitMax)
}

// prepareRetry waits before the next attempt, on the client's clock, takes
// the attempt's slot of the write limiter, and makes the attempt's request
// (its headers set again, see setHeaders, and its timeout). A write
// refused with 429 waits for the window's end through the limiter, along
// with the other writes that wait for it, so that the clock is slept on
// once for all.
func (call *apiCall) prepareRetry(req *http.Request) error {
	call.endAttempt() // the last attempt's answer has been read and closed
	ctx := req.Context()
	c := call.client
	var err error
	if call.isWrite && call.nextWait > 0 && !call.retryAfter.IsZero() &&
		call.attempts[len(call.attempts)-1].Status == http.StatusTooManyRequests {
		err = c.limiter.sleepUntil(ctx, call.retryAfter)
	} else {
		err = c.clock.Sleep(ctx, call.nextWait)
	}
	if err != nil {
		return err
	}
	if err := call.acquire(ctx); err != nil {
		return err
	}
	// req is go-retryablehttp's copy of the last attempt's request, which
	// it sends next; the transport may still hold the last one. The retry
	// gets a header of its own, and a context with its timeout.
	req.Header = make(http.Header, 4)
	call.setHeaders(req.Header, new([4]string))
	if actx := call.startAttempt(); actx != context.Context(call) {
		call.request.Request = req.WithContext(actx)
	}
	return nil
}
