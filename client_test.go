package rebilly_test

// NewClient's options: every bad option is an error, hosts and prefixes, the
// caller's *http.Client.

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

func TestNewClientRefusesBadOptions(t *testing.T) {
	key := rebilly.WithAPIKey(testAPIKey)
	tests := []struct {
		name    string
		opts    []rebilly.Option
		wantErr string   // a substring of the error
		hidden  []string // text the error must not contain
	}{
		{"no credentials", nil, "no credentials", nil},
		{"no credentials but other options", []rebilly.Option{rebilly.WithSandbox()}, "no credentials", nil},
		{"empty API key", []rebilly.Option{rebilly.WithAPIKey("")}, "empty API key", nil},
		{"API key with newline", []rebilly.Option{rebilly.WithAPIKey("sk_live_HIDDENKEY\nX-Injected: 1")}, "API key", []string{"HIDDENKEY", "Injected"}},
		{"API key with carriage return", []rebilly.Option{rebilly.WithAPIKey("sk_live_HIDDENKEY\r")}, "API key", []string{"HIDDENKEY"}},
		{"API key with space", []rebilly.Option{rebilly.WithAPIKey("sk_live HIDDENKEY")}, "API key", []string{"HIDDENKEY"}},
		{"API key with NUL", []rebilly.Option{rebilly.WithAPIKey("sk_live_HIDDENKEY\x00")}, "API key", []string{"HIDDENKEY"}},
		{"API key with non-ASCII", []rebilly.Option{rebilly.WithAPIKey("sk_live_HIDDENKEYé")}, "API key", []string{"HIDDENKEY"}},
		{"empty JWT", []rebilly.Option{rebilly.WithJWT("")}, "empty JWT", nil},
		{"JWT with newline", []rebilly.Option{rebilly.WithJWT("eyJ.HIDDENJWT\n.sig")}, "JWT", []string{"HIDDENJWT"}},
		{"both API key and JWT", []rebilly.Option{key, rebilly.WithJWT(testJWT)}, "both WithAPIKey and WithJWT", nil},
		{"unparsable base URL", []rebilly.Option{key, rebilly.WithBaseURL("http://[::1")}, "WithBaseURL", nil},
		{"base URL with bad escape", []rebilly.Option{key, rebilly.WithBaseURL("https://api.example.com/%zz")}, "WithBaseURL", nil},
		{"ftp base URL", []rebilly.Option{key, rebilly.WithBaseURL("ftp://api.example.com")}, "scheme", nil},
		{"base URL without scheme", []rebilly.Option{key, rebilly.WithBaseURL("api.example.com")}, "scheme", nil},
		{"base URL without host", []rebilly.Option{key, rebilly.WithBaseURL("https:///customers")}, "no host", nil},
		{"base URL with user and password", []rebilly.Option{key, rebilly.WithBaseURL("https://user:HIDDENPW@api.example.com")}, "user name or password", []string{"HIDDENPW"}},
		{"base URL with user only", []rebilly.Option{key, rebilly.WithBaseURL("https://HIDDENUSER@api.example.com")}, "user name or password", []string{"HIDDENUSER"}},
		{"base URL with query", []rebilly.Option{key, rebilly.WithBaseURL("https://api.example.com/?x=1")}, "query", nil},
		{"base URL with empty query", []rebilly.Option{key, rebilly.WithBaseURL("https://api.example.com/?")}, "query", nil},
		{"base URL with fragment", []rebilly.Option{key, rebilly.WithBaseURL("https://api.example.com/#top")}, "fragment", nil},
		{"negative retries", []rebilly.Option{key, rebilly.WithMaxRetries(-1)}, "WithMaxRetries(-1)", nil},
		{"negative min retry wait", []rebilly.Option{key, rebilly.WithRetryWait(-time.Second, time.Second)}, "WithRetryWait", nil},
		{"max retry wait below min", []rebilly.Option{key, rebilly.WithRetryWait(2*time.Second, time.Second)}, "WithRetryWait", nil},
		{"zero response bound", []rebilly.Option{key, rebilly.WithMaxResponseBytes(0)}, "WithMaxResponseBytes", nil},
		{"negative response bound", []rebilly.Option{key, rebilly.WithMaxResponseBytes(-1)}, "WithMaxResponseBytes", nil},
		{"nil HTTP client", []rebilly.Option{key, rebilly.WithHTTPClient(nil)}, "nil *http.Client", nil},
		{"nil logger", []rebilly.Option{key, rebilly.WithLogger(nil)}, "nil *slog.Logger", nil},
		{"nil clock", []rebilly.Option{key, rebilly.WithClock(nil)}, "nil Clock", nil},
		{"nil option", []rebilly.Option{key, nil}, "nil Option", nil},
		{"empty user agent", []rebilly.Option{key, rebilly.WithUserAgent("")}, "WithUserAgent", nil},
		{"user agent with newline", []rebilly.Option{key, rebilly.WithUserAgent("app/1\nX: y")}, "WithUserAgent", nil},
		{"empty organization", []rebilly.Option{key, rebilly.WithOrganization("")}, "organization ID", nil},
		{"organization with slash", []rebilly.Option{key, rebilly.WithOrganization("org/1")}, "organization ID", nil},
		{"sandbox and base URL", []rebilly.Option{key, rebilly.WithSandbox(), rebilly.WithBaseURL("https://api.example.com")}, "both WithSandbox and WithBaseURL", nil},
		{"base URL and sandbox", []rebilly.Option{key, rebilly.WithBaseURL("https://api.example.com"), rebilly.WithSandbox()}, "both WithSandbox and WithBaseURL", nil},
		{"plain http to a public host", []rebilly.Option{key, rebilly.WithBaseURL("http://api.example.com")}, "plain http", nil},
		{"plain http to a private address", []rebilly.Option{key, rebilly.WithBaseURL("http://10.0.0.1:8080")}, "plain http", nil},
		{"plain http to the unspecified address", []rebilly.Option{key, rebilly.WithBaseURL("http://0.0.0.0:8080")}, "plain http", nil},
		{"plain http to a name that only starts like localhost", []rebilly.Option{key, rebilly.WithBaseURL("http://localhost.example.com")}, "plain http", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := rebilly.NewClient(tt.opts...)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tt.wantErr)
			for _, h := range tt.hidden {
				assert.NotContains(t, err.Error(), h, "the error echoes a secret")
			}
		})
	}
}

