package rebillytest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

func TestLeadSourceLifecycle(t *testing.T) {
	clock := rebillytest.NewClock(day(3, 8))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1", CreatedTime: day(1, 0)}))
	client := srv.Client()
	ctx := context.Background()

	_, resp, err := client.LeadSources.Get(ctx, "cus_1")
	assert.ErrorIs(t, err, rebilly.ErrNotFound, "no lead source yet")
	assert.Equal(t, "Customer cus_1 has no lead source.", apiError(t, err).Detail)
	_ = resp

	ls, resp, err := client.LeadSources.Upsert(ctx, "cus_1", &rebilly.LeadSourceInput{
		Source: "google", Medium: "cpc", Campaign: "spring", Referrer: "https://www.example.com/ad?x=1",
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, srv.URL+"/customers/cus_1/lead-source", resp.Header.Get("Location"))
	assert.Equal(t, "spring", ls.Campaign)
	assert.Equal(t, day(3, 8), ls.CreatedTime)
	assert.Equal(t, day(3, 8), ls.UpdatedTime)
	require.NotNil(t, ls.Original)
	assert.Equal(t, "spring", ls.Original.Campaign, "the first lead source is the original")
	assert.Equal(t, rebilly.Links{
		{Href: srv.URL + "/customers/cus_1/lead-source", Rel: "self"},
		{Href: srv.URL + "/customers/cus_1", Rel: "customer"},
	}, ls.Links)
	c, _ := srv.Customer("cus_1")
	assert.Equal(t, 2, c.Revision, "a lead-source change is a customer change")
	assert.Equal(t, day(3, 8), c.UpdatedTime)

	clock.Advance(time.Hour)
	ls, resp, err = client.LeadSources.Upsert(ctx, "cus_1", &rebilly.LeadSourceInput{Source: "newsletter", Campaign: "summer"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode, "the spec declares 201 for a replacement too")
	assert.Equal(t, "summer", ls.Campaign)
	assert.Empty(t, ls.Medium, "a PUT replaces the whole lead source")
	assert.Equal(t, day(3, 8), ls.CreatedTime)
	assert.Equal(t, day(3, 9), ls.UpdatedTime)
	assert.Equal(t, "spring", ls.Original.Campaign)
	assert.Equal(t, "cpc", ls.Original.Medium)

	got, _, err := client.LeadSources.Get(ctx, "cus_1")
	require.NoError(t, err)
	assert.Equal(t, ls, got)

	resp, err = client.LeadSources.Delete(ctx, "cus_1")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	_, _, err = client.LeadSources.Get(ctx, "cus_1")
	assert.ErrorIs(t, err, rebilly.ErrNotFound)
	_, err = client.LeadSources.Delete(ctx, "cus_1")
	assert.ErrorIs(t, err, rebilly.ErrNotFound, "nothing left to delete")
	c, _ = srv.Customer("cus_1")
	assert.Equal(t, 4, c.Revision)

	// The original survives a delete.
	ls, _, err = client.LeadSources.Upsert(ctx, "cus_1", &rebilly.LeadSourceInput{Campaign: "autumn"})
	require.NoError(t, err)
	assert.Equal(t, "spring", ls.Original.Campaign)
	assert.Equal(t, day(3, 9), ls.CreatedTime, "a new lead source after a delete is created anew")
}

func TestLeadSourceOfUnknownCustomer(t *testing.T) {
	srv := newServer(t)
	client := srv.Client()
	ctx := context.Background()
	_, _, err := client.LeadSources.Get(ctx, "ghost")
	assert.ErrorIs(t, err, rebilly.ErrNotFound)
	_, _, err = client.LeadSources.Upsert(ctx, "ghost", &rebilly.LeadSourceInput{Source: "x"})
	assert.ErrorIs(t, err, rebilly.ErrNotFound)
	_, err = client.LeadSources.Delete(ctx, "ghost")
	assert.ErrorIs(t, err, rebilly.ErrNotFound)
	assert.Empty(t, srv.Customers(), "setting a lead source creates no customer")
}

func TestExpandLeadSource(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{ID: "with", CreatedTime: day(1, 0)}, &rebilly.Customer{ID: "without", CreatedTime: day(2, 0)}),
		rebillytest.WithLeadSource("with", &rebilly.LeadSourceInput{Affiliate: "partner-7"}))
	client := srv.Client()
	ctx := context.Background()

	c, _, err := client.Customers.Get(ctx, "with", &rebilly.CustomerGetParams{Expand: []string{"leadSource"}})
	require.NoError(t, err)
	ls, err := c.EmbeddedLeadSource()
	require.NoError(t, err)
	require.NotNil(t, ls)
	assert.Equal(t, "partner-7", ls.Affiliate)
	assert.Equal(t, "partner-7", ls.Original.Affiliate)

	c, _, err = client.Customers.Get(ctx, "with", nil)
	require.NoError(t, err)
	assert.Nil(t, c.Embedded, "embedded only when expanded")

	page, _, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Expand: []string{"leadSource"}, Sort: []string{"createdTime"}})
	require.NoError(t, err)
	require.Len(t, page, 2)
	ls, _ = page[0].EmbeddedLeadSource()
	require.NotNil(t, ls)
	assert.Equal(t, "partner-7", ls.Affiliate)
	ls, _ = page[1].EmbeddedLeadSource()
	assert.Nil(t, ls)

	// Fields and expand together keep the embedded object.
	c, _, err = client.Customers.Get(ctx, "with", &rebilly.CustomerGetParams{Expand: []string{"leadSource"}, Fields: []string{"revision"}})
	require.NoError(t, err)
	ls, _ = c.EmbeddedLeadSource()
	require.NotNil(t, ls)

	for _, path := range []string{"/customers/with?expand=invoices", "/customers?expand=leadSource,paymentInstruments"} {
		r := do(t, srv, http.MethodGet, path, "")
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, path)
		assert.Equal(t, []string{"expand"}, r.problem(t).fields())
	}
}
