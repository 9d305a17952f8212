package rebilly

import (
	"net/http"
	"net/url"
)

// authTransport adds the credential to requests for the configured API
// origin (scheme and host with port) and to no other. Requests are built
// without credentials, so a redirect to another host, another port or to
// plain http never carries them: the standard library strips Authorization on
// such redirects, but it would copy REB-APIKEY.
//
// It has no CloseIdleConnections method on purpose: go-retryablehttp calls
// the *http.Client's after a call that fails without an answer it takes (a
// transport error, a body that does not decode, the context), and passing
// that on would empty the connection pool of every goroutine's calls
// (TestDefaultClientKeepsConnectionsForConcurrentCallers).
type authTransport struct {
	next         http.RoundTripper
	scheme, host string
	header       string   // canonical header name
	value        []string // shared by every request; never changed
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != t.scheme || req.URL.Host != t.host {
		return t.next.RoundTrip(req)
	}
	// A RoundTripper must not change the request it is given: send a copy
	// with a header map of its own (the values are not changed, so they
	// are shared).
	r := *req
	r.Header = make(http.Header, len(req.Header)+1)
	for k, v := range req.Header {
		r.Header[k] = v
	}
	r.Header[t.header] = t.value
	resp, err := t.next.RoundTrip(&r)
	if resp != nil {
		// The caller sees its own request, without the credential.
		resp.Request = req
	}
	return resp, err
}

// authenticatedClient returns a copy of hc (or of a default client) whose
// transport adds the credential for base's origin.
func authenticatedClient(hc *http.Client, base *url.URL, apiKey, jwt string) *http.Client {
	if hc == nil {
		hc = newDefaultHTTPClient()
	}
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	t := &authTransport{next: next, scheme: base.Scheme, host: base.Host}
	if apiKey != "" {
		t.header, t.value = http.CanonicalHeaderKey("REB-APIKEY"), []string{apiKey}
	} else {
		t.header, t.value = "Authorization", []string{"Bearer " + jwt}
	}
	c := *hc
	c.Transport = t
	return &c
}
