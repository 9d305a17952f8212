package rebillytest_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// The places where the fake follows the API rather than what would be
// easier: times at whole seconds, negated filter lists, expand, payment
// instruments, rate-limit headers and organizations.

func TestTimesAtWholeSeconds(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 678_000_000, time.UTC)
	second := start.Truncate(time.Second)
	paid := start.Add(time.Hour)
	clock := rebillytest.NewClock(start)
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithCustomers(&rebilly.Customer{
		ID: "seeded", CreatedTime: start.Add(-999 * time.Millisecond), LastPaymentTime: &paid,
		Tags: []rebilly.Tag{{Name: "vip", Type: "customer", CreatedTime: start}},
	}))
	client := srv.Client()
	ctx := context.Background()

	seeded, ok := srv.Customer("seeded")
	require.True(t, ok)
	assert.Equal(t, second.Add(-time.Second), seeded.CreatedTime, "seeded times are cut to whole seconds")
	assert.Equal(t, paid.Truncate(time.Second), *seeded.LastPaymentTime)
	assert.Equal(t, second, seeded.Tags[0].CreatedTime)

	// Customers created within one second share its createdTime, as they do
	// in a bulk import against the API.
	var ids []string
	for range 3 {
		c, _, err := client.Customers.Create(ctx, &rebilly.CustomerInput{LeadSource: &rebilly.LeadSourceInput{Source: "ads"}})
		require.NoError(t, err)
		assert.Equal(t, second, c.CreatedTime)
		assert.Equal(t, second, c.UpdatedTime)
		ids = append(ids, c.ID)
		clock.Advance(100 * time.Millisecond)
	}
	raw := string(srv.Requests()[0].ResponseBody)
	assert.Contains(t, raw, `"createdTime":"2026-01-02T03:04:05Z"`, "served without a fraction")
	ls, _ := srv.LeadSource(ids[0])
	assert.Equal(t, second, ls.CreatedTime)

	// Filters compare at whole seconds: a fraction in the value is dropped.
	for filter, want := range map[string]int{
		"createdTime:2026-01-02T03:04:05.9Z":            3,
		"createdTime:2026-01-02T03:04:05.9Z..":          3,
		"createdTime:..2026-01-02T03:04:05.1Z":          4,
		"createdTime:..2026-01-02T03:04:04.999Z":        1,
		"updatedTime:2026-01-02T03:04:05.5Z":            4, // the seed's too: it defaults to the clock
		"createdTime:!2026-01-02T03:04:05.123456789Z":   1,
		"lastPaymentTime:2026-01-02T04:04:05.001+00:00": 1,
	} {
		page, _, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Filter: filter})
		require.NoError(t, err, filter)
		assert.Len(t, page, want, filter)
	}
}

func TestNegatedFilterLists(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(
		&rebilly.Customer{ID: "john", PrimaryAddress: contact("John", "A", "")},
		&rebilly.Customer{ID: "bob", PrimaryAddress: contact("Bob", "B", "")},
		&rebilly.Customer{ID: "ann", PrimaryAddress: contact("Ann", "C", "")},
	))
	client := srv.Client()
	ctx := context.Background()
	ids := func(filter string) []string {
		page, _, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Filter: filter, Sort: []string{"lastName"}})
		require.NoError(t, err, filter)
		var out []string
		for _, c := range page {
			out = append(out, c.ID)
		}
		return out
	}
	assert.Equal(t, []string{"bob", "ann"}, ids("firstName:!John"))
	assert.Equal(t, []string{"ann"}, ids("firstName:!John,!Bob"), "the current guide's form excludes both")
	assert.Equal(t, []string{"ann"}, ids("firstName:!John,Bob"), "the older guide's form excludes both too")
	assert.Equal(t, []string{"john", "bob"}, ids("firstName:John,Bob"))

	for _, filter := range []string{"firstName:John,!Bob", "firstName:Ann,Bob,!John"} {
		r := do(t, srv, http.MethodGet, "/customers?filter="+url.QueryEscape(filter), "")
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, filter)
		p := r.problem(t)
		require.Equal(t, []string{"filter"}, p.fields())
		assert.Contains(t, p.InvalidFields[0].Message, "mixes plain and negated values", filter)
	}
}

