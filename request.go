package rebilly

// This file builds a call's request: the service methods (customers.go,
// leadsource.go) give do the method, path, query and body; do encodes them
// and hands the request to run (retry.go), which runs its attempts.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// callFor makes a call whose answer is one object of type T, with one of
// the declared success statuses (see do).
func callFor[T any](ctx context.Context, c *Client, method, path, query string, in any, declared statusSet) (*T, *Response, error) {
	var out T
	resp, err := c.do(ctx, method, path, query, in, &out, declared)
	if err != nil {
		return nil, resp, err
	}
	return &out, resp, nil
}

// do sends one API call. It encodes in (unless nil) as the JSON body and
// decodes a 2xx body (other than 204) into out (unless nil), a pointer.
// path is relative to the client's base URL and already escaped; query is
// already encoded.
//
// The body is decoded as each attempt's answer is checked (readAnswer), so
// that a GET, PUT or DELETE whose answer is cut off while it is read is
// retried like a lost connection; *out is set to its zero value on every
// answer, so a retry starts clean.
//
// declared holds the success statuses the operation declares, as
// declare(http.StatusOK); any other 2xx answer, or one whose body is not
// what out expects, fails the call with an *UnexpectedResponseError (see
// readAnswer).
func (c *Client) do(ctx context.Context, method, path, query string, in, out any, declared statusSet) (*Response, error) {
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
	u, err := c.base.requestURL(path, query)
	if err != nil {
		return nil, fmt.Errorf("rebilly: %s %s: %w", method, path, err)
	}
	call := c.newCall(ctx, method, path, out, declared)
	// The call holds its request, made as retryablehttp.NewRequestWithContext
	// makes one, rather than allocating it. WithContext is the only way to
	// set a request's context; the copy it makes stays on the stack.
	call.httpRequest = *(&http.Request{Method: method, URL: u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: make(http.Header, 4), Host: u.Host}).WithContext(call)
	req := &call.request
	req.Request = &call.httpRequest
	if err := req.SetBody(body); err != nil {
		return nil, fmt.Errorf("rebilly: %s %s: %w", method, path, err)
	}
	call.hasBody = body != nil
	call.setHeaders(req.Header, &call.headerValues)
	return call.run(ctx, req)
}

// setHeaders puts the SDK's headers and the credential in h, the empty
// header of an attempt's request, their values held in values, which are
// the attempt's own: code that edits a value in place, such as a caller's
// transport or a caller holding Response.Request, changes no other call's
// request, nor a retry (which gets a header of its own, see prepareRetry).
func (call *apiCall) setHeaders(h http.Header, values *[4]string) {
	c := call.client
	*values = [4]string{jsonMediaType, c.userAgent, jsonMediaType, c.credential.value}
	h["Accept"] = values[0:1:1]
	h["User-Agent"] = values[1:2:2]
	if call.hasBody {
		h["Content-Type"] = values[2:3:3]
	}
	h[c.credential.header] = values[3:4:4]
}

// jsonMediaType is the value of the Accept and Content-Type headers.
const jsonMediaType = "application/json"

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
	case len(id) > maxIDLength:
		return fmt.Errorf("%w: %s %q is longer than %d characters", ErrInvalidInput, what, id, maxIDLength)
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
