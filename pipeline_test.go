package rebilly_test

// All fetches one page ahead: what the caller sees, what the fake sees.

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// pipeCase is a walk of tiedCustomers(pipeCustomers, 2) in pages of 5, and
// the page each customer comes on.
type pipeCase struct {
	name   string
	params rebilly.CustomerListParams
	// page is the page (from 1) the walk's i-th customer (from 0) comes on.
	page func(i int) int
	// pages is how many page requests the whole walk sends.
	pages int
}

const pipeCustomers = 30

// pipeCases walks by createdTime both ways and by offset. By createdTime,
// the first page yields 5 customers and each next one 4, since it starts at
// the createdTime of the one before's last (the first of a pair); the
// eighth holds the last pair only, so nothing follows it. By offset, six
// full pages are followed by an empty seventh.
func pipeCases() []pipeCase {
	keyset := func(i int) int {
		if i < 5 {
			return 1
		}
		return (i-1)/4 + 1
	}
	return []pipeCase{
		{"createdTime", rebilly.CustomerListParams{Limit: 5}, keyset, 8},
		{"-createdTime", rebilly.CustomerListParams{Limit: 5, Sort: []string{rebilly.Desc("createdTime")}}, keyset, 8},
		{"by offset", rebilly.CustomerListParams{Limit: 5, Sort: []string{"lastName"}}, func(i int) int { return i/5 + 1 }, 7},
	}
}

// pageGate serves a rebillytest fake behind a gate on GET /customers. It
// numbers the page requests as they arrive (from 1), counts those
// answered, and can hold one until the test lets it through or its client
// goes away.
type pageGate struct {
	fake *rebillytest.Handler

	mu       sync.Mutex
	arrived  int
	answered int
	gone     []int                 // held requests whose client went away
	holds    map[int]chan struct{} // requests to hold, by number
	closing  chan struct{}         // closed when the test ends: holds give way
}

// holdLimit bounds how long the gate holds a request, so that a walk that
// waits for a page it should have cancelled fails rather than hangs.
const holdLimit = 10 * time.Second

// newPageGate starts the fake behind a gate and returns a client of it.
func newPageGate(t *testing.T, opts ...rebillytest.Option) (*pageGate, *httptest.Server, *rebilly.Client) {
	t.Helper()
	g := &pageGate{fake: rebillytest.NewHandler(opts...), holds: map[int]chan struct{}{}, closing: make(chan struct{})}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(g.closing) }) // runs first: let held requests go
	return g, srv, newServerClientWith(t, srv, rebilly.WithAPIKey(rebillytest.DefaultAPIKey))
}

func (g *pageGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet || r.URL.Path != "/customers" {
		g.fake.ServeHTTP(w, r)
		return
	}
	g.mu.Lock()
	g.arrived++
	n, hold := g.arrived, g.holds[g.arrived]
	g.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-g.closing:
		case <-time.After(holdLimit):
		case <-r.Context().Done():
			g.mu.Lock()
			g.gone = append(g.gone, n)
			g.mu.Unlock()
			return
		}
	}
	g.fake.ServeHTTP(w, r)
	g.mu.Lock()
	g.answered++
	g.mu.Unlock()
}

// hold makes the gate hold page request n; release lets it through.
func (g *pageGate) hold(n int) (release func()) {
	ch := make(chan struct{})
	g.mu.Lock()
	g.holds[n] = ch
	g.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

// counts returns the page requests arrived and answered so far.
func (g *pageGate) counts() (arrived, answered int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.arrived, g.answered
}

func (g *pageGate) wentAway(n int) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, m := range g.gone {
		if m == n {
			return true
		}
	}
	return false
}

