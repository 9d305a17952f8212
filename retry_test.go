package rebilly_test

// Retries: what is retried and how often, the waits, the server's hints,
// the context, logging and the response-size bound.

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// countingProblem answers the nth request with status and detail "failure n".
func countingProblem(status int, headerPairs ...string) httpmock.Responder {
	var mu sync.Mutex
	n := 0
	return func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		n++
		detail := fmt.Sprintf("failure %d", n)
		mu.Unlock()
		return jsonResponder(status, problem(status, http.StatusText(status), detail), headerPairs...)(req)
	}
}

func TestServerErrorsAreRetriedOnIdempotentCalls(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		for _, op := range idempotentOps {
			t.Run(strconv.Itoa(status)+"/"+op.name, func(t *testing.T) {
				clock := newTestClock()
				c, mt := newMockClient(t, rebilly.WithMaxRetries(2), rebilly.WithClock(clock),
					rebilly.WithRetryWait(time.Second, time.Minute))
				rec := mockAll(mt, countingProblem(status))
				err := op.run(context.Background(), c)

				require.Equal(t, 3, rec.count(), "first attempt and 2 retries")
				assert.ErrorIs(t, err, rebilly.ErrServer)
				var e *rebilly.Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, status, e.Status)
				assert.Equal(t, "failure 3", e.Detail, "the last answer's problem")
				assert.Nil(t, e.Err)
				require.Len(t, e.Attempts, 3)
				waits := clock.Sleeps()
				require.Len(t, waits, 2)
				assert.Zero(t, e.Attempts[0].Wait)
				for i, a := range e.Attempts {
					assert.Equal(t, status, a.Status)
					assert.NoError(t, a.Err)
					if i > 0 {
						assert.Equal(t, waits[i-1], a.Wait, "Attempt.Wait is the wait before it")
					}
				}
				// Exponential backoff with jitter: min, then 2*min, less up to half.
				assert.True(t, waits[0] >= time.Second && waits[0] <= 1500*time.Millisecond, "first wait %v", waits[0])
				assert.True(t, waits[1] >= 2*time.Second && waits[1] <= 3*time.Second, "second wait %v", waits[1])
				assert.Contains(t, e.Error(), "failure 3")
				assert.Contains(t, e.Error(), "after 3 attempts")

				reqs := rec.all()
				for _, r := range reqs {
					assert.Equal(t, op.method, r.Method)
					assert.Equal(t, reqs[0].URL, r.URL)
					assert.Equal(t, string(reqs[0].Body), string(r.Body), "every attempt sends the whole body")
					assert.Equal(t, testAPIKey, r.Header.Get("REB-APIKEY"))
				}
			})
		}
	}
}

func TestRetryCountFollowsWithMaxRetries(t *testing.T) {
	for _, tt := range []struct {
		opts []rebilly.Option
		want int
	}{
		{nil, rebilly.DefaultMaxRetries + 1},
		{[]rebilly.Option{rebilly.WithMaxRetries(0)}, 1},
		{[]rebilly.Option{rebilly.WithMaxRetries(1)}, 2},
		{[]rebilly.Option{rebilly.WithMaxRetries(5)}, 6},
	} {
		c, mt := newMockClient(t, tt.opts...)
		rec := mockAll(mt, countingProblem(503))
		err := opGet.run(context.Background(), c)
		var e *rebilly.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, tt.want, rec.count())
		assert.Len(t, e.Attempts, tt.want)
		assert.Equal(t, fmt.Sprintf("failure %d", tt.want), e.Detail)
	}
}

func TestRetryThenSuccess(t *testing.T) {
	c, mt := newMockClient(t)
	rec := mockAll(mt, sequence(
		jsonResponder(502, problem(502, "Bad Gateway", "x")),
		jsonResponder(503, problem(503, "Service Unavailable", "y")),
		jsonResponder(200, customerJSON),
	))
	cus, resp, err := c.Customers.Get(context.Background(), "cus_1", nil)
	require.NoError(t, err)
	assert.Equal(t, "cus_1", cus.ID)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, 3, rec.count())
}