func TestExpandWebsiteAndDefaultPaymentInstrument(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(
		&rebilly.Customer{ID: "full", CreatedTime: day(1, 0), WebsiteID: "web_1",
			DefaultPaymentInstrument: &rebilly.PaymentInstrumentRef{Method: "ach", PaymentInstrumentID: "inst_1"}},
		&rebilly.Customer{ID: "bare", CreatedTime: day(2, 0)},
	))
	client := srv.Client()
	ctx := context.Background()
	expand := []string{"website", "defaultPaymentInstrument"}

	c, _, err := client.Customers.Get(ctx, "full", &rebilly.CustomerGetParams{Expand: expand})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"web_1"}`, string(c.Embedded["website"]))
	assert.JSONEq(t, `{"id":"inst_1","method":"ach","customerId":"full"}`, string(c.Embedded["defaultPaymentInstrument"]))
	rels := map[string]string{}
	for _, l := range c.Links {
		rels[l.Rel] = l.Href
	}
	assert.Equal(t, srv.URL+"/websites/web_1", rels["website"])
	assert.Equal(t, srv.URL+"/payment-instruments/inst_1", rels["defaultPaymentInstrument"])

	page, _, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Expand: expand, Sort: []string{"createdTime"}})
	require.NoError(t, err)
	require.Len(t, page, 2)
	assert.Len(t, page[0].Embedded, 2)
	assert.Nil(t, page[1].Embedded, "nothing to embed for a customer without website or instrument")

	c, _, err = client.Customers.Get(ctx, "full", nil)
	require.NoError(t, err)
	assert.Nil(t, c.Embedded, "embedded only when expanded")
}

func TestDefaultPaymentInstrumentMustBeKnown(t *testing.T) {
	srv := newServer(t,
		rebillytest.WithPaymentInstruments(rebillytest.PaymentInstrument{ID: "inst_card"},
			rebillytest.PaymentInstrument{ID: "inst_elsewhere", OrganizationID: "org_other"}),
		rebillytest.WithCustomers(&rebilly.Customer{ID: "seeded",
			DefaultPaymentInstrument: &rebilly.PaymentInstrumentRef{Method: "paypal", PaymentInstrumentID: "inst_seeded"}}))
	client := srv.Client()
	ctx := context.Background()

	for _, id := range []string{"inst_unknown", "inst_elsewhere"} {
		_, _, err := client.Customers.Upsert(ctx, "cus_1", &rebilly.CustomerInput{DefaultPaymentInstrumentID: rebilly.Ptr(id)})
		require.ErrorIs(t, err, rebilly.ErrValidation, id)
		e := apiError(t, err)
		require.Len(t, e.InvalidFields, 1)
		assert.Equal(t, "defaultPaymentInstrumentId", e.InvalidFields[0].Field)
	}
	_, ok := srv.Customer("cus_1")
	assert.False(t, ok, "a refused write stores nothing")

	for id, method := range map[string]string{"inst_card": "payment-card", "inst_seeded": "paypal"} {
		c, _, err := client.Customers.Upsert(ctx, "cus_1", &rebilly.CustomerInput{DefaultPaymentInstrumentID: rebilly.Ptr(id)})
		require.NoError(t, err, id)
		assert.Equal(t, rebilly.PaymentInstrumentRef{Method: method, PaymentInstrumentID: id}, *c.DefaultPaymentInstrument)
	}

	// A payment token makes an instrument that customers can name later.
	c, _, err := client.Customers.Create(ctx, &rebilly.CustomerInput{PaymentToken: "tok_1", DefaultPaymentInstrumentID: rebilly.Ptr("inst_unknown")})
	require.NoError(t, err, "a token wins over the ID, which is then not checked")
	made := c.DefaultPaymentInstrument.PaymentInstrumentID
	c, _, err = client.Customers.Upsert(ctx, "cus_2", &rebilly.CustomerInput{DefaultPaymentInstrumentID: rebilly.Ptr(made)})
	require.NoError(t, err)
	assert.Equal(t, "payment-card", c.DefaultPaymentInstrument.Method)

	// The other organization knows its own instrument.
	_, _, err = srv.Client(rebilly.WithOrganization("org_other")).Customers.Upsert(ctx, "cus_1",
		&rebilly.CustomerInput{DefaultPaymentInstrumentID: rebilly.Ptr("inst_elsewhere")})
	require.NoError(t, err)
}

func TestWriteAnswersCarryRateLimitHeaders(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{ID: "keep"}))
	writes := []struct {
		method, path, body string
		status             int
	}{
		{http.MethodPost, "/customers", `{}`, http.StatusCreated},
		{http.MethodPost, "/customers", `{"locale":5}`, http.StatusUnprocessableEntity},
		{http.MethodPut, "/customers/dup", `{}`, http.StatusCreated},
		{http.MethodPut, "/customers/dup", `{}`, http.StatusOK},
		{http.MethodPut, "/customers/dup/lead-source", `{"source":"ads"}`, http.StatusCreated},
		{http.MethodDelete, "/customers/dup/lead-source", "", http.StatusNoContent},
		{http.MethodDelete, "/customers/dup?targetCustomerId=keep", "", http.StatusNoContent},
		{http.MethodDelete, "/customers/dup?targetCustomerId=keep", "", http.StatusNotFound},
	}
	for i, w := range writes {
		r := do(t, srv, w.method, w.path, w.body)
		require.Equal(t, w.status, r.Status, "%s %s: %s", w.method, w.path, r.Body)
		assert.Equal(t, strconv.Itoa(rebillytest.DefaultRateLimit), r.Header.Get("X-RateLimit-Limit"), "%s %s", w.method, w.path)
		assert.Equal(t, strconv.Itoa(rebillytest.DefaultRateLimit-i-1), r.Header.Get("X-RateLimit-Remaining"), "%s %s", w.method, w.path)
	}
	for _, path := range []string{"/customers", "/customers/keep", "/customers/keep/lead-source"} {
		r := do(t, srv, http.MethodGet, path, "")
		assert.Empty(t, r.Header.Get("X-RateLimit-Limit"), "reads are not limited: %s", path)
	}
}

func TestOrganizationsShareNothing(t *testing.T) {
	srv := newServer(t, rebillytest.WithRateLimit(1, time.Hour),
		rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_a", OrganizationID: "org_a"}),
		rebillytest.WithLeadSource("cus_a", &rebilly.LeadSourceInput{Source: "seeded"}))
	ctx := context.Background()
	a := srv.Client(rebilly.WithOrganization("org_a"), rebilly.WithMaxRetries(0))
	b := srv.Client(rebilly.WithOrganization("org_b"), rebilly.WithMaxRetries(0))
	bare := srv.Client(rebilly.WithMaxRetries(0))

	// A seeded customer lives in its OrganizationID, with its lead source.
	got, _, err := a.Customers.Get(ctx, "cus_a", nil)
	require.NoError(t, err)
	assert.Equal(t, "org_a", got.OrganizationID)
	ls, _, err := a.LeadSources.Get(ctx, "cus_a")
	require.NoError(t, err)
	assert.Equal(t, "seeded", ls.Source)
	for _, other := range []*rebilly.Client{b, bare} {
		_, _, err = other.Customers.Get(ctx, "cus_a", nil)
		assert.ErrorIs(t, err, rebilly.ErrNotFound)
		_, _, err = other.LeadSources.Get(ctx, "cus_a")
		assert.ErrorIs(t, err, rebilly.ErrNotFound)
	}

	// The same ID in two organizations is two customers; a merge does not
	// cross organizations; each organization has its own rate limit.
	_, resp, err := b.Customers.Upsert(ctx, "cus_a", &rebilly.CustomerInput{WebsiteID: "web_b"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode, "created in org_b, not updated")
	assert.Equal(t, 0, resp.RateLimit.Remaining)
	_, err = bare.Customers.MergeDelete(ctx, "cus_a", "cus_x")
	assert.ErrorIs(t, err, rebilly.ErrNotFound, "the default organization has no cus_a")
	_, _, err = b.Customers.Upsert(ctx, "cus_b", &rebilly.CustomerInput{})
	assert.ErrorIs(t, err, rebilly.ErrRateLimited, "org_b used its one write")
	_, _, err = a.Customers.Upsert(ctx, "cus_a", &rebilly.CustomerInput{})
	require.NoError(t, err, "org_a has its own limit")

	inA, _ := srv.Organization("org_a").Customer("cus_a")
	inB, _ := srv.Organization("org_b").Customer("cus_a")
	assert.Empty(t, inA.WebsiteID)
	assert.Equal(t, "web_b", inB.WebsiteID)
	assert.Len(t, srv.Organization("org_b").Customers(), 1)
	assert.Empty(t, srv.Customers())
	_, ok := srv.Organization("org_b").LeadSource("cus_a")
	assert.False(t, ok)

	page, _, err := a.Customers.List(ctx, &rebilly.CustomerListParams{Filter: "organizationId:org_b"})
	require.NoError(t, err)
	assert.Empty(t, page, "no filter reaches another organization")
}
