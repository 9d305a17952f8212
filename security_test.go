package rebilly_test

// Credentials go only to the configured origin.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// otherOrigin is the API's host on another port: another origin.
const otherOrigin = "https://api.rebilly.test:8443"

// requestsTo returns the recorded requests whose URL starts with origin+"/".
func requestsTo(reqs []recorded, origin string) []recorded {
	var out []recorded
	for _, r := range reqs {
		if strings.HasPrefix(r.URL, origin+"/") {
			out = append(out, r)
		}
	}
	return out
}

// redirectResponder answers with a redirect of the given status.
func redirectResponder(status int, location string) httpmock.Responder {
	return typedResponder(status, "", "", "Location", location)
}

// TestRedirectToAnotherOriginDropsCredentials: a redirect from the API's
// origin to another origin (another port) reaches it, without the API key
// or JWT; a redirect within the origin keeps them.
func TestRedirectToAnotherOriginDropsCredentials(t *testing.T) {
	for _, tt := range []struct {
		name   string
		cred   rebilly.Option
		header string
		value  string
	}{
		{"api key", rebilly.WithAPIKey(testAPIKey), "REB-APIKEY", testAPIKey},
		{"jwt", rebilly.WithJWT(testJWT), "Authorization", "Bearer " + testJWT},
	} {
		for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			t.Run(tt.name+"/"+http.StatusText(status), func(t *testing.T) {
				c, mt := newMockClientWith(t, tt.cred)
				rec := mockAll(mt, func(r *http.Request) (*http.Response, error) {
					switch {
					case r.URL.Host != "api.rebilly.test":
						return jsonResponder(200, `{"id":"cus_1","email":"moved@example.com"}`)(r)
					case r.URL.Path == "/customers/cus_1":
						return redirectResponder(status, otherOrigin+"/elsewhere/cus_1")(r)
					}
					return redirectResponder(status, "/customers/cus_1")(r) // same origin
				})

				cus, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
				require.NoError(t, err)
				assert.Equal(t, "moved@example.com", cus.Email, "the redirect was followed")
				apiReqs := requestsTo(rec.all(), testBaseURL)
				require.Len(t, apiReqs, 1)
				assert.Equal(t, tt.value, apiReqs[0].Header.Get(tt.header), "the API's origin gets the credential")
				otherReqs := requestsTo(rec.all(), otherOrigin)
				require.Len(t, otherReqs, 1)
				got := otherReqs[0]
				assert.Equal(t, "/elsewhere/cus_1", got.Path)
				assert.Empty(t, got.Header.Values("REB-APIKEY"), "the API key went to another origin")
				assert.Empty(t, got.Header.Values("Authorization"), "the JWT went to another origin")
				for name, vs := range got.Header {
					for _, v := range vs {
						noSecrets(t, name+": "+v)
					}
				}

				// A redirect within the origin keeps the credential.
				_, _, err = c.Customers.Get(context.Background(), "cus_0", nil)
				require.NoError(t, err)
				reqs := requestsTo(rec.all(), testBaseURL)
				require.Len(t, reqs, 3)
				assert.Equal(t, "/customers/cus_0", reqs[1].Path)
				assert.Equal(t, "/customers/cus_1", reqs[2].Path)
				assert.Equal(t, tt.value, reqs[2].Header.Get(tt.header))
			})
		}
	}
}

// TestCredentialNotSentToOtherOriginThroughCallersClient: the caller's own
// *http.Client (with its redirect policy) does not widen where credentials
// go.
func TestCredentialNotSentToOtherOriginThroughCallersClient(t *testing.T) {
	mt := httpmock.NewMockTransport()
	rec := mockAll(mt, func(r *http.Request) (*http.Response, error) {
		if r.URL.Host != "api.rebilly.test" {
			return jsonResponder(200, `[]`)(r)
		}
		return redirectResponder(http.StatusTemporaryRedirect, otherOrigin+"/customers")(r)
	})
	hc := &http.Client{Transport: mt, CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	c, _ := newMockClient(t, rebilly.WithHTTPClient(hc))
	_, _, err := c.Customers.List(context.Background(), nil)
	require.NoError(t, err)
	otherReqs := requestsTo(rec.all(), otherOrigin)
	require.Len(t, otherReqs, 1)
	assert.Empty(t, otherReqs[0].Header.Values("REB-APIKEY"))
}

// TestResponseRequestHoldsNoCredential: the requests a caller reaches from
// a call's Response (Response.Request, and the requests of the redirects
// before it) no longer hold the credential, though it was sent with each,
// whether the call was answered at once, after a redirect within the
// origin, or after a retry.
func TestResponseRequestHoldsNoCredential(t *testing.T) {
	for _, tt := range []struct {
		name string
		cred rebilly.Option
	}{{"api key", rebilly.WithAPIKey(testAPIKey)}, {"jwt", rebilly.WithJWT(testJWT)}} {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newMockClientWith(t, tt.cred, rebilly.WithRetryWait(0, 0))
			failed := false
			rec := mockAll(mt, func(r *http.Request) (*http.Response, error) {
				switch r.URL.Path {
				case "/customers/moved":
					return redirectResponder(http.StatusTemporaryRedirect, "/customers/cus_1")(r)
				case "/customers/flaky":
					if !failed {
						failed = true
						return jsonResponder(http.StatusServiceUnavailable, `{}`)(r)
					}
				}
				return jsonResponder(200, `{"id":"cus_1"}`)(r)
			})
			for _, id := range []string{"cus_1", "moved", "flaky"} {
				_, resp, err := c.Customers.Get(context.Background(), id, nil)
				require.NoError(t, err, id)
				n := 0
				for r := resp.Response; r != nil && r.Request != nil; r = r.Request.Response {
					n++
					assert.Empty(t, r.Request.Header.Values("REB-APIKEY"), id)
					assert.Empty(t, r.Request.Header.Values("Authorization"), id)
					for name, vs := range r.Request.Header {
						noSecrets(t, name+": "+strings.Join(vs, ","))
					}
				}
				want := 1
				if id == "moved" {
					want = 2
				}
				assert.Equal(t, want, n, "%s: the requests reached from the Response", id)
			}
			reqs := rec.all()
			require.Len(t, reqs, 5, "cus_1; moved and its redirect; flaky and its retry")
			for _, r := range reqs {
				assert.True(t, r.Header.Get("REB-APIKEY") == testAPIKey || r.Header.Get("Authorization") == "Bearer "+testJWT,
					"%s was sent with the credential", r.Path)
			}
		})
	}
}

