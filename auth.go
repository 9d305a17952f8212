package rebilly

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

// credential is the header that authenticates the client's requests:
// REB-APIKEY with the API key, or Authorization with the JWT.
type credential struct {
	header string // canonical
	value  string
}

func newCredential(apiKey, jwt string) credential {
	if apiKey != "" {
		return credential{header: http.CanonicalHeaderKey("REB-APIKEY"), value: apiKey}
	}
	return credential{header: "Authorization", value: "Bearer " + jwt}
}

// The credential goes only to the API's origin (its scheme and host with
// port). Each call's request carries it (see setHeaders), so that no copy
// of the request is needed to add it; a redirect to another origin (another
// host, another port, or plain http) is made without it (credentialStaysHome),
// since the standard library strips Authorization from some such redirects
// but would copy REB-APIKEY to all of them; and it is taken out of the
// requests the caller can reach through the call's Response once the call
// is over (forgetCredential).

// credentialStaysHome returns the redirect policy of the SDK's HTTP client:
// a redirect to another origin than scheme://host loses the credential's
// header, then next decides as it would have (nil: at most 10 redirects,
// as net/http's default).
func credentialStaysHome(scheme, host, header string, next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme != scheme || req.URL.Host != host {
			delete(req.Header, header)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// forgetCredential takes the credential out of resp's request and out of
// those of the redirects that led to it, which the caller can reach from
// the call's Response.
func (c *Client) forgetCredential(resp *http.Response) {
	for ; resp != nil && resp.Request != nil; resp = resp.Request.Response {
		delete(resp.Request.Header, c.credential.header)
	}
}

// sdkTransport is the transport of the SDK's HTTP client, in front of the
// one it was given (or of http.DefaultTransport).
//
// In the SDK's own HTTP client it bounds each request by timeout, from
// sending it until its answer's body is closed (see attemptTimeoutError),
// unless the request's context has a deadline no later than that, which
// ends the request first: the timeout is then left out, and with it a
// context of its own for each request, 5 allocations and 470 B per call
// (BenchmarkGetMinimalWithDeadline).
//
// Otherwise it passes requests on as they are. It has no
// CloseIdleConnections method on purpose: see the file comment of
// retry.go.
type sdkTransport struct {
	next http.RoundTripper
	// timeout bounds each request (DefaultTimeout in the SDK's own client);
	// zero for none, as with WithHTTPClient, whose Timeout applies instead.
	timeout time.Duration
	// timedOut is why a request that outlasts timeout ends.
	timedOut error
}

func (t *sdkTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.timeout <= 0 || endsWithin(req.Context(), t.timeout) {
		resp, err := t.next.RoundTrip(req)
		if resp != nil && resp.Request == nil {
			resp.Request = req // as net/http's transports set it, but not every other
		}
		return resp, err
	}
	// A RoundTripper must not change the request it is given: send a copy.
	s := new(timedRequest)
	ctx, cancel := context.WithDeadlineCause(req.Context(), time.Now().Add(t.timeout), t.timedOut)
	s.req = *req.WithContext(ctx)
	resp, err := t.next.RoundTrip(&s.req)
	if resp == nil || err != nil {
		cancel()
	} else {
		s.body = timedBody{ReadCloser: resp.Body, cancel: cancel}
		resp.Body = &s.body
	}
	if resp != nil {
		resp.Request = req // the caller's, not the copy
	}
	return resp, err
}

// endsWithin reports whether ctx has a deadline no later than d from now.
func endsWithin(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && !deadline.After(time.Now().Add(d))
}

// timedRequest is what sdkTransport sends for a request bounded by its
// timeout: a copy of it with a context of its own, and its answer's body,
// in one allocation.
type timedRequest struct {
	req  http.Request
	body timedBody
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

// sdkHTTPClient returns a copy of hc (or of a default client) whose
// transport is an sdkTransport and whose redirects keep the credential at
// base's origin. The default client's transport also bounds each request by
// DefaultTimeout.
func sdkHTTPClient(hc *http.Client, base baseURL, header string) *http.Client {
	t := &sdkTransport{}
	if hc == nil {
		hc = newDefaultHTTPClient()
		t.setTimeout(DefaultTimeout)
	}
	t.next = hc.Transport
	if t.next == nil {
		t.next = http.DefaultTransport
	}
	c := *hc
	c.Transport = t
	c.CheckRedirect = credentialStaysHome(base.scheme, base.host, header, hc.CheckRedirect)
	return &c
}

// setTimeout bounds each request by d.
func (t *sdkTransport) setTimeout(d time.Duration) {
	t.timeout, t.timedOut = d, &attemptTimeoutError{timeout: d}
}