// waitUntil waits for cond, which the walk makes true in its own time; it
// fails the test when cond is still false after a long while.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(holdLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting after %v: %s", holdLimit, what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestAllFetchesOnePageAhead: while the caller holds a customer of page N,
// the request for page N+1 reaches the fake (with a latency on every page
// request, so a walk that asked only when the loop wanted more would never
// have it there), and the request for page N+2 never does.
func TestAllFetchesOnePageAhead(t *testing.T) {
	for _, tt := range pipeCases() {
		t.Run(tt.name, func(t *testing.T) {
			g, _, c := newPageGate(t,
				rebillytest.WithCustomers(tiedCustomers(pipeCustomers, 2)...),
				rebillytest.WithFault(rebillytest.Fault{Method: http.MethodGet, Path: "/customers", Latency: 10 * time.Millisecond}),
			)
			i := 0
			for cus, err := range c.Customers.All(context.Background(), &tt.params) {
				require.NoError(t, err)
				require.NotNil(t, cus)
				p := tt.page(i)
				if i == 0 {
					waitUntil(t, "the second page's request reaching the fake while the caller holds the first page", func() bool {
						arrived, _ := g.counts()
						return arrived == 2
					})
					waitUntil(t, "the second page's answer", func() bool {
						_, answered := g.counts()
						return answered == 2
					})
					// A walk that fetched two pages ahead would now ask
					// for the third; give it the time to show.
					time.Sleep(50 * time.Millisecond)
					arrived, _ := g.counts()
					require.Equal(t, 2, arrived, "page requests while the caller holds the first customer")
				}
				arrived, _ := g.counts()
				require.GreaterOrEqual(t, arrived, p, "customer %d: its page was asked for", i)
				require.LessOrEqual(t, arrived, min(p+1, tt.pages), "customer %d on page %d: more than one page ahead", i, p)
				i++
			}
			assert.Equal(t, pipeCustomers, i)
			arrived, answered := g.counts()
			assert.Equal(t, tt.pages, arrived)
			assert.Equal(t, tt.pages, answered)
		})
	}
}

// TestAllStoppedWithAPageAheadLeavesNoGoroutine: the caller stops while the
// page ahead is on its way (held at the fake). The fetch is cancelled (the
// fake sees its client go away), the walk returns without waiting for the
// fake's answer, and no goroutine is left.
func TestAllStoppedWithAPageAheadLeavesNoGoroutine(t *testing.T) {
	tests := []struct {
		name string
		// walk takes the first customer, waits for the second page's request
		// to be held at the fake, then stops the walk.
		walk func(t *testing.T, seq iter.Seq2[*rebilly.Customer, error], inFlight func())
	}{
		{"break", func(t *testing.T, seq iter.Seq2[*rebilly.Customer, error], inFlight func()) {
			for _, err := range seq {
				require.NoError(t, err)
				inFlight()
				break
			}
		}},
		{"iter.Pull2 then stop", func(t *testing.T, seq iter.Seq2[*rebilly.Customer, error], inFlight func()) {
			next, stop := iter.Pull2(seq)
			_, err, ok := next()
			require.True(t, ok)
			require.NoError(t, err)
			inFlight()
			stop()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := goleak.IgnoreCurrent()
			g, srv, c := newPageGate(t, rebillytest.WithCustomers(tiedCustomers(pipeCustomers, 2)...))
			g.hold(2) // never released: only a cancel ends it

			start := time.Now()
			tt.walk(t, c.Customers.All(context.Background(), &rebilly.CustomerListParams{Limit: 5}), func() {
				waitUntil(t, "the second page's request at the fake", func() bool {
					arrived, _ := g.counts()
					return arrived == 2
				})
			})
			require.Less(t, time.Since(start), holdLimit, "the walk waited for the page ahead instead of cancelling it")
			waitUntil(t, "the fake to see the page ahead cancelled", func() bool { return g.wentAway(2) })
			arrived, answered := g.counts()
			assert.Equal(t, 2, arrived)
			assert.Equal(t, 1, answered)

			srv.Close()
			goleak.VerifyNone(t, before)
		})
	}
}

