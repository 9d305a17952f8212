package rebilly_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// TestResponseDoesNotKeepTheDecodedValue: a kept *Response does not keep
// the value the call decoded alive. All keeps a page's Response while it
// hands out the page's customers and forgets each one, so that a walk's
// memory stays near two pages; a Response that held the decoded page held
// every customer of it until the next page.
func TestResponseDoesNotKeepTheDecodedValue(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithSampleData())
	defer srv.Close()
	page, resp, err := srv.Client().Customers.List(context.Background(), &rebilly.CustomerListParams{Limit: 5})
	require.NoError(t, err)
	require.NotEmpty(t, page)
	freed := make(chan struct{})
	runtime.SetFinalizer(page[0], func(*rebilly.Customer) { close(freed) })
	page = nil
	for range 20 {
		runtime.GC()
		select {
		case <-freed:
			runtime.KeepAlive(resp)
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
	runtime.KeepAlive(resp)
	t.Fatal("a customer of the page is still reachable while its *Response is kept")
}
