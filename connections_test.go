package rebilly_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// TestDefaultClientKeepsConnectionsForConcurrentCallers: rounds of 32
// concurrent calls reuse the connections the first round opened. With the
// standard library's default of 2 idle connections per host, every round
// would open about 30 new ones.
//
// The same holds when every call fails, here on an answer that does not
// decode: go-retryablehttp calls CloseIdleConnections on the *http.Client
// after such a failure, which would empty the pool if the SDK's transport
// passed it on.
func TestDefaultClientKeepsConnectionsForConcurrentCallers(t *testing.T) {
	for _, fails := range []bool{false, true} {
		t.Run(fmt.Sprintf("fails=%v", fails), func(t *testing.T) { testConnectionsKept(t, fails) })
	}
}

// testConnectionsKept runs the rounds against the fake, whose answers,
// when fails is set, are replaced by JSON of the wrong shape.
func testConnectionsKept(t *testing.T, fails bool) {
	const callers, rounds = 32, 5
	var opened atomic.Int64
	release := make(chan struct{})
	var arrived sync.WaitGroup
	fake := rebillytest.NewHandler(rebillytest.WithAPIKeys(testAPIKey), rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))
	wrongShape := fmSuccessBody(`{"id":42,"createdTime":42}`)
	srv := httptest.NewUnstartedServer(&fmFront{fake: fake, custom: func(w http.ResponseWriter, r *http.Request, fake http.Handler, n int) {
		arrived.Done()
		<-release // hold every call until all of the round have arrived
		if fails {
			wrongShape(w, r, fake, n)
			return
		}
		fake.ServeHTTP(w, r)
	}})
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := rebilly.NewClient(rebilly.WithAPIKey(testAPIKey), rebilly.WithBaseURL(srv.URL))
	require.NoError(t, err)

	for round := range rounds {
		arrived.Add(callers)
		var done sync.WaitGroup
		for range callers {
			done.Add(1)
			go func() {
				defer done.Done()
				_, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
				if !fails {
					assert.NoError(t, err)
				} else {
					assert.ErrorContains(t, err, "decoding the 200 response")
				}
			}()
		}
		arrived.Wait()
		close(release)
		done.Wait()
		release = make(chan struct{})
		if round == 0 {
			assert.EqualValues(t, callers, opened.Load(), "the first round opens one connection per caller")
		}
	}
	assert.EqualValues(t, callers, opened.Load(), "later rounds open no connection")
}
