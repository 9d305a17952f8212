package rebilly

// This file names what a success (2xx) answer must be for the SDK to use
// it: one of the statuses the operation declares (statusSet), with a body
// of the declared shape. An answer that is not is an
// *UnexpectedResponseError; readAnswer (response.go) decides.

import (
	"errors"
	"io"
	"mime"
	"slices"
	"strconv"
	"strings"
)

// ErrUnexpectedResponse is matched by an *UnexpectedResponseError: a
// success answer the SDK cannot use.
var ErrUnexpectedResponse = errors.New("rebilly: unexpected success response")

// UnexpectedResponseError is a success (2xx) answer the SDK cannot use: a
// status the operation does not declare (a 204 to Get, a 200 to a DELETE),
// a body that is not JSON of the declared shape (an HTML page from a
// proxy), or an empty body or null where a resource is expected. It is the
// Err of a *RequestError, and matches ErrUnexpectedResponse.
//
// The call is not retried: the answer came, and it claims success, so the
// API may have acted on a write (a retry of Create would create a second
// customer), and a proxy that answered a read this way will most likely
// answer its retry the same. The method returns the *Response with the
// error, so that the caller can look at the status and headers and decide.
type UnexpectedResponseError struct {
	Status      int    // the answer's HTTP status
	ContentType string // the answer's Content-Type header
	// Body holds the first bytes of the body (at most 256), for a log
	// line or a bug report. Error() leaves it out: a body may hold a
	// customer's data.
	Body []byte
	// Declared lists the success statuses the operation declares.
	Declared []int
	// Err is the decoder's error when the body could not be decoded; nil
	// otherwise.
	Err error
}

// Error says what was wrong with the answer, without its body.
func (e *UnexpectedResponseError) Error() string {
	status := strconv.Itoa(e.Status)
	switch {
	case len(e.Declared) > 0 && !slices.Contains(e.Declared, e.Status):
		return "unexpected " + status + " response: the operation answers " + statusList(e.Declared)
	case e.Err != nil && errors.Is(e.Err, io.EOF):
		return "decoding the " + status + " response: empty body"
	case e.Err != nil && e.ContentType != "" && !isJSON(e.ContentType):
		return "decoding the " + status + " response: a " + e.ContentType + " body: " + e.Err.Error()
	case e.Err != nil:
		return "decoding the " + status + " response: " + e.Err.Error()
	}
	return "unexpected " + status + " response: null body"
}

// Is makes errors.Is(err, ErrUnexpectedResponse) work.
func (e *UnexpectedResponseError) Is(target error) bool { return target == ErrUnexpectedResponse }

// Unwrap returns Err.
func (e *UnexpectedResponseError) Unwrap() error { return e.Err }

// isJSON reports whether a Content-Type names JSON.
func isJSON(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// statusList reads statuses as "200", "200 or 201", "200, 201 or 204".
func statusList(statuses []int) string {
	var b strings.Builder
	for i, st := range statuses {
		switch {
		case i == 0:
		case i == len(statuses)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(st))
	}
	return b.String()
}

// statusSet is the set of success statuses an operation declares: bit n
// stands for 200+n. It is a value, so that naming an operation's statuses
// costs no allocation.
type statusSet uint32

// declare returns the set of the given 2xx statuses.
func declare(statuses ...int) statusSet {
	var s statusSet
	for _, st := range statuses {
		if st < 200 || st >= 232 {
			panic("rebilly: declare: " + strconv.Itoa(st) + " is not a success status")
		}
		s |= 1 << (st - 200)
	}
	return s
}

// has reports whether status is in s.
func (s statusSet) has(status int) bool {
	return status >= 200 && status < 232 && s&(1<<(status-200)) != 0
}

// list returns the statuses in s, in order.
func (s statusSet) list() []int {
	var out []int
	for n := range 32 {
		if s&(1<<n) != 0 {
			out = append(out, 200+n)
		}
	}
	return out
}
