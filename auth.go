package rebilly

import (
	"errors"
	"net/http"
)

// credential is the header that authenticates the client's requests:
// REB-APIKEY with the API key, or Authorization with the JWT.
type credential struct {
	header string // canonical
	value  string
}

// newCredential returns a pointer, so that printing a Client with fmt (a
// value of its own would be printed) never shows the secret.
func newCredential(apiKey, jwt string) *credential {
	if apiKey != "" {
		return &credential{header: http.CanonicalHeaderKey("REB-APIKEY"), value: apiKey}
	}
	return &credential{header: "Authorization", value: "Bearer " + jwt}
}

// The credential goes only to the API's origin (its scheme and host with
// port). Each call's request carries it (see setHeaders), so that no copy
// of the request is needed to add it. A redirect keeps it only to that
// origin, whatever the caller's redirect policy does, and that policy never
// sees it (credentialStaysHome): the standard library strips Authorization
// from some redirects to another host, but would copy REB-APIKEY to all of
// them. Once the call is over, it is taken out of the requests the caller
// can reach through the call's Response (forgetCredential).

// credentialStaysHome returns the redirect policy of the SDK's HTTP client,
// in front of next, the caller's (nil: at most 10 redirects, as net/http's
// default). next is shown the redirect and the requests made so far without
// the credential, and after it has decided to follow the redirect, the
// credential goes with it only when it leads to scheme://host.
func credentialStaysHome(scheme, host string, cred *credential, next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		stripCredential(req.Header, cred.header)
		if next != nil {
			if err := next(req, withoutCredential(via, cred.header)); err != nil {
				return err
			}
			stripCredential(req.Header, cred.header) // in case next put it back
		} else if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		if req.URL.Scheme == scheme && req.URL.Host == host {
			req.Header[cred.header] = []string{cred.value}
		}
		return nil
	}
}

// stripCredential removes header from h, under any spelling of its name.
func stripCredential(h http.Header, header string) {
	for name := range h {
		if http.CanonicalHeaderKey(name) == header {
			delete(h, name)
		}
	}
}

// withoutCredential returns copies of reqs whose headers lack the
// credential.
func withoutCredential(reqs []*http.Request, header string) []*http.Request {
	out := make([]*http.Request, len(reqs))
	for i, r := range reqs {
		c := *r
		c.Header = r.Header.Clone()
		stripCredential(c.Header, header)
		out[i] = &c
	}
	return out
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
// one it was given (or of http.DefaultTransport). It passes requests on as
// they are, and sets Response.Request when the transport under it does
// not, as net/http's own transports do. It has no CloseIdleConnections
// method on purpose: see the file comment of retry.go.
type sdkTransport struct {
	next http.RoundTripper
}

func (t *sdkTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if resp != nil && resp.Request == nil {
		resp.Request = req
	}
	return resp, err
}

// sdkHTTPClient returns a copy of hc (or of a default client) whose
// transport is an sdkTransport and whose redirects keep the credential at
// base's origin.
func sdkHTTPClient(hc *http.Client, base baseURL, cred *credential) *http.Client {
	if hc == nil {
		hc = newDefaultHTTPClient()
	}
	t := &sdkTransport{next: hc.Transport}
	if t.next == nil {
		t.next = http.DefaultTransport
	}
	c := *hc
	c.Transport = t
	c.CheckRedirect = credentialStaysHome(base.scheme, base.host, cred, hc.CheckRedirect)
	return &c
}
