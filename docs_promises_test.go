package rebilly_test

// What the docs promise, pinned: the retry wait's minimum is a minimum;
// the *Response is nil exactly when nothing was sent or no answer came;
// refused input names its field; the timeout bounds each attempt; the rate
// limit is reported on writes. These tests use the exported API, with
// rebillytest and httpmock as the API.

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"testing/iotest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// TestRetryWaitMinIsAMinimum: without a server's hint, the wait before
// retry n lies in [min×2^(n-1), 1.5×min×2^(n-1)], capped at max, as
// WithRetryWait says. Each call below retries n times after 503s; the fake
// clock's Slept grows by the waits.
func TestRetryWaitMinIsAMinimum(t *testing.T) {
	for _, tt := range []struct {
		name     string
		min, max time.Duration
		// want are the bounds of each wait, in order.
		want [][2]time.Duration
	}{
		{"min 500ms", 500 * time.Millisecond, 30 * time.Second,
			[][2]time.Duration{{500 * time.Millisecond, 750 * time.Millisecond}, {time.Second, 1500 * time.Millisecond}, {2 * time.Second, 3 * time.Second}}},
		{"min 1s", time.Second, 30 * time.Second,
			[][2]time.Duration{{time.Second, 1500 * time.Millisecond}, {2 * time.Second, 3 * time.Second}}},
		{"capped at max", time.Second, 1200 * time.Millisecond,
			[][2]time.Duration{{time.Second, 1200 * time.Millisecond}, {1200 * time.Millisecond, 1200 * time.Millisecond}}},
		{"min equal to max", 2 * time.Second, 2 * time.Second,
			[][2]time.Duration{{2 * time.Second, 2 * time.Second}, {2 * time.Second, 2 * time.Second}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := rebillytest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
			srv := rebillytest.NewServer(rebillytest.WithClock(clock), rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))
			t.Cleanup(srv.Close)
			c := srv.Client(rebilly.WithRetryWait(tt.min, tt.max), rebilly.WithMaxRetries(len(tt.want)))
			var lowest, highest time.Duration
			for i := range 100 {
				srv.AddFault(rebillytest.Fault{Method: "GET", Status: 503, Times: len(tt.want)})
				before := clock.Slept()
				_, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
				require.NoError(t, err, "the last retry succeeds")
				sum := clock.Slept() - before
				var lo, hi time.Duration
				for _, b := range tt.want {
					lo, hi = lo+b[0], hi+b[1]
				}
				assert.True(t, sum >= lo && sum <= hi, "call %d: waited %v in all, want between %v and %v", i, sum, lo, hi)
				if i == 0 || sum < lowest {
					lowest = sum
				}
				highest = max(highest, sum)
			}
			t.Logf("total waits of %d retries over 100 calls: %v to %v", len(tt.want), lowest, highest)
		})
	}
}

// TestRetryWaitEachWait checks the waits one at a time, from the Attempts
// of a call that fails after every retry.
func TestRetryWaitEachWait(t *testing.T) {
	clock := rebillytest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := rebillytest.NewServer(rebillytest.WithClock(clock), rebillytest.WithFault(rebillytest.Fault{Status: 503}))
	t.Cleanup(srv.Close)
	c := srv.Client(rebilly.WithRetryWait(500*time.Millisecond, 30*time.Second), rebilly.WithMaxRetries(3))
	firstLowest := time.Hour
	for range 200 {
		_, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
		var apiErr *rebilly.Error
		require.ErrorAs(t, err, &apiErr)
		require.Len(t, apiErr.Attempts, 4)
		assert.Zero(t, apiErr.Attempts[0].Wait)
		for n := 1; n <= 3; n++ {
			base := 500 * time.Millisecond << (n - 1)
			w := apiErr.Attempts[n].Wait
			assert.True(t, w >= base && w <= base*3/2, "retry %d waited %v, want between %v and %v", n, w, base, base*3/2)
		}
		firstLowest = min(firstLowest, apiErr.Attempts[1].Wait)
	}
	t.Logf("shortest first wait over 200 calls with min 500ms: %v", firstLowest)
}

