package rebilly_test

// _embedded and _links as the API may send them: _embedded as an object
// keyed by relation (the current definition) or as an array of such objects
// (the older API reference), and odd shapes of either that must not fail the
// customer nor its page.

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

const (
	embeddedAsObject = `{"leadSource":{"source":"google","medium":"cpc"},"website":{"id":"web_1"}}`
	embeddedAsArray  = `[{"leadSource":{"source":"google","medium":"cpc"}},{"website":{"id":"web_1"}}]`
)

// TestEmbeddedBothShapesThroughGetAndList: both documented shapes of
// _embedded decode into the same Customer.Embedded, through Get and List,
// and EmbeddedLeadSource reads the lead source from either.
func TestEmbeddedBothShapesThroughGetAndList(t *testing.T) {
	for name, embedded := range map[string]string{"object": embeddedAsObject, "array": embeddedAsArray} {
		t.Run(name, func(t *testing.T) {
			customer := `{"id":"cus_1","_embedded":` + embedded + `}`
			check := func(t *testing.T, c *rebilly.Customer) {
				t.Helper()
				require.Len(t, c.Embedded, 2)
				assert.JSONEq(t, `{"id":"web_1"}`, string(c.Embedded["website"]))
				ls, err := c.EmbeddedLeadSource()
				require.NoError(t, err)
				require.NotNil(t, ls)
				assert.Equal(t, "google", ls.Source)
				assert.Equal(t, "cpc", ls.Medium)
			}

			c, mt := newMockClient(t)
			mockAll(mt, jsonResponder(200, customer))
			got, _, err := c.Customers.Get(context.Background(), "cus_1", &rebilly.CustomerGetParams{Expand: []string{"leadSource", "website"}})
			require.NoError(t, err)
			check(t, got)

			c, mt = newMockClient(t)
			mockAll(mt, jsonResponder(200, `[`+customer+`,{"id":"cus_2"}]`))
			page, _, err := c.Customers.List(context.Background(), &rebilly.CustomerListParams{Expand: []string{"leadSource"}})
			require.NoError(t, err)
			require.Len(t, page, 2)
			check(t, page[0])
			assert.Nil(t, page[1].Embedded)
		})
	}
}

// TestEmbeddedArrayMembersMerge: array members are merged by relation, a
// later member winning, and members that are not objects are dropped.
func TestEmbeddedArrayMembersMerge(t *testing.T) {
	var c rebilly.Customer
	require.NoError(t, json.Unmarshal([]byte(`{"_embedded":[{"leadSource":{"source":"a"},"website":{"id":"w"}},7,"x",null,[{"no":1}],{"leadSource":{"source":"b"}}]}`), &c))
	assert.Equal(t, rebilly.Embedded{
		"leadSource": json.RawMessage(`{"source":"b"}`),
		"website":    json.RawMessage(`{"id":"w"}`),
	}, c.Embedded)
}

// TestOddEmbeddedAndLinksDoNotFailThePage: any other shape of _embedded or
// _links leaves the rest of the customer, and the page, intact, through
// List and All.
func TestOddEmbeddedAndLinksDoNotFailThePage(t *testing.T) {
	odd := []string{`"text"`, `42`, `-1.5e3`, `true`, `null`, `[1,"x",null,[2]]`, `{}`, `[]`}
	page := "["
	for i, v := range odd {
		if i > 0 {
			page += ","
		}
		page += `{"id":"cus_` + string(rune('a'+i)) + `","revision":3,"_embedded":` + v + `,"_links":` + v + `}`
	}
	page += "]"

	c, mt := newMockClient(t)
	mockAll(mt, jsonResponder(200, page, "Pagination-Total", "8", "Pagination-Limit", "100", "Pagination-Offset", "0"))
	got, _, err := c.Customers.List(context.Background(), nil)
	require.NoError(t, err, "an odd _embedded or _links fails the page")
	require.Len(t, got, len(odd))
	for i, cus := range got {
		assert.Equal(t, "cus_"+string(rune('a'+i)), cus.ID, odd[i])
		assert.Equal(t, 3, cus.Revision, "the rest of the customer is kept with %s", odd[i])
		assert.Empty(t, cus.Embedded, odd[i])
		assert.Empty(t, cus.Links, odd[i])
		ls, err := cus.EmbeddedLeadSource()
		assert.NoError(t, err, odd[i])
		assert.Nil(t, ls, odd[i])
	}

	n := 0
	for cus, err := range c.Customers.All(context.Background(), nil) {
		require.NoError(t, err)
		assert.Equal(t, 3, cus.Revision)
		n++
	}
	assert.Equal(t, len(odd), n, "All walks the whole page")
}

// TestLinksShapes: the definition's array of links decodes as sent; other
// shapes keep what they can.
func TestLinksShapes(t *testing.T) {
	for _, tt := range []struct{ name, links string }{
		{"array, as defined", `[{"href":"https://x/c/1","rel":"self"},{"href":"https://x/c/1/lead-source","rel":"leadSource"}]`},
		{"object keyed by relation (HAL)", `{"self":{"href":"https://x/c/1"},"leadSource":[{"href":"https://x/c/1/lead-source"}],"odd":"x"}`},
		{"array with odd members", `[{"href":"https://x/c/1","rel":"self"},"x",3,null,[{}],{"href":"https://x/c/1/lead-source","rel":"leadSource","title":1}]`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var c rebilly.Customer
			require.NoError(t, json.Unmarshal([]byte(`{"id":"cus_1","_links":`+tt.links+`}`), &c))
			assert.ElementsMatch(t, rebilly.Links{
				{Href: "https://x/c/1", Rel: "self"},
				{Href: "https://x/c/1/lead-source", Rel: "leadSource"},
			}, c.Links)
		})
	}

	// An href or rel that is not a string is read as "".
	var c rebilly.Customer
	require.NoError(t, json.Unmarshal([]byte(`{"_links":[{"href":5,"rel":"self"},{"href":"h","rel":{"x":1}}]}`), &c))
	assert.Equal(t, rebilly.Links{{Rel: "self"}, {Href: "h"}}, c.Links)

	// The links of a customer's tags, company and lead source are as
	// tolerant.
	require.NoError(t, json.Unmarshal([]byte(`{"tags":[{"name":"vip","_links":"x"}],"company":{"name":"A","_links":7}}`), &c))
	assert.Equal(t, "vip", c.Tags[0].Name)
	assert.Equal(t, "A", c.Company.Name)
	var ls rebilly.LeadSource
	require.NoError(t, json.Unmarshal([]byte(`{"source":"g","_links":{"self":{"href":"h"}},"original":{"source":"o","_links":1}}`), &ls))
	assert.Equal(t, rebilly.Links{{Href: "h", Rel: "self"}}, ls.Links)
	assert.Equal(t, "o", ls.Original.Source)
}

// TestInvalidJSONInEmbeddedIsStillAnError: tolerance is about shapes, not
// syntax.
func TestInvalidJSONInEmbeddedIsStillAnError(t *testing.T) {
	for _, body := range []string{`{"_embedded":[{"a":}]}`, `{"_links":{"self":}}`, `{"_embedded":tru}`} {
		var c rebilly.Customer
		assert.Error(t, json.Unmarshal([]byte(body), &c), body)
	}
}
