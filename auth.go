package rebilly

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"time"
)

// authTransport adds the credential to requests for the configured API
// origin (scheme and host with port) and to no other. Requests are built
// without credentials, so a redirect to another host, another port or to
// plain http never carries them: the standard library strips Authorization on
// such redirects, but it would copy REB-APIKEY.
//
// In the SDK's own HTTP client it also bounds each request by timeout, from
// sending it until its answer's body is closed (see attemptTimeoutError),
// unless the request's context has a deadline no later than that, which
// ends the request first: the timeout is then left out, and with it a
// context of its own for each request, 5 allocations and 470 B per call
// (BenchmarkGetMinimalWithDeadline).
//
// It has no CloseIdleConnections method on purpose: see the file comment
// of retry.go.
type authTransport struct {
	next         http.RoundTripper
	scheme, host string
	header       string // canonical header name
	value        string
	// timeout bounds each request (DefaultTimeout in the SDK's own client);
	// zero for none, as with WithHTTPClient, whose Timeout applies instead.
	timeout time.Duration
	// timedOut is why a request that outlasts timeout ends.
	timedOut error
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	toOrigin := req.URL.Scheme == t.scheme && req.URL.Host == t.host
	timed := t.timeout > 0 && !endsWithin(req.Context(), t.timeout)
	if !toOrigin && !timed {
		return t.next.RoundTrip(req)
	}
	// A RoundTripper must not change the request it is given: send a copy.
	s := new(sending)
	var cancel context.CancelFunc
	if timed {
		var ctx context.Context
		ctx, cancel = context.WithDeadlineCause(req.Context(), time.Now().Add(t.timeout), t.timedOut)
		s.req = *req.WithContext(ctx)
	} else {
		s.req = *req
	}
	if toOrigin {
		s.addCredential(t.header, t.value)
	}
	resp, err := t.next.RoundTrip(&s.req)
	if cancel != nil {
		if resp == nil || err != nil {
			cancel()
		} else {
			s.body = timedBody{ReadCloser: resp.Body, cancel: cancel}
			resp.Body = &s.body
		}
	}
	if resp != nil {
		// The caller sees its own request, without the credential.
		resp.Request = req
	}
	return resp, err
}

// endsWithin reports whether ctx has a deadline no later than d from now.
func endsWithin(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && !deadline.After(time.Now().Add(d))
}

// sending is what authTransport sends for one request: a copy of it, the
// values of the copy's header, and its answer's body when a timeout bounds
// it, in one allocation.
type sending struct {
	req    http.Request
	values [4]string // enough for the SDK's own headers and the credential
	body   timedBody
}

// addCredential gives the copy a header of its own with the credential
// added, values too (one array for all), so that a transport further down
// that edits a value in place changes neither this request nor any other.
func (s *sending) addCredential(name, value string) {
	n := 1
	for _, v := range s.req.Header {
		n += len(v)
	}
	values := s.values[:0]
	if n > len(s.values) {
		values = make([]string, 0, n)
	}
	h := make(http.Header, len(s.req.Header)+1)
	for k, v := range s.req.Header {
		start := len(values)
		values = append(values, v...)
		h[k] = values[start:len(values):len(values)]
	}
	values = append(values, value)
	h[name] = values[n-1 : n : n]
	s.req.Header = h
}

// timedBody is the body of an answer to a request bounded by a timeout;
// closing it ends the timeout. Until then the timeout covers reading it.
type timedBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *timedBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// authenticatedClient returns a copy of hc (or of a default client) whose
// transport adds the credential for base's origin. The default client's
// transport also bounds each request by DefaultTimeout.
func authenticatedClient(hc *http.Client, base *url.URL, apiKey, jwt string) *http.Client {
	t := &authTransport{scheme: base.Scheme, host: base.Host}
	if hc == nil {
		hc = newDefaultHTTPClient()
		t.setTimeout(DefaultTimeout)
	}
	t.next = hc.Transport
	if t.next == nil {
		t.next = http.DefaultTransport
	}
	if apiKey != "" {
		t.header, t.value = http.CanonicalHeaderKey("REB-APIKEY"), apiKey
	} else {
		t.header, t.value = "Authorization", "Bearer "+jwt
	}
	c := *hc
	c.Transport = t
	return &c
}

// setTimeout bounds each request by d.
func (t *authTransport) setTimeout(d time.Duration) {
	t.timeout, t.timedOut = d, &attemptTimeoutError{timeout: d}
}
