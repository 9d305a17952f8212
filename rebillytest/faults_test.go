package rebillytest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

func statuses(srv *rebillytest.Server) []int {
	out := []int{}
	for _, r := range srv.Requests() {
		out = append(out, r.Status)
	}
	return out
}

// faultServer has one customer and a fake clock, so that the SDK's
// backoff takes no real time.
func faultServer(t *testing.T, opts ...rebillytest.Option) (*rebillytest.Server, *rebillytest.Clock) {
	t.Helper()
	clock := rebillytest.NewClock(day(1, 0))
	opts = append([]rebillytest.Option{rebillytest.WithClock(clock), rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"})}, opts...)
	return newServer(t, opts...), clock
}

func TestFaultStatusRetriedThenSuccess(t *testing.T) {
	srv, clock := faultServer(t, rebillytest.WithFault(rebillytest.Fault{Method: "GET", Path: "/customers/cus_1", Times: 2, Status: 503}))
	c, resp, err := srv.Client().Customers.Get(context.Background(), "cus_1", nil)
	require.NoError(t, err)
	assert.Equal(t, "cus_1", c.ID)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, []int{503, 503, 200}, statuses(srv))
	assert.Positive(t, clock.Slept(), "the SDK backed off on the fake clock")

	reqs := srv.Requests()
	assert.True(t, reqs[0].Fault)
	assert.False(t, reqs[2].Fault)
	var p problemBody
	r := rawResponse{Status: 503, Header: reqs[0].ResponseHeader, Body: reqs[0].ResponseBody}
	p = r.problem(t)
	assert.Equal(t, "Service Unavailable", p.Title)

	// Used up: the next request is served normally.
	_, _, err = srv.Client().Customers.Get(context.Background(), "cus_1", nil)
	require.NoError(t, err)
	assert.Len(t, srv.Requests(), 4)
}

func TestFaultStatusOnPostIsNotRetried(t *testing.T) {
	srv, _ := faultServer(t, rebillytest.WithFault(rebillytest.Fault{Method: "POST", Status: 500, Times: 1}))
	_, _, err := srv.Client().Customers.Create(context.Background(), &rebilly.CustomerInput{})
	require.ErrorIs(t, err, rebilly.ErrServer)
	assert.Equal(t, []int{500}, statuses(srv), "a POST that may have acted is not repeated")
	assert.Len(t, srv.Customers(), 1)
}

func TestFaultRetryAfterHeaders(t *testing.T) {
	t.Run("Retry-After seconds", func(t *testing.T) {
		srv, clock := faultServer(t)
		srv.AddFault(rebillytest.Fault{Status: 429, RetryAfter: "7", Times: 1})
		_, _, err := srv.Client().Customers.Get(context.Background(), "cus_1", nil)
		require.NoError(t, err)
		assert.Equal(t, 7*time.Second, clock.Slept())
		assert.Equal(t, "7", srv.Requests()[0].ResponseHeader.Get("Retry-After"))
	})
	t.Run("X-RateLimit-Retry-After", func(t *testing.T) {
		srv, clock := faultServer(t)
		at := clock.Now().Add(12 * time.Second).Unix()
		srv.AddFault(rebillytest.Fault{Status: 429, Times: 1, Header: http.Header{"X-RateLimit-Retry-After": {strconv.FormatInt(at, 10)}}})
		_, _, err := srv.Client().Customers.Get(context.Background(), "cus_1", nil)
		require.NoError(t, err)
		assert.Equal(t, 12*time.Second, clock.Slept())
	})
	t.Run("a wait longer than the SDK's maximum", func(t *testing.T) {
		srv, clock := faultServer(t)
		srv.AddFault(rebillytest.Fault{Status: 429, RetryAfter: "3600"})
		_, _, err := srv.Client().Customers.Get(context.Background(), "cus_1", nil)
		require.ErrorIs(t, err, rebilly.ErrRateLimited)
		assert.Equal(t, clock.Now().Add(time.Hour), apiError(t, err).RetryAfter)
		assert.Equal(t, []int{429}, statuses(srv))
	})
}

func TestFaultMatching(t *testing.T) {
	srv, _ := faultServer(t,
		rebillytest.WithFault(rebillytest.Fault{Method: "put", Path: "/customers/cus_1*", Status: 502, Times: 2}),
		rebillytest.WithFault(rebillytest.Fault{Path: "/customers/cus_1/lead-source", Status: 409, Times: 1}),
	)
	client := srv.Client(rebilly.WithMaxRetries(0))
	ctx := context.Background()

	_, _, err := client.Customers.Get(ctx, "cus_1", nil)
	require.NoError(t, err, "another method")
	_, _, err = client.Customers.Upsert(ctx, "cus_2", &rebilly.CustomerInput{})
	require.NoError(t, err, "another path")

	// The prefix matches the lead-source path too, and the first fault in
	// order applies; the organization prefix is not part of the match.
	_, _, err = srv.Client(rebilly.WithMaxRetries(0), rebilly.WithOrganization("org_x")).LeadSources.Upsert(ctx, "cus_1", &rebilly.LeadSourceInput{Source: "x"})
	assert.Equal(t, 502, apiError(t, err).Status)
	_, _, err = client.Customers.Upsert(ctx, "cus_1", &rebilly.CustomerInput{})
	assert.Equal(t, 502, apiError(t, err).Status)
	// The first is used up; the second applies to its path only.
	_, _, err = client.LeadSources.Upsert(ctx, "cus_1", &rebilly.LeadSourceInput{Source: "x"})
	assert.Equal(t, 409, apiError(t, err).Status)
	_, _, err = client.LeadSources.Upsert(ctx, "cus_1", &rebilly.LeadSourceInput{Source: "x"})
	require.NoError(t, err)

	// Faults come before authentication.
	srv.AddFault(rebillytest.Fault{Path: "/customers", Status: 418, Times: 1})
	r := do(t, srv, http.MethodGet, "/customers", "", "REB-APIKEY", "")
	assert.Equal(t, 418, r.Status)
	assert.Equal(t, http.StatusUnauthorized, do(t, srv, http.MethodGet, "/customers", "", "REB-APIKEY", "").Status)
}

func TestFaultLatency(t *testing.T) {
	srv, _ := faultServer(t, rebillytest.WithFault(rebillytest.Fault{Path: "/customers/cus_1", Latency: 80 * time.Millisecond, Times: 1}))
	start := time.Now()
	c, _, err := srv.Client().Customers.Get(context.Background(), "cus_1", nil)
	require.NoError(t, err)
	assert.Equal(t, "cus_1", c.ID)
	assert.GreaterOrEqual(t, time.Since(start), 80*time.Millisecond)
	assert.False(t, srv.Requests()[0].Fault, "a delay alone gives the API's own answer")

	// A client that gives up ends the wait early.
	srv.AddFault(rebillytest.Fault{Latency: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, _, err = srv.Client(rebilly.WithMaxRetries(0)).Customers.Get(ctx, "cus_1", nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Eventually(t, func() bool { return len(srv.Requests()) == 2 }, 5*time.Second, 10*time.Millisecond,
		"the handler returns once the request's context ends")
	assert.Less(t, time.Since(start), 10*time.Second)
	assert.Equal(t, 0, srv.Requests()[1].Status)
}

func TestCloseEndsFaultLatency(t *testing.T) {
	srv, _ := faultServer(t, rebillytest.WithFault(rebillytest.Fault{Latency: time.Hour}))
	done := make(chan error, 1)
	go func() {
		_, _, err := srv.Client(rebilly.WithMaxRetries(0)).Customers.Get(context.Background(), "cus_1", nil)
		done <- err
	}()
	time.Sleep(200 * time.Millisecond) // let the request reach the fault
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for the fault's latency")
	}
	assert.Error(t, <-done, "the delayed request gets no answer")
}

func TestFaultDropConnection(t *testing.T) {
	srv, _ := faultServer(t, rebillytest.WithFault(rebillytest.Fault{DropConnection: true, Times: 1}))
	ctx := context.Background()
	c, _, err := srv.Client().Customers.Get(ctx, "cus_1", nil)
	require.NoError(t, err, "a GET is retried after a dropped connection")
	assert.Equal(t, "cus_1", c.ID)
	assert.Equal(t, []int{0, 200}, statuses(srv))
	assert.True(t, srv.Requests()[0].Fault)

	srv.AddFault(rebillytest.Fault{Method: "POST", DropConnection: true})
	_, _, err = srv.Client().Customers.Create(ctx, &rebilly.CustomerInput{})
	var reqErr *rebilly.RequestError
	require.ErrorAs(t, err, &reqErr)
	assert.Len(t, reqErr.Attempts, 1, "a POST is not repeated after the connection dropped")
}

func TestFaultTruncateBody(t *testing.T) {
	srv, _ := faultServer(t, rebillytest.WithFault(rebillytest.Fault{Path: "/customers/cus_1", TruncateBody: true}))
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/customers/cus_1", nil)
	require.NoError(t, err)
	req.Header.Set("REB-APIKEY", rebillytest.DefaultAPIKey)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, int64(2*len(body)), resp.ContentLength, "the Content-Length of the whole body, half of it sent")
	logged := srv.Requests()[0]
	assert.True(t, logged.Fault)
	assert.Equal(t, body, logged.ResponseBody)

	_, _, err = srv.Client().Customers.Get(context.Background(), "cus_1", nil)
	var reqErr *rebilly.RequestError
	require.ErrorAs(t, err, &reqErr, "the SDK reports the cut body")
	assert.True(t, errors.Is(err, io.ErrUnexpectedEOF), "%v", err)
}

func TestFaultHTMLErrorPage(t *testing.T) {
	srv, _ := faultServer(t, rebillytest.WithFault(rebillytest.Fault{HTMLErrorPage: true}))
	_, _, err := srv.Client(rebilly.WithMaxRetries(1)).Customers.Get(context.Background(), "cus_1", nil)
	e := apiError(t, err)
	assert.Equal(t, http.StatusBadGateway, e.Status)
	assert.Contains(t, string(e.Body), "<h1>502 Bad Gateway</h1>")
	assert.Equal(t, "text/html; charset=utf-8", e.Header.Get("Content-Type"))
	assert.Len(t, e.Attempts, 2)

	srv2, _ := faultServer(t, rebillytest.WithFault(rebillytest.Fault{HTMLErrorPage: true, Status: 504, Times: 1}))
	_, _, err = srv2.Client().Customers.Get(context.Background(), "cus_1", nil)
	require.NoError(t, err)
	assert.Equal(t, []int{504, 200}, statuses(srv2))
}

func TestBadFaultsPanic(t *testing.T) {
	srv := newServer(t)
	for name, f := range map[string]rebillytest.Fault{
		"nothing to do":    {Path: "/customers"},
		"negative times":   {Status: 500, Times: -1},
		"not a status":     {Status: 42},
		"negative latency": {Latency: -time.Second},
	} {
		assert.Panics(t, func() { srv.AddFault(f) }, name)
		assert.Panics(t, func() { rebillytest.WithFault(f) }, name)
	}
}
