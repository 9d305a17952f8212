package rebilly_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
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
	for _, body := range []string{`{"id":"cus_1"}`, `["not a customer"]`} {
		t.Run(body, func(t *testing.T) { testConnectionsKept(t, body) })
	}
}

func testConnectionsKept(t *testing.T, body string) {
	const callers, rounds = 32, 5
	var opened atomic.Int64
	release := make(chan struct{})
	var arrived sync.WaitGroup
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived.Done()
		<-release // hold every call until all of the round have arrived
		writeJSON(w, 200, body)
	}))
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
				if body == `{"id":"cus_1"}` {
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
