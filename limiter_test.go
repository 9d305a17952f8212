package rebilly_test

// The client's write limiter against rebillytest's rate limit: writes from
// many goroutines slow down before the API refuses them, every kind of
// write is paced and reads are not, and a wait ends with the context or is
// refused when too long.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// rlStart is a whole second, so that the fake's window resets (rounded up
// to whole seconds) fall exactly a window after it.
var rlStart = time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)

// refusals returns the fake's 429 answers, oldest first.
func refusals(srv *rebillytest.Server) []rebillytest.Request {
	var out []rebillytest.Request
	for _, r := range srv.Requests() {
		if r.Status == http.StatusTooManyRequests {
			out = append(out, r)
		}
	}
	return out
}

// requireOnePerWindow fails unless no two 429s name the same window end:
// the limiter let at most one write find out that a window was used up.
func requireOnePerWindow(t *testing.T, refused []rebillytest.Request) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range refused {
		reset := r.ResponseHeader.Get("X-RateLimit-Retry-After")
		require.NotEmpty(t, reset)
		require.False(t, seen[reset], "two 429s in the window that ends at %s", reset)
		seen[reset] = true
	}
}

// Sixteen goroutines make 160 plain Upserts through one client against a
// limit of 20 writes per 10 s. Eight windows are needed. Each of the first
// seven ends with exactly one 429, for the one write that went alone to
// learn when it ends: the others waited for that instead of being refused
// too. The fake clock moved once per window (one goroutine slept on it for
// all), and no 429 reached a caller.
func TestBurstOfUpsertsSlowsDownBeforeTheAPIRefusesIt(t *testing.T) {
	clock := rebillytest.NewClock(rlStart)
	srv := rebillytest.NewServer(rebillytest.WithClock(clock), rebillytest.WithRateLimit(20, 10*time.Second))
	defer srv.Close()
	client := srv.Client()

	const goroutines, each = 16, 10
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*each)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				id := fmt.Sprintf("cus_burst_%02d_%02d", g, i)
				if _, _, err := client.Customers.Upsert(context.Background(), id, &rebilly.CustomerInput{WebsiteID: "web_1"}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	refused := refusals(srv)
	assert.Equal(t, 7, len(refused), "one 429 for each of the 7 windows used up")
	requireOnePerWindow(t, refused)
	assert.Equal(t, 7*10*time.Second, clock.Slept(), "the clock was slept on once per window")
	assert.Equal(t, goroutines*each, len(srv.Customers()))
}

// Each kind of write teaches the limiter (its 429 makes the next write
// wait for the window's end) and is paced by it (it waits itself), while a
// read in between does not wait.
func TestEveryWriteIsPacedAndReadsAreNot(t *testing.T) {
	for _, w := range writeOps {
		t.Run(w.name, func(t *testing.T) {
			clock := rebillytest.NewClock(rlStart)
			srv := rebillytest.NewServer(append(fmSeedOptions(),
				rebillytest.WithClock(clock), rebillytest.WithRateLimit(1, 10*time.Second))...)
			defer srv.Close()
			// Without retries, the one 429 reaches the caller.
			client := srv.Client(rebilly.WithMaxRetries(0))
			ctx := context.Background()

			_, _, err := client.Customers.Upsert(ctx, "cus_rl_0", &rebilly.CustomerInput{})
			require.NoError(t, err, "using up the window")
			require.ErrorIs(t, w.run(ctx, client), rebilly.ErrRateLimited)

			_, _, err = client.Customers.List(ctx, nil)
			require.NoError(t, err)
			assert.Zero(t, clock.Slept(), "a read waited")

			err = w.run(ctx, client)
			assert.False(t, errors.Is(err, rebilly.ErrRateLimited), "refused again: %v", err)
			assert.Equal(t, 10*time.Second, clock.Slept(), "waited for the window's end")
			assert.Equal(t, 1, len(refusals(srv)), "429s the fake sent")
		})
	}
}

// A write that would have to wait for a window's end longer than the
// longest retry wait fails at once, without a request, with an error that
// matches ErrRateLimited and says when the window ends.
func TestWriteThatWouldWaitTooLongFailsAtOnce(t *testing.T) {
	clock := rebillytest.NewClock(rlStart)
	srv := rebillytest.NewServer(rebillytest.WithClock(clock), rebillytest.WithRateLimit(1, time.Hour))
	defer srv.Close()
	client := srv.Client() // waits at most DefaultRetryWaitMax
	ctx := context.Background()

	_, _, err := client.Customers.Upsert(ctx, "cus_1", &rebilly.CustomerInput{})
	require.NoError(t, err)
	_, _, err = client.Customers.Upsert(ctx, "cus_2", &rebilly.CustomerInput{})
	var apiErr *rebilly.Error
	require.ErrorAs(t, err, &apiErr, "the API's own 429, not retried (the hint is beyond the wait cap)")
	require.Equal(t, 2, len(srv.Requests()))

	_, _, err = client.Customers.Create(ctx, &rebilly.CustomerInput{})
	require.ErrorIs(t, err, rebilly.ErrRateLimited)
	var reqErr *rebilly.RequestError
	require.ErrorAs(t, err, &reqErr)
	assert.Empty(t, reqErr.Attempts, "nothing was sent")
	assert.Contains(t, err.Error(), rlStart.Add(time.Hour).Format(time.RFC3339))
	assert.Equal(t, 2, len(srv.Requests()), "no request was sent")
	assert.Zero(t, clock.Slept())

	// Reads are not held back.
	_, _, err = client.Customers.Get(ctx, "cus_1", nil)
	require.NoError(t, err)
}

// Writes waiting for a window's end stop when their context ends, with its
// error, and send nothing.
func TestRateLimitWaitEndsWithTheContext(t *testing.T) {
	fclock := rebillytest.NewClock(rlStart)
	srv := rebillytest.NewServer(rebillytest.WithClock(fclock), rebillytest.WithRateLimit(1, 10*time.Second))
	defer srv.Close()
	asleep := blockSleeps(fclock)
	client := srv.Client(rebilly.WithClock(fclock), rebilly.WithMaxRetries(0))

	_, _, err := client.Customers.Upsert(context.Background(), "cus_1", &rebilly.CustomerInput{})
	require.NoError(t, err)
	_, _, err = client.Customers.Upsert(context.Background(), "cus_2", &rebilly.CustomerInput{})
	require.ErrorIs(t, err, rebilly.ErrRateLimited)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = client.Customers.Upsert(ctx, fmt.Sprintf("cus_w%d", i), &rebilly.CustomerInput{})
		}()
	}
	<-asleep
	cancel()
	wg.Wait()
	for _, err := range errs {
		assert.ErrorIs(t, err, context.Canceled)
		var reqErr *rebilly.RequestError
		assert.ErrorAs(t, err, &reqErr)
	}
	assert.Equal(t, 2, len(srv.Requests()), "no request was sent while waiting")
}
