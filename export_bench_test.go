package rebilly_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// parallelExportLatency is the latency the fake adds to every page request
// in BenchmarkExport20ms.
const parallelExportLatency = 20 * time.Millisecond

// BenchmarkExport20ms runs Export over 100,000 customers (exportSeed's, with
// whole-second createdTimes clustered by clusteredTimes: 1 to 8 customers a
// second, 1 to 10 seconds apart), the fake adding 20 ms to every page
// request, for pages of 100 and 1,000 and Concurrency 1 to 16. One op is
// one whole export. It reports the requests sent (pages, the two that find
// the bounds, and the pages a cut range drops the end of), the ideal time
// (customers / page size × 20 ms / Concurrency: the latency alone, spread
// evenly over the workers), the ratio of the time to that ideal (x-ideal;
// target at page 100, Concurrency 8: ≤ 1.5) and customers per second:
//
//	go test -run '^$' -bench '^BenchmarkExport20ms$' -benchtime 1x -count 3 .
func BenchmarkExport20ms(b *testing.B) {
	benchmarkParallelExport(b, parallelExportLatency, []int{100, 1000}, []int{1, 2, 4, 8, 16})
}

// BenchmarkExportNoLatency is BenchmarkExport20ms with no latency added: the
// ceiling that the fake and the SDK, sharing the machine's cores, put on an
// export. requests/s is what the fake answers, pages of 100 or 1,000
// customers, with Concurrency requests at once:
//
//	go test -run '^$' -bench '^BenchmarkExportNoLatency$' -benchtime 1x -count 3 .
func BenchmarkExportNoLatency(b *testing.B) {
	benchmarkParallelExport(b, 0, []int{100, 1000}, []int{1, 8})
}

// benchmarkParallelExport runs the Export benchmarks: latency added to each
// page request, for each page size and concurrency.
func benchmarkParallelExport(b *testing.B, latency time.Duration, limits, concurrencies []int) {
	seeded := time.Now()
	customers := exportSeed(exportCustomers)
	for i, at := range clusteredTimes(len(customers), 8, 10*time.Second, 11) {
		customers[i].CreatedTime, customers[i].UpdatedTime = at, at
	}
	opts := []rebillytest.Option{rebillytest.WithCustomers(customers...), rebillytest.WithRequestLogSize(0)}
	if latency > 0 {
		opts = append(opts, rebillytest.WithFault(rebillytest.Fault{Method: http.MethodGet, Path: "/customers", Latency: latency}))
	}
	srv := rebillytest.NewServer(opts...)
	defer srv.Close()
	b.Logf("seeded %d customers in %v", exportCustomers, time.Since(seeded).Round(time.Millisecond))

	transport := &countingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
	defer transport.next.(*http.Transport).CloseIdleConnections()
	client := srv.Client(rebilly.WithHTTPClient(&http.Client{Transport: transport}))
	export := func(b *testing.B, limit, concurrency int) {
		n := 0
		for c, err := range client.Customers.Export(context.Background(), &rebilly.CustomerListParams{Limit: limit}, &rebilly.ExportOptions{Concurrency: concurrency}) {
			if err != nil {
				b.Fatal(err)
			}
			if c.ID == "" {
				b.Fatal("customer without an ID")
			}
			n++
		}
		if n != exportCustomers {
			b.Fatalf("exported %d customers, want %d", n, exportCustomers)
		}
	}
	// A first export warms the fake and the connections up.
	export(b, rebilly.MaxLimit, 4)

	for _, limit := range limits {
		for _, concurrency := range concurrencies {
			b.Run(fmt.Sprintf("page=%d/concurrency=%d", limit, concurrency), func(b *testing.B) {
				transport.n.Store(0)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					export(b, limit, concurrency)
				}
				b.StopTimer()
				elapsed := b.Elapsed()
				requests := float64(transport.n.Load()) / float64(b.N)
				b.ReportMetric(requests, "requests")
				b.ReportMetric(requests*float64(b.N)/elapsed.Seconds(), "requests/s")
				b.ReportMetric(float64(exportCustomers)*float64(b.N)/elapsed.Seconds(), "customers/s")
				if latency > 0 {
					pages := (exportCustomers + limit - 1) / limit
					ideal := time.Duration(pages) * latency / time.Duration(concurrency)
					b.ReportMetric(float64(ideal.Milliseconds()), "ideal-ms")
					b.ReportMetric(float64(elapsed)/float64(b.N)/float64(ideal), "x-ideal")
				}
			})
		}
	}
}
