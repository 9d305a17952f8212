package rebilly_test

// The offset walks of CustomerTimeline.All and Tags.All (offsetpaging.go).

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// timelinePage answers a timeline list from msgs by the request's offset
// and limit, with Pagination-Total when withTotal is set.
func timelinePage(t *testing.T, msgs func() []string, withTotal bool) func(*http.Request) (*http.Response, error) {
	return func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit, err := strconv.Atoi(q.Get("limit"))
		require.NoError(t, err, "the walk always sends a limit")
		all := msgs()
		var page []map[string]string
		for i := offset; i < min(offset+limit, len(all)); i++ {
			page = append(page, map[string]string{"id": all[i], "type": "customer-tagged"})
		}
		if page == nil {
			page = []map[string]string{}
		}
		b, _ := json.Marshal(page)
		var pairs []string
		if withTotal {
			pairs = []string{"Pagination-Total", strconv.Itoa(len(all))}
		}
		return jsonResponder(200, string(b), pairs...)(req)
	}
}

// TestTimelineAllPagesByOffset: the walk yields each message once although
// a message recorded during the walk pushes one it has had onto the next
// page, and stops by Pagination-Total without asking for an empty page.
func TestTimelineAllPagesByOffset(t *testing.T) {
	var mu sync.Mutex
	msgs := []string{"m5", "m4", "m3", "m2", "m1"} // newest first
	calls := 0
	c, mt := newMockClient(t)
	rec := mockAll(mt, timelinePage(t, func() []string {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 2 { // a message recorded after the first page
			msgs = append([]string{"m6"}, msgs...)
		}
		return msgs
	}, true))
	var got []string
	for m, err := range c.CustomerTimeline.All(context.Background(), "cus_1", &rebilly.TimelineListParams{Limit: 2, Filter: "type:customer-tagged"}) {
		require.NoError(t, err)
		got = append(got, m.ID)
	}
	assert.Equal(t, []string{"m5", "m4", "m3", "m2", "m1"}, got)
	reqs := rec.all()
	require.Len(t, reqs, 3)
	for i, offset := range []string{"", "2", "4"} {
		assert.Equal(t, offset, url.Values(reqs[i].Query).Get("offset"))
		assert.Equal(t, "2", url.Values(reqs[i].Query).Get("limit"))
		assert.Equal(t, "type:customer-tagged", url.Values(reqs[i].Query).Get("filter"))
		assert.Equal(t, "/customers/cus_1/timeline", reqs[i].Path)
	}
}

// TestTimelineAllFollowsTheAppliedPageSize: when the API applies a smaller
// page size than the walk asked for (and says so in Pagination-Limit), a
// page of that size is not the last one: the walk goes on from where it
// ended, as Customers.All does, and stops at a page shorter than the size
// applied.
func TestTimelineAllFollowsTheAppliedPageSize(t *testing.T) {
	msgs := []string{"m5", "m4", "m3", "m2", "m1"}
	const applied = 2
	c, mt := newMockClient(t)
	rec := mockAll(mt, func(req *http.Request) (*http.Response, error) {
		offset, _ := strconv.Atoi(req.URL.Query().Get("offset"))
		page := []map[string]string{}
		for i := offset; i < min(offset+applied, len(msgs)); i++ {
			page = append(page, map[string]string{"id": msgs[i], "type": "customer-tagged"})
		}
		b, _ := json.Marshal(page)
		return jsonResponder(200, string(b), "Pagination-Limit", strconv.Itoa(applied))(req)
	})
	var got []string
	for m, err := range c.CustomerTimeline.All(context.Background(), "cus_1", &rebilly.TimelineListParams{Limit: 5}) {
		require.NoError(t, err)
		got = append(got, m.ID)
	}
	assert.Equal(t, msgs, got)
	reqs := rec.all()
	require.Len(t, reqs, 3)
	for i, offset := range []string{"", "2", "4"} {
		assert.Equal(t, offset, url.Values(reqs[i].Query).Get("offset"))
		assert.Equal(t, "5", url.Values(reqs[i].Query).Get("limit"))
	}
}

// TestTimelineAllStopsAtTheOffsetLimit: past MaxOffset the walk yields
// ErrPaginationLimit after every message it could reach.
func TestTimelineAllStopsAtTheOffsetLimit(t *testing.T) {
	many := bulkIDs(5000)
	c, mt := newMockClient(t)
	rec := mockAll(mt, timelinePage(t, func() []string { return many }, true))
	n := 0
	var last error
	for _, err := range c.CustomerTimeline.All(context.Background(), "cus_1", &rebilly.TimelineListParams{Limit: 500}) {
		if err != nil {
			last = err
			break
		}
		n++
	}
	assert.ErrorIs(t, last, rebilly.ErrPaginationLimit)
	assert.Equal(t, 1500, n, "pages at offsets 0, 500 and 1000")
	assert.Equal(t, 3, rec.count())
}

// TestTagsAllWithoutTotalAndBreak: without Pagination headers the walk
// stops at a short page; a break stops it at once; an error is yielded.
func TestTagsAllWithoutTotalAndBreak(t *testing.T) {
	tags := []string{"a", "b", "c"}
	c, mt := newMockClient(t)
	rec := mockAll(mt, timelinePage(t, func() []string { return tags }, false))
	var got []string
	for tag, err := range c.Tags.All(context.Background(), &rebilly.TagListParams{Limit: 2}) {
		require.NoError(t, err)
		got = append(got, tag.ID)
	}
	assert.Equal(t, tags, got)
	assert.Equal(t, 2, rec.count())

	for range c.Tags.All(context.Background(), &rebilly.TagListParams{Limit: 1}) {
		break
	}
	assert.Equal(t, 3, rec.count(), "a break fetches no further page")

	c, mt = newMockClient(t, rebilly.WithMaxRetries(0))
	mockAll(mt, jsonResponder(403, problem(403, "Forbidden", "no")))
	for _, err := range c.Tags.All(context.Background(), nil) {
		assert.ErrorIs(t, err, rebilly.ErrForbidden)
	}
	for _, err := range c.Tags.All(context.Background(), &rebilly.TagListParams{Offset: 5000}) {
		assert.ErrorIs(t, err, rebilly.ErrInvalidInput)
	}
}