// TestResponseNilOnlyWithoutAnswer: every method returns a nil *Response
// when it refused its input (nothing sent; an *InputError naming the
// field) or when no answer came (a *RequestError), and the answer's
// *Response whenever one came, errors included.
func TestResponseNilOnlyWithoutAnswer(t *testing.T) {
	type refused struct {
		op    string
		field string
		call  func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error)
	}
	in := &rebilly.CustomerInput{WebsiteID: "web_1"}
	for _, r := range []refused{
		{"List", "params.Limit", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			_, resp, err := c.Customers.List(ctx, &rebilly.CustomerListParams{Limit: -1})
			return resp, err
		}},
		{"List", "params.Offset", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			_, resp, err := c.Customers.List(ctx, &rebilly.CustomerListParams{Offset: rebilly.MaxOffset + 1})
			return resp, err
		}},
		{"Get", "id", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			_, resp, err := c.Customers.Get(ctx, "no spaces", nil)
			return resp, err
		}},
		{"Get", "params.Expand", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			_, resp, err := c.Customers.Get(ctx, "cus_1", &rebilly.CustomerGetParams{Expand: []string{""}})
			return resp, err
		}},
		{"Create", "in", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			_, resp, err := c.Customers.Create(ctx, nil)
			return resp, err
		}},
		{"Upsert", "id", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			_, resp, err := c.Customers.Upsert(ctx, "", in)
			return resp, err
		}},
		{"Upsert", "in", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			_, resp, err := c.Customers.Upsert(ctx, "cus_1", nil)
			return resp, err
		}},
		{"CreateWithNewID", "in", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			_, resp, err := c.Customers.CreateWithNewID(ctx, nil)
			return resp, err
		}},
		{"MergeDelete", "id", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			return c.Customers.MergeDelete(ctx, "a/b", "cus_1")
		}},
		{"MergeDelete", "targetCustomerID", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			return c.Customers.MergeDelete(ctx, "cus_1", "")
		}},
		{"MergeDelete", "targetCustomerID", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			return c.Customers.MergeDelete(ctx, "cus_1", "cus_1")
		}},
		{"LeadSources.Get", "customerID", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			_, resp, err := c.LeadSources.Get(ctx, "")
			return resp, err
		}},
		{"LeadSources.Upsert", "in", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			_, resp, err := c.LeadSources.Upsert(ctx, "cus_1", nil)
			return resp, err
		}},
		{"LeadSources.Delete", "customerID", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			return c.LeadSources.Delete(ctx, "..")
		}},
		{"UpsertMany item", "items[1].ID", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			results, _ := c.Customers.UpsertMany(ctx, []rebilly.CustomerUpsert{{ID: "cus_1", Input: in}, {ID: "cus_1", Input: in}}, nil)
			return results[1].Response, results[1].Err
		}},
		{"UpsertMany item", "items[0].Input", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			results, _ := c.Customers.UpsertMany(ctx, []rebilly.CustomerUpsert{{ID: "cus_1"}}, nil)
			return results[0].Response, results[0].Err
		}},
		{"UpsertMany", "opts.Concurrency", func(ctx context.Context, c *rebilly.Client) (*rebilly.Response, error) {
			_, err := c.Customers.UpsertMany(ctx, nil, &rebilly.UpsertManyOptions{Concurrency: -1})
			return nil, err
		}},
	} {
		t.Run("refused/"+r.op+"/"+r.field, func(t *testing.T) {
			c, rec := uxClient(t, uxAnswer{200, "application/json", `{"id":"cus_1"}`})
			resp, err := r.call(context.Background(), c)
			assert.ErrorIs(t, err, rebilly.ErrInvalidInput)
			var inErr *rebilly.InputError
			if assert.ErrorAs(t, err, &inErr) {
				assert.Equal(t, r.field, inErr.Field)
				assert.Equal(t, inErr.Err.Error(), err.Error())
			}
			assert.Nil(t, resp, "nothing was sent")
			sent := 0
			if r.field == "items[1].ID" {
				sent = 1 // item 0, which is valid
			}
			assert.Equal(t, sent, rec.count(), "nothing was sent for it")
		})
	}

	for _, op := range answerOps {
		if op.name == opAll.name {
			continue // All yields errors, without a *Response
		}
		t.Run("no answer/"+op.name, func(t *testing.T) {
			c, mt := newMockClient(t, rebilly.WithMaxRetries(0))
			mockAll(mt, httpmock.NewErrorResponder(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}))
			res := op.call(context.Background(), c, opInput{})
			var reqErr *rebilly.RequestError
			assert.ErrorAs(t, res.err, &reqErr)
			assert.Nil(t, res.resp, "no answer came")
		})
		for _, status := range []int{404, 422, 503} {
			t.Run("API error/"+op.name+"/"+strconv.Itoa(status), func(t *testing.T) {
				c, _ := uxClient(t, uxAnswer{status, "application/json", `{"status":` + strconv.Itoa(status) + `,"title":"No"}`})
				res := op.call(context.Background(), c, opInput{})
				var apiErr *rebilly.Error
				require.ErrorAs(t, res.err, &apiErr)
				require.NotNil(t, res.resp, "an answer came")
				assert.Equal(t, status, res.resp.StatusCode)
			})
		}
		if op.body {
			t.Run("body cut off/"+op.name, func(t *testing.T) {
				c, mt := newMockClient(t, rebilly.WithMaxRetries(0))
				mockAll(mt, func(*http.Request) (*http.Response, error) {
					resp := httpmock.NewStringResponse(op.declared[0], "")
					resp.Header.Set("Content-Type", "application/json")
					resp.ContentLength = 100
					resp.Body = io.NopCloser(io.MultiReader(strings.NewReader(`{"id":"cus`), iotest.ErrReader(io.ErrUnexpectedEOF)))
					return resp, nil
				})
				res := op.call(context.Background(), c, opInput{})
				var reqErr *rebilly.RequestError
				require.ErrorAs(t, res.err, &reqErr)
				assert.NotErrorIs(t, res.err, rebilly.ErrUnexpectedResponse, "an answer cut off is not one that came whole")
				assert.False(t, res.gotValue())
				require.NotNil(t, res.resp, "an answer came, though its body did not")
				assert.Equal(t, op.declared[0], res.resp.StatusCode)
			})
		}
	}
}

