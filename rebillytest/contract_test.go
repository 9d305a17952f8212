package rebillytest_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// The contract check that newServer runs must be able to fail: feed it
// answers that break the spec and answers that keep it.
func TestContractCheckCatchesViolations(t *testing.T) {
	c := requireContract(t)
	srv := newServer(t)
	client := srv.Client()
	ctx := context.Background()
	created, _, err := client.Customers.Create(ctx, &rebilly.CustomerInput{PrimaryAddress: contact("Ada", "Lovelace", "ada@example.com")})
	require.NoError(t, err)
	_, _, err = client.Customers.Get(ctx, created.ID, nil)
	require.NoError(t, err)

	good := srv.Requests()
	require.Len(t, good, 2)
	violations, checked := c.check(good)
	assert.Empty(t, violations)
	assert.Equal(t, 2, checked, "both answers are routed and checked")

	broken := func(mutate func(r *rebillytest.Request)) rebillytest.Request {
		r := good[1]
		r.ResponseHeader = r.ResponseHeader.Clone()
		mutate(&r)
		return r
	}
	cases := map[string]rebillytest.Request{
		"wrong type": broken(func(r *rebillytest.Request) {
			r.ResponseBody = []byte(strings.Replace(string(r.ResponseBody), `"revision":1`, `"revision":"one"`, 1))
		}),
		"write-only field returned": broken(func(r *rebillytest.Request) {
			r.ResponseBody = []byte(strings.Replace(string(r.ResponseBody), `{`, `{"paymentToken":"tok_1",`, 1))
		}),
		"bad country": broken(func(r *rebillytest.Request) {
			r.ResponseBody = []byte(strings.Replace(string(r.ResponseBody), `"primaryAddress":{`, `"primaryAddress":{"country":"Britain",`, 1))
		}),
		"not JSON": broken(func(r *rebillytest.Request) {
			r.ResponseHeader.Set("Content-Type", "text/html")
		}),
		"list without array": {
			Method: http.MethodGet, Path: "/organizations/org_1/customers", Status: http.StatusOK,
			ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: []byte(`{"id":"x"}`),
		},
		"bad pagination header": {
			Method: http.MethodGet, Path: "/customers", Status: http.StatusOK,
			ResponseHeader: http.Header{"Content-Type": {"application/json"}, "Pagination-Total": {"many"}}, ResponseBody: []byte(`[]`),
		},
		"404 with a wrong status member": {
			Method: http.MethodGet, Path: "/customers/x", Status: http.StatusNotFound,
			ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: []byte(`{"status":500,"title":"x"}`),
		},
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			violations, checked := c.check([]rebillytest.Request{r})
			assert.Equal(t, 1, checked)
			assert.Len(t, violations, 1)
		})
	}

	t.Run("faults are not checked", func(t *testing.T) {
		fault := broken(func(r *rebillytest.Request) { r.ResponseBody = []byte("garbage"); r.Fault = true })
		violations, checked := c.check([]rebillytest.Request{fault})
		assert.Empty(t, violations)
		assert.Zero(t, checked)
	})

	// Error answers are checked too: undeclared statuses only from the
	// allow-list, and every problem body against its schema.
	problem := func(method, path string, status int, body string) rebillytest.Request {
		return rebillytest.Request{Method: method, Path: path, Status: status,
			ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: []byte(body)}
	}
	errorCases := []struct {
		name       string
		r          rebillytest.Request
		violations int
	}{
		{"declared 404", problem("GET", "/customers/x", 404, `{"status":404,"type":"https://x.invalid/p","title":"Not Found","detail":"d"}`), 0},
		{"declared 404 with a wrong status member", problem("GET", "/customers/x", 404, `{"status":400,"title":"Not Found"}`), 1},
		{"undeclared status", problem("GET", "/customers/x", 500, `{"status":500,"title":"Oops"}`), 1},
		{"undeclared 409 on a GET", problem("GET", "/customers", 409, `{"status":409,"title":"Conflict"}`), 1},
		{"allow-listed 422 on the list", problem("GET", "/customers", 422,
			`{"status":422,"title":"Invalid data","invalidFields":[{"field":"limit","message":"too big"}]}`), 0},
		{"allow-listed 422 with a bad invalidFields", problem("GET", "/customers", 422, `{"status":422,"title":"x","invalidFields":"limit"}`), 1},
		{"allow-listed 422 with a wrong status member", problem("DELETE", "/customers/x", 422, `{"status":404,"title":"x"}`), 1},
		{"allow-listed 404 on the lead-source PUT", problem("PUT", "/customers/x/lead-source", 404, `{"status":404,"title":"Not Found"}`), 0},
		{"allow-listed answer not JSON", problem("PUT", "/customers/x/lead-source", 404, `<html>`), 1},
		{"unknown path 404", problem("GET", "/nowhere", 404, `{"status":404,"title":"Not Found"}`), 0},
		{"unknown path without a problem body", rebillytest.Request{Method: http.MethodGet, Path: "/nowhere", Status: 404}, 1},
		{"unknown path with a 200", problem("GET", "/nowhere", 200, `{"status":200}`), 1},
	}
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			violations, checked := c.check([]rebillytest.Request{tc.r})
			assert.Equal(t, 1, checked)
			assert.Len(t, violations, tc.violations, "%v", violations)
		})
	}
}

