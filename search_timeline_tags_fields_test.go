package rebilly_test

// The rows of the README's "Finding customers" table that rest on the
// timeline, tags and custom fields: what the seed customer APIs offer (a
// customer's timeline by external ID, external events on it, custom field
// definitions), each against rebillytest, with its basis.

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

func TestFindThroughTimelineTagsAndCustomFields(t *testing.T) {
	srv := rebillytest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	_, _, err := client.Customers.Upsert(ctx, "crm-1001", &rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{FirstName: "Ada"}})
	require.NoError(t, err)

	t.Run("a customer's timeline by your own external ID ("+string(documented)+": API definition)", func(t *testing.T) {
		_, _, err := client.CustomerTimeline.CreateComment(ctx, "crm-1001", "Called back")
		require.NoError(t, err)
		page, _, err := client.CustomerTimeline.List(ctx, "crm-1001", nil)
		require.NoError(t, err)
		require.NotEmpty(t, page)
		assert.Equal(t, "Called back", page[0].Message)
	})
	t.Run("an external event on the timeline ("+string(documented)+": API definition)", func(t *testing.T) {
		_, _, err := client.CustomerTimeline.CreateCustomEventType(ctx, "order-shipped")
		require.NoError(t, err)
		m, _, err := client.CustomerTimeline.CreateCustomEvent(ctx, "crm-1001", &rebilly.CustomEventInput{
			CustomEventType: "order-shipped", CustomData: map[string]any{"order": "ord-9"}})
		require.NoError(t, err)
		require.NotEmpty(t, m.ExtraData.Tables)
		assert.Equal(t, []rebilly.TimelineRow{{Attribute: "order", Value: "ord-9"}}, m.ExtraData.Tables[0].Rows)
	})
	t.Run("timeline messages of a type ("+string(assumed)+")", func(t *testing.T) {
		page, _, err := client.CustomerTimeline.List(ctx, "crm-1001", &rebilly.TimelineListParams{Filter: "type:custom-event"})
		require.NoError(t, err)
		require.Len(t, page, 1)
		assert.Equal(t, "order-shipped", page[0].CustomEventType)
	})
	t.Run("custom field definitions ("+string(documented)+": API definition)", func(t *testing.T) {
		_, _, err := client.CustomFields.Upsert(ctx, rebilly.CustomFieldResourceCustomers, "crm_tier", &rebilly.CustomFieldInput{
			Type: rebilly.CustomFieldString, AdditionalSchema: &rebilly.CustomFieldSchema{AllowedValues: []string{"gold", "silver"}}})
		require.NoError(t, err)
		defs, _, err := client.CustomFields.List(ctx, rebilly.CustomFieldResourceCustomers, nil)
		require.NoError(t, err)
		require.Len(t, defs, 1)
		assert.Equal(t, "crm_tier", defs[0].Name)
	})
	t.Run("values checked against the definitions ("+string(assumed)+")", func(t *testing.T) {
		_, _, err := client.Customers.Upsert(ctx, "crm-1002", &rebilly.CustomerInput{CustomFields: rebilly.CustomFieldValues{"crm_tier": "bronze"}})
		assert.ErrorIs(t, err, rebilly.ErrValidation)
		_, _, err = client.Customers.Upsert(ctx, "crm-1002", &rebilly.CustomerInput{CustomFields: rebilly.CustomFieldValues{"crm_tier": "gold"}})
		require.NoError(t, err)
		page, _, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Filter: "customFields.crm_tier:gold"})
		require.NoError(t, err)
		require.Len(t, page, 1)
		assert.Equal(t, "crm-1002", page[0].ID)
	})
	t.Run("customers by a tag put on with TagCustomer ("+string(assumed)+": the filter)", func(t *testing.T) {
		_, _, err := client.Tags.Create(ctx, &rebilly.TagInput{Name: "crm import", Type: rebilly.TagTypeCustomer})
		require.NoError(t, err)
		_, err = client.Tags.TagCustomer(ctx, "crm import", "crm-1001")
		require.NoError(t, err)
		page, _, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Filter: "tags.name:crm import"})
		require.NoError(t, err)
		require.Len(t, page, 1)
		assert.Equal(t, "crm-1001", page[0].ID)
	})
}