// TestTimeoutIsPerAttempt: the timeout of a caller's http.Client (as
// DefaultTimeout for the SDK's own client) bounds each attempt, not the
// call: a first attempt
// that outlasts it is retried, and the call takes longer than it.
func TestTimeoutIsPerAttempt(t *testing.T) {
	const timeout = 150 * time.Millisecond
	_, front, srv := startFake(t, func(w http.ResponseWriter, r *http.Request, fake http.Handler, n int) {
		if n == 1 {
			<-r.Context().Done() // until the client gives up
			return
		}
		// Slow, but within the timeout: each attempt has a timeout of its own.
		time.Sleep(timeout * 2 / 3)
		fake.ServeHTTP(w, r)
	}, rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))
	c := newServerClient(t, srv, rebilly.WithHTTPClient(&http.Client{Timeout: timeout}))
	start := time.Now()
	cust, resp, err := c.Customers.Get(context.Background(), "cus_1", nil)
	elapsed := time.Since(start)
	require.NoError(t, err)
	assert.Equal(t, "cus_1", cust.ID)
	assert.True(t, resp.AfterLostAnswer, "the first attempt timed out")
	assert.Equal(t, 2, front.count())
	assert.Greater(t, elapsed, timeout+timeout/2, "the call outlasted one timeout: the bound is per attempt")
}

