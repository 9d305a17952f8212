package rebilly_test

// UpsertMany against rebillytest: results in order with one error per
// item, the joined error, the checks before sending, the concurrency bound,
// the context, and 10,000 upserts under the fake's rate limit.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

func bulkInput(id string) *rebilly.CustomerInput {
	return &rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{FirstName: "Bulk", LastName: id}}
}

func bulkItems(prefix string, n int) []rebilly.CustomerUpsert {
	items := make([]rebilly.CustomerUpsert, n)
	for i := range items {
		id := fmt.Sprintf("%s_%05d", prefix, i)
		items[i] = rebilly.CustomerUpsert{ID: id, Input: bulkInput(id)}
	}
	return items
}

// writes counts the requests other than GET in the fake's log.
func writes(srv *rebillytest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet {
			n++
		}
	}
	return n
}

// Results come in the order of the items, each with the customer and the
// API's answer or with the item's own error; the returned error joins the
// item errors, each naming its item and matching what it matched.
func TestUpsertManyResultsInOrder(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_old"}))
	defer srv.Close()
	client := srv.Client()

	items := []rebilly.CustomerUpsert{
		{ID: "cus_a", Input: bulkInput("a")},
		{ID: "cus_old", Input: bulkInput("old")},
		{ID: "cus_bad_email", Input: &rebilly.CustomerInput{NotificationEmails: []string{"not an address"}}},
		{ID: "cus_b", Input: bulkInput("b")},
		{ID: "cus_bad_email_2", Input: &rebilly.CustomerInput{NotificationEmails: []string{"neither"}}},
		{ID: "cus_c", Input: bulkInput("c")},
	}
	results, err := client.Customers.UpsertMany(context.Background(), items, &rebilly.UpsertManyOptions{Concurrency: 3})
	require.Len(t, results, len(items))

	for i, want := range []int{201, 200, 422, 201, 422, 201} {
		r := results[i]
		require.NotNil(t, r.Response, "item %d", i)
		assert.Equal(t, want, r.Response.StatusCode, "item %d", i)
		if want == 422 {
			assert.Nil(t, r.Customer, "item %d", i)
			var apiErr *rebilly.Error
			require.ErrorAs(t, r.Err, &apiErr, "item %d", i)
			assert.Equal(t, "/customers/"+items[i].ID, apiErr.Path)
			continue
		}
		require.NoError(t, r.Err, "item %d", i)
		assert.Equal(t, items[i].ID, r.Customer.ID, "item %d", i)
		assert.Equal(t, items[i].Input.PrimaryAddress.LastName, r.Customer.PrimaryAddress.LastName, "item %d", i)
	}

	require.Error(t, err)
	assert.ErrorIs(t, err, rebilly.ErrValidation)
	assert.False(t, errors.Is(err, rebilly.ErrNotFound))
	var apiErr *rebilly.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 422, apiErr.Status)
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "errors.Join's error")
	parts := joined.Unwrap()
	require.Len(t, parts, 2, "one error per failed item")
	assert.ErrorIs(t, parts[0], results[2].Err)
	assert.ErrorIs(t, parts[1], results[4].Err)
	assert.Contains(t, parts[0].Error(), `item 2 (customer ID "cus_bad_email"): rebilly: PUT /customers/cus_bad_email: 422`)
	assert.Contains(t, parts[1].Error(), `item 4 (customer ID "cus_bad_email_2")`)

	assert.Equal(t, len(items), writes(srv), "one request per item")
}

// Bad items get an error matching ErrInvalidInput and are not sent; the
// others still are.
func TestUpsertManyChecksItemsBeforeSending(t *testing.T) {
	srv := rebillytest.NewServer()
	defer srv.Close()
	client := srv.Client()

	items := []rebilly.CustomerUpsert{
		{ID: "cus_1", Input: bulkInput("1")},
		{ID: "", Input: bulkInput("empty")},
		{ID: "cus/2", Input: bulkInput("slash")},
		{ID: "cus_3", Input: nil},
		{ID: "cus_1", Input: bulkInput("again")},
		{ID: "cus_3", Input: bulkInput("3")}, // item 3 was refused, so this is the first cus_3
	}
	results, err := client.Customers.UpsertMany(context.Background(), items, nil)
	require.Len(t, results, len(items))
	for _, i := range []int{0, 5} {
		require.NoError(t, results[i].Err, "item %d", i)
		assert.Equal(t, items[i].ID, results[i].Customer.ID)
	}
	for _, i := range []int{1, 2, 3, 4} {
		assert.ErrorIs(t, results[i].Err, rebilly.ErrInvalidInput, "item %d", i)
		assert.Nil(t, results[i].Response, "item %d was sent", i)
		assert.Nil(t, results[i].Customer, "item %d", i)
	}
	assert.Contains(t, results[4].Err.Error(), `customer ID "cus_1" is also item 0's`)
	assert.Contains(t, results[3].Err.Error(), "nil *CustomerInput")

	assert.ErrorIs(t, err, rebilly.ErrInvalidInput)
	assert.False(t, errors.Is(err, rebilly.ErrValidation), "nothing the API refused")
	for _, want := range []string{`item 1 (customer ID "")`, `item 2 (customer ID "cus/2")`, `item 3 (customer ID "cus_3")`, `item 4 (customer ID "cus_1")`} {
		assert.Contains(t, err.Error(), want)
	}

	assert.Equal(t, 2, writes(srv), "only the good items were sent")
	c, ok := srv.Customer("cus_1")
	require.True(t, ok)
	assert.Equal(t, "1", c.PrimaryAddress.LastName, "the repeat was not sent")
}

