package rebilly_test

import (
	"context"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// exportStart is the createdTime of the first customer of
// clusteredCustomers.
var exportStart = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// clusteredCustomers makes n customers with whole-second createdTimes, as
// the API gives them, clustered as clusteredTimes says. The IDs are in no
// order of time.
func clusteredCustomers(n, maxGroup int, seed uint64) []*rebilly.Customer {
	r := rand.New(rand.NewPCG(seed, 8))
	out := make([]*rebilly.Customer, n)
	for i, at := range clusteredTimes(n, maxGroup, time.Hour, seed) {
		out[i] = &rebilly.Customer{
			ID:             fmt.Sprintf("cus_%d_%d", r.IntN(1000), i),
			CreatedTime:    at,
			PrimaryAddress: &rebilly.Contact{LastName: fmt.Sprintf("L%d", i%9)},
		}
	}
	return out
}

// clusteredTimes returns n whole-second times from exportStart on, in
// order: groups of 1 to maxGroup share a second, and the groups are from 1
// second to maxGap apart.
func clusteredTimes(n, maxGroup int, maxGap time.Duration, seed uint64) []time.Time {
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]time.Time, 0, n)
	at := exportStart
	for len(out) < n {
		for range min(1+r.IntN(maxGroup), n-len(out)) {
			out = append(out, at)
		}
		at = at.Add(time.Duration(1+r.IntN(int(maxGap/time.Second))) * time.Second)
	}
	return out
}

// collect runs seq to its end and returns the IDs it yielded, in order.
func collect(t *testing.T, seq iter.Seq2[*rebilly.Customer, error]) []string {
	t.Helper()
	var ids []string
	for c, err := range seq {
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	return ids
}

// sorted returns a sorted copy of ids.
func sorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// requireNoRepeat fails when ids holds an ID twice.
func requireNoRepeat(t *testing.T, ids []string) {
	t.Helper()
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		require.False(t, seen[id], "%s yielded twice", id)
		seen[id] = true
	}
}

// TestExportYieldsWhatAllYields: for several queries, page sizes smaller
// than the groups sharing a second, and every concurrency, Export yields
// the customers All yields, each once.
func TestExportYieldsWhatAllYields(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithCustomers(clusteredCustomers(400, 12, 1)...))
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	for _, params := range []rebilly.CustomerListParams{
		{Limit: 7},
		{Limit: 50},
		{Limit: 5, Filter: "primaryAddress.lastName:L1,L2,L3"},
		{Limit: 6, Filter: "createdTime:2026-03-02T00:00:00Z..2026-03-05T00:00:00Z", Fields: []string{"primaryAddress"}},
		{Limit: 9, Sort: []string{"-createdTime"}},
		{Limit: 10, Filter: "primaryAddress.lastName:nobody"},
	} {
		all := collect(t, c.Customers.All(ctx, &params))
		for _, concurrency := range []int{0, 1, 2, 3, 8, 16} {
			t.Run(fmt.Sprintf("%+v/concurrency-%d", params, concurrency), func(t *testing.T) {
				p := params
				got := collect(t, c.Customers.Export(ctx, &p, &rebilly.ExportOptions{Concurrency: concurrency}))
				requireNoRepeat(t, got)
				assert.Equal(t, sorted(all), sorted(got))
				if concurrency == 1 && len(params.Sort) == 0 {
					assert.Equal(t, all, got, "at Concurrency 1 Export walks as All does")
				}
			})
		}
	}
}