// TestRateLimitOnWritesOnly: the API limits writes, and only their answers
// carry the rate-limit headers; a read's RateLimit is zero.
func TestRateLimitOnWritesOnly(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithRateLimit(50, time.Minute), rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))
	t.Cleanup(srv.Close)
	c := srv.Client()
	_, resp, err := c.Customers.Upsert(context.Background(), "cus_1", &rebilly.CustomerInput{WebsiteID: "web_1"})
	require.NoError(t, err)
	assert.Equal(t, 50, resp.RateLimit.Limit)
	assert.Equal(t, 49, resp.RateLimit.Remaining)
	for range 3 {
		_, resp, err = c.Customers.Get(context.Background(), "cus_1", nil)
		require.NoError(t, err)
		assert.Zero(t, resp.RateLimit, "reads are not limited")
	}
	_, resp, err = c.Customers.Upsert(context.Background(), "cus_1", &rebilly.CustomerInput{WebsiteID: "web_2"})
	require.NoError(t, err)
	assert.Equal(t, 48, resp.RateLimit.Remaining, "the reads used none of the writes' allowance")
}

// TestAllRefusedInputNamesItsField: All and AllFrom yield refused input as
// an *InputError too, before any request.
func TestAllRefusedInputNamesItsField(t *testing.T) {
	c, rec := uxClient(t, uxAnswer{200, "application/json", `[]`})
	ctx := context.Background()
	// A walk with an Offset ties cp to its query; resuming it is refused.
	cp := &rebilly.Checkpoint{}
	for _, err := range c.Customers.AllFrom(ctx, &rebilly.CustomerListParams{Offset: 5}, cp) {
		require.NoError(t, err)
	}
	require.Equal(t, 1, rec.count())
	for field, seq := range map[string]func(yield func(*rebilly.Customer, error) bool){
		"params.Limit":  c.Customers.All(ctx, &rebilly.CustomerListParams{Limit: -1}),
		"params.Filter": c.Customers.All(ctx, &rebilly.CustomerListParams{Filter: "createdTime:"}),
		"cp":            c.Customers.AllFrom(ctx, nil, nil),
		"params.Offset": c.Customers.AllFrom(ctx, &rebilly.CustomerListParams{Offset: 5}, cp),
	} {
		var got error
		for _, err := range seq {
			got = err
			break
		}
		var inErr *rebilly.InputError
		if assert.ErrorAs(t, got, &inErr, field) {
			assert.Equal(t, field, inErr.Field)
			assert.ErrorIs(t, got, rebilly.ErrInvalidInput)
		}
	}
	assert.Equal(t, 1, rec.count(), "nothing more was sent")
}

// cancelOnRetry is a slog.Handler that cancels a context when the client
// logs that it is about to retry: the context ends between the decision to
// retry and the retry.
type cancelOnRetry struct{ cancel context.CancelFunc }

func (h cancelOnRetry) Enabled(context.Context, slog.Level) bool { return true }
func (h cancelOnRetry) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "rebilly: retrying" {
		h.cancel()
	}
	return nil
}
func (h cancelOnRetry) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h cancelOnRetry) WithGroup(string) slog.Handler      { return h }

// TestResponseSetWhenContextEndsAtRetry: an answer came (a 503), and the
// context ended as the retry was due. The *Error comes with that answer's
// *Response, as Response's doc says, whichever way the race between the
// context and the retry goes.
func TestResponseSetWhenContextEndsAtRetry(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithClock(rebillytest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))),
		rebillytest.WithFault(rebillytest.Fault{Method: "GET", Status: 503}))
	t.Cleanup(srv.Close)
	for i := range 50 {
		ctx, cancel := context.WithCancel(context.Background())
		c := srv.Client(rebilly.WithLogger(slog.New(cancelOnRetry{cancel})))
		_, resp, err := c.Customers.Get(ctx, "cus_1", nil)
		cancel()
		var apiErr *rebilly.Error
		require.ErrorAs(t, err, &apiErr, "call %d", i)
		assert.ErrorIs(t, err, context.Canceled)
		if assert.NotNil(t, resp, "call %d: the 503 came, so its *Response comes with the error", i) {
			assert.Equal(t, 503, resp.StatusCode)
		}
	}
}
