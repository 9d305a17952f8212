package rebilly_test

// Credentials go only to the configured origin.

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// TestRedirectToAnotherOriginDropsCredentials: a redirect from the API's
// origin to another loopback server (another port) reaches it, without the
// API key or JWT; a redirect within the origin keeps them.
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
				other, otherRec := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					writeJSON(w, 200, `{"id":"cus_1","email":"moved@example.com"}`)
				}))
				api, apiRec := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Path == "/customers/cus_1" {
						http.Redirect(w, r, other.URL+"/elsewhere/cus_1", status)
						return
					}
					http.Redirect(w, r, "/customers/cus_1", status) // same origin
				}))
				c := newServerClientWith(t, api, tt.cred)
				require.NotEqual(t, api.URL, other.URL)

				cus, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
				require.NoError(t, err)
				assert.Equal(t, "moved@example.com", cus.Email, "the redirect was followed")
				require.Equal(t, 1, apiRec.count())
				assert.Equal(t, tt.value, apiRec.last(t).Header.Get(tt.header), "the API's origin gets the credential")
				require.Equal(t, 1, otherRec.count())
				got := otherRec.last(t)
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
				reqs := apiRec.all()
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
	other, otherRec := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `[]`)
	}))
	api, _ := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/customers", http.StatusTemporaryRedirect)
	}))
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	c := newServerClient(t, api, rebilly.WithHTTPClient(hc))
	_, _, err := c.Customers.List(context.Background(), nil)
	require.NoError(t, err)
	require.Equal(t, 1, otherRec.count())
	assert.Empty(t, otherRec.last(t).Header.Values("REB-APIKEY"))
}