func TestNewClientAcceptsGoodOptions(t *testing.T) {
	key := rebilly.WithAPIKey(testAPIKey)
	tests := []struct {
		name string
		opts []rebilly.Option
	}{
		{"API key", []rebilly.Option{key}},
		{"JWT", []rebilly.Option{rebilly.WithJWT(testJWT)}},
		{"sandbox", []rebilly.Option{key, rebilly.WithSandbox()}},
		{"https base URL", []rebilly.Option{key, rebilly.WithBaseURL("https://proxy.example.com/rebilly/")}},
		{"plain http to 127.0.0.1", []rebilly.Option{key, rebilly.WithBaseURL("http://127.0.0.1:4010")}},
		{"plain http to 127.x", []rebilly.Option{key, rebilly.WithBaseURL("http://127.3.2.1")}},
		{"plain http to localhost", []rebilly.Option{key, rebilly.WithBaseURL("http://localhost:8080")}},
		{"plain http to a .localhost name", []rebilly.Option{key, rebilly.WithBaseURL("http://api.localhost:8080")}},
		{"plain http to ::1", []rebilly.Option{key, rebilly.WithBaseURL("http://[::1]:4010")}},
		{"no retries", []rebilly.Option{key, rebilly.WithMaxRetries(0)}},
		{"zero retry waits", []rebilly.Option{key, rebilly.WithRetryWait(0, 0)}},
		{"equal retry waits", []rebilly.Option{key, rebilly.WithRetryWait(time.Second, time.Second)}},
		{"everything", []rebilly.Option{key, rebilly.WithOrganization("org_1"), rebilly.WithUserAgent("shop/1.0"),
			rebilly.WithLogger(slog.Default()), rebilly.WithClock(newTestClock()), rebilly.WithMaxResponseBytes(1),
			rebilly.WithHTTPClient(&http.Client{})}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := rebilly.NewClient(tt.opts...)
			require.NoError(t, err)
			require.NotNil(t, c)
			assert.NotNil(t, c.Customers)
			assert.NotNil(t, c.LeadSources)
		})
	}
}

