package rebilly_test

// Retried writes must not lie: when an attempt's answer is lost after the
// API acted, the retry sees that attempt's work. A DELETE's 404 then means
// done, an Upsert's 200 may be the call's own creation, and the *Response
// says that the answer followed a lost one. These tests use the exported
// API, rebillytest and (for a timeout) the fake behind a front handler.

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// lostServer is the fake with cus_1 (with a lead source) and cus_2, on a
// fake clock, and the faults given.
func lostServer(t *testing.T, faults ...rebillytest.Fault) *rebillytest.Server {
	t.Helper()
	opts := []rebillytest.Option{
		rebillytest.WithClock(rebillytest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))),
		rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}, &rebilly.Customer{ID: "cus_2"}),
		rebillytest.WithLeadSource("cus_1", &rebilly.LeadSourceInput{Source: "seed"}),
	}
	for _, f := range faults {
		opts = append(opts, rebillytest.WithFault(f))
	}
	srv := rebillytest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

func TestMergeDeleteAfterLostAnswerIsDone(t *testing.T) {
	srv := lostServer(t, rebillytest.Fault{Method: "DELETE", LoseAnswer: true, Times: 1})
	resp, err := srv.Client().Customers.MergeDelete(context.Background(), "cus_2", "cus_1")
	require.NoError(t, err, "the merge happened, in the attempt whose answer was lost")
	require.NotNil(t, resp)
	assert.True(t, resp.AfterLostAnswer)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "the Response is the retry's answer")
	_, exists := srv.Customer("cus_2")
	assert.False(t, exists)
}

func TestLeadSourceDeleteAfterLostAnswerIsDone(t *testing.T) {
	srv := lostServer(t, rebillytest.Fault{Method: "DELETE", LoseAnswer: true, Times: 1})
	resp, err := srv.Client().LeadSources.Delete(context.Background(), "cus_1")
	require.NoError(t, err)
	assert.True(t, resp.AfterLostAnswer)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	_, exists := srv.LeadSource("cus_1")
	assert.False(t, exists)
}

// TestDelete404WithoutLostAnswerIsNotFound: a 404 on the first attempt,
// or after an answer that came (a 503), is ErrNotFound.
func TestDelete404WithoutLostAnswerIsNotFound(t *testing.T) {
	for name, faults := range map[string][]rebillytest.Fault{
		"first attempt":  nil,
		"after a 503":    {{Method: "DELETE", Status: 503, Times: 1}},
		"after a 429":    {{Method: "DELETE", Status: 429, RetryAfter: "1", Times: 1}},
		"after an HTML ": {{Method: "DELETE", HTMLErrorPage: true, Times: 1}},
	} {
		t.Run(name, func(t *testing.T) {
			srv := lostServer(t, faults...)
			c := srv.Client()
			resp, err := c.Customers.MergeDelete(context.Background(), "cus_missing", "cus_1")
			assert.ErrorIs(t, err, rebilly.ErrNotFound)
			require.NotNil(t, resp)
			assert.False(t, resp.AfterLostAnswer)
			resp, err = c.LeadSources.Delete(context.Background(), "cus_2")
			assert.ErrorIs(t, err, rebilly.ErrNotFound, "cus_2 has no lead source")
			require.NotNil(t, resp)
			assert.False(t, resp.AfterLostAnswer)
		})
	}
}

// dialFailsOnce fails the first request as a connection that could not be
// opened: nothing was sent, so nothing was lost.
type dialFailsOnce struct {
	next   http.RoundTripper
	failed atomic.Bool
}

func (d *dialFailsOnce) RoundTrip(r *http.Request) (*http.Response, error) {
	if d.failed.CompareAndSwap(false, true) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "example", IsNotFound: true}}
	}
	return d.next.RoundTrip(r)
}