// TestCallersRedirectPolicyNeverSeesOrSpreadsTheCredential: the caller's
// CheckRedirect is shown redirects and the requests before them without
// the credential, and whatever it does to a redirect it follows (copy the
// first request's headers into it, or send it to another host), the
// credential goes only to the API's origin.
func TestCallersRedirectPolicyNeverSeesOrSpreadsTheCredential(t *testing.T) {
	const mirror = "https://mirror.test"
	for _, tt := range []struct {
		name, target string // where the API redirects
		policy       func(req *http.Request, via []*http.Request)
		wantOther    string // the origin the redirect reaches, not the API's
	}{
		{"copies the first request's headers", otherOrigin + "/elsewhere", func(req *http.Request, via []*http.Request) {
			for k, v := range via[0].Header {
				req.Header[k] = v
			}
		}, otherOrigin},
		{"sends a redirect within the origin to another host", "/customers/cus_2", func(req *http.Request, _ []*http.Request) {
			req.URL.Host, req.Host = "mirror.test", ""
		}, mirror},
		{"puts the credential back under another spelling", otherOrigin + "/elsewhere", func(req *http.Request, _ []*http.Request) {
			req.Header["REB-APIKEY"] = []string{testAPIKey}
		}, otherOrigin},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mt := httpmock.NewMockTransport()
			rec := mockAll(mt, func(r *http.Request) (*http.Response, error) {
				if r.URL.Host == "api.rebilly.test" && r.URL.Path == "/customers/cus_1" {
					return redirectResponder(http.StatusFound, tt.target)(r)
				}
				return jsonResponder(200, `{"id":"cus_2"}`)(r)
			})
			var seen []string
			hc := &http.Client{Transport: mt, CheckRedirect: func(req *http.Request, via []*http.Request) error {
				for _, r := range append([]*http.Request{req}, via...) {
					seen = append(seen, fmt.Sprint(r.Header))
				}
				tt.policy(req, via)
				return nil
			}}
			c, _ := newMockClient(t, rebilly.WithHTTPClient(hc))
			_, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
			require.NoError(t, err)

			require.NotEmpty(t, seen, "the policy was asked")
			for _, h := range seen {
				noSecrets(t, "the policy saw "+h)
			}
			api := requestsTo(rec.all(), testBaseURL)
			require.Len(t, api, 1)
			assert.Equal(t, testAPIKey, api[0].Header.Get("REB-APIKEY"), "the API's origin gets the credential")
			other := requestsTo(rec.all(), tt.wantOther)
			require.Len(t, other, 1, "the redirect was followed")
			for name, vs := range other[0].Header {
				noSecrets(t, name+": "+strings.Join(vs, ","))
			}
		})
	}
}

// TestPrintedClientHoldsNoCredential: printing a Client with fmt, as a
// failing test's diff or a debugging log line might, shows no credential.
func TestPrintedClientHoldsNoCredential(t *testing.T) {
	for _, cred := range []rebilly.Option{rebilly.WithAPIKey(testAPIKey), rebilly.WithJWT(testJWT)} {
		c, err := rebilly.NewClient(cred)
		require.NoError(t, err)
		for _, format := range []string{"%v", "%+v", "%#v"} {
			noSecrets(t, fmt.Sprintf(format, c))
			noSecrets(t, fmt.Sprintf(format, *c))
		}
	}
}
