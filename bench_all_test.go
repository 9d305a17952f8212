package rebilly_test

// BenchmarkAllMillion walks 1,000,000 customers served by rebillytest, which
// runs in a child process (this test binary, started again) so that the
// heap measured is the SDK's alone. It reports customers per second and
// the peak heap while iterating, against the heap one decoded page takes.
// BenchmarkExportMillion does the same for Export.
//
//	go test -run '^$' -bench AllMillion -benchmem .

import (
	"bufio"
	"context"
	"fmt"
	"iter"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// fakeProcessEnv, set to a number of customers, makes the test binary serve
// rebillytest with that many generated customers instead of running tests;
// fakeLatencyEnv, when set, is the latency it adds to every page request.
const (
	fakeProcessEnv = "REBILLY_BENCH_FAKE_CUSTOMERS"
	fakeLatencyEnv = "REBILLY_BENCH_FAKE_LATENCY"
)

// serveFakeProcess is the child's side: it serves the fake on a loopback
// port, prints the URL, and stops when its standard input closes. It
// reports whether this process is such a child.
func serveFakeProcess() bool {
	v := os.Getenv(fakeProcessEnv)
	if v == "" {
		return false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad", fakeProcessEnv, v)
		os.Exit(2)
	}
	opts := []rebillytest.Option{rebillytest.WithGeneratedCustomers(n), rebillytest.WithRequestLogSize(0)}
	if latency, err := time.ParseDuration(os.Getenv(fakeLatencyEnv)); err == nil && latency > 0 {
		opts = append(opts, rebillytest.WithFault(rebillytest.Fault{Method: http.MethodGet, Path: "/customers", Latency: latency}))
	}
	h := rebillytest.NewHandler(opts...)
	l, err := rebillytest.ListenLoopback("127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	go func() { _ = http.Serve(l, h) }()
	fmt.Printf("http://%s\n", l.Addr())
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n') // until the parent closes it
	os.Exit(0)
	return true
}

// startFakeProcess starts a child serving n generated customers, adding
// latency to every page request, and returns its base URL once it listens,
// that is once the customers are loaded.
func startFakeProcess(b *testing.B, n int, latency time.Duration) string {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fakeProcessEnv+"="+strconv.Itoa(n), fakeLatencyEnv+"="+latency.String())
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("the fake process printed no URL: %v", err)
	}
	return strings.TrimSpace(line)
}

// heapSampler reads the heap's size from runtime/metrics: the bytes of
// objects (live and not yet swept) and the live bytes the last GC found.
type heapSampler struct {
	samples                 []metrics.Sample
	peakObjects, peakLiveGC uint64
	baseObjects, baseLiveGC uint64
}

func newHeapSampler() *heapSampler {
	s := &heapSampler{samples: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}}
	runtime.GC()
	metrics.Read(s.samples)
	s.baseObjects, s.baseLiveGC = s.samples[0].Value.Uint64(), s.samples[1].Value.Uint64()
	return s
}

func (s *heapSampler) sample() {
	metrics.Read(s.samples)
	s.peakObjects = max(s.peakObjects, s.samples[0].Value.Uint64()-min(s.baseObjects, s.samples[0].Value.Uint64()))
	s.peakLiveGC = max(s.peakLiveGC, s.samples[1].Value.Uint64()-min(s.baseLiveGC, s.samples[1].Value.Uint64()))
}

// pageHeap is the heap one decoded page of limit customers takes: what
// stays allocated while the page is kept, after the collector has run
// (twice, so that buffers pooled for reuse are gone too).
func pageHeap(b *testing.B, c *rebilly.Client, limit int) uint64 {
	var ms runtime.MemStats
	settle := func() uint64 {
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := settle()
	page, _, err := c.Customers.List(context.Background(), &rebilly.CustomerListParams{Limit: limit})
	if err != nil || len(page) != limit {
		b.Fatalf("page of %d: %d customers, %v", limit, len(page), err)
	}
	after := settle()
	runtime.KeepAlive(page)
	return after - min(before, after)
}

func BenchmarkAllMillion(b *testing.B) {
	benchmarkMillion(b, 1000, 0, func(c *rebilly.Client, params *rebilly.CustomerListParams) iter.Seq2[*rebilly.Customer, error] {
		return c.Customers.All(context.Background(), params)
	})
}

// BenchmarkExportMillion is BenchmarkAllMillion for Export. Its target is
// a peak live heap under Concurrency + 2 decoded pages for the export of
// BenchmarkExport20ms (pages of 100, 20 ms added to each, Concurrency 8);
// pages of 1,000 with no latency added, where every request decodes at the
// same time, are the worst case:
//
//	go test -run '^$' -bench '^BenchmarkExportMillion$' -benchtime 1x -count 3 .
func BenchmarkExportMillion(b *testing.B) {
	for _, tt := range []struct {
		limit, concurrency int
		latency            time.Duration
	}{
		{100, 8, parallelExportLatency},
		{1000, 4, 0},
		{1000, 8, 0},
	} {
		b.Run(fmt.Sprintf("page=%d/latency=%v/concurrency=%d", tt.limit, tt.latency, tt.concurrency), func(b *testing.B) {
			benchmarkMillion(b, tt.limit, tt.latency, func(c *rebilly.Client, params *rebilly.CustomerListParams) iter.Seq2[*rebilly.Customer, error] {
				return c.Customers.Export(context.Background(), params, &rebilly.ExportOptions{Concurrency: tt.concurrency})
			})
		})
	}
}

// benchmarkMillion runs walk over 1,000,000 generated customers, in pages of
// limit, the fake adding latency to each, and reports customers per second
// and the peak heap in decoded pages.
func benchmarkMillion(b *testing.B, limit int, latency time.Duration, walk func(*rebilly.Client, *rebilly.CustomerListParams) iter.Seq2[*rebilly.Customer, error]) {
	const total = 1_000_000
	base := startFakeProcess(b, total, latency) // returns once the customers are loaded
	c, err := rebilly.NewClient(rebilly.WithAPIKey(rebillytest.DefaultAPIKey), rebilly.WithBaseURL(base))
	if err != nil {
		b.Fatal(err)
	}
	page := pageHeap(b, c, limit)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		heap := newHeapSampler()
		start := time.Now()
		n := 0
		for cu, err := range walk(c, &rebilly.CustomerListParams{Limit: limit}) {
			if err != nil {
				b.Fatal(err)
			}
			if cu.ID == "" {
				b.Fatal("a customer without an ID")
			}
			n++
			if n%100 == 0 {
				heap.sample()
			}
		}
		elapsed := time.Since(start)
		if n != total {
			b.Fatalf("the walk yielded %d customers, want %d", n, total)
		}
		b.ReportMetric(float64(n)/elapsed.Seconds(), "customers/s")
		b.ReportMetric(float64(heap.peakLiveGC)/float64(page), "peak-live-pages")
		b.ReportMetric(float64(heap.peakObjects)/float64(page), "peak-heap-pages")
		b.ReportMetric(float64(heap.peakLiveGC)/(1<<20), "peak-live-MB")
		b.ReportMetric(float64(page)/(1<<20), "page-MB")
	}
}
