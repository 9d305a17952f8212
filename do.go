package rebilly

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// Do calls an endpoint of the API that the SDK does not wrap, with
// everything the services get: the client's credentials, base URL and
// organization prefix, retries, write pacing, response bound, logging and
// errors (an *Error for a non-2xx answer, matching ErrNotFound and the
// others).
//
// path is the endpoint's path, such as "/customers/cus_123/timeline",
// relative to the API's base URL (WithOrganization's prefix goes in front
// of it). It is sent as written: escape each segment you build with
// url.PathEscape. It must start with '/', and hold no scheme or host, no
// query or fragment (put the query in query), and no "." or ".." segment.
// query, when not nil, is encoded as the query string.
//
// in, when not nil, is encoded as the JSON body (a json.RawMessage is sent
// as it is), with Content-Type application/json; nil sends no body. out,
// when not nil, must be a pointer: a 2xx body (but a 204's) is decoded
// into it. Any success status HTTP defines (200 to 206) is a success;
// another 2xx, or an empty or null body where out expects one, is an error
// matching ErrUnexpectedResponse.
//
// Do retries as the services do, by method: GET, HEAD, PUT and DELETE after
// a server error or a lost connection; POST and PATCH only when the API
// certainly did not act on them (a 429, or a connection that could not be
// opened).
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, in, out any) (*Response, error) {
	if err := checkMethod(method); err != nil {
		return nil, inputError("method", err)
	}
	if err := checkDoPath(path); err != nil {
		return nil, inputError("path", err)
	}
	if out != nil {
		if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
			return nil, inputError("out", fmt.Errorf("%w: Do: out is a %T, not a non-nil pointer", ErrInvalidInput, out))
		}
	}
	return c.do(ctx, method, path, query.Encode(), in, out, doStatuses)
}

// doStatuses are the success statuses Do takes: those HTTP defines for
// any method, 200 to 206. Do does not know which ones the endpoint
// declares.
const doStatuses statusSet = 1<<7 - 1

// checkMethod accepts the HTTP methods the API uses.
func checkMethod(method string) error {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return nil
	}
	return fmt.Errorf("%w: Do: method %q is not one of GET, HEAD, POST, PUT, PATCH and DELETE", ErrInvalidInput, method)
}

// checkDoPath refuses a path that could leave the API's base URL or does
// not parse as a path alone.
func checkDoPath(path string) error {
	bad := func(why string) error {
		return fmt.Errorf("%w: Do: path %q %s", ErrInvalidInput, path, why)
	}
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") {
		return bad("must start with a single '/'")
	}
	u, err := url.Parse(path)
	if err != nil {
		return bad("is not a URL path: " + err.Error())
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return bad("must hold no scheme or host")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.ContainsAny(path, "?#") {
		return bad("must hold no query or fragment: give the query in the query argument")
	}
	for _, segment := range strings.Split(u.Path, "/") {
		if segment == "." || segment == ".." {
			return bad("must hold no '.' or '..' segment")
		}
	}
	return nil
}
