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
func sdkHTTPClient(hc *http.Client, base baseURL, header string) *http.Client {
	if hc == nil {
		hc = newDefaultHTTPClient()
	}
	t := &sdkTransport{next: hc.Transport}
	if t.next == nil {
		t.next = http.DefaultTransport
	}
	c := *hc
	c.Transport = t
	c.CheckRedirect = credentialStaysHome(base.scheme, base.host, header, hc.CheckRedirect)
	return &c
}
