package rebilly_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// BenchmarkConnectionRounds64 is rounds of 64 concurrent Gets on one client,
// each round's 64 requests all in flight at once (the server holds every
// answer until the 64th request has arrived), against answers recorded
// from rebillytest. A warm-up round, not timed, opens the connections; the
// timed rounds must open none. It reports the connections the warm-up
// opened (warmup-conns: 64) and those each timed round opened
// (conns/round: 0), for the SDK and the hand-written client:
//
//	go test -run '^$' -bench '^BenchmarkConnectionRounds64$' -benchtime 20x -count 5 .
func BenchmarkConnectionRounds64(b *testing.B) {
	const callers = 64
	r, err := replay()
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(&roundGate{next: r, size: callers})
	opened := &acceptCounter{Listener: srv.Listener}
	srv.Listener = opened
	srv.Start()
	defer srv.Close()
	ctx := context.Background()

	run := func(b *testing.B, get func() error) {
		round := func() {
			var done sync.WaitGroup
			for range callers {
				done.Add(1)
				go func() {
					defer done.Done()
					if err := get(); err != nil {
						b.Error(err)
					}
				}()
			}
			done.Wait()
		}
		opened.n.Store(0)
		round()
		warm := opened.n.Load()
		opened.n.Store(0)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			round()
		}
		b.StopTimer()
		b.ReportMetric(float64(warm), "warmup-conns")
		b.ReportMetric(float64(opened.n.Load())/float64(b.N), "conns/round")
	}
	b.Run("impl=hand", func(b *testing.B) {
		h := newHandClient(srv.URL)
		defer h.hc.CloseIdleConnections()
		run(b, func() error { _, err := getAs[handCustomer](ctx, h, benchID); return err })
	})
	b.Run("impl=sdk", func(b *testing.B) {
		c, err := rebilly.NewClient(rebilly.WithAPIKey(rebillytest.DefaultAPIKey), rebilly.WithBaseURL(srv.URL))
		if err != nil {
			b.Fatal(err)
		}
		run(b, func() error { _, _, err := c.Customers.Get(ctx, benchID, nil); return err })
	})
}

// roundGate holds every request until size of them have arrived, then lets
// them all through: a round of size concurrent requests needs size
// connections at once.
type roundGate struct {
	next http.Handler
	size int

	mu      sync.Mutex
	arrived int
	open    chan struct{} // closed when the round is complete
}

func (g *roundGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	if g.open == nil {
		g.open = make(chan struct{})
	}
	open := g.open
	g.arrived++
	if g.arrived == g.size {
		close(open)
		g.open, g.arrived = nil, 0
	}
	g.mu.Unlock()
	select {
	case <-open:
	case <-r.Context().Done():
		return
	}
	g.next.ServeHTTP(w, r)
}

// acceptCounter counts the connections a listener accepts.
type acceptCounter struct {
	net.Listener
	n atomic.Int64
}

func (l *acceptCounter) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return conn, err
}
