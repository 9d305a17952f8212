package rebilly

// The SDK's own HTTP client bounds each attempt by DefaultTimeout, in the
// context of the attempt's request (timeout.go), not with http.Client's
// Timeout. These tests
// shorten the bound to a fraction of a second; the rest of the client is
// as NewClient made it.

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testAttemptTimeout = 150 * time.Millisecond

// timeoutClient is a client of the SDK's own HTTP client for srv, whose
// attempts are bounded by testAttemptTimeout.
func timeoutClient(t *testing.T, srv *httptest.Server, opts ...Option) (*Client, *sdkTransport) {
	t.Helper()
	opts = append([]Option{WithAPIKey("the-key"), WithBaseURL(srv.URL), WithRetryWait(0, 0)}, opts...)
	c, err := NewClient(opts...)
	require.NoError(t, err)
	at, ok := c.httpClient.Transport.(*sdkTransport)
	require.True(t, ok, "the SDK's transport wraps its own client's")
	require.Equal(t, DefaultTimeout, c.attemptTimers.timeout, "the SDK's own client bounds each attempt by DefaultTimeout")
	c.setAttemptTimeout(testAttemptTimeout)
	t.Cleanup(at.next.(*http.Transport).CloseIdleConnections)
	return c, at
}

const timeoutTestBody = `{"id":"cus_1","websiteId":"web_1"}`

// timedGet gets cus_1 with a context of 10 s, so that a timeout that does
// not work fails the test rather than hanging it, and says how long it took.
func timedGet(c *Client) (*Customer, *Response, time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	cust, resp, err := c.Customers.Get(ctx, "cus_1", nil)
	return cust, resp, time.Since(start), err
}

// TestOwnClientTimeoutIsPerAttempt: a first attempt that outlasts the
// timeout waiting for its answer is retried, and the retry, slow but within
// its own timeout, succeeds: the bound is per attempt, not per call.
func TestOwnClientTimeoutIsPerAttempt(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			<-r.Context().Done() // until the client gives up
			return
		}
		time.Sleep(testAttemptTimeout * 2 / 3)
		_, _ = w.Write([]byte(timeoutTestBody))
	}))
	t.Cleanup(srv.Close)
	c, _ := timeoutClient(t, srv)

	cust, resp, elapsed, err := timedGet(c)
	require.NoError(t, err)
	assert.Equal(t, "cus_1", cust.ID)
	assert.True(t, resp.AfterLostAnswer, "the first attempt timed out")
	assert.Equal(t, int32(2), n.Load())
	assert.Greater(t, elapsed, testAttemptTimeout+testAttemptTimeout/2, "the call outlasted one timeout: the bound is per attempt")
}