func TestAnswersThatAreNotRetried(t *testing.T) {
	type tc struct {
		status int
		op     operation
	}
	var cases []tc
	for _, op := range []operation{opGet, opUpsert, opMerge, opCreate} {
		for _, s := range []int{400, 401, 403, 404, 405, 409, 410, 422, 501} {
			cases = append(cases, tc{s, op})
		}
	}
	for _, s := range []int{500, 502, 503, 504} {
		cases = append(cases, tc{s, opCreate}) // the server may have created the customer
	}
	for _, tt := range cases {
		t.Run(strconv.Itoa(tt.status)+"/"+tt.op.name, func(t *testing.T) {
			clock := newTestClock()
			c, mt := newMockClient(t, rebilly.WithClock(clock))
			rec := mockAll(mt, countingProblem(tt.status))
			err := tt.op.run(context.Background(), c)
			var e *rebilly.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.status, e.Status)
			assert.Equal(t, 1, rec.count(), "not retried")
			assert.Len(t, e.Attempts, 1)
			assert.Empty(t, clock.Sleeps())
			assert.NotContains(t, e.Error(), "attempts")
		})
	}
}

func TestPOSTIsRetriedOn429(t *testing.T) {
	c, mt := newMockClient(t)
	rec := mockAll(mt, sequence(
		jsonResponder(429, problem(429, "Rate Limit Exceeded", "slow down")),
		jsonResponder(201, customerJSON),
	))
	cus, resp, err := c.Customers.Create(context.Background(), &rebilly.CustomerInput{WebsiteID: "web_1"})
	require.NoError(t, err)
	assert.Equal(t, "cus_1", cus.ID)
	assert.Equal(t, 201, resp.StatusCode)
	reqs := rec.all()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.Equal(t, "POST", r.Method)
		assert.JSONEq(t, `{"websiteId":"web_1"}`, string(r.Body))
	}
}

func Test429IsRetriedUpToTheLimit(t *testing.T) {
	c, mt := newMockClient(t, rebilly.WithMaxRetries(2))
	rec := mockAll(mt, countingProblem(429))
	err := opCreate.run(context.Background(), c)
	assert.ErrorIs(t, err, rebilly.ErrRateLimited)
	var e *rebilly.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "failure 3", e.Detail)
	assert.Equal(t, 3, rec.count())
}

func TestConnectionDroppedAfterSending(t *testing.T) {
	for _, tt := range []struct {
		op   operation
		want int
	}{
		{opCreate, 1}, // the server may have acted on it
		{opUpsert, 3},
		{opGet, 3},
		{opMerge, 3},
	} {
		t.Run(tt.op.name, func(t *testing.T) {
			fake, _, srv := startFake(t, nil, fmSeedOptions()...)
			fake.AddFault(rebillytest.Fault{DropConnection: true})
			c := newServerClient(t, srv, rebilly.WithMaxRetries(2))
			err := tt.op.run(context.Background(), c)
			var re *rebilly.RequestError
			require.ErrorAs(t, err, &re)
			assert.Len(t, re.Attempts, tt.want)
			if tt.op.method != "GET" { // the transport itself may repeat a GET on a reused connection
				assert.Len(t, selectRequests(fake.Requests(), tt.op), tt.want)
			}
		})
	}
}

func TestPOSTIsRetriedWhenTheConnectionIsRefused(t *testing.T) {
	// A port of its own, since the second subtest listens on it later.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	t.Run("every attempt refused", func(t *testing.T) {
		clock := newTestClock()
		c, err := rebilly.NewClient(rebilly.WithAPIKey(testAPIKey), rebilly.WithBaseURL("http://"+addr),
			rebilly.WithMaxRetries(2), rebilly.WithClock(clock))
		require.NoError(t, err)
		err = opCreate.run(context.Background(), c)
		var re *rebilly.RequestError
		require.ErrorAs(t, err, &re)
		assert.Len(t, re.Attempts, 3)
		assert.Len(t, clock.Sleeps(), 2)
	})
	t.Run("the server comes up during the wait", func(t *testing.T) {
		var srv *httptest.Server
		fake := rebillytest.NewHandler(rebillytest.WithAPIKeys(testAPIKey), fmMarkerField())
		clock := newTestClock()
		clock.OnSleep(func(context.Context, time.Duration) {
			if srv != nil {
				return
			}
			l, err := net.Listen("tcp", addr)
			if err != nil {
				t.Errorf("listening again on %s: %v", addr, err)
				return
			}
			srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: fake}}
			srv.Start()
		})
		t.Cleanup(func() {
			if srv != nil {
				srv.Close()
			}
		})
		c, err := rebilly.NewClient(rebilly.WithAPIKey(testAPIKey), rebilly.WithBaseURL("http://"+addr),
			rebilly.WithMaxRetries(2), rebilly.WithClock(clock))
		require.NoError(t, err)
		require.NoError(t, opCreate.run(context.Background(), c))
		assert.Len(t, fake.Requests(), 1)
		assert.Len(t, clock.Sleeps(), 1)
	})
}

