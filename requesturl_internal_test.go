package rebilly

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parsedRequestURL is the URL requestURL must return: what url.Parse reads
// from the concatenation, with an empty port dropped.
func parsedRequestURL(base, path, query string) (*url.URL, error) {
	raw := base + path
	if query != "" {
		raw += "?" + query
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	u.Host = strings.TrimSuffix(u.Host, ":")
	return u, nil
}

var requestURLBases = []string{
	"https://api.rebilly.com",
	"http://127.0.0.1:8080/prefix/organizations/org_1",
	"https://api.test:",
	"https://proxy.test/a%20b",
	"https://proxy.test/caf%C3%A9",
}

var requestURLCases = []struct{ path, query string }{
	{"/customers/cus_1", ""},
	{"/customers", "limit=100&offset=0&sort=-createdTime"},
	{"/customers", "filter=email%3Aa%40b.test&q=x+y"},
	{"/customers/a.b~c_d-e@f", ""},
	{"/customers/a%2Fb", ""},
	{"/customers/caf%C3%A9", ""},
	{"/customers/a b", ""},
	{"/customers", "q=a#b"},
	{"/customers", "q=a;b"},
	{"/customers", "q=%zz"},
	{"/customers/%zz", ""},
	{"/customers/\x7f", ""},
}

// TestRequestURLIsWhatURLParseReads checks the URL requestURL makes,
// without parsing or not, against url.Parse's, and that the services'
// paths and queries need no parsing.
func TestRequestURLIsWhatURLParseReads(t *testing.T) {
	for _, base := range requestURLBases {
		b, err := newBaseURL(base)
		require.NoError(t, err)
		for _, c := range requestURLCases {
			want, wantErr := parsedRequestURL(base, c.path, c.query)
			got, err := b.requestURL(c.path, c.query)
			if wantErr != nil {
				assert.Error(t, err, "%s %s ? %s", base, c.path, c.query)
				continue
			}
			require.NoError(t, err, "%s %s ? %s", base, c.path, c.query)
			assert.Equal(t, want, got, "%s %s ? %s", base, c.path, c.query)
		}
	}
	b, err := newBaseURL("https://api.rebilly.com/organizations/org_1")
	require.NoError(t, err)
	assert.True(t, b.plain)
	assert.True(t, plainURLPart("/customers/cus_1-a.b~c_d@e/lead-source", false))
	assert.True(t, plainURLPart("filter=email%3Aa%40b.test&limit=100&sort=-createdTime", true))
}

// FuzzRequestURL checks requestURL against url.Parse for any path and
// query.
func FuzzRequestURL(f *testing.F) {
	for i, c := range requestURLCases {
		f.Add(uint8(i), c.path, c.query)
	}
	f.Fuzz(func(t *testing.T, base uint8, path, query string) {
		raw := requestURLBases[int(base)%len(requestURLBases)]
		b, err := newBaseURL(raw)
		if err != nil {
			t.Fatal(err)
		}
		want, wantErr := parsedRequestURL(raw, path, query)
		got, err := b.requestURL(path, query)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%q %q: error %v, url.Parse's %v", path, query, err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q %q: %#v, url.Parse reads %#v", path, query, got, want)
		}
	})
}

// TestPlainRequestURLIsNotParsed: a service's path and query are made into
// a URL without url.Parse: one allocation, the URL, where parsing the
// concatenation takes two (the concatenation and the URL).
func TestPlainRequestURLIsNotParsed(t *testing.T) {
	b, err := newBaseURL("https://api.rebilly.com")
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := b.requestURL("/customers/cus_1", "limit=10&offset=0"); err != nil {
			t.Fatal(err)
		}
	})
	assert.Equal(t, 1.0, allocs)
}
