package rebilly_test

// Path and query injection: IDs and filter or search values with the
// characters that could change a request's meaning arrive exactly as meant,
// checked on the path and query a server reads from the request line the
// client sends (the recorder parses it as net/http's server does).

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// TestAllowedIDsReachTheIntendedPath: IDs the API's pattern allows, made of
// its punctuation, are sent as one path segment, unchanged.
func TestAllowedIDsReachTheIntendedPath(t *testing.T) {
	c, mt := newMockClient(t)
	rec := mockAll(mt, func(r *http.Request) (*http.Response, error) {
		if r.Method == http.MethodDelete {
			return httpmock.NewStringResponse(http.StatusNoContent, ""), nil
		}
		return jsonResponder(200, `{"id":"x"}`)(r)
	})
	ctx := context.Background()
	for _, id := range []string{"...", "a..b", "a.", ".a", "@", "~", "-", "_", "@~-._", "cus.1@example.com", "A1"} {
		t.Run(id, func(t *testing.T) {
			before := rec.count()
			_, _, err := c.Customers.Get(ctx, id, nil)
			require.NoError(t, err)
			_, _, err = c.Customers.Upsert(ctx, id, &rebilly.CustomerInput{})
			require.NoError(t, err)
			_, err = c.LeadSources.Delete(ctx, id)
			require.NoError(t, err)
			_, err = c.Customers.MergeDelete(ctx, id, "keep")
			require.NoError(t, err)

			reqs := rec.all()[before:]
			require.Len(t, reqs, 4)
			assert.Equal(t, "/customers/"+id, reqs[0].Path)
			assert.Equal(t, "/customers/"+id, reqs[1].Path)
			assert.Equal(t, "/customers/"+id+"/lead-source", reqs[2].Path)
			assert.Equal(t, "/customers/"+id, reqs[3].Path)
			assert.Equal(t, map[string][]string{"targetCustomerId": {"keep"}}, reqs[3].Query)
			for _, r := range reqs[:3] {
				assert.Empty(t, r.Query, "no query")
			}
		})
	}
}

// TestQueryValuesArriveExactly: filter and q values with '/', "..", '?',
// '#', '%', '&', '=', '+', spaces, control characters and non-ASCII text
// arrive as one parameter each, unchanged, and add no parameter.
func TestQueryValuesArriveExactly(t *testing.T) {
	c, mt := newMockClient(t)
	rec := mockAll(mt, func(r *http.Request) (*http.Response, error) {
		if r.URL.Path == "/customers" {
			return jsonResponder(200, `[]`)(r)
		}
		return jsonResponder(200, `{"id":"cus_1"}`)(r)
	})
	values := []string{
		"a/b", "../../organizations/other", "x?limit=1000", "x#frag", "100%", "%2F", "a&offset=5", "a=b",
		"a+b", "two words", " lead", "tab\there", "new\nline", "nul\x00", "Zoë", "李雷", "😀", "\u202etxt",
	}
	ctx := context.Background()
	for _, v := range values {
		t.Run(v, func(t *testing.T) {
			before := rec.count()
			// A raw filter: the builder refuses ".." (a range) by design.
			_, _, err := c.Customers.List(ctx, &rebilly.CustomerListParams{Filter: "primaryAddress.city:" + v, Q: v, Limit: 7})
			require.NoError(t, err)
			_, _, err = c.Customers.Get(ctx, "cus_1", &rebilly.CustomerGetParams{Fields: []string{v}})
			require.NoError(t, err)

			reqs := rec.all()[before:]
			require.Len(t, reqs, 2)
			assert.Equal(t, "/customers", reqs[0].Path)
			assert.Equal(t, map[string][]string{"filter": {"primaryAddress.city:" + v}, "q": {v}, "limit": {"7"}}, reqs[0].Query)
			assert.Equal(t, "/customers/cus_1", reqs[1].Path)
			assert.Equal(t, map[string][]string{"fields": {v}}, reqs[1].Query)
		})
	}
}
