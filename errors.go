package rebilly

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// Every error the SDK returns is one of three kinds:
//
//   - *Error: the API answered with a status other than 2xx. It matches the
//     sentinel of its status (ErrNotFound, ErrValidation, ...).
//   - *RequestError: the call ended without a usable answer: no connection,
//     a body cut off or too large, a success answer the SDK cannot use
//     (ErrUnexpectedResponse), the context, or the rate limit
//     (ErrRateLimited).
//   - *InputError, matching ErrInvalidInput (and, from All and AllFrom,
//     ErrPaginationLimit and ErrCheckpointMismatch): the SDK refused before
//     sending anything. InputError.Field names the parameter or field.
//
// This file holds them all, with the sentinels they match.

// Sentinel errors that an *Error (an API answer) matches with errors.Is, by
// HTTP status. The sentinels of the other kinds of failure follow.
var (
	ErrUnauthorized = errors.New("rebilly: unauthorized")        // 401
	ErrForbidden    = errors.New("rebilly: forbidden")           // 403
	ErrNotFound     = errors.New("rebilly: not found")           // 404
	ErrConflict     = errors.New("rebilly: conflict")            // 409
	ErrValidation   = errors.New("rebilly: invalid request")     // 400 and 422
	ErrRateLimited  = errors.New("rebilly: rate limit exceeded") // 429
	ErrServer       = errors.New("rebilly: server error")        // 5xx
)

// Sentinel errors of calls that the SDK refused or stopped itself: matched
// by an *InputError, a *RequestError, or an error that All or AllFrom
// yields; none of them comes from an HTTP status. (ErrUnexpectedResponse,
// matched by a *RequestError's *UnexpectedResponseError, is declared with
// it; ErrRateLimited, above, also matches a *RequestError when the
// client's own pacing would have waited too long.)
var (
	// ErrInvalidInput is an argument the SDK refused before sending.
	ErrInvalidInput = errors.New("rebilly: invalid input")
	// ErrTooLarge is a response body longer than the bound of
	// WithMaxResponseBytes.
	ErrTooLarge = errors.New("rebilly: response body too large")
	// ErrPaginationLimit is yielded by All when it cannot go on without the
	// API's offset passing MaxOffset; see All.
	ErrPaginationLimit = errors.New("rebilly: cannot page further")
	// ErrCheckpointMismatch is returned by AllFrom and Export for a
	// checkpoint saved by a walk of another query or of the other kind
	// (AllFrom refuses one of Export's, and Export one of AllFrom's), and by
	// Checkpoint.UnmarshalText for text that is not a checkpoint.
	ErrCheckpointMismatch = errors.New("rebilly: checkpoint does not belong to this query")
)

// Error is an answer from the API with a status other than 2xx. Its fields
// come from the problem-details body (RFC 9457) the API sends.
type Error struct {
	Status        int            // HTTP status code
	Type          string         // problem type URI
	Title         string         // short summary of the problem type
	Detail        string         // explanation of this occurrence
	Instance      string         // URI of this occurrence
	InvalidFields []InvalidField // for 422: which fields were wrong

	// Extra holds the body's other members, undecoded.
	Extra map[string]json.RawMessage
	// Body is the raw body when it is not a problem document: an HTML page
	// from a proxy, plain text, or nothing.
	Body []byte

	Method string // request method
	Path   string // request path, without the query string

	// RetryAfter is when the server said the request may be retried, from
	// the X-RateLimit-Retry-After or Retry-After header; zero if it did not.
	RetryAfter time.Time
	// Attempts lists every attempt the call made, the last one included.
	Attempts []Attempt
	// Err is why the SDK stopped retrying early, if it did: the context's
	// error when the context ended, or before the next wait could finish.
	Err error

	// Header is the response's header.
	Header http.Header
}

// InvalidField names a field the API refused, in dot notation for nested
// fields ("primaryAddress.country"), and why.
type InvalidField struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Attempt is one try of a request.
type Attempt struct {
	Status   int           // HTTP status, 0 when no response came
	Err      error         // transport error, or what was wrong with a 2xx answer (see RequestError); nil otherwise
	Wait     time.Duration // time waited before this attempt, for a retry or the rate limit
	Duration time.Duration // time the attempt took
}

