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
//
// A method returns a nil *Response when it sent nothing (its input was
// refused, with an error matching ErrInvalidInput) or when no answer came
// (the error is a *RequestError). Whenever an answer came it returns one,
// with the error or without: an API error (*Error), an answer it could
// not use (ErrUnexpectedResponse), or a body cut off on the way
// (*RequestError) all come with the *Response of that answer.
type Response struct {
	*http.Response

	// AfterLostAnswer is set when an earlier attempt of the call may have
	// been carried out by the API although its answer never arrived (the
	// connection dropped or was cut once the request was sent, or the
	// attempt timed out), so that this answer, to a retry, may reflect
	// that attempt's work:
	//   - A DELETE (MergeDelete, LeadSources.Delete) whose retry answers
	//     404 did what was asked, most likely by the lost attempt: the call
	//     returns no error, and StatusCode stays 404.
	//   - An Upsert whose retry answers 200 (replaced) may have created the
	//     customer in the lost attempt; for CreateWithNewID, whose ID is
	//     new, it certainly did.
	// A 404 with AfterLostAnswer unset (the first attempt's, or one after
	// a connection that could not be opened) is an error matching
	// ErrNotFound.
	AfterLostAnswer bool

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
// The API limits writes (every method but GET), so only the answers to
// writes carry these headers; after a GET, RateLimit is zero.
type RateLimit struct {
	Limit     int // writes allowed in the current period
	Remaining int // writes left in it
	// Reset is when the period ends, from X-RateLimit-Retry-After; set on
	// 429 answers.
	Reset time.Time
}

// newResponse parses r's headers.
func newResponse(r *http.Response) Response {
	h := r.Header
	resp := Response{Response: r}
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
// that it can be read again), with the server's retry hint. A 2xx answer
// must be one the operation declares (call.declared), and its body (but a
// 204's) is decoded into the call's out, when it has one. The error is a
// *decodeError when the body was cut off on the way or is over the bound,
// and an *UnexpectedResponseError when the answer came whole but is not
// one the SDK can use: an undeclared status, a body that does not decode,
// or null. Whatever an earlier attempt decoded is gone first, whatever
// this answer is, so that a retry starts clean.
func (call *apiCall) readAnswer(resp *http.Response) error {
	if call.out != nil {
		reflect.ValueOf(call.out).Elem().SetZero()
	}
	if resp.StatusCode >= 300 {
		call.readError(resp)
		return nil
	}
	if !call.declared.has(resp.StatusCode) {
		head := make([]byte, bodyHead)
		n, _ := io.ReadFull(resp.Body, head)
		return call.unexpected(resp, head[:n], nil)
	}
	if call.out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	done, err := decodeTurn(call) // Export's throttle (export_throttle.go)
	if err != nil {
		return &decodeError{status: resp.StatusCode, err: err}
	}
	defer done()
	body := &call.answerBody
	*body = answerBody{limitedReader: limitedReader{r: resp.Body, left: call.client.maxResponseBytes, limit: call.client.maxResponseBytes}}
	if inWalk(call) {
		err = codec.DecodeElements(body, call.out) // see walkKey
	} else {
		err = codec.Decode(body, resp.ContentLength, call.out)
	}
	if err != nil {
		undecoded := &decodeError{status: resp.StatusCode, err: err}
		if undecoded.cutOff() || errors.Is(err, ErrTooLarge) {
			return undecoded // not an answer that came whole
		}
		return call.unexpected(resp, body.first(), err)
	}
	if bytes.HasPrefix(bytes.TrimLeft(body.head[:body.nhead], " \t\r\n"), []byte("null")) {
		// What decoded from a body that begins with null is null.
		return call.unexpected(resp, body.first(), nil)
	}
	return nil
}

// unexpected is the error of a success answer the SDK cannot use.
func (call *apiCall) unexpected(resp *http.Response, head []byte, err error) *UnexpectedResponseError {
	return &UnexpectedResponseError{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"),
		Body: head, Declared: call.declared.list(), Err: err}
}

// bodyHead is how many of a body's first bytes an UnexpectedResponseError
// keeps.
const bodyHead = 256

// answerBody reads a 2xx body up to the client's bound and keeps its first
// bytes. It takes the place of the bounded reader the body is read through
// anyway, so that keeping them costs no allocation of its own; the call
// holds it, so that reading costs none either.
type answerBody struct {
	limitedReader
	head  [bodyHead]byte
	nhead int
}

func (b *answerBody) Read(p []byte) (int, error) {
	n, err := b.limitedReader.Read(p)
	if b.nhead < len(b.head) {
		b.nhead += copy(b.head[b.nhead:], p[:n])
	}
	return n, err
}

// first returns a copy of the body's first bytes.
func (b *answerBody) first() []byte { return bytes.Clone(b.head[:b.nhead]) }

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
	if resp.StatusCode == http.StatusTooManyRequests {
		noteRefusal(call, call.retryAfter) // Export's throttle (export_throttle.go)
	}
	call.lastError = e
}

// result is what the call returns, from what go-retryablehttp returned
// after the last attempt: the last answer (if one came) as a *Response,
// and the error. err is why the attempts stopped without a usable answer:
// the transport's error, the last attempt's error from readAnswer, or why
// the SDK did not wait for another attempt.
//
// go-retryablehttp returns no response when the context ends just as a
// retry is due, though the attempt before it got an answer: that answer
// (call.lastAnswer) is still the call's *Response.
//
// A DELETE's 404 after a lost answer is the call's success (see
// Response.AfterLostAnswer).
func (call *apiCall) result(httpResp *http.Response, err error) (*Response, error) {
	// The *Response returned lives in the call, so the call lives as long
	// as the caller keeps the Response: it lets go of the decoded value,
	// which the caller holds itself and may drop first (All keeps a page's
	// Response while it hands out, and forgets, the page's customers).
	call.out = nil
	if httpResp == nil {
		httpResp = call.lastAnswer
	}
	var resp *Response
	if httpResp != nil {
		httpResp.Body.Close()
		// The request is done with: the caller can reach it from the
		// Response, without the credential.
		call.client.forgetCredential(httpResp)
		call.response = newResponse(httpResp)
		resp = &call.response
		resp.AfterLostAnswer = answerLost(call.attempts)
	}
	if err != nil {
		return resp, call.failure(err)
	}
	if call.method == http.MethodDelete && httpResp.StatusCode == http.StatusNotFound && resp.AfterLostAnswer {
		return resp, nil // the lost attempt most likely did what was asked
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

// answerLost reports whether an attempt before the last may have been
// carried out by the API although its answer never arrived: the connection
// dropped or was cut once the request was sent, the attempt timed out, or
// a success body was cut off. A connection that could not be opened sent
// nothing.
func answerLost(attempts []Attempt) bool {
	for _, a := range attempts[:max(len(attempts)-1, 0)] {
		var undecoded *decodeError
		switch {
		case a.Err == nil:
			// An answer came (a status the call retried).
		case errors.As(a.Err, &undecoded):
			if undecoded.cutOff() {
				return true
			}
		case a.Status == 0 && !neverSent(a.Err):
			return true
		}
	}
	return false
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
