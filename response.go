package rebilly

// This file turns the API's answers into values and errors: each attempt's
// answer as it arrives (readAnswer, asked by checkRetry in retry.go), and
// the call's result once go-retryablehttp has run its attempts (result).
// What the SDK makes of a status or a body is decided here, and only here:
// a check of one attempt's answer goes in readAnswer, a check of the call's
// outcome (what its attempts' answers mean together) in result. Whether to
// try again is decided in retry.go.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"time"

	"github.com/openrebilly/rebilly-go/internal/codec"
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

// newResponse parses r's headers.
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

// readAnswer reads the answer of the current attempt. A non-2xx answer
// becomes the call's lastError (its body read, bounded, and put back so
// that it can be read again), with the server's retry hint. A 2xx body
// (but 204) is decoded into the call's out, when it has one; the error is
// a *decodeError when that fails. Whatever an earlier attempt decoded is
// gone first, whatever this answer is, so that a retry starts clean.
func (call *apiCall) readAnswer(resp *http.Response) *decodeError {
	if call.out != nil {
		reflect.ValueOf(call.out).Elem().SetZero()
	}
	if resp.StatusCode >= 300 {
		call.readError(resp)
		return nil
	}
	if call.out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if err := codec.Decode(limitBody(resp.Body, call.client.maxResponseBytes), resp.ContentLength, call.out); err != nil {
		return &decodeError{status: resp.StatusCode, err: err}
	}
	return nil
}

// readError keeps a non-2xx answer as the call's lastError.
func (call *apiCall) readError(resp *http.Response) {
	body, err := io.ReadAll(limitBody(resp.Body, call.client.maxResponseBytes))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	e := newError(call.method, call.path, resp.StatusCode, resp.Header, body)
	if err != nil {
		e.Err = err
	}
	e.RetryAfter = retryAfter(resp.Header, call.client.clock.Now())
	call.retryAfter = e.RetryAfter
	call.lastError = e
}

// result is what the call returns, from what go-retryablehttp returned
// after the last attempt: the last answer (if one came) as a *Response,
// and the error. err is why the attempts stopped without a usable answer:
// the transport's error, the last attempt's *decodeError, or why the SDK
// did not wait for another attempt.
func (call *apiCall) result(httpResp *http.Response, err error) (*Response, error) {
	var resp *Response
	if httpResp != nil {
		httpResp.Body.Close()
		resp = newResponse(httpResp)
	}
	if err != nil {
		return resp, call.failure(err)
	}
	if httpResp.StatusCode >= 300 {
		call.lastError.Attempts = call.attempts
		return resp, call.lastError
	}
	return resp, nil
}

// failure builds the error for a call that stopped with err. When the last
// attempt got an answer from the API (and err is why the SDK did not wait
// for another), the answer's *Error is returned with err in its Err field,
// so the caller can match both.
func (call *apiCall) failure(err error) error {
	last := call.attempts[len(call.attempts)-1]
	if last.Status >= 300 && call.lastError != nil {
		call.lastError.Err = err
		call.lastError.Attempts = call.attempts
		return call.lastError
	}
	err = withoutURL(err)
	if last.Err != nil && !errors.Is(last.Err, err) && !errors.Is(err, last.Err) {
		// One line, and both stay matchable with errors.Is.
		err = fmt.Errorf("%w (last attempt: %w)", err, last.Err)
	}
	return &RequestError{Method: call.method, Path: call.path, Attempts: call.attempts, Err: err}
}

// limitBody returns a reader of r that fails with ErrTooLarge once more than
// limit bytes have been read.
func limitBody(r io.Reader, limit int64) io.Reader {
	return &limitedReader{r: r, left: limit, limit: limit}
}

type limitedReader struct {
	r           io.Reader
	left, limit int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		if n, err := io.ReadFull(l.r, one[:]); n > 0 {
			return 0, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, l.limit)
		} else {
			return 0, err
		}
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}
