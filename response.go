package rebilly

import (
	"net/http"
	"strconv"
	"time"
)

// Response is the API's HTTP response to a call, with its pagination and
// rate-limit headers parsed. Its body has been read and closed.
type Response struct {
	*http.Response

	// Pagination is read from the Pagination-* headers of a list call; it
	// is zero when they are absent.
	Pagination Pagination
	// RateLimit is read from the X-RateLimit-* headers that writes carry; it
	// is zero when they are absent.
	RateLimit RateLimit
}

// Pagination describes the page a list call returned.
type Pagination struct {
	Total  int // items matching the query, on all pages
	Limit  int // page size the API applied
	Offset int // position of the page's first item
}

// RateLimit is the state of the organization's rate limit after a call.
type RateLimit struct {
	Limit     int // requests allowed in the current period
	Remaining int // requests left in it
	// Reset is when the period ends, from X-RateLimit-Retry-After; set on
	// 429 answers.
	Reset time.Time
}

// newResponse parses r's headers. Header names here and elsewhere in the
// SDK are written in their canonical form ("X-Ratelimit-Limit" for
// X-RateLimit-Limit), so that looking them up does not allocate.
func newResponse(r *http.Response) *Response {
	h := r.Header
	resp := &Response{Response: r}
	resp.Pagination = Pagination{
		Total:  headerInt(h, "Pagination-Total"),
		Limit:  headerInt(h, "Pagination-Limit"),
		Offset: headerInt(h, "Pagination-Offset"),
	}
	resp.RateLimit = RateLimit{
		Limit:     headerInt(h, "X-Ratelimit-Limit"),
		Remaining: headerInt(h, "X-Ratelimit-Remaining"),
	}
	if ts := headerInt(h, "X-Ratelimit-Retry-After"); ts > 0 {
		resp.RateLimit.Reset = time.Unix(int64(ts), 0)
	}
	return resp
}

// headerInt parses a non-negative integer header; anything else reads as 0.
func headerInt(h http.Header, name string) int {
	n, _ := headerCount(h, name)
	return n
}

// headerCount parses a header holding a non-negative integer; ok is false
// when it is absent or holds anything else.
func headerCount(h http.Header, name string) (n int, ok bool) {
	v := h.Get(name)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