func TestRetryHintsAreHonoured(t *testing.T) {
	unix := func(d time.Duration) string { return strconv.FormatInt(clockStart.Add(d).Unix(), 10) }
	tests := []struct {
		name     string
		status   int
		headers  []string
		wantWait time.Duration
	}{
		{"X-RateLimit-Retry-After in the future", 429, []string{"X-RateLimit-Retry-After", unix(7 * time.Second)}, 7 * time.Second},
		{"X-RateLimit-Retry-After now", 429, []string{"X-RateLimit-Retry-After", unix(0)}, 0},
		{"X-RateLimit-Retry-After in the past", 429, []string{"X-RateLimit-Retry-After", unix(-time.Hour)}, 0},
		{"Retry-After seconds", 429, []string{"Retry-After", "5"}, 5 * time.Second},
		{"Retry-After zero", 429, []string{"Retry-After", "0"}, 0},
		{"Retry-After HTTP date", 429, []string{"Retry-After", clockStart.Add(9 * time.Second).Format(http.TimeFormat)}, 9 * time.Second},
		{"Retry-After HTTP date in the past", 429, []string{"Retry-After", clockStart.Add(-9 * time.Second).Format(http.TimeFormat)}, 0},
		{"X-RateLimit-Retry-After wins over Retry-After", 429, []string{"X-RateLimit-Retry-After", unix(3 * time.Second), "Retry-After", "20"}, 3 * time.Second},
		{"malformed X-RateLimit-Retry-After falls back on Retry-After", 429, []string{"X-RateLimit-Retry-After", "soon", "Retry-After", "4"}, 4 * time.Second},
		{"hint on a 503", 503, []string{"Retry-After", "6"}, 6 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newTestClock()
			c, mt := newMockClient(t, rebilly.WithClock(clock), rebilly.WithRetryWait(time.Millisecond, time.Minute))
			rec := mockAll(mt, sequence(
				jsonResponder(tt.status, problem(tt.status, "Limited", "wait"), tt.headers...),
				jsonResponder(200, customerJSON),
			))
			require.NoError(t, opUpsert.run(context.Background(), c))
			assert.Equal(t, 2, rec.count())
			assert.Equal(t, []time.Duration{tt.wantWait}, clock.Sleeps())
		})
	}
}

func TestUnusableHintFallsBackOnBackoff(t *testing.T) {
	for _, v := range []string{"-3", "soon", "1.5"} {
		clock := newTestClock()
		c, mt := newMockClient(t, rebilly.WithClock(clock), rebilly.WithRetryWait(time.Second, time.Minute))
		mockAll(mt, sequence(jsonResponder(429, problem(429, "Limited", "wait"), "Retry-After", v), jsonResponder(200, customerJSON)))
		require.NoError(t, opGet.run(context.Background(), c))
		waits := clock.Sleeps()
		require.Len(t, waits, 1)
		assert.True(t, waits[0] >= time.Second && waits[0] <= 1500*time.Millisecond, "Retry-After %q: wait %v", v, waits[0])
	}
}

func TestHintAboveMaxWaitIsNotRetried(t *testing.T) {
	for _, tt := range []struct {
		name    string
		headers []string
		want    time.Time
	}{
		{"X-RateLimit-Retry-After", []string{"X-RateLimit-Retry-After", strconv.FormatInt(clockStart.Add(time.Hour).Unix(), 10)}, clockStart.Add(time.Hour)},
		{"Retry-After", []string{"Retry-After", "120"}, clockStart.Add(2 * time.Minute)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := newTestClock()
			c, mt := newMockClient(t, rebilly.WithClock(clock), rebilly.WithRetryWait(time.Millisecond, 10*time.Second))
			rec := mockAll(mt, jsonResponder(429, problem(429, "Rate Limit Exceeded", "too many"), tt.headers...))
			err := opCreate.run(context.Background(), c)
			assert.ErrorIs(t, err, rebilly.ErrRateLimited)
			var e *rebilly.Error
			require.ErrorAs(t, err, &e)
			assert.True(t, tt.want.Equal(e.RetryAfter), "RetryAfter %v, want %v", e.RetryAfter, tt.want)
			assert.Equal(t, "too many", e.Detail)
			assert.Equal(t, 1, rec.count())
			assert.Empty(t, clock.Sleeps())
		})
	}
}

