package rebilly_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// BenchmarkUpsertManyRateLimited runs 10,000 upserts through UpsertMany
// (default concurrency) against rebillytest limited to 2,500 writes per
// 10 s of real time: four windows, three waits for a window's end, about
// 33 s. Run it once:
//
//	go test -run '^$' -bench BenchmarkUpsertManyRateLimited -benchtime 1x .
//
// Metrics:
//   - upserts/s: 10,000 over the whole run; limit/s: 2,500 / 10 s; ratio:
//     the two divided. The ratio can exceed 1: the first window starts at
//     once and the last one is not waited out.
//   - sustained/s and sustained-ratio: the writes that succeeded in the
//     windows before the last, over the time from the first window's start
//     to the last one's, which is what a longer run would keep up.
//   - 429s-sent: the fake's 429 answers; 429s-to-caller: items that failed
//     with ErrRateLimited (must be 0).
//
// The fake rounds the reset it sends up to a whole second, and a window
// opens with the first write after the previous one closed. The client
// sends that write just after the rounded reset, so the next window ends
// just after a whole second too and its reset is rounded up by nearly a
// second: each window but the first costs nearly 1 s more than its
// length, about 9% of a 10 s window (0.17% of the API's 10-minute one).
// The sustained ratio is bounded by about 10/11 for that reason alone.
func BenchmarkUpsertManyRateLimited(b *testing.B) {
	const n, limit, window = 10000, 2500, 10 * time.Second
	items := bulkItems("cus_bench", n)
	var elapsed, sustainedSpan time.Duration
	var sustainedWrites, sent429, caller429 int
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		srv := rebillytest.NewServer(rebillytest.WithRateLimit(limit, window), rebillytest.WithRequestLogSize(2*n))
		client := srv.Client()
		b.StartTimer()

		start := time.Now()
		results, err := client.Customers.UpsertMany(context.Background(), items, nil)
		elapsed += time.Since(start)

		b.StopTimer()
		for _, r := range results {
			if errors.Is(r.Err, rebilly.ErrRateLimited) {
				caller429++
			}
		}
		if err != nil {
			b.Fatalf("UpsertMany: %v", err)
		}
		span, writes, refused := windowsBeforeTheLast(srv.Requests())
		sustainedSpan += span
		sustainedWrites += writes
		sent429 += refused
		srv.Close()
		b.StartTimer()
	}
	perSec := float64(b.N*n) / elapsed.Seconds()
	limitPerSec := float64(limit) / window.Seconds()
	sustained := float64(sustainedWrites) / sustainedSpan.Seconds()
	b.ReportMetric(perSec, "upserts/s")
	b.ReportMetric(limitPerSec, "limit/s")
	b.ReportMetric(perSec/limitPerSec, "ratio")
	b.ReportMetric(sustained, "sustained/s")
	b.ReportMetric(sustained/limitPerSec, "sustained-ratio")
	b.ReportMetric(float64(sent429)/float64(b.N), "429s-sent")
	b.ReportMetric(float64(caller429)/float64(b.N), "429s-to-caller")
}

// windowsBeforeTheLast reads a fake's request log: the time from the first
// request to the first one of the last window (each window after the first
// starts with the first request after a 429), the writes that succeeded
// before that, and the number of 429s.
func windowsBeforeTheLast(log []rebillytest.Request) (span time.Duration, writes, refused int) {
	if len(log) == 0 {
		return 0, 0, 0
	}
	lastStart, okBefore, ok := log[0].Time, 0, 0
	afterRefusal := false
	for _, r := range log {
		if afterRefusal {
			lastStart, okBefore, afterRefusal = r.Time, ok, false
		}
		switch {
		case r.Status == http.StatusTooManyRequests:
			refused++
			afterRefusal = true
		case r.Status < 300:
			ok++
		}
	}
	return lastStart.Sub(log[0].Time), okBefore, refused
}
