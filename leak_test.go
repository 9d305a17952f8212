package rebilly_test

import (
	"context"
	"iter"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// TestMain fails the package when a goroutine outlives its tests. Nothing
// is ignored: tests close their servers, and an httptest or rebillytest
// server's Close closes the connections a client kept idle, which ends
// the client's connection goroutines. Servers shared by benchmarks are
// closed after the run, before the check.
func TestMain(m *testing.M) {
	if serveFakeProcess() { // a benchmark's child process; it never returns
		return
	}
	goleak.VerifyTestMain(runThenClose{m})
}

// runThenClose runs the tests and benchmarks, then closes what they share.
type runThenClose struct{ m *testing.M }

func (r runThenClose) Run() int {
	code := r.m.Run()
	closeReplayServer()
	return code
}

// TestAllStoppedEarlyLeavesNoGoroutine stops All in the middle of its first
// page in each way a caller can, against a rebillytest server that is
// closed before the check: nothing All started may still run, the fetch
// of the page ahead included. The page size is 5 of the fake's 25
// customers and the caller stops after 3, so All may have asked for the
// second page ahead, but not for a third.
func TestAllStoppedEarlyLeavesNoGoroutine(t *testing.T) {
	params := func() *rebilly.CustomerListParams { return &rebilly.CustomerListParams{Limit: 5} }
	tests := []struct {
		name string
		// walk stops All after 3 customers and returns how many it saw.
		walk func(t *testing.T, srv *rebillytest.Server, before goleak.Option) int
	}{
		{"break out of range", func(t *testing.T, srv *rebillytest.Server, _ goleak.Option) int {
			n := 0
			for c, err := range srv.Client().Customers.All(context.Background(), params()) {
				require.NoError(t, err)
				require.NotNil(t, c)
				n++
				if n == 3 {
					break
				}
			}
			return n
		}},
		{"iter.Pull2 then stop", func(t *testing.T, srv *rebillytest.Server, before goleak.Option) int {
			next, stop := iter.Pull2(srv.Client().Customers.All(context.Background(), params()))
			n := 0
			for ; n < 3; n++ {
				c, err, ok := next()
				require.True(t, ok)
				require.NoError(t, err)
				require.NotNil(t, c)
			}
			// The check can see a walk that is merely paused: the goroutine
			// iter.Pull2 runs All in is still there before stop.
			err := goleak.Find(before)
			require.ErrorContains(t, err, "iter.Pull2", "goleak does not see the paused walk")
			stop()
			_, _, ok := next()
			require.False(t, ok, "next after stop")
			return n
		}},
		{"AllFrom: break out of range", func(t *testing.T, srv *rebillytest.Server, _ goleak.Option) int {
			// A Checkpoint, as AllFrom takes it, stays usable and holds no
			// goroutine either.
			cp := &rebilly.Checkpoint{}
			n := 0
			for _, err := range srv.Client().Customers.AllFrom(context.Background(), params(), cp) {
				require.NoError(t, err)
				n++
				if n == 3 {
					break
				}
			}
			return n
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Goroutines from before this test (a parallel test's, or a
			// connection another test's server is still closing) are not
			// this test's business; TestMain checks those at the end.
			before := goleak.IgnoreCurrent()
			srv := rebillytest.NewServer(rebillytest.WithSampleData())
			defer srv.Close() // when a require fails; Close may be called twice

			require.Equal(t, 3, tt.walk(t, srv, before))
			require.LessOrEqual(t, len(srv.Requests()), 2, "All asked for more than one page ahead")

			srv.Close()
			goleak.VerifyNone(t, before)
		})
	}
}