func TestDelete404AfterFailedDialIsNotFound(t *testing.T) {
	srv := lostServer(t)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	c := srv.Client(rebilly.WithHTTPClient(&http.Client{Transport: &dialFailsOnce{next: tr}}))
	resp, err := c.Customers.MergeDelete(context.Background(), "cus_missing", "cus_1")
	assert.ErrorIs(t, err, rebilly.ErrNotFound, "the first attempt sent nothing")
	require.NotNil(t, resp)
	assert.False(t, resp.AfterLostAnswer)
	assert.Len(t, srv.Requests(), 1, "the fake saw only the retry")
}

// TestDelete404AfterAttemptTimeoutIsDone: the first attempt acts and then
// outlasts the client's per-attempt timeout; the retry's 404 is done.
func TestDelete404AfterAttemptTimeoutIsDone(t *testing.T) {
	fake, front, srv := startFake(t, func(w http.ResponseWriter, r *http.Request, fake http.Handler, n int) {
		if n == 1 {
			fake.ServeHTTP(httptest.NewRecorder(), r) // acts; the answer never leaves
			<-r.Context().Done()                      // until the client gives up
			return
		}
		fake.ServeHTTP(w, r)
	}, rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}, &rebilly.Customer{ID: "cus_2"}))
	c := newServerClient(t, srv, rebilly.WithHTTPClient(&http.Client{Timeout: 200 * time.Millisecond}))
	resp, err := c.Customers.MergeDelete(context.Background(), "cus_2", "cus_1")
	require.NoError(t, err)
	assert.True(t, resp.AfterLostAnswer)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Equal(t, 2, front.count())
	_, exists := fake.Customer("cus_2")
	assert.False(t, exists, "the first attempt merged cus_2 away")
}

// TestUpsertAfterLostAnswer: the lost attempt created the customer; the
// retry answers 200 (replaced), and the Response says the answer followed
// a lost one. One customer exists.
func TestUpsertAfterLostAnswer(t *testing.T) {
	t.Run("CreateWithNewID", func(t *testing.T) {
		srv := lostServer(t, rebillytest.Fault{Method: "PUT", LoseAnswer: true, Times: 1})
		cust, resp, err := srv.Client().Customers.CreateWithNewID(context.Background(), &rebilly.CustomerInput{WebsiteID: "web_1"})
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.True(t, resp.AfterLostAnswer, "the 200 is this call's own creation")
		assert.Len(t, srv.Customers(), 3, "one customer created")
		_, exists := srv.Customer(cust.ID)
		assert.True(t, exists)
	})
	t.Run("Upsert of a new ID", func(t *testing.T) {
		srv := lostServer(t, rebillytest.Fault{Method: "PUT", LoseAnswer: true, Times: 1})
		_, resp, err := srv.Client().Customers.Upsert(context.Background(), "cus_new", &rebilly.CustomerInput{WebsiteID: "web_1"})
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.True(t, resp.AfterLostAnswer)
		reqs := srv.Requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, http.StatusCreated, reqs[0].Status, "the lost answer was the creation")
	})
	t.Run("UpsertMany item", func(t *testing.T) {
		srv := lostServer(t, rebillytest.Fault{Method: "PUT", LoseAnswer: true, Times: 1})
		results, err := srv.Client().Customers.UpsertMany(context.Background(),
			[]rebilly.CustomerUpsert{{ID: "cus_new", Input: &rebilly.CustomerInput{WebsiteID: "web_1"}}}, nil)
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, results[0].Response.StatusCode)
		assert.True(t, results[0].Response.AfterLostAnswer)
	})
}

// TestAfterLostAnswerUnsetOtherwise: a first answer, or one after a
// retried error answer, says nothing was lost.
func TestAfterLostAnswerUnsetOtherwise(t *testing.T) {
	for name, faults := range map[string][]rebillytest.Fault{
		"first attempt": nil,
		"after a 503":   {{Status: 503, Times: 1}},
		"after a 429":   {{Status: 429, Times: 1}},
	} {
		t.Run(name, func(t *testing.T) {
			c := lostServer(t, faults...).Client()
			_, resp, err := c.Customers.Upsert(context.Background(), "cus_new", &rebilly.CustomerInput{WebsiteID: "web_1"})
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, resp.StatusCode)
			assert.False(t, resp.AfterLostAnswer)
		})
	}
}