// TestAllStopsInsideAPageWhenTheContextEnds: ctx ends while the caller is
// on the first page; the walk yields ctx.Err() instead of the next
// customer and stops, whether the page ahead is still on its way (and is
// cancelled) or already there (and is dropped).
func TestAllStopsInsideAPageWhenTheContextEnds(t *testing.T) {
	for _, aheadThere := range []bool{false, true} {
		t.Run(fmt.Sprintf("page ahead there: %v", aheadThere), func(t *testing.T) {
			before := goleak.IgnoreCurrent()
			g, srv, c := newPageGate(t, rebillytest.WithCustomers(tiedCustomers(pipeCustomers, 2)...))
			if !aheadThere {
				g.hold(2)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()

			var ids []string
			var errs []error
			for cus, err := range c.Customers.All(ctx, &rebilly.CustomerListParams{Limit: 5}) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				ids = append(ids, cus.ID)
				if len(ids) == 2 {
					waitUntil(t, "the second page's request", func() bool {
						arrived, answered := g.counts()
						return arrived == 2 && (answered == 2) == aheadThere
					})
					cancel()
				}
			}
			assert.Equal(t, []string{"cus_000", "cus_001"}, ids)
			require.Len(t, errs, 1)
			assert.Same(t, ctx.Err(), errs[0], "the error is ctx.Err() itself")
			if !aheadThere {
				waitUntil(t, "the fake to see the page ahead cancelled", func() bool { return g.wentAway(2) })
			}
			arrived, _ := g.counts()
			assert.Equal(t, 2, arrived)

			srv.Close()
			goleak.VerifyNone(t, before)
		})
	}
}

// TestAllYieldsTheErrorOfThePageAheadInTurn: the page ahead fails while the
// caller is on the first page; the caller still gets every customer of the
// first page, then the error, then nothing.
func TestAllYieldsTheErrorOfThePageAheadInTurn(t *testing.T) {
	g, _, c := newPageGate(t, rebillytest.WithCustomers(tiedCustomers(pipeCustomers, 2)...))
	release := g.hold(2)
	var events []string
	for cus, err := range c.Customers.All(context.Background(), &rebilly.CustomerListParams{Limit: 5}) {
		if err != nil {
			assert.ErrorIs(t, err, rebilly.ErrUnauthorized)
			events = append(events, "error")
			continue
		}
		events = append(events, cus.ID)
		if len(events) == 1 {
			waitUntil(t, "the second page's request", func() bool {
				arrived, _ := g.counts()
				return arrived == 2
			})
			g.fake.AddFault(rebillytest.Fault{Method: http.MethodGet, Path: "/customers", Status: http.StatusUnauthorized, Times: 1})
			release()
			waitUntil(t, "the second page's failure", func() bool {
				_, answered := g.counts()
				return answered == 2
			})
		}
	}
	assert.Equal(t, []string{"cus_000", "cus_001", "cus_002", "cus_003", "cus_004", "error"}, events)
	arrived, _ := g.counts()
	assert.Equal(t, 2, arrived, "the walk went on after the error")
}

// panickingTransport panics on the page request number at (from 1).
type panickingTransport struct {
	next  http.RoundTripper
	at    int32
	count atomic.Int32
}

func (t *panickingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.count.Add(1) == t.at {
		panic("transport bug")
	}
	return t.next.RoundTrip(r)
}

// TestAllPanicOfThePageAheadReachesTheCaller: a panic while the page ahead
// is fetched (in a transport of the caller's) is raised in the caller's
// goroutine, after the page in hand, where the caller can recover it,
// and not in the fetch's goroutine, where it would end the program.
func TestAllPanicOfThePageAheadReachesTheCaller(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithCustomers(tiedCustomers(pipeCustomers, 2)...))
	defer srv.Close()
	c := srv.Client(rebilly.WithHTTPClient(&http.Client{Transport: &panickingTransport{next: http.DefaultTransport, at: 2}}))
	var yielded int
	recovered := func() (v any) {
		defer func() { v = recover() }()
		for _, err := range c.Customers.All(context.Background(), &rebilly.CustomerListParams{Limit: 5}) {
			require.NoError(t, err)
			yielded++
		}
		return nil
	}()
	assert.Equal(t, "transport bug", recovered)
	assert.Equal(t, 5, yielded, "the page in hand came first")
}

