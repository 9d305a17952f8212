package rebilly_test

// sort, expand and fields are arrays with style: form, explode: false in
// the definition: one parameter, items joined by literal commas.

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

func TestListsAreSentWithLiteralCommas(t *testing.T) {
	c, mt := newMockClient(t)
	var rawQueries []string
	rec := mockAll(mt, sequence(jsonResponder(200, `[]`), jsonResponder(200, `{"id":"cus_1"}`)))
	_, _, err := c.Customers.List(context.Background(), &rebilly.CustomerListParams{
		Sort:   []string{rebilly.Desc("createdTime"), rebilly.Asc("lastName")},
		Expand: []string{"leadSource", "website"},
		Fields: []string{"id", "primaryAddress"},
		Filter: "primaryAddress.firstName:John,Bill;lastName:Doe",
		Q:      "a&b c",
	})
	require.NoError(t, err)
	_, _, err = c.Customers.Get(context.Background(), "cus_1", &rebilly.CustomerGetParams{
		Expand: []string{"leadSource", "website"},
		Fields: []string{"id", "email"},
	})
	require.NoError(t, err)
	for _, r := range rec.all() {
		rawQueries = append(rawQueries, queryOf(r.URL))
	}
	assert.Equal(t, []string{
		// Filter is a plain string: its commas and semicolons stay escaped.
		"expand=leadSource,website&fields=id,primaryAddress&filter=primaryAddress.firstName%3AJohn%2CBill%3BlastName%3ADoe&q=a%26b+c&sort=-createdTime,lastName",
		"expand=leadSource,website&fields=id,email",
	}, rawQueries)
}

// TestListItemsAreEscapedOneByOne: an item's own special characters are
// escaped; only the separators are literal commas.
func TestListItemsAreEscapedOneByOne(t *testing.T) {
	c, mt := newMockClient(t)
	rec := mockAll(mt, jsonResponder(200, `[]`))
	_, _, err := c.Customers.List(context.Background(), &rebilly.CustomerListParams{
		Sort: []string{"customFields.a%2Cb", "x&y=z"},
	})
	require.NoError(t, err)
	raw := queryOf(rec.last(t).URL)
	assert.Equal(t, "sort=customFields.a%252Cb,x%26y%3Dz", raw)
	assert.Equal(t, []string{"customFields.a%2Cb,x&y=z"}, rec.last(t).Query["sort"], "the server reads the items back")

	// An item with a comma of its own is refused before anything is sent.
	_, _, err = c.Customers.List(context.Background(), &rebilly.CustomerListParams{Sort: []string{"a,b"}})
	assert.ErrorIs(t, err, rebilly.ErrInvalidInput)
	assert.Equal(t, 1, rec.count())
}

func queryOf(rawURL string) string {
	_, q, _ := strings.Cut(rawURL, "?")
	return q
}
