package rebilly_test

// Read-only members (Contact.Hash, TaxNumber.IsValid) never reach the wire,
// even when a fetched customer's parts are reused directly in an input
// rather than through Customer.Input.

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

const fetchedCustomer = `{"id":"cus_1","primaryAddress":{"firstName":"Ada","city":"Oslo","hash":"0123456789abcdef"},` +
	`"taxNumbers":[{"type":"eu-vat","value":"NO123","isDefault":true,"isValid":true},{"type":"other","value":"X","isValid":false}]}`

func TestReadOnlyMembersAreNotSent(t *testing.T) {
	ctx := context.Background()
	c, mt := newMockClient(t)
	rec := mockAll(mt, declaredResponder(fetchedCustomer))
	fetched, _, err := c.Customers.Get(ctx, "cus_1", nil)
	require.NoError(t, err)
	require.Equal(t, "0123456789abcdef", fetched.PrimaryAddress.Hash)
	require.NotNil(t, fetched.TaxNumbers[0].IsValid)

	const want = `{"primaryAddress":{"firstName":"Ada","city":"Oslo"},` +
		`"taxNumbers":[{"type":"eu-vat","value":"NO123","isDefault":true},{"type":"other","value":"X"}]}`
	reuse := func() *rebilly.CustomerInput {
		return &rebilly.CustomerInput{PrimaryAddress: fetched.PrimaryAddress, TaxNumbers: fetched.TaxNumbers}
	}

	_, _, err = c.Customers.Upsert(ctx, "cus_1", reuse())
	require.NoError(t, err)
	assert.Equal(t, want, string(rec.last(t).Body), "Upsert")

	_, _, err = c.Customers.Create(ctx, reuse())
	require.NoError(t, err)
	assert.Equal(t, want, string(rec.last(t).Body), "Create")

	_, err = c.Customers.UpsertMany(ctx, []rebilly.CustomerUpsert{{ID: "cus_1", Input: reuse()}}, nil)
	require.NoError(t, err)
	assert.Equal(t, want, string(rec.last(t).Body), "UpsertMany")

	// Also when the body is encoded with nulls.
	in := reuse()
	in.NullFields = []string{"Locale"}
	_, _, err = c.Customers.Upsert(ctx, "cus_1", in)
	require.NoError(t, err)
	assert.Equal(t, `{"primaryAddress":{"firstName":"Ada","city":"Oslo"},"locale":null,`+
		`"taxNumbers":[{"type":"eu-vat","value":"NO123","isDefault":true},{"type":"other","value":"X"}]}`, string(rec.last(t).Body))

	// Sending leaves the fetched customer as it was.
	assert.Equal(t, "0123456789abcdef", fetched.PrimaryAddress.Hash)
	require.NotNil(t, fetched.TaxNumbers[0].IsValid)
	assert.True(t, *fetched.TaxNumbers[0].IsValid)
	require.NotNil(t, fetched.TaxNumbers[1].IsValid)
}

// TestFetchedLeadSourceReused: a fetched lead source's writable part sent
// back carries none of its read-only members.
func TestFetchedLeadSourceReused(t *testing.T) {
	ctx := context.Background()
	c, mt := newMockClient(t)
	rec := mockAll(mt, declaredResponder(`{"source":"google","medium":"cpc","createdTime":"2025-01-01T00:00:00Z",`+
		`"_links":[{"href":"h","rel":"self"}],"original":{"source":"bing"}}`))
	ls, _, err := c.LeadSources.Get(ctx, "cus_1")
	require.NoError(t, err)
	_, _, err = c.LeadSources.Upsert(ctx, "cus_1", &ls.LeadSourceInput)
	require.NoError(t, err)
	assert.Equal(t, `{"medium":"cpc","source":"google"}`, string(rec.last(t).Body))
}