// Error reads as one log line: method, path, status, title, detail, invalid
// fields and the number of attempts.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "rebilly: %s %s: %d", e.Method, e.Path, e.Status)
	if e.Title != "" {
		b.WriteString(" " + e.Title)
	} else if t := http.StatusText(e.Status); t != "" {
		b.WriteString(" " + t)
	}
	if e.Detail != "" && e.Detail != e.Title {
		b.WriteString(": " + e.Detail)
	}
	for i, f := range e.InvalidFields {
		if i == 0 {
			b.WriteString(" (invalid fields: ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Field + ": " + f.Message)
		if i == len(e.InvalidFields)-1 {
			b.WriteString(")")
		}
	}
	if len(e.Attempts) > 1 {
		fmt.Fprintf(&b, " after %d attempts", len(e.Attempts))
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and the other sentinels work.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized
	case ErrForbidden:
		return e.Status == http.StatusForbidden
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrConflict:
		return e.Status == http.StatusConflict
	case ErrValidation:
		return e.Status == http.StatusBadRequest || e.Status == http.StatusUnprocessableEntity
	case ErrRateLimited:
		return e.Status == http.StatusTooManyRequests
	case ErrServer:
		return e.Status >= 500
	}
	return false
}

// Unwrap returns Err, so that errors.Is(err, context.DeadlineExceeded) holds
// when the SDK stopped retrying because of the context.
func (e *Error) Unwrap() error { return e.Err }

// newError builds the Error for a non-2xx response whose body is body.
func newError(method, path string, status int, header http.Header, body []byte) *Error {
	e := &Error{Status: status, Method: method, Path: path, Header: header}
	if !decodeProblem(e, header.Get("Content-Type"), body) {
		e.Body = body
	}
	return e
}

// decodeProblem fills e from a problem document. It reports false when body
// is not one: not JSON, or not a JSON object.
func decodeProblem(e *Error, contentType string, body []byte) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt != "application/json" && !strings.HasSuffix(mt, "+json") {
		return false
	}
	var members map[string]json.RawMessage
	if err := codec.Unmarshal(body, &members); err != nil || members == nil {
		return false
	}
	// A member of the wrong type is kept in Extra rather than failing the
	// decode: the status and body still tell the caller what happened.
	for name, raw := range members {
		var ok bool
		switch name {
		case "type":
			ok = decodeMember(raw, &e.Type)
		case "title":
			ok = decodeMember(raw, &e.Title)
		case "detail":
			ok = decodeMember(raw, &e.Detail)
		case "instance":
			ok = decodeMember(raw, &e.Instance)
		case "invalidFields":
			ok = decodeMember(raw, &e.InvalidFields)
		case "status":
			// The HTTP status is authoritative; the member is informative.
			continue
		}
		if !ok {
			if e.Extra == nil {
				e.Extra = make(map[string]json.RawMessage)
			}
			e.Extra[name] = raw
		}
	}
	return true
}

// decodeMember decodes raw into *dst and reports whether it could. On
// failure *dst is left as it was, not half filled.
func decodeMember[T any](raw json.RawMessage, dst *T) bool {
	var v T
	if codec.Unmarshal(raw, &v) != nil {
		return false
	}
	*dst = v
	return true
}

// InputError is input the SDK refused before sending anything. It matches
// ErrInvalidInput; errors.As gives the field:
//
//	var inErr *rebilly.InputError
//	if errors.As(err, &inErr) {
//		log.Printf("fix %s: %v", inErr.Field, err)
//	}
type InputError struct {
	// Field names what was refused as the caller wrote it: a parameter of
	// the method ("id", "targetCustomerID", "in"), or a field of one
	// ("params.Limit", "opts.Concurrency", "items[2].ID",
	// "in.PrimaryAddress.NullFields").
	Field string
	// Err says what was wrong; it matches ErrInvalidInput.
	Err error
}

// Error is Err's message, which names the field in words.
func (e *InputError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *InputError) Unwrap() error { return e.Err }

// inputError returns err, an error matching ErrInvalidInput, as the
// InputError of field; nil stays nil.
func inputError(field string, err error) error {
	if err == nil {
		return nil
	}
	return &InputError{Field: field, Err: err}
}

// RequestError is a call that ended without a usable answer from the API:
// the connection failed on every attempt, a success body was cut off or
// too large, a success answer was not one the SDK can use (Err is then an
// *UnexpectedResponseError, matching ErrUnexpectedResponse), the context
// ended, or the client's rate limit would have made the call wait too long
// (Err then matches ErrRateLimited).
type RequestError struct {
	Method   string
	Path     string
	Attempts []Attempt // every attempt the call made
	Err      error     // what went wrong
}

// Error reads as one log line: method, path, cause and number of attempts.
func (e *RequestError) Error() string {
	msg := fmt.Sprintf("rebilly: %s %s: %v", e.Method, e.Path, e.Err)
	if len(e.Attempts) > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", len(e.Attempts))
	}
	return msg
}

// Unwrap returns Err, so errors.Is(err, context.Canceled) and the like work.
func (e *RequestError) Unwrap() error { return e.Err }

// decodeError is a 2xx answer whose body did not arrive whole: cut off on
// the way, or over the WithMaxResponseBytes bound. It reaches the caller as
// the Err of a *RequestError. (A body that arrived whole but is not what
// the SDK expects is an *UnexpectedResponseError.)
type decodeError struct {
	status int
	err    error
}

func (e *decodeError) Error() string {
	return fmt.Sprintf("decoding the %d response: %v", e.status, e.err)
}

func (e *decodeError) Unwrap() error { return e.err }

// cutOff reports whether the body was cut off while it was read (the
// connection broke, or the body ended early), as opposed to a body that
// arrived whole but is not what the SDK expects.
func (e *decodeError) cutOff() bool {
	var netErr net.Error
	return errors.Is(e.err, io.ErrUnexpectedEOF) || errors.As(e.err, &netErr)
}

// withoutURL unwraps a *url.Error, whose message repeats the request URL
// with its query string (which may hold a customer's email in a filter).
func withoutURL(err error) error {
	if err == nil {
		return nil
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
	}
	return err
}

// attemptTimeoutError ends a request of the SDK's own HTTP client that
// outlasts its timeout (DefaultTimeout), as http.Client's Timeout would:
// like the standard library's timeout errors it is a net.Error whose
// Timeout is true, and it matches context.DeadlineExceeded.
type attemptTimeoutError struct{ timeout time.Duration }

func (e *attemptTimeoutError) Error() string {
	return fmt.Sprintf("the attempt timed out after %v", e.timeout)
}

func (e *attemptTimeoutError) Timeout() bool   { return true }
func (e *attemptTimeoutError) Temporary() bool { return true }

func (e *attemptTimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }
