package rebilly_test

// NullFields: the fields an input names there are sent as JSON null; a name
// that is not a nullable field of its struct, or a field with a value, is
// refused before anything is sent.

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// everyFieldNull names every nullable field of the inputs.
func everyFieldNull() *rebilly.CustomerInput {
	return &rebilly.CustomerInput{
		WebsiteID:  "web_1",
		NullFields: []string{"DefaultPaymentInstrumentID", "PreferredPayoutInstrumentID", "Locale", "TaxNumbers", "PersonID"},
		PrimaryAddress: &rebilly.Contact{
			FirstName:  "Ada",
			NullFields: []string{"LastName", "Organization", "Address", "Address2", "City", "Region", "Country", "PostalCode", "Dob", "JobTitle"},
		},
		LeadSource: &rebilly.LeadSourceInput{
			Source:     "google",
			NullFields: []string{"Medium", "Campaign", "Term", "Content", "Affiliate", "SubAffiliate", "SalesAgent", "ClickID", "Path", "Referrer"},
		},
	}
}

func TestNullFieldsAreSentAsNull(t *testing.T) {
	ctx := context.Background()
	c, mt := newMockClient(t)
	rec := mockAll(mt, declaredResponder(`{"id":"cus_1"}`))

	in := everyFieldNull()
	want := `{"websiteId":"web_1","defaultPaymentInstrumentId":null,"preferredPayoutInstrumentId":null,` +
		`"primaryAddress":{"firstName":"Ada","lastName":null,"organization":null,"address":null,"address2":null,"city":null,` +
		`"region":null,"country":null,"postalCode":null,"dob":null,"jobTitle":null},"locale":null,"taxNumbers":null,` +
		`"leadSource":{"medium":null,"source":"google","campaign":null,"term":null,"content":null,"affiliate":null,` +
		`"subAffiliate":null,"salesAgent":null,"clickId":null,"path":null,"referrer":null},"personId":null}`

	_, _, err := c.Customers.Upsert(ctx, "cus_1", in)
	require.NoError(t, err)
	assert.Equal(t, want, string(rec.last(t).Body), "Upsert")

	_, _, err = c.Customers.Create(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, want, string(rec.last(t).Body), "Create")

	_, err = c.Customers.UpsertMany(ctx, []rebilly.CustomerUpsert{{ID: "cus_2", Input: in}}, nil)
	require.NoError(t, err)
	assert.Equal(t, want, string(rec.last(t).Body), "UpsertMany")

	// A whole primary address cleared, and a lead source on its own.
	_, _, err = c.Customers.Upsert(ctx, "cus_1", &rebilly.CustomerInput{NullFields: []string{"PrimaryAddress"}})
	require.NoError(t, err)
	assert.Equal(t, `{"primaryAddress":null}`, string(rec.last(t).Body))

	_, _, err = c.LeadSources.Upsert(ctx, "cus_1", &rebilly.LeadSourceInput{Source: "google", NullFields: []string{"Campaign"}})
	require.NoError(t, err)
	assert.Equal(t, `{"source":"google","campaign":null}`, string(rec.last(t).Body))

	// The input is left as it was.
	assert.Len(t, in.NullFields, 5)
	assert.Equal(t, "Ada", in.PrimaryAddress.FirstName)
}

// TestNullFieldsRefused: each bad NullFields is an ErrInvalidInput naming
// the struct and field, and no request reaches the server.
func TestNullFieldsRefused(t *testing.T) {
	ctx := context.Background()
	c, mt := newMockClient(t)
	rec := mockAll(mt, declaredResponder(`{"id":"cus_1"}`))

	for _, tt := range []struct {
		name, wantInMessage string
		in                  *rebilly.CustomerInput
	}{
		{"unknown name", `CustomerInput.NullFields: "Nope"`, &rebilly.CustomerInput{NullFields: []string{"Nope"}}},
		{"JSON name rather than Go name", `"locale"`, &rebilly.CustomerInput{NullFields: []string{"locale"}}},
		{"not nullable", `"WebsiteID"`, &rebilly.CustomerInput{NullFields: []string{"WebsiteID"}}},
		{"not nullable map", `"CustomFields"`, &rebilly.CustomerInput{NullFields: []string{"CustomFields"}}},
		{"write-only token", `"PaymentToken"`, &rebilly.CustomerInput{NullFields: []string{"PaymentToken"}}},
		{"NullFields itself", `"NullFields"`, &rebilly.CustomerInput{NullFields: []string{"NullFields"}}},
		{"field with a value", "Locale has a value", &rebilly.CustomerInput{Locale: rebilly.Ptr("fr-FR"), NullFields: []string{"Locale"}}},
		{"empty string pointer is a value", "PersonID has a value", &rebilly.CustomerInput{PersonID: rebilly.Ptr(""), NullFields: []string{"PersonID"}}},
		{"address with a value", "PrimaryAddress has a value",
			&rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{City: "Oslo"}, NullFields: []string{"PrimaryAddress"}}},
		{"read-only hash", `CustomerInput.PrimaryAddress.NullFields: "Hash"`,
			&rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{NullFields: []string{"Hash"}}}},
		{"contact list", `"Emails"`, &rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{NullFields: []string{"Emails"}}}},
		{"contact field with a value", "City has a value",
			&rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{City: "Oslo", NullFields: []string{"City"}}}},
		{"lead source", `CustomerInput.LeadSource.NullFields: "CreatedTime"`,
			&rebilly.CustomerInput{LeadSource: &rebilly.LeadSourceInput{NullFields: []string{"CreatedTime"}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, resp, err := c.Customers.Upsert(ctx, "cus_1", tt.in)
			require.ErrorIs(t, err, rebilly.ErrInvalidInput)
			assert.Contains(t, err.Error(), tt.wantInMessage)
			assert.Nil(t, resp)
			_, _, err = c.Customers.Create(ctx, tt.in)
			require.ErrorIs(t, err, rebilly.ErrInvalidInput)
			results, err := c.Customers.UpsertMany(ctx, []rebilly.CustomerUpsert{{ID: "cus_1", Input: tt.in}}, nil)
			require.ErrorIs(t, err, rebilly.ErrInvalidInput)
			assert.Nil(t, results[0].Response)
		})
	}

	_, _, err := c.LeadSources.Upsert(ctx, "cus_1", &rebilly.LeadSourceInput{Source: "g", NullFields: []string{"Source", "Original"}})
	require.ErrorIs(t, err, rebilly.ErrInvalidInput)
	assert.Contains(t, err.Error(), "LeadSourceInput.NullFields: Source has a value")
	assert.Contains(t, err.Error(), `LeadSourceInput.NullFields: "Original"`, "every bad name is reported")

	assert.Equal(t, 0, rec.count(), "no request reached the server")
}

// TestNullFieldsAreNeverAMember: NullFields is not encoded, neither by the
// SDK nor by encoding/json.
func TestNullFieldsAreNeverAMember(t *testing.T) {
	in := &rebilly.CustomerInput{
		WebsiteID:      "web_1",
		NullFields:     []string{},
		PrimaryAddress: &rebilly.Contact{City: "Oslo", NullFields: []string{}},
		LeadSource:     &rebilly.LeadSourceInput{Source: "g", NullFields: []string{}},
	}
	c, mt := newMockClient(t)
	rec := mockAll(mt, declaredResponder(`{"id":"cus_1"}`))
	_, _, err := c.Customers.Upsert(context.Background(), "cus_1", in)
	require.NoError(t, err)
	assert.Equal(t, `{"websiteId":"web_1","primaryAddress":{"city":"Oslo"},"leadSource":{"source":"g"}}`, string(rec.last(t).Body))

	in.NullFields = []string{"Locale"}
	out, err := json.Marshal(in)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "NullFields")
	assert.NotContains(t, string(out), "null", "encoding an input yourself sends no nulls; the SDK adds them when it sends")
}

