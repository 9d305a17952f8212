package rebilly_test

// The exact request of every operation of the customer sub-resources, the
// timeline, tags and custom fields, and Client.Do: method, path, query, body
// and headers.

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

const (
	timelineJSON = `{"id":"tmln_1","type":"customer-comment-created","triggeredBy":"direct-api","message":"Called the customer",
		"extraData":{"tables":[{"type":"two-columns","data":[{"attribute":"plan","value":"gold"}]}],"author":{"userId":"usr_1"}},
		"occurredTime":"2024-05-01T10:00:00Z"}`
	eventTypeJSON   = `{"id":"cet_1","name":"loyalty-level-changed","createdTime":"2024-05-01T10:00:00Z"}`
	tagJSON         = `{"id":"tag_1","name":"VIP customer","type":"customer","createdTime":"2024-05-01T10:00:00Z"}`
	customFieldJSON = `{"name":"channel","type":"string","description":"Preferred channel","isEnabled":true,
		"additionalSchema":{"allowedValues":["email","phone"],"required":true}}`
	attachmentJSON = `{"id":"att_1","fileId":"file_1","relatedType":"customer","relatedId":"cus_1","name":"report.pdf"}`
)

// TestRequestsOfTimelineTagsAndFields pins the request each new operation sends.
func TestRequestsOfTimelineTagsAndFields(t *testing.T) {
	ctx := context.Background()
	tests := []operationCase{
		{name: "Customers.CreditBalance", status: 200, respBody: `{"balances":[{"currency":"USD","unallocatedAmount":12.5}]}`,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				v, resp, err := c.Customers.CreditBalance(ctx, "cus_1")
				if err == nil {
					assert.Equal(t, []rebilly.CurrencyBalance{{Currency: "USD", UnallocatedAmount: 12.5}}, v.Balances)
				}
				return resp, err
			},
			method: "GET", path: "/customers/cus_1/credit-balance"},
		{name: "Customers.SummaryMetrics", status: 200, respBody: `{"currency":"EUR","revenueAmount":100.5,"refundsAmount":2,"disputesAmount":0}`,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				v, resp, err := c.Customers.SummaryMetrics(ctx, "cus_1")
				if err == nil {
					assert.Equal(t, rebilly.SummaryMetrics{Currency: "EUR", RevenueAmount: 100.5, RefundsAmount: 2}, *v)
				}
				return resp, err
			},
			method: "GET", path: "/experimental/customers/cus_1/summary-metrics"},
		{name: "Customers.CreateComplianceScreeningReport", status: 201, respBody: attachmentJSON, wantStatus: 201,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				v, resp, err := c.Customers.CreateComplianceScreeningReport(ctx, "cus_1")
				if err == nil {
					assert.Equal(t, "file_1", v.FileID)
				}
				return resp, err
			},
			method: "POST", path: "/customers/cus_1/compliance-screening-report"}, // no body, no Content-Type
		{name: "CustomerTimeline.List", status: 200, respBody: `[` + timelineJSON + `]`,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				page, resp, err := c.CustomerTimeline.List(ctx, "cus_1", nil)
				if err == nil {
					require.Len(t, page, 1)
					assert.Equal(t, rebilly.TimelineCustomerCommentCreated, page[0].Type)
				}
				return resp, err
			},
			method: "GET", path: "/customers/cus_1/timeline"},
		{name: "CustomerTimeline.List with every param", status: 200, respBody: `[]`,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.CustomerTimeline.List(ctx, "cus_1", &rebilly.TimelineListParams{
					Limit: 50, Offset: 1000, Filter: "type:customer-tagged,customer-untagged", Q: "vip + gold", Sort: []string{"-occurredTime", "type"}})
				return resp, err
			},
			method: "GET", path: "/customers/cus_1/timeline",
			query: map[string]string{"limit": "50", "offset": "1000", "filter": "type:customer-tagged,customer-untagged", "q": "vip + gold", "sort": "-occurredTime,type"}},
		{name: "CustomerTimeline.Get", status: 200, respBody: timelineJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				m, resp, err := c.CustomerTimeline.Get(ctx, "cus_1", "tmln_1")
				if err == nil {
					assert.Equal(t, "Called the customer", m.Message)
				}
				return resp, err
			},
			method: "GET", path: "/customers/cus_1/timeline/tmln_1"},
		{name: "CustomerTimeline.Get with a message ID to escape", status: 200, respBody: timelineJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.CustomerTimeline.Get(ctx, "cus_1", "a/b c")
				return resp, err
			},
			method: "GET", path: "/customers/cus_1/timeline/a%2Fb%20c"},
		{name: "CustomerTimeline.CreateComment", status: 201, respBody: timelineJSON, wantStatus: 201,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.CustomerTimeline.CreateComment(ctx, "cus_1", "Called @ann@example.com about #customers-cus_2")
				return resp, err
			},
			method: "POST", path: "/customers/cus_1/timeline", body: `{"message":"Called @ann@example.com about #customers-cus_2"}`},
		{name: "CustomerTimeline.CreateCustomEvent", status: 201, respBody: timelineJSON, wantStatus: 201,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.CustomerTimeline.CreateCustomEvent(ctx, "cus_1", &rebilly.CustomEventInput{
					CustomEventType: "loyalty-level-changed", CustomData: map[string]any{"from": "silver", "to": "gold"}})
				return resp, err
			},
			method: "POST", path: "/customers/cus_1/timeline",
			body: `{"type":"custom-event","customEventType":"loyalty-level-changed","customData":{"from":"silver","to":"gold"}}`},
		{name: "CustomerTimeline.CreateCustomEvent with a message", status: 201, respBody: timelineJSON, wantStatus: 201,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.CustomerTimeline.CreateCustomEvent(ctx, "cus_1", &rebilly.CustomEventInput{CustomEventType: "shipped", Message: "Parcel left"})
				return resp, err
			},
			method: "POST", path: "/customers/cus_1/timeline", body: `{"type":"custom-event","customEventType":"shipped","message":"Parcel left"}`},
		{name: "CustomerTimeline.Delete", status: 204, wantStatus: 204,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				return c.CustomerTimeline.Delete(ctx, "cus_1", "tmln_1")
			},
			method: "DELETE", path: "/customers/cus_1/timeline/tmln_1"},
		{name: "CustomerTimeline.ListCustomEventTypes", status: 200, respBody: `[` + eventTypeJSON + `]`,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				page, resp, err := c.CustomerTimeline.ListCustomEventTypes(ctx, &rebilly.ListParams{Limit: 10, Offset: 20, Filter: "name:shipped"})
				if err == nil {
					require.Len(t, page, 1)
					assert.Equal(t, "loyalty-level-changed", page[0].Name)
				}
				return resp, err
			},
			method: "GET", path: "/customer-timeline-custom-events", query: map[string]string{"limit": "10", "offset": "20", "filter": "name:shipped"}},
		{name: "CustomerTimeline.CreateCustomEventType", status: 201, respBody: eventTypeJSON, wantStatus: 201,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.CustomerTimeline.CreateCustomEventType(ctx, "loyalty-level-changed")
				return resp, err
			},
			method: "POST", path: "/customer-timeline-custom-events", body: `{"name":"loyalty-level-changed"}`},
		{name: "CustomerTimeline.GetCustomEventType", status: 200, respBody: eventTypeJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				v, resp, err := c.CustomerTimeline.GetCustomEventType(ctx, "cet_1")
				if err == nil {
					assert.Equal(t, "cet_1", v.ID)
				}
				return resp, err
			},
			method: "GET", path: "/customer-timeline-custom-events/cet_1"},
		{name: "Tags.List", status: 200, respBody: `[` + tagJSON + `]`,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				page, resp, err := c.Tags.List(ctx, &rebilly.TagListParams{Limit: 5, Filter: "type:customer", Q: "vip", Sort: []string{"name"}})
				if err == nil {
					require.Len(t, page, 1)
					assert.Equal(t, "VIP customer", page[0].Name)
				}
				return resp, err
			},
			method: "GET", path: "/tags", query: map[string]string{"limit": "5", "filter": "type:customer", "q": "vip", "sort": "name"}},
		{name: "Tags.Get", status: 200, respBody: tagJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Tags.Get(ctx, "VIP customer")
				return resp, err
			},
			method: "GET", path: "/tags/VIP%20customer"},
		{name: "Tags.Get with a plus", status: 200, respBody: tagJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Tags.Get(ctx, "a+b")
				return resp, err
			},
			method: "GET", path: "/tags/a%2Bb"},
		{name: "Tags.Create", status: 201, respBody: tagJSON, wantStatus: 201,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Tags.Create(ctx, &rebilly.TagInput{Name: "VIP customer", Type: rebilly.TagTypeCustomer})
				return resp, err
			},
			method: "POST", path: "/tags", body: `{"name":"VIP customer","type":"customer"}`},
		{name: "Tags.Rename", status: 200, respBody: tagJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Tags.Rename(ctx, "vip", "VIP+ customer")
				return resp, err
			},
			method: "PATCH", path: "/tags/vip", body: `{"name":"VIP+ customer"}`},
		{name: "Tags.Delete", status: 204, wantStatus: 204,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				return c.Tags.Delete(ctx, "a+b c")
			},
			method: "DELETE", path: "/tags/a%2Bb%20c"},
		{name: "Tags.TagCustomer", status: 204, wantStatus: 204,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				return c.Tags.TagCustomer(ctx, "VIP customer", "cus_1")
			},
			method: "POST", path: "/tags/VIP%20customer/customers/cus_1"}, // no body, no Content-Type
		{name: "Tags.UntagCustomer", status: 204, wantStatus: 204,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				return c.Tags.UntagCustomer(ctx, "vip", "cus_1")
			},
			method: "DELETE", path: "/tags/vip/customers/cus_1"},
		{name: "Tags.TagCustomers", status: 204, wantStatus: 204,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				return c.Tags.TagCustomers(ctx, "vip", []string{"cus_1", "cus_2"})
			},
			method: "POST", path: "/tags/vip/customers", body: `{"customerIds":["cus_1","cus_2"]}`},
		{name: "Tags.UntagCustomers (DELETE with a JSON body)", status: 204, wantStatus: 204,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				return c.Tags.UntagCustomers(ctx, "vip", []string{"cus_1", "cus_2"})
			},
			method: "DELETE", path: "/tags/vip/customers", body: `{"customerIds":["cus_1","cus_2"]}`},
		{name: "CustomFields.List", status: 200, respBody: `[` + customFieldJSON + `]`,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				page, resp, err := c.CustomFields.List(ctx, rebilly.CustomFieldResourceCustomers, &rebilly.ListParams{Limit: 100})
				if err == nil {
					require.Len(t, page, 1)
					assert.Equal(t, []string{"email", "phone"}, page[0].AdditionalSchema.AllowedValues)
				}
				return resp, err
			},
			method: "GET", path: "/custom-fields/customers", query: map[string]string{"limit": "100"}},
		{name: "CustomFields.Get", status: 200, respBody: customFieldJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.CustomFields.Get(ctx, rebilly.CustomFieldResourceGatewayAccounts, "channel")
				return resp, err
			},
			method: "GET", path: "/custom-fields/gateway-accounts/channel"},
		{name: "CustomFields.Upsert creating", status: 201, respBody: customFieldJSON, wantStatus: 201,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.CustomFields.Upsert(ctx, rebilly.CustomFieldResourceCustomers, "preferred-channel_2", &rebilly.CustomFieldInput{
					Type: rebilly.CustomFieldString, Description: "Preferred channel", IsEnabled: rebilly.Ptr(false),
					AdditionalSchema: &rebilly.CustomFieldSchema{AllowedValues: []string{"email", "phone"}, Required: true, Default: "email"}})
				return resp, err
			},
			method: "PUT", path: "/custom-fields/customers/preferred-channel_2",
			body: `{"type":"string","description":"Preferred channel","isEnabled":false,"additionalSchema":{"allowedValues":["email","phone"],"required":true,"default":"email"}}`},
		{name: "CustomFields.Upsert altering, with nulls", status: 200, respBody: customFieldJSON, wantStatus: 200,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.CustomFields.Upsert(ctx, rebilly.CustomFieldResourceCustomers, "level", &rebilly.CustomFieldInput{
					Type: rebilly.CustomFieldInteger, NullFields: []string{"Description", "AdditionalSchema"}})
				return resp, err
			},
			method: "PUT", path: "/custom-fields/customers/level", body: `{"type":"integer","description":null,"additionalSchema":null}`},
		{name: "CustomFields.Upsert with number bounds", status: 200, respBody: customFieldJSON, wantStatus: 200,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.CustomFields.Upsert(ctx, rebilly.CustomFieldResourceOrders, "score", &rebilly.CustomFieldInput{
					Type: rebilly.CustomFieldNumber, AdditionalSchema: &rebilly.CustomFieldSchema{Minimum: rebilly.Ptr(0.0), Maximum: rebilly.Ptr(9.5)}})
				return resp, err
			},
			method: "PUT", path: "/custom-fields/orders/score", body: `{"type":"number","additionalSchema":{"minimum":0,"maximum":9.5}}`},
		{name: "Client.Do GET with a query", status: 200, respBody: customerJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				var cus rebilly.Customer
				resp, err := c.Do(ctx, "GET", "/customers/cus_1", url.Values{"fields": {"id,email"}, "expand": {"leadSource"}}, nil, &cus)
				if err == nil {
					assert.Equal(t, "ada@example.com", cus.Email)
				}
				return resp, err
			},
			method: "GET", path: "/customers/cus_1", query: map[string]string{"fields": "id,email", "expand": "leadSource"}},
		{name: "Client.Do POST with a body", status: 201, respBody: `{"id":"x"}`, wantStatus: 201,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				var out map[string]any
				resp, err := c.Do(ctx, "POST", "/attachments", nil, map[string]string{"fileId": "file_1"}, &out)
				if err == nil {
					assert.Equal(t, "x", out["id"])
				}
				return resp, err
			},
			method: "POST", path: "/attachments", body: `{"fileId":"file_1"}`},
		{name: "Client.Do PATCH with raw JSON and no out", status: 200, respBody: `{"id":"x"}`,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				return c.Do(ctx, "PATCH", "/tags/a%2Bb", nil, json.RawMessage(`{"name":"c"}`), nil)
			},
			method: "PATCH", path: "/tags/a%2Bb", body: `{"name":"c"}`},
		{name: "Client.Do DELETE without a body", status: 204, wantStatus: 204,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				return c.Do(ctx, "DELETE", "/customers/cus_1/lead-source", url.Values{}, nil, nil)
			},
			method: "DELETE", path: "/customers/cus_1/lead-source"},
	}
	runOperationCases(t, tests)
}

// TestOrganizationPrefixOnNewOperations: WithOrganization prefixes every
// new operation's path, Do's included, after WithBaseURL's path.
func TestOrganizationPrefixOnNewOperations(t *testing.T) {
	c, mt := newMockClient(t, rebilly.WithBaseURL("https://proxy.rebilly.test/api/"), rebilly.WithOrganization("org_9"))
	rec := mockAll(mt, jsonResponder(200, `{}`))
	for _, op := range opsTimelineTagsFields {
		_ = op.run(context.Background(), c)
	}
	reqs := rec.all()
	require.Len(t, reqs, len(opsTimelineTagsFields))
	for i, op := range opsTimelineTagsFields {
		assert.Equal(t, op.method+" https://proxy.rebilly.test/api/organizations/org_9"+op.path, reqs[i].Method+" "+reqs[i].URL, op.name)
	}
}
