package rebilly_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// headerServer answers every request with a customer, but the first one of
// each call when failFirst is set (503, retried), and keeps the headers each
// request arrived with.
type headerServer struct {
	*httptest.Server
	mu        sync.Mutex
	seen      []http.Header
	failFirst bool
}

func newHeaderServer(t *testing.T, failFirst bool) *headerServer {
	s := &headerServer{failFirst: failFirst}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, r.Header.Clone())
		n := len(s.seen)
		s.mu.Unlock()
		if s.failFirst && n%2 == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"cus_1"}`))
	}))
	t.Cleanup(s.Close)
	return s
}

// roundTripFunc is a caller's transport written as a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// wantHeaders checks the headers the SDK sends with every request.
func wantHeaders(t *testing.T, h http.Header, withBody bool, label string) {
	t.Helper()
	assert.Equal(t, []string{"application/json"}, h.Values("Accept"), label)
	assert.Equal(t, []string{"app/1.0 rebilly-go/" + rebilly.Version}, h.Values("User-Agent"), label)
	assert.Equal(t, []string{"the-key"}, h.Values("Reb-Apikey"), label)
	if withBody {
		assert.Equal(t, []string{"application/json"}, h.Values("Content-Type"), label)
	}
}

// TestTransportEditingHeadersChangesNoLaterRequest: a caller's transport
// that edits the header values it is given, in place, changes neither a
// retry of the request nor any later call's request, whatever the header
// (the SDK's own, or the credential).
func TestTransportEditingHeadersChangesNoLaterRequest(t *testing.T) {
	srv := newHeaderServer(t, true)
	var edited []http.Header
	var mu sync.Mutex
	transport := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		edited = append(edited, req.Header.Clone()) // as the SDK sent it
		mu.Unlock()
		for _, values := range req.Header {
			for i := range values {
				values[i] = "edited"
			}
		}
		return http.DefaultTransport.RoundTrip(req)
	})
	client, err := rebilly.NewClient(rebilly.WithAPIKey("the-key"), rebilly.WithBaseURL(srv.URL),
		rebilly.WithUserAgent("app/1.0"), rebilly.WithRetryWait(0, 0),
		rebilly.WithHTTPClient(&http.Client{Transport: transport}))
	require.NoError(t, err)

	ctx := context.Background()
	_, _, err = client.Customers.Get(ctx, "cus_1", nil)
	require.NoError(t, err)
	_, _, err = client.Customers.Upsert(ctx, "cus_1", &rebilly.CustomerInput{})
	require.NoError(t, err)
	_, _, err = client.Customers.Get(ctx, "cus_1", nil)
	require.NoError(t, err)

	require.Len(t, edited, 6, "two attempts per call")
	for i, h := range edited {
		wantHeaders(t, h, i/2 == 1, fmt.Sprintf("attempt %d", i+1))
	}
}

// TestEditingResponseRequestChangesNoLaterRequest: a caller that edits the
// header values of Response.Request in place changes no later call.
func TestEditingResponseRequestChangesNoLaterRequest(t *testing.T) {
	srv := newHeaderServer(t, false)
	client, err := rebilly.NewClient(rebilly.WithAPIKey("the-key"), rebilly.WithBaseURL(srv.URL),
		rebilly.WithUserAgent("app/1.0"))
	require.NoError(t, err)

	ctx := context.Background()
	_, resp, err := client.Customers.Upsert(ctx, "cus_1", &rebilly.CustomerInput{})
	require.NoError(t, err)
	require.NotNil(t, resp.Request)
	for _, values := range resp.Request.Header {
		for i := range values {
			values[i] = "edited"
		}
	}
	_, _, err = client.Customers.Upsert(ctx, "cus_1", &rebilly.CustomerInput{})
	require.NoError(t, err)

	require.Len(t, srv.seen, 2)
	for i, h := range srv.seen {
		wantHeaders(t, h, true, fmt.Sprintf("call %d", i+1))
	}
}

// TestEarlierAttemptsRequestIsLeftAlone: a transport may still read an
// attempt's request after the attempt has ended (here, one given up on by
// the caller's http.Client Timeout), while a retry runs and the call
// returns: neither writes to that request or its header. Run with -race,
// as .ci/run does, this fails on any such write.
func TestEarlierAttemptsRequestIsLeftAlone(t *testing.T) {
	srv := newHeaderServer(t, false)
	var attempts atomic.Int32
	var readers sync.WaitGroup
	transport := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if attempts.Add(1) > 1 {
			return http.DefaultTransport.RoundTrip(req)
		}
		readers.Add(1)
		go func() { // still reading the request after the attempt
			defer readers.Done()
			<-req.Context().Done()
			time.Sleep(20 * time.Millisecond)
			n := 0
			for _, values := range req.Header {
				for _, v := range values {
					n += len(v)
				}
			}
			assert.NotZero(t, n)
		}()
		<-req.Context().Done()
		return nil, req.Context().Err()
	})
	client, err := rebilly.NewClient(rebilly.WithAPIKey("the-key"), rebilly.WithBaseURL(srv.URL),
		rebilly.WithRetryWait(0, 0), rebilly.WithHTTPClient(&http.Client{Transport: transport, Timeout: 50 * time.Millisecond}))
	require.NoError(t, err)
	_, _, err = client.Customers.Get(context.Background(), "cus_1", nil)
	require.NoError(t, err)
	readers.Wait()
	assert.Equal(t, int32(2), attempts.Load())
}
