package rebillytest_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// Many goroutines write and read at once; run with -race.
func TestConcurrentRequests(t *testing.T) {
	srv := newServer(t)
	client := srv.Client()
	ctx := context.Background()
	const workers, each = 8, 10

	var wg sync.WaitGroup
	errs := make(chan error, workers*each*4)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				id := fmt.Sprintf("w%02d-%02d", w, i)
				in := &rebilly.CustomerInput{PrimaryAddress: contact("Worker", fmt.Sprintf("N%d", w), id+"@example.com")}
				if _, _, err := client.Customers.Upsert(ctx, id, in); err != nil {
					errs <- err
				}
				if _, _, err := client.Customers.Create(ctx, in); err != nil {
					errs <- err
				}
				if _, _, err := client.LeadSources.Upsert(ctx, id, &rebilly.LeadSourceInput{Campaign: id}); err != nil {
					errs <- err
				}
				page, _, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Filter: "lastName:N" + fmt.Sprint(w), Limit: 1000})
				if err != nil {
					errs <- err
				} else if len(page) < 2*(i+1) {
					errs <- fmt.Errorf("worker %d sees %d of its customers, want at least %d", w, len(page), 2*(i+1))
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	all := srv.Customers()
	assert.Equal(t, workers*each*2, len(all))
	seen := map[string]bool{}
	for _, c := range all {
		require.False(t, seen[c.ID], "duplicate ID %s", c.ID)
		seen[c.ID] = true
	}
	c, ok := srv.Customer("w03-06")
	require.True(t, ok)
	assert.Equal(t, 2, c.Revision, "created, then its lead source set")
	assert.Equal(t, workers*each*4, len(srv.Requests()), "every request is logged by the time its answer arrives")
}