// TestHosts pins where requests go for each combination of host options.
func TestHosts(t *testing.T) {
	tests := []struct {
		name    string
		opts    []rebilly.Option
		wantURL string
	}{
		{"live by default", nil, "https://api.rebilly.com/customers/cus_1"},
		{"sandbox", []rebilly.Option{rebilly.WithSandbox()}, "https://api-sandbox.rebilly.com/customers/cus_1"},
		{"live with organization", []rebilly.Option{rebilly.WithOrganization("org_A1")},
			"https://api.rebilly.com/organizations/org_A1/customers/cus_1"},
		{"sandbox with organization", []rebilly.Option{rebilly.WithSandbox(), rebilly.WithOrganization("org_A1")},
			"https://api-sandbox.rebilly.com/organizations/org_A1/customers/cus_1"},
		{"base URL path prefix", []rebilly.Option{rebilly.WithBaseURL("https://proxy.example.com/rebilly")},
			"https://proxy.example.com/rebilly/customers/cus_1"},
		{"base URL path prefix with trailing slash", []rebilly.Option{rebilly.WithBaseURL("https://proxy.example.com/rebilly/")},
			"https://proxy.example.com/rebilly/customers/cus_1"},
		{"base URL with port, prefix and organization", []rebilly.Option{rebilly.WithBaseURL("https://proxy.example.com:8443/a/b/"), rebilly.WithOrganization("org-2")},
			"https://proxy.example.com:8443/a/b/organizations/org-2/customers/cus_1"},
		{"base URL without path", []rebilly.Option{rebilly.WithBaseURL("https://proxy.example.com/")},
			"https://proxy.example.com/customers/cus_1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mt := httpmock.NewMockTransport()
			rec := mockAll(mt, jsonResponder(200, `{"id":"cus_1"}`))
			opts := append([]rebilly.Option{rebilly.WithAPIKey(testAPIKey), rebilly.WithHTTPClient(&http.Client{Transport: mt})}, tt.opts...)
			c, err := rebilly.NewClient(opts...)
			require.NoError(t, err)
			_, _, err = c.Customers.Get(context.Background(), "cus_1", nil)
			require.NoError(t, err)
			got := rec.last(t)
			assert.Equal(t, tt.wantURL, got.URL)
			assert.Equal(t, testAPIKey, got.Header.Get("REB-APIKEY"), "the configured origin gets the key")
		})
	}
}

// TestWithHTTPClientIsUsedAndNotChanged: requests go through the caller's
// client and transport, and the caller's client is left as it was.
func TestWithHTTPClientIsUsedAndNotChanged(t *testing.T) {
	mt := httpmock.NewMockTransport()
	rec := mockAll(mt, jsonResponder(200, `[]`))
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	redirects := 0
	checkRedirect := func(*http.Request, []*http.Request) error { redirects++; return nil }
	hc := &http.Client{Transport: mt, Timeout: 7 * time.Second, Jar: jar, CheckRedirect: checkRedirect}

	c, err := rebilly.NewClient(rebilly.WithAPIKey(testAPIKey), rebilly.WithBaseURL(testBaseURL), rebilly.WithHTTPClient(hc))
	require.NoError(t, err)
	_, _, err = c.Customers.List(context.Background(), nil)
	require.NoError(t, err)

	assert.Equal(t, 1, mt.GetTotalCallCount(), "the request went through the caller's transport")
	assert.Equal(t, testAPIKey, rec.last(t).Header.Get("REB-APIKEY"))
	assert.Same(t, mt, hc.Transport.(*httpmock.MockTransport), "the caller's Transport was replaced")
	assert.Equal(t, 7*time.Second, hc.Timeout)
	assert.Same(t, jar, hc.Jar.(*cookiejar.Jar))
	require.NotNil(t, hc.CheckRedirect)
	require.NoError(t, hc.CheckRedirect(nil, nil))
	assert.Equal(t, 1, redirects, "the caller's CheckRedirect was replaced")
}

// TestUserAgent pins the User-Agent with and without WithUserAgent.
func TestUserAgent(t *testing.T) {
	sdk := "rebilly-go/" + rebilly.Version
	for _, tt := range []struct {
		name string
		opts []rebilly.Option
		want string
	}{
		{"SDK only", nil, sdk},
		{"application prefix", []rebilly.Option{rebilly.WithUserAgent("shop/2.1 (+https://shop.example)")}, "shop/2.1 (+https://shop.example) " + sdk},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newMockClient(t, tt.opts...)
			rec := mockAll(mt, jsonResponder(200, `[]`))
			_, _, err := c.Customers.List(context.Background(), nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, rec.last(t).Header.Get("User-Agent"))
		})
	}
}