// TestAllAsksNothingAfterTheLastPage: a short page, or an empty one, ends
// the walk, and no page is fetched ahead of it. The requests are counted as
// the client sends them, so that one cancelled before it reached the fake
// counts too.
func TestAllAsksNothingAfterTheLastPage(t *testing.T) {
	tests := []struct {
		name      string
		customers int
		params    rebilly.CustomerListParams
		pages     int
	}{
		// Pages 0-4, 4-8 and 8-11: the third is short.
		{"createdTime, short last page", 12, rebilly.CustomerListParams{Limit: 5}, 3},
		// Pages 0-4, 4-8, 8-12 (full) and 12 alone.
		{"createdTime, full last page", 13, rebilly.CustomerListParams{Limit: 5}, 4},
		{"by offset, short last page", 12, rebilly.CustomerListParams{Limit: 5, Sort: []string{"lastName"}}, 3},
		{"by offset, empty last page", 10, rebilly.CustomerListParams{Limit: 5, Sort: []string{"lastName"}}, 3},
		{"one page", 3, rebilly.CustomerListParams{Limit: 5}, 1},
		{"no customers", 0, rebilly.CustomerListParams{Limit: 5}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, srv, _ := newPageGate(t, rebillytest.WithCustomers(tiedCustomers(tt.customers, 2)...))
			transport := &countingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
			defer transport.next.(*http.Transport).CloseIdleConnections()
			c := newServerClientWith(t, srv, rebilly.WithAPIKey(rebillytest.DefaultAPIKey), rebilly.WithHTTPClient(&http.Client{Transport: transport}))

			n := 0
			for _, err := range c.Customers.All(context.Background(), &tt.params) {
				require.NoError(t, err)
				n++
			}
			assert.Equal(t, tt.customers, n)
			assert.Equal(t, tt.pages, int(transport.n.Load()), "page requests sent")
			arrived, answered := g.counts()
			assert.Equal(t, tt.pages, arrived)
			assert.Equal(t, tt.pages, answered)
		})
	}
}

// TestAllFromResumesMidPageWithThePageAheadFetched saves the checkpoint in
// the middle of a page, once the page ahead has been fetched, and resumes
// from it: the checkpoint holds the customers yielded, not those fetched,
// so the two walks together yield every customer once, in order.
func TestAllFromResumesMidPageWithThePageAheadFetched(t *testing.T) {
	for _, tt := range pipeCases() {
		g, _, c := newPageGate(t, rebillytest.WithCustomers(tiedCustomers(pipeCustomers, 2)...))
		var full []string
		for cus, err := range c.Customers.All(context.Background(), &tt.params) {
			require.NoError(t, err)
			full = append(full, cus.ID)
		}
		require.Len(t, full, pipeCustomers)

		for _, stop := range []int{1, 2, 3, 6, 7, 8, 11, 14, 19, 23, 26, 27, 28, 29} {
			t.Run(fmt.Sprintf("%s/stop-%d", tt.name, stop), func(t *testing.T) {
				base, _ := g.counts()
				var cp rebilly.Checkpoint
				var first []string
				var text string
				for cus, err := range c.Customers.AllFrom(context.Background(), &tt.params, &cp) {
					require.NoError(t, err)
					first = append(first, cus.ID)
					if len(first) < stop {
						continue
					}
					i := len(first) - 1
					want := min(tt.page(i)+1, tt.pages)
					waitUntil(t, fmt.Sprintf("page %d fetched ahead", want), func() bool {
						_, answered := g.counts()
						return answered-base == want
					})
					b, err := cp.MarshalText()
					require.NoError(t, err)
					text = string(b)
					break
				}
				require.Len(t, first, stop)
				assert.Equal(t, text, cp.String(), "the checkpoint changed after the break")

				var loaded rebilly.Checkpoint
				require.NoError(t, loaded.UnmarshalText([]byte(text)))
				var rest []string
				for cus, err := range c.Customers.AllFrom(context.Background(), &tt.params, &loaded) {
					require.NoError(t, err)
					rest = append(rest, cus.ID)
				}
				assert.Equal(t, strings.Join(full, " "), strings.Join(append(first, rest...), " "), "checkpoint %s", text)
			})
		}
	}
}
