package rebillytest_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

var customerIDPattern = regexp.MustCompile(`^cus_[0-9A-HJKMNP-TV-Z]{26}$`)

func TestCreate(t *testing.T) {
	clock := rebillytest.NewClock(day(5, 10))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithCustomFields("customers",
		rebillytest.CustomFieldDefinition{Name: "plan", Type: "string"}, rebillytest.CustomFieldDefinition{Name: "seats", Type: "integer"}))
	client := srv.Client()
	ctx := context.Background()

	c, resp, err := client.Customers.Create(ctx, &rebilly.CustomerInput{
		PrimaryAddress: contact("Ada", "Lovelace", "ada@example.com"),
		CustomFields:   map[string]any{"plan": "gold", "seats": 3},
		Locale:         rebilly.Ptr("en-GB"),
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Regexp(t, customerIDPattern, c.ID)
	assert.Equal(t, srv.URL+"/customers/"+c.ID, resp.Header.Get("Location"))
	assert.Equal(t, 1, c.Revision)
	assert.Equal(t, day(5, 10), c.CreatedTime)
	assert.Equal(t, day(5, 10), c.UpdatedTime)
	assert.Equal(t, "ada@example.com", c.Email)
	assert.Equal(t, "Ada", c.FirstName)
	assert.Equal(t, "Lovelace", c.LastName)
	assert.Equal(t, "en-GB", c.Locale)
	assert.Equal(t, rebillytest.DefaultOrganizationID, c.OrganizationID)
	assert.Equal(t, rebilly.Links{{Href: srv.URL + "/customers/" + c.ID, Rel: "self"}}, c.Links)
	assert.Len(t, c.PrimaryAddress.Hash, 40, "the contact hash is set")

	stored, ok := srv.Customer(c.ID)
	require.True(t, ok)
	assert.Equal(t, "gold", stored.CustomFields["plan"])
	assert.Equal(t, "3", toString(stored.CustomFields["seats"]), "numbers survive as JSON numbers")

	// Two creates give two customers with different IDs.
	c2, _, err := client.Customers.Create(ctx, &rebilly.CustomerInput{})
	require.NoError(t, err)
	assert.NotEqual(t, c.ID, c2.ID)
	assert.Len(t, srv.Customers(), 2)
}

func toString(v any) string {
	b, _ := codec.Marshal(v)
	return string(b)
}

func TestUpsertCreatesThenReplaces(t *testing.T) {
	clock := rebillytest.NewClock(day(1, 9))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithCustomFields("customers", rebillytest.CustomFieldDefinition{Name: "tier", Type: "string"}))
	client := srv.Client()
	ctx := context.Background()

	first, resp, err := client.Customers.Upsert(ctx, "crm-42", &rebilly.CustomerInput{
		WebsiteID:      "web_1",
		PrimaryAddress: &rebilly.Contact{FirstName: "Mary", LastName: "Jackson", City: "Hampton", Country: "US"},
		CustomFields:   map[string]any{"tier": "a"},
		TaxNumbers:     []rebilly.TaxNumber{{Type: "other", Value: "123"}},
		Locale:         rebilly.Ptr("en-US"),
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, srv.URL+"/customers/crm-42", resp.Header.Get("Location"))
	assert.Equal(t, "crm-42", first.ID)
	assert.Equal(t, 1, first.Revision)

	clock.Advance(time.Hour)
	second, resp, err := client.Customers.Upsert(ctx, "crm-42", &rebilly.CustomerInput{
		PrimaryAddress: &rebilly.Contact{FirstName: "Mary", LastName: "Jackson-Smith"},
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("Location"), "an update has no Location")
	assert.Equal(t, 2, second.Revision)
	assert.Equal(t, day(1, 9), second.CreatedTime, "createdTime is kept")
	assert.Equal(t, day(1, 10), second.UpdatedTime, "updatedTime is the clock's time")
	assert.Equal(t, "Jackson-Smith", second.LastName)

	// PUT replaces every writable field: those left out go to defaults.
	assert.Empty(t, second.WebsiteID)
	assert.Empty(t, second.CustomFields)
	assert.Empty(t, second.TaxNumbers)
	assert.Empty(t, second.Locale)
	assert.Empty(t, second.PrimaryAddress.City)

	// Every PUT is a change, even an identical one.
	clock.Advance(time.Minute)
	third, _, err := client.Customers.Upsert(ctx, "crm-42", second.Input())
	require.NoError(t, err)
	assert.Equal(t, 3, third.Revision)
	assert.Equal(t, day(1, 10).Add(time.Minute), third.UpdatedTime)
}

func TestReadOnlyFieldsInBodiesAreIgnored(t *testing.T) {
	srv := newServer(t)
	body := `{"id":"cus_mine","email":"x@example.com","firstName":"X","lastName":"Y","createdTime":"2000-01-01T00:00:00Z",
		"updatedTime":"2000-01-01T00:00:00Z","revision":99,"tags":[{"name":"vip","type":"customer"}],"paymentCount":7,
		"invoiceCount":3,"hasFulfilledKyc":true,"organizationId":"org_other","_links":[{"rel":"self","href":"x"}],
		"averageValue":{"currency":"USD","amount":5},"defaultPaymentInstrument":{"method":"ach","paymentInstrumentId":"inst_1"},
		"primaryAddress":{"firstName":"Real","hash":"0000"}}`

	for _, tc := range []struct{ method, path string }{{"POST", "/customers"}, {"PUT", "/customers/chosen-id"}} {
		t.Run(tc.method, func(t *testing.T) {
			resp := do(t, srv, tc.method, tc.path, body)
			require.Equal(t, http.StatusCreated, resp.Status, "%s", resp.Body)
			var c rebilly.Customer
			require.NoError(t, codec.Unmarshal(resp.Body, &c))
			assert.NotEqual(t, "cus_mine", c.ID)
			assert.Empty(t, c.Email)
			assert.Equal(t, "Real", c.FirstName, "names come from primaryAddress")
			assert.Empty(t, c.LastName)
			assert.NotEqual(t, 2000, c.CreatedTime.Year())
			assert.Equal(t, 1, c.Revision)
			assert.Empty(t, c.Tags)
			assert.Zero(t, c.PaymentCount)
			assert.Zero(t, c.InvoiceCount)
			assert.False(t, c.HasFulfilledKYC)
			assert.Equal(t, rebillytest.DefaultOrganizationID, c.OrganizationID)
			assert.Nil(t, c.AverageValue)
			assert.Nil(t, c.DefaultPaymentInstrument)
			assert.NotEqual(t, "0000", c.PrimaryAddress.Hash)
		})
	}
	_, ok := srv.Customer("cus_mine")
	assert.False(t, ok)
}

func TestEmailAndNamesComeFromThePrimaryAddress(t *testing.T) {
	srv := newServer(t)
	client := srv.Client()
	ctx := context.Background()
	cases := []struct {
		name   string
		emails []rebilly.Email
		want   string
	}{
		{"primary wins", []rebilly.Email{{Label: "a", Value: "first@example.com"}, {Label: "b", Value: "primary@example.com", Primary: true}}, "primary@example.com"},
		{"else the first", []rebilly.Email{{Label: "a", Value: "first@example.com"}, {Label: "b", Value: "second@example.com"}}, "first@example.com"},
		{"none", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _, err := client.Customers.Upsert(ctx, "derived", &rebilly.CustomerInput{
				PrimaryAddress: &rebilly.Contact{FirstName: "Zoë", LastName: "Ng", Emails: tc.emails},
			})
			require.NoError(t, err)
			assert.Equal(t, tc.want, c.Email)
			assert.Equal(t, "Zoë", c.FirstName)
			assert.Equal(t, "Ng", c.LastName)
		})
	}
	c, _, err := client.Customers.Upsert(ctx, "derived", &rebilly.CustomerInput{})
	require.NoError(t, err)
	assert.Empty(t, c.Email+c.FirstName+c.LastName, "no primary address, no names")
}

func TestWriteOnlyFields(t *testing.T) {
	srv := newServer(t, rebillytest.WithPaymentInstruments(rebillytest.PaymentInstrument{ID: "inst_abc", Method: "ach"}))
	client := srv.Client()
	ctx := context.Background()

	c, resp, err := client.Customers.Upsert(ctx, "pay", &rebilly.CustomerInput{DefaultPaymentInstrumentID: rebilly.Ptr("inst_abc")})
	require.NoError(t, err)
	require.NotNil(t, c.DefaultPaymentInstrument)
	assert.Equal(t, rebilly.PaymentInstrumentRef{Method: "ach", PaymentInstrumentID: "inst_abc"}, *c.DefaultPaymentInstrument,
		"the instrument's own method")
	raw := string(srv.Requests()[0].ResponseBody)
	assert.NotContains(t, raw, "defaultPaymentInstrumentId")
	_ = resp

	// A token wins over an ID and becomes a generated instrument.
	c, _, err = client.Customers.Upsert(ctx, "pay", &rebilly.CustomerInput{
		PaymentToken: "tok_secret", DefaultPaymentInstrumentID: rebilly.Ptr("inst_abc"),
		LeadSource: &rebilly.LeadSourceInput{Source: "ads"},
	})
	require.NoError(t, err)
	assert.Regexp(t, `^inst_[0-9A-Z]{26}$`, c.DefaultPaymentInstrument.PaymentInstrumentID)
	raw = string(srv.Requests()[1].ResponseBody)
	assert.NotContains(t, raw, "tok_secret")
	assert.NotContains(t, raw, "paymentToken")
	assert.NotContains(t, raw, `"leadSource":{`, "the lead source is not returned in the customer")
	assert.Contains(t, raw, `"rel":"leadSource"`, "but linked")
	ls, ok := srv.LeadSource("pay")
	require.True(t, ok)
	assert.Equal(t, "ads", ls.Source)

	// Left out, the write-only fields change nothing.
	kept, _, err := client.Customers.Upsert(ctx, "pay", &rebilly.CustomerInput{})
	require.NoError(t, err)
	assert.Equal(t, c.DefaultPaymentInstrument, kept.DefaultPaymentInstrument)
	_, ok = srv.LeadSource("pay")
	assert.True(t, ok)

	// An explicit null clears the default instrument.
	r := do(t, srv, http.MethodPut, "/customers/pay", `{"defaultPaymentInstrumentId":null}`)
	require.Equal(t, http.StatusOK, r.Status)
	got, _ := srv.Customer("pay")
	assert.Nil(t, got.DefaultPaymentInstrument)
}

func TestGet(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1", PrimaryAddress: contact("Ada", "Lovelace", "ada@example.com")}))
	client := srv.Client()
	ctx := context.Background()

	c, resp, err := client.Customers.Get(ctx, "cus_1", nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Ada", c.FirstName)

	_, resp, err = client.Customers.Get(ctx, "cus_2", nil)
	assert.ErrorIs(t, err, rebilly.ErrNotFound)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	p := rawResponse{Status: 404, Header: resp.Header, Body: apiError(t, err).Body}
	assert.Equal(t, "application/json", p.Header.Get("Content-Type"))
	assert.Equal(t, "Customer cus_2 was not found.", apiError(t, err).Detail)

	c, _, err = client.Customers.Get(ctx, "cus_1", &rebilly.CustomerGetParams{Fields: []string{"email", "lastName"}})
	require.NoError(t, err)
	assert.Equal(t, &rebilly.Customer{ID: "cus_1", Email: "ada@example.com", LastName: "Lovelace"}, c)
}

func TestOrganizationPaths(t *testing.T) {
	srv := newServer(t)
	client := srv.Client(rebilly.WithOrganization("org_acme"))
	ctx := context.Background()

	c, resp, err := client.Customers.Upsert(ctx, "cus_org", &rebilly.CustomerInput{})
	require.NoError(t, err)
	assert.Equal(t, "org_acme", c.OrganizationID)
	assert.Equal(t, srv.URL+"/organizations/org_acme/customers/cus_org", resp.Header.Get("Location"))
	assert.Equal(t, srv.URL+"/organizations/org_acme/customers/cus_org", c.Links[0].Href)
	assert.Equal(t, "/organizations/org_acme/customers/cus_org", srv.Requests()[0].Path)

	// Organizations share nothing: the bare paths (the default
	// organization) and another organization do not know the customer.
	for _, other := range []*rebilly.Client{srv.Client(), srv.Client(rebilly.WithOrganization("org_other"))} {
		_, _, err = other.Customers.Get(ctx, "cus_org", nil)
		require.ErrorIs(t, err, rebilly.ErrNotFound)
		page, _, err := other.Customers.List(ctx, nil)
		require.NoError(t, err)
		assert.Empty(t, page)
	}
	_, ok := srv.Customer("cus_org")
	assert.False(t, ok, "Handler.Customer reads the default organization")
	got, ok := srv.Organization("org_acme").Customer("cus_org")
	require.True(t, ok)
	assert.Equal(t, "org_acme", got.OrganizationID)

	r := do(t, srv, http.MethodGet, "/organizations/bad%20org/customers", "")
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodGet, "/nowhere", http.StatusNotFound, ""},
		{http.MethodGet, "/customers/", http.StatusNotFound, ""},
		{http.MethodGet, "/customers/a/b", http.StatusNotFound, ""},
		{http.MethodPatch, "/customers/a", http.StatusMethodNotAllowed, "GET, PUT, DELETE"},
		{http.MethodDelete, "/customers", http.StatusMethodNotAllowed, "GET, POST"},
		{http.MethodPost, "/customers/a/lead-source", http.StatusMethodNotAllowed, "GET, PUT, DELETE"},
	} {
		r := do(t, srv, tc.method, tc.path, "")
		assert.Equal(t, tc.status, r.Status, "%s %s", tc.method, tc.path)
		r.problem(t)
		assert.Equal(t, tc.allow, r.Header.Get("Allow"))
	}
}

