package rebilly_test

// Contract test of the timeline, tag, custom field and customer report
// calls against Prism serving the 30-operation definition: every request
// they send passes Prism's validation (no sl-violations), and every answer
// decodes.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

func TestPrismContractOfTheNewCalls(t *testing.T) {
	base, client, rec := startPrismClient(t)
	ctx := context.Background()
	forced := func(code int) context.Context {
		return context.WithValue(ctx, preferKey{}, fmt.Sprintf("code=%d", code))
	}

	t.Run("violations are seen", func(t *testing.T) {
		// Proves the check at the end can fail for these operations: a bulk
		// untag without its body, a resource outside the enum.
		for _, b := range []struct{ method, path string }{
			{http.MethodDelete, "/tags/vip/customers"},
			{http.MethodGet, "/custom-fields/invoices"},
		} {
			sendToPrism(t, rec, b.method, base+b.path, "")
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		require.Len(t, rec.violations, 2, "%q", rec.violations)
		rec.violations = nil
	})
	t.Run("every catalogue call", func(t *testing.T) {
		for _, op := range opsTimelineTagsFields {
			res := op.call(ctx, client, opInput{marker: "prism"})
			require.NoError(t, res.err, op.name)
			assert.Less(t, res.resp.StatusCode, 300, op.name)
		}
	})
	t.Run("customer reports", func(t *testing.T) {
		bal, _, err := client.Customers.CreditBalance(ctx, "cus_1")
		require.NoError(t, err)
		require.NotEmpty(t, bal.Balances)
		m, _, err := client.Customers.SummaryMetrics(ctx, "cus_1")
		require.NoError(t, err)
		assert.NotEmpty(t, m.Currency)
		att, resp, err := client.Customers.CreateComplianceScreeningReport(ctx, "cus_1")
		require.NoError(t, err)
		assert.Equal(t, http.StatusCreated, resp.StatusCode)
		assert.NotEmpty(t, att.FileID)
		assert.NotEmpty(t, resp.Header.Get("Location"))
	})
	t.Run("timeline", func(t *testing.T) {
		page, resp, err := client.CustomerTimeline.List(ctx, "cus_1", &rebilly.TimelineListParams{
			Limit: 10, Offset: 5, Filter: "type:customer-tagged", Q: "vip", Sort: []string{"-occurredTime"}})
		require.NoError(t, err)
		require.NotEmpty(t, page)
		assert.NotEmpty(t, page[0].Type)
		assert.Positive(t, resp.Pagination.Total)
		_, _, err = client.CustomerTimeline.CreateComment(ctx, "cus_1", "Called @ann@example.com about #customers-cus_2")
		require.NoError(t, err)
		_, _, err = client.CustomerTimeline.CreateCustomEvent(ctx, "cus_1", &rebilly.CustomEventInput{
			CustomEventType: "loyalty-level-changed", CustomData: map[string]any{"from": "silver", "to": "gold", "points": 1200}, Message: "Upgraded"})
		require.NoError(t, err)
		_, _, err = client.CustomerTimeline.ListCustomEventTypes(ctx, &rebilly.ListParams{Limit: 5, Offset: 1, Filter: "name:shipped"})
		require.NoError(t, err)
		_, _, err = client.CustomerTimeline.CreateCustomEventType(ctx, strings.Repeat("n", 255))
		require.NoError(t, err)
		_, err = client.CustomerTimeline.Delete(ctx, "cus_1", "tmln_1")
		require.NoError(t, err)
		n := 0
		for _, err := range client.CustomerTimeline.All(ctx, "cus_1", &rebilly.TimelineListParams{Limit: 1}) {
			require.NoError(t, err)
			if n++; n == 3 {
				break
			}
		}
	})
	t.Run("tags", func(t *testing.T) {
		for _, name := range []string{"VIP customer", "a+b", "@~-._ x"} {
			_, _, err := client.Tags.Get(ctx, name)
			require.NoError(t, err, name)
			_, err = client.Tags.TagCustomer(ctx, name, "cus_1")
			require.NoError(t, err, name)
			_, err = client.Tags.UntagCustomers(ctx, name, []string{"cus_1", "cus_2"})
			require.NoError(t, err, name)
		}
		_, _, err := client.Tags.Create(ctx, &rebilly.TagInput{Name: "VIP+ customer", Type: rebilly.TagTypeKYCDocument})
		require.NoError(t, err)
		_, _, err = client.Tags.Rename(ctx, "VIP customer", "VIP+ customer")
		require.NoError(t, err)
		_, _, err = client.Tags.List(ctx, &rebilly.TagListParams{Limit: 3, Filter: "type:customer", Q: "vip", Sort: []string{"name"}})
		require.NoError(t, err)
		_, err = client.Tags.TagCustomers(ctx, "vip", bulkIDs(1001)) // two requests
		require.NoError(t, err)
		_, err = client.Tags.Delete(ctx, "a+b")
		require.NoError(t, err)
		_, _, err = client.Tags.Create(forced(409), &rebilly.TagInput{Name: "vip", Type: rebilly.TagTypeCustomer})
		assert.ErrorIs(t, err, rebilly.ErrConflict)
	})
	t.Run("custom fields", func(t *testing.T) {
		inputs := []*rebilly.CustomFieldInput{
			{Type: rebilly.CustomFieldString, Description: "Preferred channel", IsEnabled: rebilly.Ptr(true),
				AdditionalSchema: &rebilly.CustomFieldSchema{AllowedValues: []string{"email", "phone"}, MaxLength: rebilly.Ptr(20), Pattern: "/^[a-z]+$/", Required: true, Default: "email"}},
			{Type: rebilly.CustomFieldInteger, AdditionalSchema: &rebilly.CustomFieldSchema{Minimum: rebilly.Ptr(0.0), Maximum: rebilly.Ptr(10.0), Default: 3}},
			{Type: rebilly.CustomFieldMonetary, AdditionalSchema: &rebilly.CustomFieldSchema{Default: map[string]any{"currency": "EUR", "amount": 25.3}}},
			{Type: rebilly.CustomFieldBoolean, NullFields: []string{"Description", "AdditionalSchema"}},
		}
		for _, in := range inputs {
			_, _, err := client.CustomFields.Upsert(ctx, rebilly.CustomFieldResourceCustomers, "preferred-channel_1", in)
			require.NoError(t, err, in.Type)
		}
		_, resp, err := client.CustomFields.Upsert(forced(201), rebilly.CustomFieldResourcePlans, "tier", inputs[0])
		require.NoError(t, err)
		assert.Equal(t, http.StatusCreated, resp.StatusCode)
		page, _, err := client.CustomFields.List(ctx, rebilly.CustomFieldResourceDepositRequests, &rebilly.ListParams{Limit: 2, Offset: 1})
		require.NoError(t, err)
		require.NotEmpty(t, page)
		_, _, err = client.CustomFields.Get(ctx, rebilly.CustomFieldResourceCustomers, strings.Repeat("f", 60))
		require.NoError(t, err)
		_, _, err = client.CustomFields.Upsert(forced(409), rebilly.CustomFieldResourceCustomers, "x", inputs[1])
		assert.ErrorIs(t, err, rebilly.ErrConflict)
	})
	t.Run("Do", func(t *testing.T) {
		var cus rebilly.Customer
		_, err := client.Do(ctx, http.MethodGet, "/customers/cus_1", url.Values{"fields": {"id,email"}}, nil, &cus)
		require.NoError(t, err)
		assert.NotEmpty(t, cus.ID)
		_, err = client.Do(ctx, http.MethodPost, "/tags/a%2Bb/customers", nil, map[string][]string{"customerIds": {"cus_1"}}, nil)
		require.NoError(t, err)
		_, err = client.Do(ctx, http.MethodGet, "/customers/cus_1/nothing-here", nil, nil, nil)
		assert.ErrorIs(t, err, rebilly.ErrNotFound, "Prism has no such path")
		rec.mu.Lock()
		// Prism's own 404 for an unknown path is no violation of a request.
		kept := rec.violations[:0]
		for _, v := range rec.violations {
			if !strings.Contains(v, "/nothing-here") {
				kept = append(kept, v)
			}
		}
		rec.violations = kept
		rec.mu.Unlock()
	})

	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Empty(t, rec.violations, "Prism found requests that break the API definition")
}
