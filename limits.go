package rebilly

import "time"

// The numbers that bound what the SDK sends, reads and waits for, in one
// place: the API's own limits, which the SDK checks before sending, and the
// defaults that options and parameters override.

// The API's limits on a list request (CustomerListParams).
const (
	// MaxOffset is the largest offset the API accepts in a list request.
	// All pages past it by itself.
	MaxOffset = 1000
	// MaxLimit is the largest page the API returns.
	MaxLimit = 1000
)

// maxIDLength is the longest resource ID the API accepts (see checkID).
const maxIDLength = 50

// Defaults used when no option or parameter says otherwise.
const (
	// DefaultMaxRetries is how many times a failed call is retried after
	// its first attempt; see WithMaxRetries.
	DefaultMaxRetries = 3
	// DefaultRetryWaitMin is the shortest backoff before the first retry
	// (it waits between it and 1.5 times it), doubled for each further
	// one; see WithRetryWait.
	DefaultRetryWaitMin = 500 * time.Millisecond
	// DefaultRetryWaitMax is the longest single wait: the backoff's cap,
	// and the longest wait for a server's retry hint or for the rate
	// limit's window to end; see WithRetryWait.
	DefaultRetryWaitMax = 30 * time.Second
	// DefaultTimeout bounds each attempt (connecting, sending, following
	// redirects and reading the whole answer), not the call: a call with
	// retries may take several times as long, plus the waits between
	// attempts. The SDK applies it when it uses its own HTTP client, in the
	// context of each attempt's request; an attempt that outlasts it fails
	// with a timeout, a net.Error matching context.DeadlineExceeded, and is
	// retried as a lost connection is. When the call's context has a
	// deadline no later than DefaultTimeout from the attempt's start, the
	// SDK adds no timeout of its own: that deadline ends the attempt first,
	// and the call with it, with the context's error and no retry. With
	// WithHTTPClient, that client's Timeout applies instead. Bound a whole
	// call with its context.
	DefaultTimeout = 60 * time.Second
	// DefaultMaxResponseBytes bounds the response body the SDK reads; a
	// page of 1,000 customers is about 3 MB. See WithMaxResponseBytes.
	DefaultMaxResponseBytes = 64 << 20
	// DefaultPageSize is the page size All asks for when params.Limit is 0.
	DefaultPageSize = 100
	// DefaultUpsertConcurrency is how many upserts UpsertMany keeps in
	// flight at once unless UpsertManyOptions says otherwise.
	DefaultUpsertConcurrency = 8
)

// The idle connections the SDK's own HTTP client keeps, enough for many
// concurrent callers (the standard library keeps only 2 per host).
const (
	maxIdleConns        = 256
	maxIdleConnsPerHost = 128
)
