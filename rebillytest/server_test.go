package rebillytest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

func TestClientOptions(t *testing.T) {
	clock := rebillytest.NewClock(day(1, 0))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithAPIKeys("sk_first", "sk_second"),
		rebillytest.WithFault(rebillytest.Fault{Status: 503, Times: 1}))
	ctx := context.Background()

	// The defaults: base URL, the first key, the fake's clock.
	_, _, err := srv.Client().Customers.List(ctx, nil)
	require.NoError(t, err)
	assert.Positive(t, clock.Slept(), "the client retried on the fake's clock")

	// opts come after the defaults and override them.
	_, _, err = srv.Client(rebilly.WithAPIKey("sk_second"), rebilly.WithUserAgent("myapp/1.2"), rebilly.WithOrganization("org_9")).
		Customers.List(ctx, nil)
	require.NoError(t, err)
	last := srv.Requests()[len(srv.Requests())-1]
	assert.True(t, strings.HasPrefix(last.Header.Get("User-Agent"), "myapp/1.2 rebilly-go/"))
	assert.Equal(t, "/organizations/org_9/customers", last.Path)

	srv.AddFault(rebillytest.Fault{Status: 503, Times: 1})
	_, _, err = srv.Client(rebilly.WithMaxRetries(0)).Customers.List(ctx, nil)
	assert.ErrorIs(t, err, rebilly.ErrServer, "WithMaxRetries(0) reached the client")

	assert.PanicsWithValue(t, "rebillytest: Server.Client: rebilly: NewClient: nil Option", func() { srv.Client(nil) })
}

func TestServerURLAndClose(t *testing.T) {
	srv := newServer(t)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, srv.URL)
	srv.Close()
	_, _, err := srv.Client(rebilly.WithMaxRetries(0)).Customers.List(context.Background(), nil)
	var reqErr *rebilly.RequestError
	assert.ErrorAs(t, err, &reqErr, "nothing listens after Close")
}

// The Handler serves the same fake on a listener of one's own.
func TestHandlerOnALoopbackListener(t *testing.T) {
	h := rebillytest.NewHandler(rebillytest.WithSampleData(), rebillytest.WithAPIKeys("sk_cmd"))
	checkContractAtCleanup(t, h)
	l, err := rebillytest.ListenLoopback("127.0.0.1:0")
	require.NoError(t, err)
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(l) }()

	client, err := rebilly.NewClient(rebilly.WithBaseURL("http://"+l.Addr().String()), rebilly.WithAPIKey("sk_cmd"))
	require.NoError(t, err)
	page, resp, err := client.Customers.List(context.Background(), &rebilly.CustomerListParams{Limit: 5})
	require.NoError(t, err)
	assert.Len(t, page, 5)
	assert.Equal(t, 25, resp.Pagination.Total)
	_, resp, err = client.Customers.Upsert(context.Background(), "via-listener", &rebilly.CustomerInput{})
	require.NoError(t, err)
	assert.Equal(t, "http://"+l.Addr().String()+"/customers/via-listener", resp.Header.Get("Location"))

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, hs.Shutdown(ctx))
	assert.True(t, errors.Is(<-served, http.ErrServerClosed))
	_, ok := h.Customer("via-listener")
	assert.True(t, ok)
}

func TestListenLoopback(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "localhost:0"} {
		l, err := rebillytest.ListenLoopback(addr)
		require.NoError(t, err, addr)
		require.NoError(t, l.Close())
	}
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.168.1.10:0", "10.0.0.1:0", "example.com:80", "[::]:0"} {
		_, err := rebillytest.ListenLoopback(addr)
		require.Error(t, err, addr)
		assert.Contains(t, err.Error(), "not a loopback address", addr)
	}
	_, err := rebillytest.ListenLoopback("no-port")
	assert.Error(t, err)
}
