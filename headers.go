package rebilly

import (
	"net/http"
	"strconv"
	"time"
)

// Readers of the API's response headers, for the Response (newResponse),
// the retries (readAnswer) and the write limiter. The names they are given
// are written in their canonical form ("X-Ratelimit-Limit" for
// X-RateLimit-Limit) and looked up as written (canonicalHeader);
// TestHeaderNamesReadAreCanonical checks every one.

// headerInt parses a non-negative integer header; anything else reads as 0.
func headerInt(h http.Header, name string) int {
	n, _ := headerCount(h, name)
	return n
}

// headerCount parses a header holding a non-negative integer; ok is false
// when it is absent or holds anything else.
func headerCount(h http.Header, name string) (n int, ok bool) {
	v := canonicalHeader(h, name)
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
	if v := canonicalHeader(h, "X-Ratelimit-Retry-After"); v != "" {
		if ts, err := strconv.ParseInt(v, 10, 64); err == nil && ts >= 0 {
			return time.Unix(ts, 0)
		}
	}
	if v := canonicalHeader(h, "Retry-After"); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 && secs < 1<<31 {
			return now.Add(time.Duration(secs) * time.Second)
		}
		if t, err := http.ParseTime(v); err == nil {
			return t
		}
	}
	return time.Time{}
}

// canonicalHeader is h.Get(name) for a name already in canonical form, as
// every name the SDK reads is: the key is looked up as it is, without
// the check Get makes of its spelling, which cost about 0.19 µs for the
// six headers of each answer (BenchmarkNewResponse).
func canonicalHeader(h http.Header, name string) string {
	if v := h[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}