// TestExportUnderChurnYieldsEveryLastingCustomerOnce: while Export (and, for
// comparison, All) runs, customers are created, upserted and merged away.
// Each walk yields every customer that existed for the whole walk exactly
// once, nothing twice, and nothing that never existed.
func TestExportUnderChurnYieldsEveryLastingCustomerOnce(t *testing.T) {
	initial := clusteredCustomers(500, 12, 2)
	walks := []struct {
		name string
		walk func(c *rebilly.Client) iter.Seq2[*rebilly.Customer, error]
	}{
		{"All", func(c *rebilly.Client) iter.Seq2[*rebilly.Customer, error] {
			return c.Customers.All(context.Background(), &rebilly.CustomerListParams{Limit: 20})
		}},
		{"Export", func(c *rebilly.Client) iter.Seq2[*rebilly.Customer, error] {
			return c.Customers.Export(context.Background(), &rebilly.CustomerListParams{Limit: 20}, &rebilly.ExportOptions{Concurrency: 4})
		}},
	}
	lasting := map[string][]string{}
	for _, w := range walks {
		t.Run(w.name, func(t *testing.T) {
			srv := rebillytest.NewServer(rebillytest.WithCustomers(initial...))
			defer srv.Close()
			c := srv.Client()
			ctx := context.Background()

			exists := map[string]bool{}
			for _, cus := range initial {
				exists[cus.ID] = true
			}
			mergedAway := map[string]bool{}
			created := map[string]bool{}
			r := rand.New(rand.NewPCG(3, 4))
			var got []string
			for cus, err := range w.walk(c) {
				require.NoError(t, err)
				got = append(got, cus.ID)
				if len(got)%10 != 0 || len(got) > 400 {
					continue // the same 40 rounds of churn in each walk
				}
				// Create one, upsert an existing one, merge one away.
				fresh, _, err := c.Customers.Create(ctx, &rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{LastName: "New"}})
				require.NoError(t, err)
				created[fresh.ID] = true
				kept := initial[r.IntN(len(initial))].ID
				if !mergedAway[kept] {
					_, _, err = c.Customers.Upsert(ctx, kept, &rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{LastName: "Upserted"}})
					require.NoError(t, err)
				}
				gone, target := initial[r.IntN(len(initial))].ID, initial[0].ID
				if gone != target && !mergedAway[gone] {
					_, err = c.Customers.MergeDelete(ctx, gone, target)
					require.NoError(t, err)
					mergedAway[gone] = true
				}
			}
			requireNoRepeat(t, got)
			var stay []string
			for _, id := range got {
				require.True(t, exists[id] || created[id], "%s never existed", id)
				if exists[id] && !mergedAway[id] {
					stay = append(stay, id)
				}
			}
			var want []string
			for id := range exists {
				if !mergedAway[id] {
					want = append(want, id)
				}
			}
			require.NotEmpty(t, mergedAway)
			assert.Equal(t, sorted(want), sorted(stay), "every customer that lasted the whole walk, once")
			lasting[w.name] = sorted(stay)
		})
	}
	assert.Equal(t, lasting["All"], lasting["Export"])
}

// TestExportRebalancesADenseRange: the customers are dense in the first
// quarter of their span, which is the first of Export's four ranges. The
// other three have a page each; as each finishes, its request goes to the
// dense range, cut in two. Without that, every request inside the first
// quarter would end at the second range's start; the requests the fake saw
// end at several points inside the first quarter.
func TestExportRebalancesADenseRange(t *testing.T) {
	var cs []*rebilly.Customer
	add := func(seconds int) {
		cs = append(cs, &rebilly.Customer{ID: fmt.Sprintf("cus_%05d", len(cs)), CreatedTime: exportStart.Add(time.Duration(seconds) * time.Second)})
	}
	for s := range 600 {
		add(s) // dense: a customer a second
	}
	for _, s := range []int{1500, 2500, 4000} {
		add(s) // one in each other quarter
	}
	srv := rebillytest.NewServer(rebillytest.WithCustomers(cs...))
	defer srv.Close()

	got := collect(t, srv.Client().Customers.Export(context.Background(), &rebilly.CustomerListParams{Limit: 10}, &rebilly.ExportOptions{Concurrency: 4}))
	requireNoRepeat(t, got)
	assert.Len(t, got, len(cs))

	firstQuarterEnd := exportStart.Add(1000 * time.Second)
	ends := map[time.Time]bool{}
	for _, req := range srv.Requests() {
		from, to, ok := createdTimeRange(t, req.RawQuery)
		if ok && !from.IsZero() && from.Before(firstQuarterEnd) && !to.IsZero() {
			ends[to] = true
		}
	}
	assert.Greater(t, len(ends), 2, "ends of the requests inside the dense range: %v", ends)
	for end := range ends {
		assert.False(t, end.After(firstQuarterEnd), "a request inside the first quarter ends at %v", end)
	}
}

