package rebilly_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// exportCustomers is how many customers BenchmarkExportLatency5ms walks.
const exportCustomers = 100_000

// exportLatency is the latency the fake adds to every page request.
const exportLatency = 5 * time.Millisecond

// exportSeed makes n small but realistic customers, one second apart: a
// name, one email, a city and country, a custom field, as an export meets
// them. The fake adds revision, organizationId, times and links.
func exportSeed(n int) []*rebilly.Customer {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	countries := []string{"US", "GB", "DE", "FR", "ES", "CA", "AU", "JP"}
	plans := []string{"starter", "pro", "enterprise"}
	out := make([]*rebilly.Customer, n)
	for i := range out {
		num := strconv.Itoa(i)
		tm := start.Add(time.Duration(i) * time.Second)
		out[i] = &rebilly.Customer{
			ID:          fmt.Sprintf("cus_export%07d", i),
			CreatedTime: tm,
			UpdatedTime: tm,
			PrimaryAddress: &rebilly.Contact{
				FirstName: "Customer",
				LastName:  "Number" + num,
				City:      "Springfield",
				Country:   countries[i%len(countries)],
				Emails:    []rebilly.Email{{Label: "main", Value: "customer" + num + "@example.com", Primary: true}},
			},
			CustomFields: map[string]any{"plan": plans[i%len(plans)]},
		}
	}
	return out
}

// countingTransport counts the requests that go through it.
type countingTransport struct {
	next http.RoundTripper
	n    atomic.Int64
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.next.RoundTrip(r)
}

// BenchmarkExportLatency5ms walks 100,000 customers with All, the fake
// adding 5 ms to every page request, for page sizes of 100 and 1,000. One
// op is one whole export. Besides time per op it reports the page
// requests sent, the ideal time (pages × 5 ms: the latency alone, paid one
// page after another), the ratio of the time to that ideal (x-ideal) and
// customers per second. It runs only with -bench (this command runs
// BenchmarkExportLatency5msBusyCaller too):
//
//	go test -run '^$' -bench ExportLatency5ms -benchmem -count 5 .
func BenchmarkExportLatency5ms(b *testing.B) {
	benchmarkExport(b, 0)
}

// BenchmarkExportLatency5msBusyCaller is BenchmarkExportLatency5ms with a
// caller that spends 5 ms on each page's worth of customers (Limit of
// them), as a batch write to a store with the same latency would. All
// fetches the next page meanwhile, so the caller's time and the API's
// latency overlap; the ideal is still pages × 5 ms.
func BenchmarkExportLatency5msBusyCaller(b *testing.B) {
	benchmarkExport(b, exportLatency)
}

// benchmarkExport runs the export benchmarks; the caller sleeps pause
// after each Limit customers.
func benchmarkExport(b *testing.B, pause time.Duration) {
	seeded := time.Now()
	srv := rebillytest.NewServer(
		rebillytest.WithCustomers(exportSeed(exportCustomers)...),
		rebillytest.WithCustomFields("customers", rebillytest.CustomFieldDefinition{Name: "plan", Type: "string"}),
		rebillytest.WithFault(rebillytest.Fault{Method: http.MethodGet, Path: "/customers", Latency: exportLatency}),
		rebillytest.WithRequestLogSize(0),
	)
	defer srv.Close()
	b.Logf("seeded %d customers in %v", exportCustomers, time.Since(seeded).Round(time.Millisecond))

	transport := &countingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
	defer transport.next.(*http.Transport).CloseIdleConnections()
	client := srv.Client(rebilly.WithHTTPClient(&http.Client{Transport: transport}))

	for _, limit := range []int{100, 1000} {
		b.Run(fmt.Sprintf("page=%d", limit), func(b *testing.B) {
			params := &rebilly.CustomerListParams{Limit: limit}
			transport.n.Store(0)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				n := 0
				for c, err := range client.Customers.All(context.Background(), params) {
					if err != nil {
						b.Fatal(err)
					}
					if c.ID == "" {
						b.Fatal("customer without an ID")
					}
					n++
					if pause > 0 && n%limit == 0 {
						time.Sleep(pause)
					}
				}
				if n != exportCustomers {
					b.Fatalf("exported %d customers, want %d", n, exportCustomers)
				}
			}
			b.StopTimer()
			elapsed := b.Elapsed()
			pages := float64(transport.n.Load()) / float64(b.N)
			ideal := time.Duration(pages * float64(exportLatency))
			b.ReportMetric(pages, "pages")
			b.ReportMetric(float64(ideal.Milliseconds()), "ideal-ms")
			b.ReportMetric(float64(elapsed)/float64(b.N)/float64(ideal), "x-ideal")
			b.ReportMetric(float64(exportCustomers)*float64(b.N)/elapsed.Seconds(), "customers/s")
		})
	}
}
