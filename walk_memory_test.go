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
)

// pageBody is the body of a page of n customers, each with a member of
// 10,000 bytes that no field takes, made as it is read (allocating
// nothing), so that it is in memory whole only if its reader keeps it.
type pageBody struct {
	n, given int
	next     string
}

const pageBodyPad = 10_000

var pageBodyCustomer = `{"id":"cus_big","createdTime":"2024-01-01T00:00:00Z","padding":"` + strings.Repeat("x", pageBodyPad) + `"}`

func (p *pageBody) Read(b []byte) (int, error) {
	if p.next == "" {
		switch {
		case p.given > p.n:
			return 0, io.EOF
		case p.given == p.n:
			p.next = "]"
		case p.given == 0:
			p.next = "["
		default:
			p.next = ","
		}
		n := copy(b, p.next)
		p.next = ""
		if p.given < p.n {
			p.next = pageBodyCustomer
		}
		p.given++
		return n, nil
	}
	n := copy(b, p.next)
	p.next = p.next[n:]
	return n, nil
}

func (p *pageBody) Close() error { return nil }

// A walk decodes each page as it reads it, an element at a time: walking
// a 20 MB page of customers whose bulk no field keeps allocates a small
// part of it. Decoded the way List decodes a page (read whole, then
// decoded from go-json's copy), it would allocate 40 MB and more.
func TestWalkPagesAreNotHeldWhole(t *testing.T) {
	const n = 2000
	c, mt := newMockClient(t)
	mockAll(mt, func(req *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: &pageBody{n: n}, ContentLength: -1, Request: req}, nil
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
	size := n * (len(pageBodyCustomer) + 1)
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, allocated, uint64(size/4), "walking a page of %d bytes allocated %d", size, allocated)
}