// createdTimeRange reads the createdTime range of a list request's filter.
func createdTimeRange(t *testing.T, rawQuery string) (from, to time.Time, ok bool) {
	t.Helper()
	q, err := url.ParseQuery(rawQuery)
	require.NoError(t, err)
	for _, cond := range strings.Split(q.Get("filter"), ";") {
		rng, found := strings.CutPrefix(cond, "createdTime:")
		if !found {
			continue
		}
		a, b, _ := strings.Cut(rng, "..")
		parse := func(s string) time.Time {
			if s == "" {
				return time.Time{}
			}
			ts, err := time.Parse(time.RFC3339Nano, s)
			require.NoError(t, err)
			return ts
		}
		return parse(a), parse(b), true
	}
	return time.Time{}, time.Time{}, false
}

// flightTransport counts the client's requests in flight: from the start
// of a round trip until its response body is closed (or it fails). From
// request failAt on (when set) it answers 403 without sending.
type flightTransport struct {
	next   http.RoundTripper
	failAt int

	mu       sync.Mutex
	sent     int
	inFlight int
}

func (f *flightTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.sent++
	n := f.sent
	f.inFlight++
	f.mu.Unlock()
	if f.failAt > 0 && n >= f.failAt {
		return &http.Response{StatusCode: http.StatusForbidden, Header: http.Header{"Content-Type": {"application/json"}},
			Body: &landing{ReadCloser: io.NopCloser(strings.NewReader(`{"title":"Forbidden"}`)), f: f}, Request: r}, nil
	}
	resp, err := f.next.RoundTrip(r)
	if err != nil {
		f.land()
		return nil, err
	}
	resp.Body = &landing{ReadCloser: resp.Body, f: f}
	return resp, nil
}

func (f *flightTransport) land() {
	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
}

func (f *flightTransport) flying() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.inFlight
}

// landing ends a request's flight when its body is closed.
type landing struct {
	io.ReadCloser
	f    *flightTransport
	once sync.Once
}

func (l *landing) Close() error {
	l.once.Do(l.f.land)
	return l.ReadCloser.Close()
}

// TestExportStopsEveryRequest: a break, a cancelled context and a failed
// call each end Export with every request of its workers ended (none in
// flight when the iterator returns) and no goroutine left, while page
// requests are slowed so that several are in flight when it stops.
func TestExportStopsEveryRequest(t *testing.T) {
	for _, tt := range []struct {
		name    string
		failAt  int
		stop    func(cancel context.CancelFunc) bool // called after each customer: true to break
		wantErr error
	}{
		{"break", 0, func(context.CancelFunc) bool { return true }, nil},
		{"cancel", 0, func(cancel context.CancelFunc) bool { cancel(); return false }, context.Canceled},
		{"error", 9, func(context.CancelFunc) bool { return false }, rebilly.ErrForbidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := goleak.IgnoreCurrent()
			srv := rebillytest.NewServer(rebillytest.WithCustomers(clusteredCustomers(300, 5, 5)...),
				rebillytest.WithFault(rebillytest.Fault{Method: http.MethodGet, Path: "/customers", Latency: 20 * time.Millisecond}))
			ft := &flightTransport{next: http.DefaultTransport.(*http.Transport).Clone(), failAt: tt.failAt}
			c := srv.Client(rebilly.WithHTTPClient(&http.Client{Transport: ft}))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()

			var n int
			var gotErr error
			for cus, err := range c.Customers.Export(ctx, &rebilly.CustomerListParams{Limit: 10}, &rebilly.ExportOptions{Concurrency: 8}) {
				if err != nil {
					gotErr = err
					continue // the iterator must end by itself after an error
				}
				require.NotNil(t, cus)
				n++
				if n >= 15 && tt.stop(cancel) {
					break
				}
			}
			assert.Zero(t, ft.flying(), "requests in flight when Export returned")
			if tt.wantErr != nil {
				assert.ErrorIs(t, gotErr, tt.wantErr)
			} else {
				assert.NoError(t, gotErr)
			}
			assert.Less(t, n, 300, "Export stopped early")
			srv.Close()
			ft.next.(*http.Transport).CloseIdleConnections()
			goleak.VerifyNone(t, before)
		})
	}
}