// TestDeadlineShorterThanTheNextWait: the call returns at once (the context
// has not ended yet) with an error matching both the deadline and the API's
// answer.
func TestDeadlineShorterThanTheNextWait(t *testing.T) {
	tests := []struct {
		name     string
		op       operation
		status   int
		headers  []string
		wait     [2]time.Duration
		sentinel error
	}{
		{"Retry-After on 503", opGet, 503, []string{"Retry-After", "300"}, [2]time.Duration{time.Millisecond, time.Hour}, rebilly.ErrServer},
		{"backoff on 503", opUpsert, 503, nil, [2]time.Duration{10 * time.Minute, time.Hour}, rebilly.ErrServer},
		{"X-RateLimit-Retry-After on 429", opCreate, 429,
			[]string{"X-RateLimit-Retry-After", strconv.FormatInt(clockStart.Add(5*time.Minute).Unix(), 10)},
			[2]time.Duration{time.Millisecond, time.Hour}, rebilly.ErrRateLimited},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newTestClock()
			c, mt := newMockClient(t, rebilly.WithClock(clock), rebilly.WithRetryWait(tt.wait[0], tt.wait[1]))
			rec := mockAll(mt, jsonResponder(tt.status, problem(tt.status, "Busy", "the server's own detail"), tt.headers...))
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			err := tt.op.run(ctx, c)
			require.NoError(t, ctx.Err(), "the call waited for the context to end")
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.ErrorIs(t, err, tt.sentinel)
			var e *rebilly.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, "the server's own detail", e.Detail)
			assert.Equal(t, tt.status, e.Status)
			assert.Equal(t, 1, rec.count())
			assert.Empty(t, clock.Sleeps())
			assert.Contains(t, err.Error(), "the server's own detail")
		})
	}
}

func TestContextCancelledDuringTheWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := newTestClock()
	clock.OnSleep(func(context.Context, time.Duration) { cancel() })
	c, mt := newMockClient(t, rebilly.WithClock(clock))
	rec := mockAll(mt, countingProblem(503))
	err := opUpsert.run(ctx, c)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, rebilly.ErrServer)
	var e *rebilly.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "failure 1", e.Detail)
	assert.Equal(t, 1, rec.count(), "no attempt after the cancel")
	assert.Len(t, clock.Sleeps(), 1)
}

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLoggerGetsRecordsWithoutSecrets(t *testing.T) {
	const email = "ada.lovelace@example.com"
	params := &rebilly.CustomerListParams{Filter: "email:" + email, Q: "Lovelace"}
	for _, cred := range []rebilly.Option{rebilly.WithAPIKey(testAPIKey), rebilly.WithJWT(testJWT)} {
		var buf syncBuffer
		logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))

		c, mt := newMockClientWith(t, cred, rebilly.WithLogger(logger))
		mockAll(mt, sequence(jsonResponder(503, problem(503, "Unavailable", "later")), jsonResponder(200, `[]`)))
		_, _, err := c.Customers.List(context.Background(), params)
		require.NoError(t, err)

		c2, err := rebilly.NewClient(cred, rebilly.WithBaseURL("http://"+closedAddr(t)), rebilly.WithLogger(logger),
			rebilly.WithClock(newTestClock()), rebilly.WithMaxRetries(1))
		require.NoError(t, err)
		_, _, err = c2.Customers.List(context.Background(), params)
		require.Error(t, err)

		logs := buf.String()
		assert.Contains(t, logs, `"msg":"rebilly: attempt"`)
		assert.Contains(t, logs, `"msg":"rebilly: retrying"`)
		assert.Contains(t, logs, `"level":"WARN"`)
		assert.Contains(t, logs, `"path":"/customers"`)
		assert.Contains(t, logs, `"status":503`)
		assert.Contains(t, logs, "connection refused")
		noSecrets(t, logs)
		for _, q := range []string{email, "Lovelace", "filter"} {
			assert.NotContains(t, logs, q, "a log record holds the query string")
		}
	}
}

