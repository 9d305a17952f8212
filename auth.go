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
// It has no CloseIdleConnections method on purpose: see the file comment
// of retry.go.
type authTransport struct {
	next         http.RoundTripper
	scheme, host string
	header       string // canonical header name
	value        string
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != t.scheme || req.URL.Host != t.host {
		return t.next.RoundTrip(req)
	}
	// A RoundTripper must not change the request it is given: send a copy
	// with a header of its own, values too (one array for all), so that a
	// transport further down that edits a value in place changes neither
	// this request nor any other.
	r := *req
	n := 1
	for _, v := range req.Header {
		n += len(v)
	}
	values := make([]string, 0, n)
	r.Header = make(http.Header, len(req.Header)+1)
	for name, v := range req.Header {
		start := len(values)
		values = append(values, v...)
		r.Header[name] = values[start:len(values):len(values)]
	}
	values = append(values, t.value)
	r.Header[t.header] = values[n-1 : n : n]
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
		t.header, t.value = http.CanonicalHeaderKey("REB-APIKEY"), apiKey
	} else {
		t.header, t.value = "Authorization", "Bearer "+jwt
	}
	c := *hc
	c.Transport = t
	return &c
}
