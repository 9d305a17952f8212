package rebilly

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// RequestError is a call that ended without an answer from the API: the
// connection failed on every attempt, the response could not be read or
// decoded, the context ended, or the client's rate limit would have made
// the call wait too long (Err then matches ErrRateLimited).
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

// do sends one API call. It encodes in (unless nil) as the JSON body and
// decodes a 2xx body (other than 204) into out (unless nil), a pointer.
// path is relative to the client's base URL and already escaped; query is
// already encoded.
//
// The body is decoded inside the retry loop, so that a GET, PUT or DELETE
// whose answer is cut off while it is read is retried like a lost
// connection; *out is set to its zero value on every answer, so a retry
// starts clean.
func (c *Client) do(ctx context.Context, method, path, query string, in, out any) (*Response, error) {
	if ctx == nil {
		return nil, fmt.Errorf("rebilly: %s %s: nil Context", method, path)
	}
	var body any // untyped nil: no body at all
	if in != nil {
		b, err := codec.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("rebilly: %s %s: encoding the request body: %w", method, path, err)
		}
		body = b
	}
	var rawURL string // built in one concatenation
	if query == "" {
		rawURL = c.base + path
	} else {
		rawURL = c.base + path + "?" + query
	}
	k := c.newCall(method, path, out != nil)
	req, err := retryablehttp.NewRequestWithContext(context.WithValue(ctx, callKey{}, k), method, rawURL, body)
	if err != nil {
		return nil, fmt.Errorf("rebilly: %s %s: %w", method, path, err)
	}
	// The header values are shared by every request; nothing changes them.
	req.Header["Accept"] = jsonMediaType
	req.Header["User-Agent"] = c.userAgent
	if body != nil {
		req.Header["Content-Type"] = jsonMediaType
	}
	if out != nil {
		req.SetResponseHandler(func(r *http.Response) error {
			// Whatever an earlier attempt decoded is gone, whatever this
			// answer is.
			reflect.ValueOf(out).Elem().SetZero()
			if r.StatusCode >= 300 || r.StatusCode == http.StatusNoContent {
				return nil
			}
			done, err := decodeTurn(ctx) // Export's throttle (export_throttle.go)
			if err != nil {
				return &decodeError{status: r.StatusCode, err: err}
			}
			defer done()
			if err := codec.Decode(limitBody(r.Body, c.maxResponseBytes), r.ContentLength, out); err != nil {
				return &decodeError{status: r.StatusCode, err: err}
			}
			return nil
		})
	}

	if err := k.acquire(ctx); err != nil {
		return nil, &RequestError{Method: method, Path: path, Err: err}
	}
	// Each attempt's slot is given back when its answer is checked; this
	// covers an attempt that go-retryablehttp gave up on before that.
	defer k.release(nil)
	hresp, err := c.retry.Do(req)
	var resp *Response
	if hresp != nil {
		defer hresp.Body.Close()
		resp = newResponse(hresp)
	}
	if err != nil {
		return resp, k.failure(err)
	}
	if hresp.StatusCode >= 300 {
		k.lastError.Attempts = k.attempts
		return resp, k.lastError
	}
	return resp, nil
}

// jsonMediaType is the value of the Accept and Content-Type headers.
var jsonMediaType = []string{"application/json"}

// decodeError is a 2xx answer whose body could not be read or decoded.
type decodeError struct {
	status int
	err    error
}

func (e *decodeError) Error() string {
	if errors.Is(e.err, io.EOF) {
		return fmt.Sprintf("decoding the %d response: empty body", e.status)
	}
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

// failure builds the error for a call that stopped with err. When the last
// attempt got an answer from the API (and err is why the SDK did not wait
// for another), the answer's *Error is returned with err in its Err field,
// so the caller can match both.
func (k *call) failure(err error) error {
	last := k.attempts[len(k.attempts)-1]
	if last.Status >= 300 && k.lastError != nil {
		k.lastError.Err = err
		k.lastError.Attempts = k.attempts
		return k.lastError
	}
	err = withoutURL(err)
	if last.Err != nil && !errors.Is(last.Err, err) && !errors.Is(err, last.Err) {
		// One line, and both stay matchable with errors.Is.
		err = fmt.Errorf("%w (last attempt: %w)", err, last.Err)
	}
	return &RequestError{Method: k.method, Path: k.path, Attempts: k.attempts, Err: err}
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

// readBody reads all of r, up to limit bytes.
func readBody(r io.Reader, limit int64) ([]byte, error) {
	return io.ReadAll(limitBody(r, limit))
}

// escapeID checks a resource ID against the API's rules and returns it
// escaped for a path segment.
func escapeID(what, id string) (string, error) {
	if err := checkID(what, id); err != nil {
		return "", err
	}
	return url.PathEscape(id), nil
}

// checkID enforces the API's rules for resource IDs: 1 to 50 characters,
// each a letter, digit, '_', '@', '~', '-' or '.'.
func checkID(what, id string) error {
	switch {
	case id == "":
		return fmt.Errorf("%w: empty %s", ErrInvalidInput, what)
	case len(id) > 50:
		return fmt.Errorf("%w: %s %q is longer than 50 characters", ErrInvalidInput, what, id)
	case id == "." || id == "..":
		return fmt.Errorf("%w: %s %q is a path segment of its own", ErrInvalidInput, what, id)
	}
	for _, r := range id {
		if !(r == '_' || r == '@' || r == '~' || r == '-' || r == '.' ||
			r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return fmt.Errorf("%w: %s %q: character %q is not allowed (letters, digits and _ @ ~ - . only)", ErrInvalidInput, what, id, r)
		}
	}
	return nil
}
