package rebillytest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// Each body breaks the rules in the listed fields, one entry per field.
func TestCustomerValidation(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))
	long := func(n int) string { return strings.Repeat("é", n) } // two bytes, one character each
	cases := []struct {
		name, body string
		fields     []string
	}{
		{"first name 45 characters is fine", `{"primaryAddress":{"firstName":"` + long(45) + `"}}`, nil},
		{"first name 46 characters", `{"primaryAddress":{"firstName":"` + long(46) + `"}}`, []string{"primaryAddress.firstName"}},
		{"lengths", `{"primaryAddress":{"lastName":"` + long(46) + `","organization":"` + long(256) + `","address":"` + long(61) +
			`","address2":"` + long(61) + `","city":"` + long(46) + `","region":"` + long(46) + `","jobTitle":"` + long(256) + `"}}`,
			[]string{"primaryAddress.lastName", "primaryAddress.organization", "primaryAddress.address", "primaryAddress.address2",
				"primaryAddress.city", "primaryAddress.region", "primaryAddress.jobTitle"}},
		{"empty texts", `{"primaryAddress":{"firstName":"","city":""}}`, []string{"primaryAddress.firstName", "primaryAddress.city"}},
		{"null texts are fine", `{"primaryAddress":{"firstName":null,"country":null,"dob":null},"locale":null,"personId":null}`, nil},
		{"country pattern", `{"primaryAddress":{"country":"gb"}}`, []string{"primaryAddress.country"}},
		{"country too long", `{"primaryAddress":{"country":"GBR"}}`, []string{"primaryAddress.country"}},
		{"postal code pattern", `{"primaryAddress":{"postalCode":"SW1A#1AA"}}`, []string{"primaryAddress.postalCode"}},
		{"postal code length", `{"primaryAddress":{"postalCode":"12345 67890"}}`, []string{"primaryAddress.postalCode"}},
		{"dob format", `{"primaryAddress":{"dob":"01/04/1980"}}`, []string{"primaryAddress.dob"}},
		{"dob impossible date", `{"primaryAddress":{"dob":"1980-02-30"}}`, []string{"primaryAddress.dob"}},
		{"email format", `{"primaryAddress":{"emails":[{"label":"a","value":"ada@example.com"},{"label":"b","value":"not an email"}]}}`,
			[]string{"primaryAddress.emails.1.value"}},
		{"email and phone required members", `{"primaryAddress":{"emails":[{"value":"a@example.com"}],"phoneNumbers":[{"label":"x"}]}}`,
			[]string{"primaryAddress.phoneNumbers.0.value", "primaryAddress.emails.0.label"}},
		{"phone lengths", `{"primaryAddress":{"phoneNumbers":[{"label":"` + long(46) + `","value":"` + strings.Repeat("1", 51) + `"}]}}`,
			[]string{"primaryAddress.phoneNumbers.0.label", "primaryAddress.phoneNumbers.0.value"}},
		{"notification emails", `{"notificationEmails":["ok@example.com","nope"]}`, []string{"notificationEmails.1"}},
		{"tax number enum and required", `{"taxNumbers":[{"type":"vat","value":"1"},{"type":"other"}]}`,
			[]string{"taxNumbers.1.value", "taxNumbers.0.type"}},
		{"locale", `{"locale":"not a locale!"}`, []string{"locale"}},
		{"locale loosely", `{"locale":"pt_BR"}`, nil},
		{"ID lengths", `{"websiteId":"` + strings.Repeat("w", 51) + `","personId":"` + strings.Repeat("p", 51) +
			`","preferredPayoutInstrumentId":"` + strings.Repeat("i", 51) + `","defaultPaymentInstrumentId":"` + strings.Repeat("d", 51) + `"}`,
			[]string{"websiteId", "defaultPaymentInstrumentId", "preferredPayoutInstrumentId", "personId"}},
		{"lead source", `{"leadSource":{"referrer":"not a uri","campaign":"` + long(513) + `"}}`, []string{"leadSource.campaign", "leadSource.referrer"}},
		{"wrong JSON types", `{"websiteId":5,"customFields":[],"primaryAddress":"London","locale":true,"taxNumbers":{},"leadSource":"ads",
			"personId":1.5,"notificationEmails":"a@example.com","paymentToken":null}`,
			[]string{"websiteId", "paymentToken", "customFields", "primaryAddress", "locale", "taxNumbers", "leadSource", "personId", "notificationEmails"}},
		{"wrong nested types", `{"primaryAddress":{"city":12,"emails":[{"label":"a","value":"a@example.com","primary":"yes"},"b"]}}`,
			[]string{"primaryAddress.city", "primaryAddress.emails.0.primary", "primaryAddress.emails.1"}},
		{"malformed JSON", `{"primaryAddress":`, []string{"body"}},
		{"trailing data", `{} {}`, []string{"body"}},
		{"not an object", `["a"]`, []string{"body"}},
		{"no body", ``, []string{"body"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, req := range []struct{ method, path string }{{"POST", "/customers"}, {"PUT", "/customers/cus_1"}} {
				r := do(t, srv, req.method, req.path, tc.body)
				if tc.fields == nil {
					assert.Contains(t, []int{200, 201}, r.Status, "%s %s: %s", req.method, req.path, r.Body)
					continue
				}
				require.Equal(t, http.StatusUnprocessableEntity, r.Status, "%s %s: %s", req.method, req.path, r.Body)
				p := r.problem(t)
				assert.Equal(t, "Invalid data", p.Title)
				assert.Equal(t, tc.fields, p.fields(), "%s %s", req.method, req.path)
				for _, f := range p.InvalidFields {
					assert.NotEmpty(t, f.Message, f.Field)
				}
			}
		})
	}
	c, _ := srv.Customer("cus_1")
	assert.Empty(t, c.WebsiteID, "a refused PUT changes nothing")
}

