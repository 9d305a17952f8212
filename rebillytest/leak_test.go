package rebillytest_test

import (
	"context"
	"errors"
	"net/http/httptrace"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// TestMain fails the package when a goroutine outlives its tests. Nothing
// is ignored: Server.Close waits for the handlers and closes the
// connections clients kept idle, which ends the clients' connection
// goroutines too.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestCloseEndsADelayedRequest closes the fake while a request waits out a
// Fault's hour-long Latency. Close must end the wait, the client must get
// no answer (an error, at once), and no goroutine of the server, the
// handler or the client's connection may be left.
func TestCloseEndsADelayedRequest(t *testing.T) {
	before := goleak.IgnoreCurrent()
	srv := rebillytest.NewServer(rebillytest.WithSampleData(),
		rebillytest.WithFault(rebillytest.Fault{Method: "GET", Path: "/customers/*", Latency: time.Hour}))
	defer srv.Close() // when a require fails; Close may be called twice
	client := srv.Client(rebilly.WithMaxRetries(0))

	written := make(chan struct{})
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { close(written) },
	})
	done := make(chan error, 1)
	go func() {
		_, _, err := client.Customers.Get(ctx, "cus_none", nil)
		done <- err
	}()
	select {
	case <-written:
	case err := <-done:
		t.Fatalf("the call ended before its request was sent: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the request was not sent within 10s")
	}
	// Close closes a connection whose request has not been read yet; to
	// test the wait, the handler must have the request first.
	leakWaitForGoroutine(t, "rebillytest.(*Handler).ServeHTTP")

	closed := make(chan struct{})
	go func() {
		srv.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return within 10s of closing a server with a delayed request")
	}
	select {
	case err := <-done:
		var reqErr *rebilly.RequestError
		require.True(t, errors.As(err, &reqErr), "want a RequestError (no answer), got %T %v", err, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not end within 10s of Close")
	}
	goleak.VerifyNone(t, before)
}

// leakWaitForGoroutine waits until some goroutine's stack holds fn.
func leakWaitForGoroutine(t *testing.T, fn string) {
	t.Helper()
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if n := runtime.Stack(buf, true); strings.Contains(string(buf[:n]), fn) {
			return
		}
	}
	t.Fatalf("no goroutine ran %s within 10s", fn)
}