// exportIDs runs Export from cp, stopping after stopAfter customers (never
// when negative), and returns the IDs it yielded.
func exportIDs(t *testing.T, c *rebilly.Client, params rebilly.CustomerListParams, concurrency int, cp *rebilly.Checkpoint, stopAfter int) []string {
	t.Helper()
	var ids []string
	for cus, err := range c.Customers.Export(context.Background(), &params, &rebilly.ExportOptions{Concurrency: concurrency, Checkpoint: cp}) {
		require.NoError(t, err)
		ids = append(ids, cus.ID)
		if len(ids) == stopAfter {
			break
		}
	}
	return ids
}

// settledRequestCount is how many requests srv has logged, once the count
// has not changed for 50 ms (for at most 2 s).
func settledRequestCount(srv *rebillytest.Server) int {
	n := len(srv.Requests())
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		m := len(srv.Requests())
		if m == n {
			break
		}
		n = m
	}
	return n
}

// reload is cp saved as text and loaded again.
func reload(t *testing.T, cp *rebilly.Checkpoint) *rebilly.Checkpoint {
	t.Helper()
	text, err := cp.MarshalText()
	require.NoError(t, err)
	var loaded rebilly.Checkpoint
	require.NoError(t, loaded.UnmarshalText(text))
	return &loaded
}

// TestExportResumesAfterAnyYield: a checkpoint saved after any customer,
// loaded and run to the end (at the same or another concurrency), makes
// the export whole: no customer lost, none twice. So does a chain of
// several stops.
func TestExportResumesAfterAnyYield(t *testing.T) {
	cs := clusteredCustomers(150, 8, 6)
	srv := rebillytest.NewServer(rebillytest.WithCustomers(cs...))
	defer srv.Close()
	c := srv.Client()
	params := rebilly.CustomerListParams{Limit: 5}
	want := sorted(collect(t, c.Customers.All(context.Background(), &params)))
	require.Len(t, want, len(cs))

	for stop := 1; stop < len(cs); stop++ {
		for _, again := range []int{3, []int{1, 5, 8}[stop%3]} {
			var cp rebilly.Checkpoint
			first := exportIDs(t, c, params, 3, &cp, stop)
			require.Len(t, first, stop)
			rest := exportIDs(t, c, params, again, reload(t, &cp), -1)
			all := append(first, rest...)
			requireNoRepeat(t, all)
			require.Equal(t, want, sorted(all), "stop after %d, resume at concurrency %d", stop, again)
		}
	}

	t.Run("a chain of stops", func(t *testing.T) {
		cp := &rebilly.Checkpoint{}
		var all []string
		for round := 0; ; round++ {
			ids := exportIDs(t, c, params, 1+round%4, cp, 11)
			all = append(all, ids...)
			if len(ids) < 11 {
				break
			}
			cp = reload(t, cp)
		}
		requireNoRepeat(t, all)
		assert.Equal(t, want, sorted(all))
		assert.Empty(t, exportIDs(t, c, params, 2, cp, -1), "a finished export yields nothing more")
	})
}

// TestExportRefusesAnotherCheckpoint: Export refuses a checkpoint of All or
// of another query, and All refuses one of Export, before sending anything.
func TestExportRefusesAnotherCheckpoint(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithCustomers(clusteredCustomers(40, 3, 7)...))
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	params := &rebilly.CustomerListParams{Limit: 5}

	var ofAll, ofExport rebilly.Checkpoint
	walkIDs(t, c, params, &ofAll, 3)
	exportIDs(t, c, *params, 2, &ofExport, 3)
	// A request the export gave up on when it stopped may still be
	// answered, and logged, by the fake after Export returned.
	sent := settledRequestCount(srv)

	firstErr := func(seq iter.Seq2[*rebilly.Customer, error]) error {
		for _, err := range seq {
			return err
		}
		return nil
	}
	for name, err := range map[string]error{
		"Export from All's":           firstErr(c.Customers.Export(ctx, params, &rebilly.ExportOptions{Checkpoint: reload(t, &ofAll)})),
		"AllFrom from Export's":       firstErr(c.Customers.AllFrom(ctx, params, reload(t, &ofExport))),
		"Export of another filter":    firstErr(c.Customers.Export(ctx, &rebilly.CustomerListParams{Filter: "primaryAddress.lastName:L1"}, &rebilly.ExportOptions{Checkpoint: reload(t, &ofExport)})),
		"Export of another Q":         firstErr(c.Customers.Export(ctx, &rebilly.CustomerListParams{Q: "x"}, &rebilly.ExportOptions{Checkpoint: reload(t, &ofExport)})),
		"AllFrom by offset, Export's": firstErr(c.Customers.AllFrom(ctx, &rebilly.CustomerListParams{Sort: []string{"lastName"}}, reload(t, &ofExport))),
	} {
		assert.ErrorIs(t, err, rebilly.ErrCheckpointMismatch, name)
	}
	assert.Len(t, srv.Requests(), sent, "refused walks send nothing")

	// The page size and the order asked for are not the query's: the same
	// export goes on.
	rest := exportIDs(t, c, rebilly.CustomerListParams{Limit: 7, Sort: []string{"createdTime"}}, 4, reload(t, &ofExport), -1)
	assert.Len(t, rest, 40-3)
}

// TestExportRefusesBadOptions: options and params Export cannot follow are
// refused with ErrInvalidInput, before anything is sent; nil params and
// options are a default export.
func TestExportRefusesBadOptions(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithCustomers(clusteredCustomers(30, 3, 8)...))
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	for _, tt := range []struct {
		name   string
		params *rebilly.CustomerListParams
		opts   *rebilly.ExportOptions
	}{
		{"negative concurrency", nil, &rebilly.ExportOptions{Concurrency: -1}},
		{"concurrency above the maximum", nil, &rebilly.ExportOptions{Concurrency: rebilly.MaxExportConcurrency + 1}},
		{"an offset", &rebilly.CustomerListParams{Offset: 3}, nil},
		{"another sort", &rebilly.CustomerListParams{Sort: []string{"lastName"}}, nil},
		{"two createdTime values", &rebilly.CustomerListParams{Filter: "createdTime:2026-03-01T00:00:00Z,2026-03-02T00:00:00Z"}, nil},
		{"a page too large", &rebilly.CustomerListParams{Limit: rebilly.MaxLimit + 1}, nil},
		{"a bad filter", &rebilly.CustomerListParams{Filter: "createdTime:..;"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var errs []error
			for cus, err := range c.Customers.Export(ctx, tt.params, tt.opts) {
				assert.Nil(t, cus)
				errs = append(errs, err)
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], rebilly.ErrInvalidInput)
		})
	}
	assert.Empty(t, srv.Requests(), "refused exports send nothing")
	assert.Len(t, collect(t, c.Customers.Export(ctx, nil, nil)), 30)
}

// TestExport429HoldsBackEveryWorker: one page request, mid-export, is
// refused with 429 and "Retry-After: 1". For that second no worker sends
// anything (the refused one waits to retry, the others before their next
// page): between a quarter and three quarters of a second after the 429
// arrived, the fake sees no request, where the three other workers would
// otherwise have sent dozens (each page takes 10 ms). Then the export goes
// on to the end.
func TestExport429HoldsBackEveryWorker(t *testing.T) {
	const customers = 4000
	page := rebillytest.Fault{Method: http.MethodGet, Path: "/customers"}
	fast, refused, slow := page, page, page
	fast.Times, fast.Latency = 20, time.Millisecond
	refused.Times, refused.Status, refused.RetryAfter = 1, http.StatusTooManyRequests, "1"
	slow.Latency = 10 * time.Millisecond
	srv := rebillytest.NewServer(rebillytest.WithCustomers(clusteredCustomers(customers, 4, 9)...),
		rebillytest.WithFault(fast), rebillytest.WithFault(refused), rebillytest.WithFault(slow))
	defer srv.Close()

	got := collect(t, srv.Client().Customers.Export(context.Background(), &rebilly.CustomerListParams{Limit: 10}, &rebilly.ExportOptions{Concurrency: 4}))
	requireNoRepeat(t, got)
	assert.Len(t, got, customers)

	var at429 time.Time
	for _, r := range srv.Requests() {
		if r.Status == http.StatusTooManyRequests {
			require.True(t, at429.IsZero(), "one 429")
			at429 = r.Time
		}
	}
	require.False(t, at429.IsZero(), "no request was refused")
	var held, after int
	for _, r := range srv.Requests() {
		switch since := r.Time.Sub(at429); {
		case since > 250*time.Millisecond && since < 750*time.Millisecond:
			held++
		case since >= 750*time.Millisecond:
			after++
		}
	}
	assert.Zero(t, held, "requests sent while the export was held back")
	assert.Positive(t, after, "requests after the retry time")
}

// TestExportIsNotSlowerAtConcurrencyOne: at Concurrency 1 Export sends
// the requests All sends, in the same order, and no more.
func TestExportIsNotSlowerAtConcurrencyOne(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithCustomers(clusteredCustomers(120, 12, 10)...))
	defer srv.Close()
	c := srv.Client()
	params := rebilly.CustomerListParams{Limit: 10}

	queries := func(seq iter.Seq2[*rebilly.Customer, error]) []string {
		from := len(srv.Requests())
		collect(t, seq)
		var qs []string
		for _, r := range srv.Requests()[from:] {
			qs = append(qs, r.RawQuery)
		}
		return qs
	}
	all := queries(c.Customers.All(context.Background(), &params))
	export := queries(c.Customers.Export(context.Background(), &params, &rebilly.ExportOptions{Concurrency: 1}))
	assert.Equal(t, all, export)
}

// readingTransport tracks how many response bodies are being read at once:
// from a body's first Read until its end is read or it is closed. Each
// first Read pauses a millisecond, so that bodies read in parallel would
// overlap.
type readingTransport struct {
	next http.RoundTripper

	mu            sync.Mutex
	reading, most int
}

func (t *readingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err == nil {
		resp.Body = &readingBody{ReadCloser: resp.Body, t: t}
	}
	return resp, err
}

func (t *readingTransport) add(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.reading += n
	t.most = max(t.most, t.reading)
}

type readingBody struct {
	io.ReadCloser
	t           *readingTransport
	began, done bool
}

func (b *readingBody) Read(p []byte) (int, error) {
	if !b.began {
		b.began = true
		b.t.add(1)
		time.Sleep(time.Millisecond)
	}
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.end()
	}
	return n, err
}

func (b *readingBody) Close() error {
	b.end()
	return b.ReadCloser.Close()
}

func (b *readingBody) end() {
	if b.began && !b.done {
		b.done = true
		b.t.add(-1)
	}
}

// TestExportDecodesOnePageAtATime: however many requests an export has on
// their way, it reads and decodes one page at a time, so that it holds
// about one decoded page per request (BenchmarkExportMillion measures the
// heap).
func TestExportDecodesOnePageAtATime(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithCustomers(clusteredCustomers(3000, 4, 12)...))
	defer srv.Close()
	rt := &readingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
	defer rt.next.(*http.Transport).CloseIdleConnections()
	c := srv.Client(rebilly.WithHTTPClient(&http.Client{Transport: rt}))

	got := collect(t, c.Customers.Export(context.Background(), &rebilly.CustomerListParams{Limit: 50}, &rebilly.ExportOptions{Concurrency: 8}))
	assert.Len(t, got, 3000)
	assert.Equal(t, 1, rt.most, "bodies read at once")
}