// TestReadModifyWriteClearsWithNullFields: the read-modify-write the
// CustomerInput doc recommends, against rebillytest: leaving
// DefaultPaymentInstrumentID out keeps the default payment instrument there,
// naming it in NullFields clears it, and a nulled locale and city are
// cleared while the rest is kept.
func TestReadModifyWriteClearsWithNullFields(t *testing.T) {
	ctx := context.Background()
	srv := rebillytest.NewServer(rebillytest.WithPaymentInstruments(rebillytest.PaymentInstrument{ID: "inst_1"}))
	defer srv.Close()
	client := srv.Client()

	_, _, err := client.Customers.Upsert(ctx, "cus_rmw", &rebilly.CustomerInput{
		DefaultPaymentInstrumentID: rebilly.Ptr("inst_1"),
		Locale:                     rebilly.Ptr("fr-FR"),
		PrimaryAddress:             &rebilly.Contact{FirstName: "Ada", City: "Oslo"},
	})
	require.NoError(t, err)

	got, _, err := client.Customers.Get(ctx, "cus_rmw", nil)
	require.NoError(t, err)
	in := got.Input()
	in.DefaultPaymentInstrumentID = nil
	got, _, err = client.Customers.Upsert(ctx, "cus_rmw", in)
	require.NoError(t, err)
	require.NotNil(t, got.DefaultPaymentInstrument, "left out, the default payment instrument is kept (rebillytest's reading)")

	in = got.Input()
	in.DefaultPaymentInstrumentID, in.Locale = nil, nil
	in.NullFields = []string{"DefaultPaymentInstrumentID", "Locale"}
	in.PrimaryAddress.City = ""
	in.PrimaryAddress.NullFields = []string{"City"}
	got, _, err = client.Customers.Upsert(ctx, "cus_rmw", in)
	require.NoError(t, err)
	assert.Nil(t, got.DefaultPaymentInstrument, "null clears it")
	assert.Empty(t, got.Locale)
	assert.Empty(t, got.PrimaryAddress.City)
	assert.Equal(t, "Ada", got.PrimaryAddress.FirstName)

	// rebillytest takes every nullable field as null.
	_, _, err = client.Customers.Upsert(ctx, "cus_rmw", everyFieldNull())
	require.NoError(t, err)
	_, _, err = client.Customers.Upsert(ctx, "cus_rmw", &rebilly.CustomerInput{NullFields: []string{"PrimaryAddress"}})
	require.NoError(t, err)
}

// TestNullFieldsRefusedNamesTheField: a refused NullFields is an
// *InputError whose Field is the path of the NullFields at fault, as the
// caller wrote it, and nothing is sent.
func TestNullFieldsRefusedNamesTheField(t *testing.T) {
	ctx := context.Background()
	bad := []string{"WebsiteID"} // not a nullable field of any input
	for _, tt := range []struct {
		field string
		call  func(c *rebilly.Client) error
	}{
		{"in.NullFields", func(c *rebilly.Client) error {
			_, _, err := c.Customers.Upsert(ctx, "cus_1", &rebilly.CustomerInput{NullFields: bad})
			return err
		}},
		{"in.PrimaryAddress.NullFields", func(c *rebilly.Client) error {
			_, _, err := c.Customers.Create(ctx, &rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{NullFields: bad}})
			return err
		}},
		{"in.LeadSource.NullFields", func(c *rebilly.Client) error {
			_, _, err := c.Customers.CreateWithNewID(ctx, &rebilly.CustomerInput{LeadSource: &rebilly.LeadSourceInput{NullFields: bad}})
			return err
		}},
		{"in.NullFields", func(c *rebilly.Client) error {
			_, _, err := c.LeadSources.Upsert(ctx, "cus_1", &rebilly.LeadSourceInput{NullFields: bad})
			return err
		}},
		{"items[1].Input.PrimaryAddress.NullFields", func(c *rebilly.Client) error {
			results, _ := c.Customers.UpsertMany(ctx, []rebilly.CustomerUpsert{
				{ID: "cus_2", Input: &rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{NullFields: bad}}},
				{ID: "cus_1", Input: &rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{NullFields: bad}}},
			}, &rebilly.UpsertManyOptions{Concurrency: 1})
			return results[1].Err
		}},
		{"in", func(c *rebilly.Client) error {
			_, _, err := c.Customers.Upsert(ctx, "cus_1", nil)
			return err
		}},
	} {
		c, mt := newMockClient(t)
		rec := mockAll(mt, declaredResponder(`{"id":"cus_1"}`))
		err := tt.call(c)
		assert.ErrorIs(t, err, rebilly.ErrInvalidInput, tt.field)
		var inErr *rebilly.InputError
		if assert.ErrorAs(t, err, &inErr, tt.field) {
			assert.Equal(t, tt.field, inErr.Field)
		}
		assert.Zero(t, rec.count(), "%s: nothing was sent", tt.field)
	}
}