// Bad arguments are refused with an error, and nothing is sent.
func TestUpsertManyRefusesBadArguments(t *testing.T) {
	srv := rebillytest.NewServer()
	defer srv.Close()
	client := srv.Client()
	items := bulkItems("cus_arg", 3)

	results, err := client.Customers.UpsertMany(context.Background(), items, &rebilly.UpsertManyOptions{Concurrency: -1})
	require.ErrorIs(t, err, rebilly.ErrInvalidInput)
	assert.Contains(t, err.Error(), "UpsertManyOptions.Concurrency is -1")
	assert.Nil(t, results)

	var noCtx context.Context
	results, err = client.Customers.UpsertMany(noCtx, items, nil)
	require.ErrorIs(t, err, rebilly.ErrInvalidInput)
	assert.Contains(t, err.Error(), "nil Context")
	assert.Nil(t, results)

	assert.Zero(t, writes(srv))
}

// No items: no request, no error.
func TestUpsertManyWithNoItems(t *testing.T) {
	srv := rebillytest.NewServer()
	defer srv.Close()
	client := srv.Client()
	for _, items := range [][]rebilly.CustomerUpsert{nil, {}} {
		results, err := client.Customers.UpsertMany(context.Background(), items, nil)
		require.NoError(t, err)
		assert.Empty(t, results)
	}
	assert.Empty(t, srv.Requests())
}

// gate is a front for the fake that holds every request until release is
// closed, and counts the requests in the fake's hands at once.
type gate struct {
	fake    http.Handler
	arrived chan struct{}
	release chan struct{}

	mu             sync.Mutex
	inFlight, peak int
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	g.inFlight++
	g.peak = max(g.peak, g.inFlight)
	g.mu.Unlock()
	g.arrived <- struct{}{}
	<-g.release
	// Counted out before the answer, so that the client's next request can
	// never overlap this one in the count.
	g.mu.Lock()
	g.inFlight--
	g.mu.Unlock()
	g.fake.ServeHTTP(w, r)
}

func (g *gate) peakInFlight() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.peak
}

// The bound is reached and never passed: the first requests are held
// until as many as the bound have arrived, then everything runs free.
func TestUpsertManyConcurrencyBound(t *testing.T) {
	for _, tt := range []struct {
		name  string
		opts  *rebilly.UpsertManyOptions
		bound int
	}{
		{"default", nil, rebilly.DefaultUpsertConcurrency},
		{"zero is the default", &rebilly.UpsertManyOptions{}, rebilly.DefaultUpsertConcurrency},
		{"3", &rebilly.UpsertManyOptions{Concurrency: 3}, 3},
		{"1", &rebilly.UpsertManyOptions{Concurrency: 1}, 1},
		{"more than the items", &rebilly.UpsertManyOptions{Concurrency: 1000}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			items := bulkItems("cus_bound", 40)
			bound := tt.bound
			if bound == 0 {
				bound = len(items)
			}
			g := &gate{fake: rebillytest.NewHandler(), arrived: make(chan struct{}, len(items)), release: make(chan struct{})}
			ts := httptest.NewServer(g)
			defer ts.Close()
			client, err := rebilly.NewClient(rebilly.WithBaseURL(ts.URL), rebilly.WithAPIKey(rebillytest.DefaultAPIKey))
			require.NoError(t, err)

			type outcome struct {
				results []rebilly.UpsertResult
				err     error
			}
			done := make(chan outcome)
			go func() {
				results, err := client.Customers.UpsertMany(context.Background(), items, tt.opts)
				done <- outcome{results, err}
			}()
			for range bound {
				<-g.arrived
			}
			assert.Equal(t, bound, g.peakInFlight(), "requests in flight once the bound is reached")
			close(g.release)
			out := <-done

			require.NoError(t, out.err)
			require.Len(t, out.results, len(items))
			for i, r := range out.results {
				require.NoError(t, r.Err)
				assert.Equal(t, items[i].ID, r.Customer.ID)
			}
			assert.Equal(t, bound, g.peakInFlight(), "the most requests in flight at once")
			assert.Len(t, g.arrived, len(items)-bound, "one request per item")
		})
	}
}

