package rebillytest_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// BenchmarkListCreatedTimeRange measures one page of 1,000 customers out of
// 1,000,000, selected by a createdTime range and sorted by createdTime, as
// the SDK's All asks for them. It runs only with -bench:
//
//	go test -run '^$' -bench ListCreatedTimeRange -benchtime 200x ./rebillytest/
func BenchmarkListCreatedTimeRange(b *testing.B) {
	const n = 1_000_000
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	customers := make([]*rebilly.Customer, n)
	for i := range customers {
		customers[i] = &rebilly.Customer{
			ID:          fmt.Sprintf("cus_bench%07d", i),
			CreatedTime: start.Add(time.Duration(i) * time.Second),
			PrimaryAddress: &rebilly.Contact{
				FirstName: "Customer", LastName: "N" + strconv.Itoa(i), Country: "US", City: "Austin",
				Emails: []rebilly.Email{{Label: "main", Value: "c" + strconv.Itoa(i) + "@example.com", Primary: true}},
			},
		}
	}
	seedStart := time.Now()
	srv := newServer(b, rebillytest.WithCustomers(customers...), rebillytest.WithRequestLogSize(0))
	b.Logf("seeded %d customers in %v", n, time.Since(seedStart).Round(time.Millisecond))
	customers = nil //nolint:ineffassign // let the seeds be collected

	from := start.Add(400_000 * time.Second).Format(time.RFC3339)
	to := start.Add(600_000 * time.Second).Format(time.RFC3339)
	q := url.Values{"filter": {"createdTime:" + from + ".." + to}, "sort": {"createdTime"}, "limit": {"1000"}, "offset": {"1000"}}
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/customers?"+q.Encode(), nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("REB-APIKEY", rebillytest.DefaultAPIKey)
	get := func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		nbytes, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d, %v", resp.StatusCode, err)
		}
		b.SetBytes(nbytes)
		if total := resp.Header.Get("Pagination-Total"); total != "200001" {
			b.Fatalf("Pagination-Total %s, want 200001", total)
		}
	}
	get()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		get()
	}
}

// BenchmarkConcurrentListPages measures how many pages of 100 customers
// the fake answers per second to concurrent requests (GOMAXPROCS
// goroutines, set with -cpu), each asking for a page as rebilly's All does: a
// createdTime range sorted by createdTime, over 100,000 generated
// customers. The answers/s metric is what an export's concurrency can get
// from the fake on this machine. It runs only with -bench:
//
//	go test -run '^$' -bench ConcurrentListPages -benchtime 2000x -cpu 1,2,8 ./rebillytest/
func BenchmarkConcurrentListPages(b *testing.B) {
	const n, limit = 100_000, 100
	srv := newServer(b, rebillytest.WithGeneratedCustomers(n), rebillytest.WithRequestLogSize(0))
	transport := &http.Transport{MaxIdleConnsPerHost: 64}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}
	pageURL := func(i int) string {
		from := rebillytest.GeneratedCreatedTime(i * 7919 % n).Format(time.RFC3339)
		q := url.Values{"filter": {"createdTime:" + from + ".."}, "sort": {"createdTime"}, "limit": {strconv.Itoa(limit)}}
		return srv.URL + "/customers?" + q.Encode()
	}
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, err := http.NewRequest(http.MethodGet, pageURL(int(next.Add(1))), nil)
			if err != nil {
				b.Error(err)
				return
			}
			req.Header.Set("REB-APIKEY", rebillytest.DefaultAPIKey)
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Errorf("status %d, %v", resp.StatusCode, err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "answers/s")
}