// Every entry of the allow-list of undeclared statuses is an answer the
// fake gives (the list is not stale), and the contract check accepts it.
func TestUndeclaredStatusesAreTheAllowList(t *testing.T) {
	c := requireContract(t)
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/tags", `{"name":"kyc-ok","type":"kyc-document"}`).Status)
	big := `{"websiteId":"` + strings.Repeat("x", 9<<20) + `"}`
	requests := map[string]struct{ method, path, body string }{
		"GetCustomerCollection 422":    {http.MethodGet, "/customers?limit=5000", ""},
		"GetCustomer 422":              {http.MethodGet, "/customers/cus_1?expand=invoices", ""},
		"GetCustomerLeadSource 422":    {http.MethodGet, "/customers/bad%20id/lead-source", ""},
		"DeleteCustomer 422":           {http.MethodDelete, "/customers/cus_1", ""},
		"DeleteCustomerLeadSource 422": {http.MethodDelete, "/customers/bad%20id/lead-source", ""},
		"PutCustomerLeadSource 404":    {http.MethodPut, "/customers/ghost/lead-source", `{"source":"ads"}`},
		"PostCustomer 413":             {http.MethodPost, "/customers", big},
		"PutCustomer 413":              {http.MethodPut, "/customers/cus_1", big},
		"PutCustomerLeadSource 413":    {http.MethodPut, "/customers/cus_1/lead-source", big},

		"GetCustomerSummaryMetricReport 404":               {http.MethodGet, "/experimental/customers/ghost/summary-metrics", ""},
		"GetCustomerTimelineCollection 404":                {http.MethodGet, "/customers/ghost/timeline", ""},
		"PostCustomerTimeline 404":                         {http.MethodPost, "/customers/ghost/timeline", `{"message":"x"}`},
		"GetCustomerTimelineCustomEventType 404":           {http.MethodGet, "/customer-timeline-custom-events/cevt_none", ""},
		"GetCustomerTimelineCollection 422":                {http.MethodGet, "/customers/cus_1/timeline?sort=message", ""},
		"GetCustomerTimeline 422":                          {http.MethodGet, "/customers/bad%20id/timeline/tmln_1", ""},
		"DeleteCustomerTimeline 422":                       {http.MethodDelete, "/customers/bad%20id/timeline/tmln_1", ""},
		"GetCustomerCreditBalance 422":                     {http.MethodGet, "/customers/bad%20id/credit-balance", ""},
		"PostCustomerComplianceScreeningReport 422":        {http.MethodPost, "/customers/bad%20id/compliance-screening-report", ""},
		"GetCustomerTimelineCustomEventTypeCollection 422": {http.MethodGet, "/customer-timeline-custom-events?filter=id:x", ""},
		"GetCustomerTimelineCustomEventType 422":           {http.MethodGet, "/customer-timeline-custom-events/bad%20id", ""},
		"GetTagCollection 422":                             {http.MethodGet, "/tags?limit=-1", ""},
		"GetTag 422":                                       {http.MethodGet, "/tags/a%21b", ""},
		"DeleteTag 422":                                    {http.MethodDelete, "/tags/a%3Fb", ""},
		"PostTagCustomer 422":                              {http.MethodPost, "/tags/kyc-ok/customers/cus_1", ""},
		"DeleteTagCustomer 422":                            {http.MethodDelete, "/tags/kyc-ok/customers/cus_1", ""},
		"GetCustomFieldCollection 422":                     {http.MethodGet, "/custom-fields/invoices", ""},
		"GetCustomField 422":                               {http.MethodGet, "/custom-fields/customers/bad%20name", ""},
		"PostCustomerTimeline 413":                         {http.MethodPost, "/customers/cus_1/timeline", big},
		"PostCustomerTimelineCustomEventType 413":          {http.MethodPost, "/customer-timeline-custom-events", big},
		"PostTag 413":                                      {http.MethodPost, "/tags", big},
		"PatchTag 413":                                     {http.MethodPatch, "/tags/kyc-ok", big},
		"PostTagCustomerCollection 413":                    {http.MethodPost, "/tags/kyc-ok/customers", big},
		"DeleteTagCustomerCollection 413":                  {http.MethodDelete, "/tags/kyc-ok/customers", big},
		"PutCustomField 413":                               {http.MethodPut, "/custom-fields/customers/plan", big},
	}
	require.Len(t, requests, len(undeclaredAllowed), "one request per allow-list entry")
	for key, req := range requests {
		require.Contains(t, undeclaredAllowed, key)
		r := do(t, srv, req.method, req.path, req.body)
		assert.Equal(t, key[strings.LastIndex(key, " ")+1:], strconv.Itoa(r.Status), key)
	}
	violations, checked := c.check(srv.Requests())
	assert.Empty(t, violations)
	assert.Equal(t, len(requests)+1, checked, "each request, and the tag made first")
}
