package rebilly_test

// Finding customers the ways other customer APIs allow (by name, email,
// phone, address parts, organization, custom field, external ID and partial
// text), each as a search against rebillytest: the rows of the README's
// "Finding customers" table. Each row says its basis: documented (Rebilly's
// filter guide, query guide or API definition say the API does this) or
// assumed (rebillytest does it, but Rebilly documents it nowhere, so a
// test relying on it proves nothing about production).

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// basis says what a search capability rests on.
type basis string

const (
	documented basis = "documented"
	assumed    basis = "assumed by rebillytest"
)

func TestFindCustomersLikeOtherCustomerAPIs(t *testing.T) {
	// Tags are read-only in the API, so the tagged customer is seeded.
	srv := rebillytest.NewServer(rebillytest.WithCustomers(&rebilly.Customer{
		ID: "crm-1000", Tags: []rebilly.Tag{{Name: "vip", Type: "customer"}},
		TaxNumbers: []rebilly.TaxNumber{{Type: "other", Value: "TX-42"}},
	}), rebillytest.WithCustomFields("customers", rebillytest.CustomFieldDefinition{Name: "plan", Type: "string"}))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	upsert := func(id string, addr rebilly.Contact, custom map[string]any) {
		t.Helper()
		_, _, err := client.Customers.Upsert(ctx, id, &rebilly.CustomerInput{PrimaryAddress: &addr, CustomFields: custom})
		require.NoError(t, err)
	}
	upsert("crm-1001", rebilly.Contact{
		FirstName: "Ada", LastName: "Lovelace", Organization: "Analytical Engines",
		Address: "12 St James Square", City: "London", Region: "Greater London", PostalCode: "SW1Y 4JH", Country: "GB",
		Emails:       []rebilly.Email{{Label: "work", Value: "ada@engines.example", Primary: true}},
		PhoneNumbers: []rebilly.PhoneNumber{{Label: "mobile", Value: "+44 20 7946 0001", Primary: true}},
	}, map[string]any{"plan": "gold"})
	upsert("crm-1002", rebilly.Contact{
		FirstName: "Grace", LastName: "Hopper", Organization: "Navy Computing",
		Address: "1 Compiler Way", City: "Arlington", Region: "Virginia", PostalCode: "22201", Country: "US",
		Emails:       []rebilly.Email{{Label: "work", Value: "grace@navy.example", Primary: true}},
		PhoneNumbers: []rebilly.PhoneNumber{{Label: "office", Value: "+1 703 555 0142"}},
	}, map[string]any{"plan": "silver"})
	upsert("crm-1003", rebilly.Contact{
		FirstName: "Alan", LastName: "Turing", Organization: "Bletchley Park",
		Address: "The Mansion", City: "Milton Keynes", Region: "Buckinghamshire", PostalCode: "MK3 6EB", Country: "GB",
		Emails: []rebilly.Email{{Label: "home", Value: "alan@bletchley.example", Primary: true}},
	}, map[string]any{"plan": "gold"})

	search := func(t *testing.T, params *rebilly.CustomerListParams) []string {
		t.Helper()
		var ids []string
		for c, err := range client.Customers.All(ctx, params) {
			require.NoError(t, err)
			ids = append(ids, c.ID)
		}
		return ids
	}
	byFilter := func(t *testing.T, f rebilly.Filter) []string {
		t.Helper()
		s, err := f.Build()
		require.NoError(t, err)
		return search(t, &rebilly.CustomerListParams{Filter: s})
	}

	tests := []struct {
		name   string
		basis  basis
		filter rebilly.Filter
		raw    string // a filter the builder does not write, used when set
		want   []string
	}{
		{"first name", documented, rebilly.Filter{}.Equal("primaryAddress.firstName", "grace"), "", []string{"crm-1002"}},
		{"top-level first name", documented, rebilly.Filter{}.Equal("firstName", "Ada"), "", []string{"crm-1001"}},
		{"last name", documented, rebilly.Filter{}.Equal("lastName", "Turing"), "", []string{"crm-1003"}},
		{"contact's last name", documented, rebilly.Filter{}.Equal("primaryAddress.lastName", "turing"), "", []string{"crm-1003"}},
		{"several names", documented, rebilly.Filter{}.Equal("firstName", "Ada", "Grace"), "", []string{"crm-1001", "crm-1002"}},
		{"none of several names", documented, rebilly.Filter{}, "firstName:!Ada,!Grace", []string{"crm-1000", "crm-1003"}},
		{"none of several names, older form", documented, rebilly.Filter{}, "firstName:!Ada,Grace", []string{"crm-1000", "crm-1003"}},
		{"custom field", documented, rebilly.Filter{}.Equal("customFields.plan", "gold"), "", []string{"crm-1001", "crm-1003"}},
		{"time range", documented, rebilly.Filter{}, "createdTime:2000-01-01T00:00:00.5Z..", []string{"crm-1000", "crm-1001", "crm-1002", "crm-1003"}},
		{"email", assumed, rebilly.Filter{}.Equal("email", "ADA@engines.example"), "", []string{"crm-1001"}},
		{"phone", assumed, rebilly.Filter{}.Equal("primaryAddress.phoneNumbers.value", "+1 703 555 0142"), "", []string{"crm-1002"}},
		{"street", assumed, rebilly.Filter{}.Equal("primaryAddress.address", "The Mansion"), "", []string{"crm-1003"}},
		{"city", assumed, rebilly.Filter{}.Equal("primaryAddress.city", "London"), "", []string{"crm-1001"}},
		{"region", assumed, rebilly.Filter{}.Equal("primaryAddress.region", "Virginia"), "", []string{"crm-1002"}},
		{"postal code", assumed, rebilly.Filter{}.Equal("primaryAddress.postalCode", "MK3 6EB"), "", []string{"crm-1003"}},
		{"country", assumed, rebilly.Filter{}.Equal("primaryAddress.country", "GB"), "", []string{"crm-1001", "crm-1003"}},
		{"organization", assumed, rebilly.Filter{}.Equal("primaryAddress.organization", "Navy Computing"), "", []string{"crm-1002"}},
		{"several fields", assumed, rebilly.Filter{}.Equal("primaryAddress.country", "GB").NotEqual("customFields.plan", "gold"), "", nil},
		{"external ID as a filter", assumed, rebilly.Filter{}.Equal("id", "crm-1002"), "", []string{"crm-1002"}},
		{"tag", assumed, rebilly.Filter{}.Equal("tags.name", "VIP"), "", []string{"crm-1000"}},
		{"tax number", assumed, rebilly.Filter{}.Equal("taxNumbers.value", "TX-42"), "", []string{"crm-1000"}},
		{"text range", assumed, rebilly.Filter{}, "lastName:a..m", []string{"crm-1001", "crm-1002"}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" ("+string(tt.basis)+")", func(t *testing.T) {
			if tt.raw != "" {
				assert.Equal(t, tt.want, search(t, &rebilly.CustomerListParams{Filter: tt.raw}))
				return
			}
			assert.Equal(t, tt.want, byFilter(t, tt.filter))
		})
	}

	// Documented: the external ID is the customer ID (API definition).
	t.Run("external ID lookup", func(t *testing.T) {
		c, _, err := client.Customers.Get(ctx, "crm-1001", nil)
		require.NoError(t, err)
		assert.Equal(t, "ada@engines.example", c.Email)
	})
	// Documented: q is partial text search (API definition); the fields it
	// searches are assumed.
	t.Run("partial text", func(t *testing.T) {
		assert.Equal(t, []string{"crm-1002"}, search(t, &rebilly.CustomerListParams{Q: "HOPP"}))
		assert.Equal(t, []string{"crm-1001", "crm-1003"}, search(t, &rebilly.CustomerListParams{Q: "gb"}), "country code is a text field")
		assert.Equal(t, []string{"crm-1003"}, search(t, &rebilly.CustomerListParams{Q: "bletchley"}))
	})
}
