package rebillytest_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

func TestRateLimit(t *testing.T) {
	start := time.Date(2026, 3, 1, 12, 0, 0, 250*int(time.Millisecond), time.UTC)
	clock := rebillytest.NewClock(start)
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithRateLimit(2, time.Minute))
	client := srv.Client(rebilly.WithMaxRetries(0))
	ctx := context.Background()

	_, resp, err := client.Customers.Upsert(ctx, "a", &rebilly.CustomerInput{})
	require.NoError(t, err)
	assert.Equal(t, rebilly.RateLimit{Limit: 2, Remaining: 1}, resp.RateLimit)

	// Reads are not counted and carry no rate-limit headers.
	for range 3 {
		_, resp, err = client.Customers.List(ctx, nil)
		require.NoError(t, err)
		assert.Empty(t, resp.Header.Get("X-RateLimit-Limit"))
	}

	resp, err = client.LeadSources.Delete(ctx, "a") // a 404 counts too
	require.ErrorIs(t, err, rebilly.ErrNotFound)
	assert.Equal(t, "0", resp.Header.Get("X-RateLimit-Remaining"))

	clock.Advance(30 * time.Second)
	_, resp, err = client.Customers.Upsert(ctx, "b", &rebilly.CustomerInput{})
	require.ErrorIs(t, err, rebilly.ErrRateLimited)
	e := apiError(t, err)
	assert.Equal(t, "Rate Limit Exceeded", e.Title)
	reset := start.Add(time.Minute).Truncate(time.Second).Add(time.Second) // rounded up
	assert.Equal(t, strconv.FormatInt(reset.Unix(), 10), resp.Header.Get("X-RateLimit-Retry-After"))
	assert.Equal(t, reset, e.RetryAfter.UTC())
	assert.Equal(t, rebilly.RateLimit{Limit: 2, Remaining: 0, Reset: time.Unix(reset.Unix(), 0)}, resp.RateLimit)
	_, ok := srv.Customer("b")
	assert.False(t, ok, "a refused write does nothing")

	clock.Advance(30 * time.Second) // the window has closed
	_, resp, err = client.Customers.Upsert(ctx, "b", &rebilly.CustomerInput{})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.RateLimit.Remaining)

	r := do(t, srv, http.MethodDelete, "/customers/a?targetCustomerId=b", "")
	assert.Equal(t, http.StatusNoContent, r.Status)
	assert.Equal(t, "2", r.Header.Get("X-RateLimit-Limit"))
	assert.Equal(t, "0", r.Header.Get("X-RateLimit-Remaining"))
}

// The SDK waits for the reset on the shared clock and then succeeds, even
// for a POST: a 429 means the server did nothing.
func TestRateLimitRetriedByTheSDK(t *testing.T) {
	clock := rebillytest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithRateLimit(1, 10*time.Second))
	client := srv.Client()
	ctx := context.Background()

	_, _, err := client.Customers.Create(ctx, &rebilly.CustomerInput{})
	require.NoError(t, err)
	_, resp, err := client.Customers.Create(ctx, &rebilly.CustomerInput{})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, 10*time.Second, clock.Slept(), "waited until the window reset")

	var statuses []int
	for _, r := range srv.Requests() {
		statuses = append(statuses, r.Status)
	}
	assert.Equal(t, []int{201, 429, 201}, statuses)
	assert.Len(t, srv.Customers(), 2)
}
