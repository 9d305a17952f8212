package rebillytest_test

import (
	"context"
	"testing"
	"time"

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
	// Clustered as bulk imports are: many customers a second, some
	// seconds holding more than a page of 100.
	groups := map[time.Time]int{}
	for _, cu := range page {
		require.Zero(t, cu.CreatedTime.Nanosecond(), "whole seconds")
		groups[cu.CreatedTime]++
	}
	largest, single := 0, 0
	for _, n := range groups {
		largest = max(largest, n)
		if n == 1 {
			single++
		}
	}
	assert.Greater(t, largest, 100, "a group larger than a page")
	assert.Less(t, largest, 1100, "every group crossable by offset at a page of 100")
	assert.Positive(t, single, "and customers alone in their second")
	assert.Less(t, len(groups), 100, "about 40 customers a second on average")

	// Every field the API returns is filled, and the seeds pass the fake's
	// own checks (NewServer would have panicked otherwise).
	cu := page[7]
	assert.NotEmpty(t, cu.Email)
	assert.NotEmpty(t, cu.FirstName)
	assert.NotEmpty(t, cu.PrimaryAddress.City)
	assert.Len(t, cu.PrimaryAddress.Emails, 2)
	assert.Len(t, cu.PrimaryAddress.PhoneNumbers, 2)
	assert.Len(t, cu.CustomFields, 11)
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
