package rebillytest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

func TestWithGeneratedCustomers(t *testing.T) {
	srv := newServer(t, rebillytest.WithGeneratedCustomers(1000))
	ctx := context.Background()
	c := srv.Client()

	page, resp, err := c.Customers.List(ctx, &rebilly.CustomerListParams{Limit: 1000, Sort: []string{"createdTime"}})
	require.NoError(t, err)
	require.Len(t, page, 1000)
	assert.Equal(t, 1000, resp.Pagination.Total)
	for i, cu := range page {
		require.Equal(t, rebillytest.GeneratedID(i), cu.ID)
		require.True(t, rebillytest.GeneratedCreatedTime(i).Equal(cu.CreatedTime), "customer %d", i)
	}
	assert.True(t, page[0].CreatedTime.Equal(page[1].CreatedTime), "customers share a createdTime in pairs")
	assert.False(t, page[1].CreatedTime.Equal(page[2].CreatedTime))

	// Every field the API returns is filled, and the seeds pass the fake's
	// own checks (NewServer would have panicked otherwise).
	cu := page[7]
	assert.NotEmpty(t, cu.Email)
	assert.NotEmpty(t, cu.FirstName)
	assert.NotEmpty(t, cu.PrimaryAddress.City)
	assert.Len(t, cu.PrimaryAddress.Emails, 2)
	assert.Len(t, cu.PrimaryAddress.PhoneNumbers, 2)
	assert.Len(t, cu.CustomFields, 10)
	assert.NotNil(t, cu.Company)
	assert.GreaterOrEqual(t, len(cu.Tags), 2)
	assert.NotNil(t, cu.LifetimeRevenue)
	assert.NotNil(t, cu.DefaultPaymentInstrument)
	assert.NotEmpty(t, cu.TaxNumbers)
	assert.NotEmpty(t, cu.Links)

	// The same data every time.
	again := newServer(t, rebillytest.WithGeneratedCustomers(1000))
	assert.Equal(t, srv.Customers()[500], again.Customers()[500])
}