func TestValidationThroughTheSDK(t *testing.T) {
	srv := newServer(t)
	_, _, err := srv.Client().Customers.Create(context.Background(), &rebilly.CustomerInput{
		PrimaryAddress: &rebilly.Contact{Country: "Britain", PostalCode: "!!", Emails: []rebilly.Email{{Label: "main", Value: "ada"}}},
	})
	require.ErrorIs(t, err, rebilly.ErrValidation)
	e := apiError(t, err)
	assert.Equal(t, http.StatusUnprocessableEntity, e.Status)
	assert.Equal(t, []rebilly.InvalidField{
		{Field: "primaryAddress.country", Message: "must be an ISO 3166 alpha-2 country code of two capital letters, such as GB"},
		{Field: "primaryAddress.postalCode", Message: "must contain only letters, digits, spaces and hyphens"},
		{Field: "primaryAddress.emails.0.value", Message: "must be a valid email address"},
	}, e.InvalidFields)
	assert.Empty(t, srv.Customers())
}

func TestLeadSourceValidation(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))
	for body, fields := range map[string][]string{
		`{"source":5}`:                  {"source"},
		`{"referrer":"/relative/path"}`: {"referrer"},
		`{"referrer":"https://x.example/` + strings.Repeat("a", 2083) + `"}`: {"referrer"},
		`{"medium":"` + strings.Repeat("m", 513) + `","path":[]}`:            {"path", "medium"},
		`{"medium":"` + strings.Repeat("m", 513) + `"}`:                      {"medium"},
		`not json`: {"body"},
		``:         {"body"},
	} {
		r := do(t, srv, http.MethodPut, "/customers/cus_1/lead-source", body)
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, body)
		assert.Equal(t, fields, r.problem(t).fields(), body)
	}
	r := do(t, srv, http.MethodPut, "/customers/cus_1/lead-source", `{"source":null,"referrer":"https://example.com","original":{"source":"ignored"},"createdTime":"x"}`)
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	ls, _ := srv.LeadSource("cus_1")
	assert.Equal(t, "https://example.com", ls.Referrer)
	assert.Equal(t, "https://example.com", ls.Original.Referrer, "a sent original is ignored")
}

func TestPathIDValidation(t *testing.T) {
	srv := newServer(t)
	for _, path := range []string{
		"/customers/bad%20id",
		"/customers/" + strings.Repeat("a", 51),
		"/customers/caf%C3%A9",
		"/customers/a%2Fb",
		"/customers/bad%20id/lead-source",
	} {
		for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
			r := do(t, srv, method, path, `{}`)
			require.Equal(t, http.StatusUnprocessableEntity, r.Status, "%s %s", method, path)
			assert.Equal(t, []string{"id"}, r.problem(t).fields(), "%s %s", method, path)
		}
	}
	r := do(t, srv, http.MethodPut, "/customers/"+strings.Repeat("a", 50), `{}`)
	assert.Equal(t, http.StatusCreated, r.Status, "50 characters is the maximum")
	r = do(t, srv, http.MethodPut, "/customers/a@b~c-d.e_f", `{}`)
	assert.Equal(t, http.StatusCreated, r.Status, "the pattern's punctuation")
}

func TestTooLargeBody(t *testing.T) {
	srv := newServer(t)
	r := do(t, srv, http.MethodPost, "/customers", `{"websiteId":"`+strings.Repeat("x", 9<<20)+`"}`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.Status)
	r.problem(t)
}