// stalledBodyServer answers every request with the start of a 100-byte
// body and never the rest; it counts the requests.
func stalledBodyServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Length", "100")
		_, _ = w.Write([]byte(`{"id":"cus_1",`))
		w.(http.Flusher).Flush()
		<-r.Context().Done() // the rest never comes
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestOwnClientTimeoutCoversTheBody: the timeout runs until the answer's
// body has been read, so a body that stalls ends the attempt; it is retried
// as a body cut off, and the error is a timeout, matchable as the
// standard library's are (net.Error, context.DeadlineExceeded), while the
// caller's context has not ended.
func TestOwnClientTimeoutCoversTheBody(t *testing.T) {
	srv, n := stalledBodyServer(t)
	c, _ := timeoutClient(t, srv, WithMaxRetries(1))

	_, resp, elapsed, err := timedGet(c)
	require.Error(t, err)
	var reqErr *RequestError
	require.ErrorAs(t, err, &reqErr)
	assert.Len(t, reqErr.Attempts, 2, "a body cut off by the timeout is retried")
	assert.Equal(t, int32(2), n.Load())
	var netErr net.Error
	assert.True(t, errors.As(err, &netErr) && netErr.Timeout(), "want a timeout: %v", err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var timedOut *attemptTimeoutError
	assert.ErrorAs(t, err, &timedOut, "the SDK's timeout, not the caller's context (which has 10 s)")
	require.NotNil(t, resp, "an answer came, though its body did not")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.GreaterOrEqual(t, elapsed, 2*testAttemptTimeout)
}

// TestCallerDeadlineCoversTheBody: when the caller's deadline comes before
// the timeout would, the SDK adds no timeout of its own (see
// TestOwnClientTimeoutEndsWithTheAnswer), and the caller's deadline still
// ends an attempt whose body stalls: the call fails once the deadline
// passes, with the context's error and not the SDK's timeout, and is not
// retried.
func TestCallerDeadlineCoversTheBody(t *testing.T) {
	srv, n := stalledBodyServer(t)
	c, _ := timeoutClient(t, srv, WithMaxRetries(1))

	ctx, cancel := context.WithTimeout(context.Background(), testAttemptTimeout/2)
	defer cancel()
	start := time.Now()
	_, _, err := c.Customers.Get(ctx, "cus_1", nil)
	elapsed := time.Since(start)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var timedOut *attemptTimeoutError
	assert.False(t, errors.As(err, &timedOut), "the caller's deadline ended the attempt, not the SDK's timeout: %v", err)
	var reqErr *RequestError
	require.ErrorAs(t, err, &reqErr)
	assert.Len(t, reqErr.Attempts, 1, "the context has ended: no retry")
	assert.Equal(t, int32(1), n.Load())
	assert.GreaterOrEqual(t, elapsed, testAttemptTimeout/2)
}

// TestOwnClientTimeoutEndsWithTheAnswer: each attempt's timeout is stopped
// once its answer has been read and closed (on success, on an error status
// that is retried, and on a refused connection), and none is left running;
// a caller's earlier deadline still applies.
func TestOwnClientTimeoutEndsWithTheAnswer(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(timeoutTestBody))
	}))
	t.Cleanup(srv.Close)
	c, at := timeoutClient(t, srv)
	var mu sync.Mutex
	var sent []context.Context
	next := at.next
	at.next = roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		sent = append(sent, req.Context())
		mu.Unlock()
		return next.RoundTrip(req)
	})

	before := time.Now()
	_, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
	require.NoError(t, err)
	require.Len(t, sent, 2)
	for i, ctx := range sent {
		deadline, ok := ctx.Deadline()
		require.True(t, ok, "attempt %d has a deadline", i+1)
		assert.WithinDuration(t, before.Add(testAttemptTimeout), deadline, testAttemptTimeout, "attempt %d", i+1)
		assert.ErrorIs(t, ctx.Err(), context.Canceled, "attempt %d's timeout was stopped, not reached", i+1)
	}

	// A caller's deadline that comes first is the attempt's, and the
	// attempt gets no timeout of its own: it is sent with the call's
	// context, not one derived from it.
	sent = nil
	ctx, cancel := context.WithTimeout(context.Background(), testAttemptTimeout/2)
	defer cancel()
	callerDeadline, _ := ctx.Deadline()
	_, _, err = c.Customers.Get(ctx, "cus_1", nil)
	require.NoError(t, err)
	require.Len(t, sent, 1)
	deadline, _ := sent[0].Deadline()
	assert.Equal(t, callerDeadline, deadline)
	assert.IsType(t, &apiCall{}, sent[0], "no timeout context when the caller's deadline comes first")

	// A caller's deadline that comes later leaves the timeout in place.
	sent = nil
	ctx, cancel = context.WithTimeout(context.Background(), 10*testAttemptTimeout)
	defer cancel()
	before = time.Now()
	_, _, err = c.Customers.Get(ctx, "cus_1", nil)
	require.NoError(t, err)
	require.Len(t, sent, 1)
	deadline, _ = sent[0].Deadline()
	assert.WithinDuration(t, before.Add(testAttemptTimeout), deadline, testAttemptTimeout)
	assert.ErrorIs(t, sent[0].Err(), context.Canceled, "the timeout was stopped, not reached")

	// A connection that cannot be opened stops the timeout at once too.
	sent = nil
	srv.Close()
	_, _, err = c.Customers.Get(context.Background(), "cus_1", nil)
	require.Error(t, err)
	require.NotEmpty(t, sent)
	for _, ctx := range sent {
		assert.ErrorIs(t, ctx.Err(), context.Canceled)
	}
}

// TestOwnClientOnly: WithHTTPClient's client keeps its own Timeout, which
// applies to each attempt as documented, and the SDK adds none of its own;
// the SDK's own client has no http.Client Timeout, each call bounds each
// attempt instead.
func TestOwnClientOnly(t *testing.T) {
	own, err := NewClient(WithAPIKey("the-key"))
	require.NoError(t, err)
	assert.Zero(t, own.httpClient.Timeout)
	assert.Equal(t, DefaultTimeout, own.attemptTimers.timeout)

	hc := &http.Client{Timeout: 7 * time.Second}
	theirs, err := NewClient(WithAPIKey("the-key"), WithHTTPClient(hc))
	require.NoError(t, err)
	assert.Equal(t, 7*time.Second, theirs.httpClient.Timeout)
	assert.Nil(t, theirs.attemptTimers)
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }
