package rebilly_test

// Benchmarks of the SDK against a minimal hand-written client (net/http and
// encoding/json, what a careful developer writes without the SDK),
// making the identical request to the same loopback server and decoding
// the same members (into plain types of its own, handCustomer, so that its
// decoding is encoding/json's alone). The server replays answers recorded from
// rebillytest, so it costs the same for both.
//
// A third client, impl=floor, is the hand-written one decoding into the
// SDK's own types with the SDK's codec (internal/codec): net/http and the
// SDK's decoding with none of the SDK's other work (retries, pacing, the
// per-attempt timeout, errors, Response): what the SDK would take on
// net/http's Client if its own work cost nothing, which shows how much of
// the difference from impl=hand is the decoding. A fourth, impl=sdk-notimeout, is the SDK
// without its per-attempt timeout (see benchPair). Compare them over
// rounds that each run every client once, as .ci/bench does (with -count
// 10, go test runs one client's ten runs in a row, then the next's, and a
// machine that slows for a while slows one client only):
//
//	go test -c -o rebilly.test .
//	for i in 1 2 3 4 5 6 7 8 9 10; do
//	  ./rebilly.test -test.run '^$' -test.bench 'Get|List|Upsert' -test.benchmem -test.count 1
//	done > bench.txt
//	benchstat -col /impl bench.txt

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// benchID is the customer Get and Upsert ask for.
var benchID = rebillytest.GeneratedID(7)

// minimalID is the customer GetMinimal asks for: one with few members, whose
// answer is about 430 bytes (benchID's is about 2.3 KB).
const minimalID = "cus_minimal00000001"

// minimalCustomer is minimalID's customer as the fake is seeded with it.
func minimalCustomer() *rebilly.Customer {
	return &rebilly.Customer{ID: minimalID, WebsiteID: "web_1", Locale: "en-US",
		CustomFields: rebilly.CustomFieldValues{"crmId": "crm-1"},
		CreatedTime:  time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), UpdatedTime: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
}

// cannedAnswer is a recorded answer of the fake.
type cannedAnswer struct {
	status int
	header http.Header
	body   []byte
}

// replayServer answers GET /customers?limit=N, GET /customers/{benchID},
// GET /customers/{minimalID} and PUT /customers/{benchID} with answers
// recorded from rebillytest.
type replayServer struct {
	*httptest.Server
	pages    map[string]cannedAnswer // by limit
	customer cannedAnswer
	minimal  cannedAnswer
	upserted cannedAnswer
}

// replay starts the replay server on first use; TestMain closes it.
var replay = sync.OnceValues(newReplayServer)

var replayStarted atomic.Bool

func closeReplayServer() {
	if !replayStarted.Load() {
		return
	}
	if r, err := replay(); err == nil {
		r.Close()
	}
}

// newReplayServer records the answers from a fake holding 1,000 generated
// customers (and from one holding only minimalID's) and starts a server that
// replays them. It lives for the whole benchmark run.
func newReplayServer() (*replayServer, error) {
	fake := rebillytest.NewServer(rebillytest.WithGeneratedCustomers(1000), rebillytest.WithRequestLogSize(0))
	defer fake.Close()
	minimalFake := rebillytest.NewServer(rebillytest.WithCustomers(minimalCustomer()), rebillytest.WithRequestLogSize(0))
	defer minimalFake.Close()
	recordFrom := func(base, method, path string, body []byte) (cannedAnswer, error) {
		req, err := http.NewRequest(method, base+path, bytes.NewReader(body))
		if err != nil {
			return cannedAnswer{}, err
		}
		req.Header.Set("REB-APIKEY", rebillytest.DefaultAPIKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return cannedAnswer{}, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode >= 300 {
			return cannedAnswer{}, fmt.Errorf("recording %s %s: %d %v", method, path, resp.StatusCode, err)
		}
		h := resp.Header.Clone()
		h.Del("Date")
		return cannedAnswer{status: resp.StatusCode, header: h, body: b}, nil
	}
	record := func(method, path string, body []byte) (cannedAnswer, error) {
		return recordFrom(fake.URL, method, path, body)
	}

	r := &replayServer{pages: map[string]cannedAnswer{}}
	var err error
	for _, limit := range []string{"100", "1000"} {
		if r.pages[limit], err = record("GET", "/customers?sort=createdTime&limit="+limit, nil); err != nil {
			return nil, err
		}
	}
	if r.customer, err = record("GET", "/customers/"+benchID, nil); err != nil {
		return nil, err
	}
	if r.minimal, err = recordFrom(minimalFake.URL, "GET", "/customers/"+minimalID, nil); err != nil {
		return nil, err
	}
	in, err := json.Marshal(benchInput())
	if err != nil {
		return nil, err
	}
	if r.upserted, err = record("PUT", "/customers/"+benchID, in); err != nil {
		return nil, err
	}
	r.Server = httptest.NewServer(r)
	replayStarted.Store(true)
	return r, nil
}

func (r *replayServer) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	_, _ = io.Copy(io.Discard, req.Body)
	var a cannedAnswer
	var ok bool
	switch {
	case req.Method == "GET" && req.URL.Path == "/customers":
		a, ok = r.pages[req.URL.Query().Get("limit")]
	case req.Method == "GET" && req.URL.Path == "/customers/"+benchID:
		a, ok = r.customer, true
	case req.Method == "GET" && req.URL.Path == "/customers/"+minimalID:
		a, ok = r.minimal, true
	case req.Method == "PUT" && req.URL.Path == "/customers/"+benchID:
		a, ok = r.upserted, true
	}
	if !ok {
		http.Error(w, "not recorded", http.StatusNotFound)
		return
	}
	for k, v := range a.header {
		w.Header()[k] = v
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// benchInput is what the Upsert benchmarks send: the customer's writable
// fields, as a read-modify-write would.
func benchInput() *rebilly.CustomerInput {
	c := rebillytest.NewServer(rebillytest.WithGeneratedCustomers(8))
	defer c.Close()
	cu, ok := c.Customer(benchID)
	if !ok {
		panic("no generated customer " + benchID)
	}
	return cu.Input()
}

// handClient is the hand-written client: what a developer writes with
// net/http and encoding/json, with the same headers and connection pool
// size as the SDK's default client.
type handClient struct {
	hc   *http.Client
	base string
	// sdkCodec makes it encode and decode with the SDK's codec in place of
	// encoding/json: the floor client (see the file comment).
	sdkCodec bool
}

func newHandClient(base string) *handClient {
	return &handClient{hc: &http.Client{Transport: newBenchTransport()}, base: base}
}

// newBenchTransport is a transport with the connection pool of the SDK's
// default client.
func newBenchTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 256, 128
	return t
}

func (h *handClient) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		marshal := json.Marshal
		if h.sdkCodec {
			marshal = codec.Marshal
		}
		b, err := marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, h.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("REB-APIKEY", rebillytest.DefaultAPIKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "hand-written/1.0")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := h.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	if h.sdkCodec {
		return codec.Decode(resp.Body, resp.ContentLength, out)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// newFloorClient is the hand-written client decoding with the SDK's codec,
// into the SDK's types (see the file comment).
func newFloorClient(base string) *handClient {
	h := newHandClient(base)
	h.sdkCodec = true
	return h
}

// getAs, listAs and upsertAs are the hand-written client's calls, decoding
// into T: handCustomer for impl=hand, rebilly.Customer for impl=floor.
func getAs[T any](ctx context.Context, h *handClient, id string) (*T, error) {
	var c T
	err := h.do(ctx, "GET", "/customers/"+url.PathEscape(id), nil, &c)
	return &c, err
}

func listAs[T any](ctx context.Context, h *handClient, limit int) ([]*T, error) {
	var page []*T
	err := h.do(ctx, "GET", "/customers?"+url.Values{"limit": {strconv.Itoa(limit)}}.Encode(), nil, &page)
	return page, err
}

func upsertAs[T any](ctx context.Context, h *handClient, id string, in *rebilly.CustomerInput) (*T, error) {
	var c T
	err := h.do(ctx, "PUT", "/customers/"+url.PathEscape(id), in, &c)
	return &c, err
}

// benchPair runs one operation as sub-benchmarks impl=hand, impl=floor,
// impl=sdk and impl=sdk-notimeout (see the file comment and pairClients).
// Each returns how many customers it decoded, checked against want.
func benchPair(b *testing.B, want int, hand, floor func(context.Context, *handClient) (int, error), sdk func(context.Context, *rebilly.Client) (int, error)) {
	benchPairIn(b, backgroundCall, want, hand, floor, sdk)
}

// backgroundCall is the context of a call its caller does not bound.
func backgroundCall() (context.Context, context.CancelFunc) { return context.Background(), func() {} }

// benchClient is one of the clients a pair benchmark compares, making
// one call of the operation measured.
type benchClient struct {
	name string // hand, floor, sdk or sdk-notimeout
	// call makes the call and returns how many customers it decoded.
	call func(context.Context) (int, error)
	// close closes the client's idle connections, when it has a method
	// for it (the SDK's default client has none).
	close func()
}

// pairClients are the clients of a pair benchmark on the replay server:
// hand and floor are both given a handClient, the floor's decoding into
// the SDK's types. sdk is the SDK's default client; sdk-notimeout is
// given, with WithHTTPClient, an http.Client with the same transport and
// no timeout, so that the two differ by the per-attempt timeout
// (DefaultTimeout) alone.
func pairClients(b *testing.B, base string, hand, floor func(context.Context, *handClient) (int, error), sdk func(context.Context, *rebilly.Client) (int, error)) []benchClient {
	newSDK := func(opts ...rebilly.Option) func(context.Context) (int, error) {
		opts = append(opts, rebilly.WithAPIKey(rebillytest.DefaultAPIKey), rebilly.WithBaseURL(base))
		c, err := rebilly.NewClient(opts...)
		if err != nil {
			b.Fatal(err)
		}
		return func(ctx context.Context) (int, error) { return sdk(ctx, c) }
	}
	h, f, t := newHandClient(base), newFloorClient(base), newBenchTransport()
	return []benchClient{
		{"hand", func(ctx context.Context) (int, error) { return hand(ctx, h) }, h.hc.CloseIdleConnections},
		{"floor", func(ctx context.Context) (int, error) { return floor(ctx, f) }, f.hc.CloseIdleConnections},
		{"sdk", newSDK(), func() {}},
		{"sdk-notimeout", newSDK(rebilly.WithHTTPClient(&http.Client{Transport: t})), t.CloseIdleConnections},
	}
}

// benchPairIn is benchPair with each call made in a context of its own,
// as callCtx makes it.
func benchPairIn(b *testing.B, callCtx func() (context.Context, context.CancelFunc), want int, hand, floor func(context.Context, *handClient) (int, error), sdk func(context.Context, *rebilly.Client) (int, error)) {
	r, err := replay()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range pairClients(b, r.URL, hand, floor, sdk) {
		b.Run("impl="+c.name, func(b *testing.B) {
			// Each client's connections are closed after its run, the
			// SDK's default client's too, which has no method for it.
			defer r.CloseClientConnections()
			defer c.close()
			op := func() (int, error) {
				ctx, cancel := callCtx()
				defer cancel()
				return c.call(ctx)
			}
			if n, err := op(); err != nil || n != want { // warm the connection
				b.Fatalf("decoded %d customers (want %d), error %v", n, want, err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := op(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchInterleaved runs one operation on every client of pairClients in
// turns of interleaveTurn calls, each turn starting with the next client,
// and reports each client's time per call (ns/call-hand and so on) and its
// ratio to the hand-written client's (x-hand-floor and so on). A machine
// whose speed drifts over seconds, as a shared virtual one does, slows
// every client alike within a round of turns, so these ratios are paired
// where the pair sub-benchmarks' are not. The collector's work is charged
// to whichever client it interrupts, so a client that allocates more is
// charged a little less than its due here: allocations are the pair
// benchmarks' to report.
func benchInterleaved(b *testing.B, callCtx func() (context.Context, context.CancelFunc), want int, hand, floor func(context.Context, *handClient) (int, error), sdk func(context.Context, *rebilly.Client) (int, error)) {
	r, err := replay()
	if err != nil {
		b.Fatal(err)
	}
	defer r.CloseClientConnections()
	interleave(b, callCtx, want, pairClients(b, r.URL, hand, floor, sdk))
}

// interleave is benchInterleaved's loop, over clients, each call made in a
// context callCtx makes; the first client is the one the others' ratios
// are to.
func interleave(b *testing.B, callCtx func() (context.Context, context.CancelFunc), want int, clients []benchClient) {
	op := func(c benchClient) (int, error) {
		ctx, cancel := callCtx()
		defer cancel()
		return c.call(ctx)
	}
	for _, c := range clients {
		defer c.close()
		if n, err := op(c); err != nil || n != want { // warm the connection
			b.Fatalf("%s decoded %d customers (want %d), error %v", c.name, n, want, err)
		}
	}
	spent := make([]time.Duration, len(clients))
	calls := make([]int, len(clients))
	b.ResetTimer()
	for done, round := 0, 0; done < b.N; round++ {
		for k := range clients {
			i := (round + k) % len(clients)
			start := time.Now()
			for range interleaveTurn {
				if _, err := op(clients[i]); err != nil {
					b.Fatal(err)
				}
			}
			spent[i] += time.Since(start)
			calls[i] += interleaveTurn
			done += interleaveTurn
		}
	}
	b.StopTimer()
	perCall := func(i int) float64 { return float64(spent[i].Nanoseconds()) / float64(calls[i]) }
	for i, c := range clients {
		b.ReportMetric(perCall(i), "ns/call-"+c.name)
		if i > 0 {
			b.ReportMetric(perCall(i)/perCall(0), "x-hand-"+c.name)
		}
	}
}

// interleaveTurn is how many calls one client makes in a row in
// benchInterleaved: few enough that a round of turns takes some tens of
// milliseconds, and enough that each turn starts with the client's code
// and connection warm.
const interleaveTurn = 64

func one[C rebilly.Customer | handCustomer](c *C, err error) (int, error) {
	return oneWithID(benchID, c, err)
}

// oneWithID returns 1 when c is customer id.
func oneWithID[C rebilly.Customer | handCustomer](id string, c *C, err error) (int, error) {
	if err != nil || idOf(c) != id {
		return 0, err
	}
	return 1, nil
}

// idOf is the ID of either client's customer.
func idOf[C rebilly.Customer | handCustomer](c *C) string {
	switch c := any(c).(type) {
	case *rebilly.Customer:
		return c.ID
	case *handCustomer:
		return c.ID
	}
	return ""
}

// benchGet is the pair for Get of customer id.
func benchGet(b *testing.B, id string) { benchGetIn(b, backgroundCall, id) }

// benchGetIn is benchGet with each call made in a context callCtx makes.
func benchGetIn(b *testing.B, callCtx func() (context.Context, context.CancelFunc), id string) {
	hand, floor, sdk := getCalls(id)
	benchPairIn(b, callCtx, 1, hand, floor, sdk)
}

// getCalls are each client's Get of customer id.
func getCalls(id string) (hand, floor func(context.Context, *handClient) (int, error), sdk func(context.Context, *rebilly.Client) (int, error)) {
	hand = func(ctx context.Context, h *handClient) (int, error) {
		cu, err := getAs[handCustomer](ctx, h, id)
		return oneWithID(id, cu, err)
	}
	floor = func(ctx context.Context, h *handClient) (int, error) {
		cu, err := getAs[rebilly.Customer](ctx, h, id)
		return oneWithID(id, cu, err)
	}
	sdk = func(ctx context.Context, c *rebilly.Client) (int, error) {
		cu, _, err := c.Customers.Get(ctx, id, nil)
		return oneWithID(id, cu, err)
	}
	return hand, floor, sdk
}

// BenchmarkGet gets a customer with most members set: a 2.3 KB answer.
func BenchmarkGet(b *testing.B) { benchGet(b, benchID) }

// BenchmarkGetMinimal gets a customer with few members: a 430-byte answer,
// where the SDK's per-call work weighs most against the decoding it saves.
func BenchmarkGetMinimal(b *testing.B) { benchGet(b, minimalID) }

// BenchmarkGetMinimalWithDeadline is BenchmarkGetMinimal with each call
// made in a context of its own with a 30 s timeout, as a caller who bounds
// each call makes it: the deadline comes before the SDK's per-attempt
// timeout would, so the SDK adds none, and impl=sdk and impl=sdk-notimeout
// make the same calls.
func BenchmarkGetMinimalWithDeadline(b *testing.B) { benchGetIn(b, deadlineCall, minimalID) }

// deadlineCall is the context of a call its caller bounds, within the
// SDK's per-attempt timeout.
func deadlineCall() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), rebilly.DefaultTimeout/2)
}

// BenchmarkGetInterleaved is BenchmarkGet with the clients' calls
// interleaved (benchInterleaved): the ratios of the 2.3 KB Get.
func BenchmarkGetInterleaved(b *testing.B) {
	hand, floor, sdk := getCalls(benchID)
	benchInterleaved(b, backgroundCall, 1, hand, floor, sdk)
}

// BenchmarkGetMinimalInterleaved is BenchmarkGetMinimal with the clients'
// calls interleaved (benchInterleaved): the ratios of the minimal Get.
func BenchmarkGetMinimalInterleaved(b *testing.B) {
	hand, floor, sdk := getCalls(minimalID)
	benchInterleaved(b, backgroundCall, 1, hand, floor, sdk)
}

// BenchmarkGetMinimalWithDeadlineInterleaved is
// BenchmarkGetMinimalWithDeadline with the clients' calls interleaved: every
// client bounds each call with a 30 s context, so that the hand-written
// client pays for a deadline as the SDK's default timeout does.
func BenchmarkGetMinimalWithDeadlineInterleaved(b *testing.B) {
	hand, floor, sdk := getCalls(minimalID)
	benchInterleaved(b, deadlineCall, 1, hand, floor, sdk)
}

func BenchmarkUpsert(b *testing.B) {
	in := benchInput()
	benchPair(b, 1,
		func(ctx context.Context, h *handClient) (int, error) {
			return one(upsertAs[handCustomer](ctx, h, benchID, in))
		},
		func(ctx context.Context, h *handClient) (int, error) {
			return one(upsertAs[rebilly.Customer](ctx, h, benchID, in))
		},
		func(ctx context.Context, c *rebilly.Client) (int, error) {
			cu, _, err := c.Customers.Upsert(ctx, benchID, in)
			return one(cu, err)
		})
}

func benchList(b *testing.B, limit int) {
	benchPair(b, limit,
		func(ctx context.Context, h *handClient) (int, error) {
			page, err := listAs[handCustomer](ctx, h, limit)
			return len(page), err
		},
		func(ctx context.Context, h *handClient) (int, error) {
			page, err := listAs[rebilly.Customer](ctx, h, limit)
			return len(page), err
		},
		func(ctx context.Context, c *rebilly.Client) (int, error) {
			page, _, err := c.Customers.List(ctx, &rebilly.CustomerListParams{Limit: limit})
			return len(page), err
		})
}

func BenchmarkList100(b *testing.B)  { benchList(b, 100) }
func BenchmarkList1000(b *testing.B) { benchList(b, 1000) }

// BenchmarkGetConcurrent64 is 64 goroutines calling Get at once on one
// client. It reports requests per second and how many TCP connections the
// server saw opened: no more than 64, and no churn, however long it runs.
func BenchmarkGetConcurrent64(b *testing.B) {
	r, err := replay()
	if err != nil {
		b.Fatal(err)
	}
	var opened atomic.Int64
	srv := httptest.NewUnstartedServer(r)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	ctx := context.Background()
	run := func(b *testing.B, get func() error) {
		opened.Store(0)
		b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
		b.ReportAllocs()
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := get(); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
		b.ReportMetric(float64(opened.Load()), "conns")
	}
	b.Run("impl=hand", func(b *testing.B) {
		h := newHandClient(srv.URL)
		defer h.hc.CloseIdleConnections()
		run(b, func() error { _, err := one(getAs[handCustomer](ctx, h, benchID)); return err })
	})
	b.Run("impl=sdk", func(b *testing.B) {
		c, err := rebilly.NewClient(rebilly.WithAPIKey(rebillytest.DefaultAPIKey), rebilly.WithBaseURL(srv.URL))
		if err != nil {
			b.Fatal(err)
		}
		run(b, func() error {
			cu, _, err := c.Customers.Get(ctx, benchID, nil)
			_, err = one(cu, err)
			return err
		})
	})
}