// TestRetriesWriteNothingToStderr runs retrying calls in a child process and
// checks that nothing (go-retryablehttp's default logger in particular)
// wrote to its standard error.
func TestRetriesWriteNothingToStderr(t *testing.T) {
	if os.Getenv("REBILLY_STDERR_CHILD") == "1" {
		c, mt := newMockClient(t, rebilly.WithMaxRetries(2))
		mockAll(mt, countingProblem(503))
		require.Error(t, opGet.run(context.Background(), c))
		require.Error(t, opCreate.run(context.Background(), c))
		c2, err := rebilly.NewClient(rebilly.WithAPIKey(testAPIKey), rebilly.WithBaseURL("http://"+closedAddr(t)),
			rebilly.WithMaxRetries(1), rebilly.WithClock(newTestClock()))
		require.NoError(t, err)
		require.Error(t, opGet.run(context.Background(), c2))
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRetriesWriteNothingToStderr$", "-test.count=1")
	cmd.Env = append(os.Environ(), "REBILLY_STDERR_CHILD=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "child: %s %s", stdout.String(), stderr.String())
	assert.Contains(t, stdout.String(), "PASS")
	assert.Empty(t, stderr.String(), "something wrote to stderr")
}

func TestResponseBodyBound(t *testing.T) {
	big := `[` + strings.Repeat(customerJSON+",", 20) + customerJSON + `]`
	t.Run("success body over the bound", func(t *testing.T) {
		c, mt := newMockClient(t, rebilly.WithMaxResponseBytes(int64(len(big)-1)))
		mockAll(mt, jsonResponder(200, big))
		_, _, err := c.Customers.List(context.Background(), nil)
		assert.ErrorIs(t, err, rebilly.ErrTooLarge)
		var re *rebilly.RequestError
		assert.ErrorAs(t, err, &re)
	})
	t.Run("success body at the bound", func(t *testing.T) {
		c, mt := newMockClient(t, rebilly.WithMaxResponseBytes(int64(len(big))))
		mockAll(mt, jsonResponder(200, big))
		page, _, err := c.Customers.List(context.Background(), nil)
		require.NoError(t, err)
		assert.Len(t, page, 21)
	})
	t.Run("error body over the bound", func(t *testing.T) {
		body := problem(500, "Internal", strings.Repeat("x", 500))
		c, mt := newMockClient(t, rebilly.WithMaxResponseBytes(100), rebilly.WithMaxRetries(0))
		mockAll(mt, jsonResponder(500, body))
		_, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
		assert.ErrorIs(t, err, rebilly.ErrTooLarge)
		assert.ErrorIs(t, err, rebilly.ErrServer)
		var e *rebilly.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, 500, e.Status)
		assert.LessOrEqual(t, len(e.Body), 100)
	})
	t.Run("default bound reads a large page", func(t *testing.T) {
		c, mt := newMockClient(t)
		mockAll(mt, jsonResponder(200, big))
		_, _, err := c.Customers.List(context.Background(), nil)
		require.NoError(t, err)
		assert.False(t, errors.Is(err, rebilly.ErrTooLarge))
	})
}

// TestUntrustedCertificateIsNotRetried: a TLS verification failure will not
// go away by retrying.
func TestUntrustedCertificateIsNotRetried(t *testing.T) {
	srv := httptest.NewTLSServer(rebillytest.NewHandler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake failures are expected
	t.Cleanup(srv.Close)
	clock := newTestClock()
	c, err := rebilly.NewClient(rebilly.WithAPIKey(testAPIKey), rebilly.WithBaseURL(srv.URL),
		rebilly.WithMaxRetries(3), rebilly.WithClock(clock))
	require.NoError(t, err)
	_, _, err = c.Customers.List(context.Background(), nil)
	var re *rebilly.RequestError
	require.ErrorAs(t, err, &re)
	assert.Len(t, re.Attempts, 1)
	assert.Empty(t, clock.Sleeps())
	var unknown x509.UnknownAuthorityError
	var verify *tls.CertificateVerificationError
	assert.True(t, errors.As(err, &unknown) || errors.As(err, &verify), "a certificate error: %v", err)
}
