package rebilly_test

// Finding customers the ways other customer APIs allow (by name, email,
// phone, address parts, organization, custom field, external ID and partial
// text), each as a search against rebillytest.

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

func TestFindCustomersLikeOtherCustomerAPIs(t *testing.T) {
	srv := rebillytest.NewServer()
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
		filter rebilly.Filter
		want   []string
	}{
		{"first name", rebilly.Filter{}.Equal("primaryAddress.firstName", "grace"), []string{"crm-1002"}},
		{"last name", rebilly.Filter{}.Equal("lastName", "Turing"), []string{"crm-1003"}},
		{"email", rebilly.Filter{}.Equal("email", "ADA@engines.example"), []string{"crm-1001"}},
		{"phone", rebilly.Filter{}.Equal("primaryAddress.phoneNumbers.value", "+1 703 555 0142"), []string{"crm-1002"}},
		{"street", rebilly.Filter{}.Equal("primaryAddress.address", "The Mansion"), []string{"crm-1003"}},
		{"city", rebilly.Filter{}.Equal("primaryAddress.city", "London"), []string{"crm-1001"}},
		{"region", rebilly.Filter{}.Equal("primaryAddress.region", "Virginia"), []string{"crm-1002"}},
		{"postal code", rebilly.Filter{}.Equal("primaryAddress.postalCode", "MK3 6EB"), []string{"crm-1003"}},
		{"country", rebilly.Filter{}.Equal("primaryAddress.country", "GB"), []string{"crm-1001", "crm-1003"}},
		{"organization", rebilly.Filter{}.Equal("primaryAddress.organization", "Navy Computing"), []string{"crm-1002"}},
		{"custom field", rebilly.Filter{}.Equal("customFields.plan", "gold"), []string{"crm-1001", "crm-1003"}},
		{"several fields", rebilly.Filter{}.Equal("primaryAddress.country", "GB").NotEqual("customFields.plan", "gold"), nil},
		{"external ID", rebilly.Filter{}.Equal("id", "crm-1002"), []string{"crm-1002"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, byFilter(t, tt.filter))
		})
	}

	t.Run("external ID lookup", func(t *testing.T) {
		c, _, err := client.Customers.Get(ctx, "crm-1001", nil)
		require.NoError(t, err)
		assert.Equal(t, "ada@engines.example", c.Email)
	})
	t.Run("partial text", func(t *testing.T) {
		assert.Equal(t, []string{"crm-1002"}, search(t, &rebilly.CustomerListParams{Q: "HOPP"}))
		assert.Equal(t, []string{"crm-1001", "crm-1003"}, search(t, &rebilly.CustomerListParams{Q: "gb"}), "country code is a text field")
		assert.Equal(t, []string{"crm-1003"}, search(t, &rebilly.CustomerListParams{Q: "bletchley"}))
	})
}