func TestMergeDelete(t *testing.T) {
	clock := rebillytest.NewClock(day(10, 0))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithCustomers(
		&rebilly.Customer{ID: "dup", CreatedTime: day(1, 0), CustomFields: map[string]any{"a": "from-dup", "b": "from-dup"},
			Tags: []rebilly.Tag{{Name: "VIP", Type: "customer"}, {Name: "beta", Type: "customer"}}},
		&rebilly.Customer{ID: "keep", CreatedTime: day(2, 0), Revision: 4, CustomFields: map[string]any{"a": "kept"},
			Tags: []rebilly.Tag{{Name: "vip", Type: "customer"}}},
		&rebilly.Customer{ID: "other", CreatedTime: day(3, 0)},
	), rebillytest.WithLeadSource("dup", &rebilly.LeadSourceInput{Campaign: "dup-campaign"}))
	client := srv.Client()
	ctx := context.Background()

	resp, err := client.Customers.MergeDelete(ctx, "dup", "keep")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)

	_, ok := srv.Customer("dup")
	assert.False(t, ok)
	keep, ok := srv.Customer("keep")
	require.True(t, ok)
	assert.Equal(t, rebilly.CustomFieldValues{"a": "kept", "b": "from-dup"}, keep.CustomFields, "custom fields the target lacks")
	var tags []string
	for _, tag := range keep.Tags {
		tags = append(tags, tag.Name)
	}
	// VIP and vip are one tag (names are unique ignoring case), spelt as
	// first seeded.
	assert.Equal(t, []string{"VIP", "beta"}, tags, "tags the target lacks, by name ignoring case")
	assert.Equal(t, 5, keep.Revision)
	assert.Equal(t, day(10, 0), keep.UpdatedTime)
	ls, ok := srv.LeadSource("keep")
	require.True(t, ok, "the lead source moved")
	assert.Equal(t, "dup-campaign", ls.Campaign)
	assert.Equal(t, "dup-campaign", ls.Original.Campaign)

	_, _, err = client.Customers.Get(ctx, "dup", nil)
	assert.ErrorIs(t, err, rebilly.ErrNotFound)
	_, _, err = client.LeadSources.Get(ctx, "dup")
	assert.ErrorIs(t, err, rebilly.ErrNotFound)
	_, err = client.Customers.MergeDelete(ctx, "dup", "keep")
	assert.ErrorIs(t, err, rebilly.ErrNotFound)

	// The ID stays reserved.
	_, _, err = client.Customers.Upsert(ctx, "dup", &rebilly.CustomerInput{})
	assert.ErrorIs(t, err, rebilly.ErrConflict)
	assert.Equal(t, http.StatusConflict, apiError(t, err).Status)

	// A target with a lead source keeps its own.
	_, _, err = client.LeadSources.Upsert(ctx, "other", &rebilly.LeadSourceInput{Campaign: "other-campaign"})
	require.NoError(t, err)
	_, err = client.Customers.MergeDelete(ctx, "keep", "other")
	require.NoError(t, err)
	ls, _ = srv.LeadSource("other")
	assert.Equal(t, "other-campaign", ls.Campaign)

	// Unknown target.
	_, err = client.Customers.MergeDelete(ctx, "other", "nobody")
	assert.ErrorIs(t, err, rebilly.ErrNotFound)
	assert.Contains(t, apiError(t, err).Detail, "nobody")
	_, ok = srv.Customer("other")
	assert.True(t, ok, "a failed merge deletes nothing")
}

func TestMergeDeleteTargetValidation(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{ID: "a"}, &rebilly.Customer{ID: "b"}))
	for _, path := range []string{
		"/customers/a",
		"/customers/a?targetCustomerId=",
		"/customers/a?targetCustomerId=a",
		"/customers/a?targetCustomerId=bad%20id",
	} {
		r := do(t, srv, http.MethodDelete, path, "")
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, path)
		assert.Equal(t, []string{"targetCustomerId"}, r.problem(t).fields(), path)
	}
	assert.Len(t, srv.Customers(), 2)
}

func TestNotFoundIsAProblem(t *testing.T) {
	srv := newServer(t)
	_, _, err := srv.Client().Customers.Get(context.Background(), "ghost", nil)
	var apiErr *rebilly.Error
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, "Not Found", apiErr.Title)
	assert.Contains(t, apiErr.Type, "://")
}
