package rebillytest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/openrebilly/rebilly-go/rebillytest"
)

// TestClockSleepsAndOnSleep: Sleeps records every call in order, a
// cancelled one included; OnSleep's function runs before the context is
// checked, so cancelling there makes that Sleep return the error without
// moving the clock.
func TestClockSleepsAndOnSleep(t *testing.T) {
	start := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	c := rebillytest.NewClock(start)
	assert.Empty(t, c.Sleeps())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen []time.Duration
	c.OnSleep(func(_ context.Context, d time.Duration) {
		seen = append(seen, d)
		if d == time.Minute {
			cancel()
		}
	})
	assert.NoError(t, c.Sleep(ctx, 2*time.Second))
	assert.ErrorIs(t, c.Sleep(ctx, time.Minute), context.Canceled)
	assert.Equal(t, []time.Duration{2 * time.Second, time.Minute}, c.Sleeps())
	assert.Equal(t, []time.Duration{2 * time.Second, time.Minute}, seen)
	assert.Equal(t, start.Add(2*time.Second), c.Now(), "the cancelled Sleep did not move the clock")
	assert.Equal(t, 2*time.Second, c.Slept())

	c.OnSleep(nil)
	assert.ErrorIs(t, c.Sleep(ctx, time.Second), context.Canceled)
	assert.Len(t, c.Sleeps(), 3)
	assert.Len(t, seen, 2, "OnSleep(nil) removes the function")
}
