package rebilly_test

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/jsontest"
)

// bigCustomer is a customer with a member of 10,000 bytes that no field
// takes.
var bigCustomer = `{"id":"cus_big","createdTime":"2024-01-01T00:00:00Z","padding":"` + strings.Repeat("x", 10_000) + `"}`

// A walk decodes each page as it reads it, an element at a time: walking
// a 20 MB page of customers whose bulk no field keeps (its body made as it
// is read) allocates less than the page's size (a small part of it, more
// under the race detector, which empties go-json's pool of buffers at
// random). Decoded the way List decodes a page, read whole and then copied
// by go-json, it would allocate twice that and more.
func TestWalkPagesAreNotHeldWhole(t *testing.T) {
	const n = 2000
	c, mt := newMockClient(t)
	mockAll(mt, func(req *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(jsontest.Array(bigCustomer, n)), ContentLength: -1, Request: req}, nil
	})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	count := 0
	for cu, err := range c.Customers.All(context.Background(), &rebilly.CustomerListParams{Limit: 1000}) {
		require.NoError(t, err)
		require.Equal(t, "cus_big", cu.ID)
		count++
		if count == n {
			break // the page is longer than the limit asked; the walk would ask again
		}
	}
	runtime.ReadMemStats(&after)
	require.Equal(t, n, count)
	size := n * (len(bigCustomer) + 1)
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, allocated, uint64(size), "walking a page of %d bytes allocated %d", size, allocated)
}
