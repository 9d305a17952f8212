package rebilly

import (
	"net/http"
	"strconv"
	"time"
)

// Readers of the API's response headers, for the Response (newResponse),
// the retries (readAnswer) and the write limiter. Header names here and
// elsewhere in the SDK are written in their canonical form
// ("X-Ratelimit-Limit" for X-RateLimit-Limit), so that looking them up does
// not allocate.

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

// retryAfter reads the time the server says a request may be retried: the
// API's X-RateLimit-Retry-After (a Unix time), else the standard
// Retry-After (seconds or an HTTP date). Malformed values are ignored.
func retryAfter(h http.Header, now time.Time) time.Time {
	if v := h.Get("X-Ratelimit-Retry-After"); v != "" {
		if ts, err := strconv.ParseInt(v, 10, 64); err == nil && ts >= 0 {
			return time.Unix(ts, 0)
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 && secs < 1<<31 {
			return now.Add(time.Duration(secs) * time.Second)
		}
		if t, err := http.ParseTime(v); err == nil {
			return t
		}
	}
	return time.Time{}
}