// When the context ends, the item in flight ends with its error, no item
// is started after it, the items not started get the context's error, and
// no goroutine is left behind.
func TestUpsertManyStopsWhenTheContextEnds(t *testing.T) {
	before := goleak.IgnoreCurrent()
	fake := rebillytest.NewHandler()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	n := 0
	unblock := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		third := n == 3
		mu.Unlock()
		if third {
			cancel() // while the third upsert is in flight
			// Read the body, so that the server notices when the client
			// goes away; held, the third upsert gets no answer.
			_, _ = io.Copy(io.Discard, r.Body)
			select {
			case <-r.Context().Done():
			case <-unblock:
			}
			return
		}
		fake.ServeHTTP(w, r)
	}))
	client, err := rebilly.NewClient(rebilly.WithBaseURL(ts.URL), rebilly.WithAPIKey(rebillytest.DefaultAPIKey))
	require.NoError(t, err)

	items := bulkItems("cus_ctx", 6)
	results, err := client.Customers.UpsertMany(ctx, items, &rebilly.UpsertManyOptions{Concurrency: 1})
	require.Len(t, results, len(items))
	for i := range 2 {
		require.NoError(t, results[i].Err, "item %d", i)
	}
	assert.ErrorIs(t, results[2].Err, context.Canceled, "the item in flight")
	var reqErr *rebilly.RequestError
	assert.ErrorAs(t, results[2].Err, &reqErr)
	for i := 3; i < len(items); i++ {
		assert.Equal(t, context.Canceled, results[i].Err, "item %d", i)
		assert.Nil(t, results[i].Response, "item %d", i)
	}
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), `item 5 (customer ID "cus_ctx_00005"): context canceled`)
	mu.Lock()
	assert.Equal(t, 3, n, "requests sent")
	mu.Unlock()

	close(unblock)
	ts.Close()
	goleak.VerifyNone(t, before)

	// A context that has already ended: nothing is sent.
	srv := rebillytest.NewServer()
	defer srv.Close()
	results, err = srv.Client().Customers.UpsertMany(ctx, items, nil)
	assert.ErrorIs(t, err, context.Canceled)
	for _, r := range results {
		assert.Equal(t, context.Canceled, r.Err)
	}
	assert.Empty(t, srv.Requests())
}

// The headline: 10,000 upserts against a limit of 500 writes per 10 s of
// the fake's clock. No 429 reaches the caller. The limit needs 20 windows;
// each of the first 19 is used to the last write and then ended by one
// 429, for the write that went alone to learn when it ends, and the fake
// clock moved by exactly the 19 waits for the window's end: in the fake's
// time the run went exactly as fast as the limit allows. Every customer
// exists once afterwards.
func TestUpsertMany10000UnderTheRateLimit(t *testing.T) {
	const n, limit, window = 10000, 500, 10 * time.Second
	clock := rebillytest.NewClock(rlStart)
	srv := rebillytest.NewServer(rebillytest.WithClock(clock), rebillytest.WithRateLimit(limit, window),
		rebillytest.WithRequestLogSize(2*n))
	defer srv.Close()
	client := srv.Client()

	items := bulkItems("cus_bulk", n)
	results, err := client.Customers.UpsertMany(context.Background(), items, nil)
	require.NoError(t, err)
	require.Len(t, results, n)
	for i, r := range results {
		require.NoError(t, r.Err, "item %d", i)
		require.Equal(t, http.StatusCreated, r.Response.StatusCode, "item %d", i)
	}

	const windows = (n + limit - 1) / limit
	refused := refusals(srv)
	assert.Equal(t, windows-1, len(refused), "429s the fake sent")
	requireOnePerWindow(t, refused)
	assert.Equal(t, (windows-1)*window, clock.Slept(), "time the client waited, on the fake's clock")

	// Each window but the last is used to the last write.
	perWindow := []int{0}
	for _, r := range srv.Requests() {
		switch r.Status {
		case http.StatusTooManyRequests:
			perWindow = append(perWindow, 0)
		case http.StatusCreated:
			perWindow[len(perWindow)-1]++
		}
	}
	for i, got := range perWindow {
		assert.Equal(t, limit, got, "writes that succeeded in window %d", i+1)
	}

	customers := srv.Customers()
	require.Equal(t, n, len(customers))
	seen := make(map[string]bool, n)
	for _, c := range customers {
		require.False(t, seen[c.ID], "customer %s twice", c.ID)
		seen[c.ID] = true
	}
	for _, it := range items {
		require.True(t, seen[it.ID], "customer %s missing", it.ID)
	}
}
