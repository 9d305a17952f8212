package rebillytest_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

var _ rebilly.Clock = (*rebillytest.Clock)(nil)

func TestClock(t *testing.T) {
	start := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	c := rebillytest.NewClock(start)
	assert.Equal(t, start, c.Now())
	assert.Equal(t, start, c.Now(), "time stands still")

	assert.NoError(t, c.Sleep(context.Background(), 3*time.Second))
	assert.Equal(t, start.Add(3*time.Second), c.Now())
	assert.Equal(t, 3*time.Second, c.Slept())

	c.Advance(time.Hour)
	assert.Equal(t, start.Add(time.Hour+3*time.Second), c.Now())
	assert.Equal(t, 3*time.Second, c.Slept(), "Advance is not sleeping")

	assert.NoError(t, c.Sleep(context.Background(), -time.Second))
	assert.Equal(t, 3*time.Second, c.Slept(), "a negative sleep is none")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	before := c.Now()
	assert.ErrorIs(t, c.Sleep(ctx, time.Minute), context.Canceled)
	assert.Equal(t, before, c.Now(), "a done context does not move the clock")
	assert.Equal(t, 3*time.Second, c.Slept())
}

func TestClockConcurrentUse(t *testing.T) {
	c := rebillytest.NewClock(time.Unix(0, 0))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				_ = c.Sleep(context.Background(), time.Millisecond)
				c.Advance(time.Millisecond)
				_ = c.Now()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 800*time.Millisecond, c.Slept())
	assert.Equal(t, time.Unix(0, 0).Add(1600*time.Millisecond), c.Now())
}
