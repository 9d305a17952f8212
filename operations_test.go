package rebilly_test

// Every operation's exact request: method, path, query, body and headers.

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

const customerJSON = `{"id":"cus_1","email":"ada@example.com","createdTime":"2024-05-01T10:00:00Z","paymentCount":2,"invoiceCount":1,"revision":3,"hasFulfilledKyc":false}`
const leadSourceJSON = `{"medium":"cpc","source":"google","createdTime":"2024-05-01T10:00:00Z"}`

// TestOperationRequests pins the request each operation sends.
func TestOperationRequests(t *testing.T) {
	ctx := context.Background()
	input := &rebilly.CustomerInput{
		WebsiteID:                  "web_1",
		PaymentToken:               "tok_1",
		DefaultPaymentInstrumentID: rebilly.Ptr("inst_1"),
		CustomFields:               map[string]any{"tier": "gold"},
		PrimaryAddress: &rebilly.Contact{FirstName: "Ada", LastName: "Lovelace",
			Emails: []rebilly.Email{{Label: "main", Value: "ada@example.com", Primary: true}}},
		Locale:     rebilly.Ptr("en-GB"),
		LeadSource: &rebilly.LeadSourceInput{Source: "google"},
	}
	inputJSON := `{"websiteId":"web_1","paymentToken":"tok_1","defaultPaymentInstrumentId":"inst_1",
		"customFields":{"tier":"gold"},"locale":"en-GB","leadSource":{"source":"google"},
		"primaryAddress":{"firstName":"Ada","lastName":"Lovelace","emails":[{"label":"main","value":"ada@example.com","primary":true}]}}`
	lsInput := &rebilly.LeadSourceInput{Medium: "cpc", Source: "google", Campaign: "spring", Referrer: "https://www.example.com/"}
	lsInputJSON := `{"medium":"cpc","source":"google","campaign":"spring","referrer":"https://www.example.com/"}`

	tests := []operationCase{
		{
			name: "List without params", status: 200, respBody: `[` + customerJSON + `]`,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				page, resp, err := c.Customers.List(ctx, nil)
				if err == nil {
					require.Len(t, page, 1)
					assert.Equal(t, "cus_1", page[0].ID)
				}
				return resp, err
			},
			method: "GET", path: "/customers",
		},
		{
			name: "List with zero params", status: 200, respBody: `[]`,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Customers.List(ctx, &rebilly.CustomerListParams{Sort: []string{}, Expand: nil})
				return resp, err
			},
			method: "GET", path: "/customers",
		},
		{
			name: "List with every param", status: 200, respBody: `[]`,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Customers.List(ctx, &rebilly.CustomerListParams{
					Limit: 25, Offset: 1000,
					Filter: "primaryAddress.city:Austin;createdTime:2024-01-01T00:00:00Z..",
					Q:      "ada lovelace+co & sons",
					Sort:   []string{rebilly.Desc("createdTime"), rebilly.Asc("lastName")},
					Expand: []string{"leadSource", "website"},
					Fields: []string{"id", "email", "createdTime"},
				})
				return resp, err
			},
			method: "GET", path: "/customers",
			query: map[string]string{
				"limit": "25", "offset": "1000",
				"filter": "primaryAddress.city:Austin;createdTime:2024-01-01T00:00:00Z..",
				"q":      "ada lovelace+co & sons",
				"sort":   "-createdTime,lastName", "expand": "leadSource,website", "fields": "id,email,createdTime",
			},
		},
		{
			name: "List with one sort field and limit 1000", status: 200, respBody: `[]`,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Customers.List(ctx, &rebilly.CustomerListParams{Limit: 1000, Sort: []string{"email"}})
				return resp, err
			},
			method: "GET", path: "/customers", query: map[string]string{"limit": "1000", "sort": "email"},
		},
		{
			name: "Get", status: 200, respBody: customerJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				cus, resp, err := c.Customers.Get(ctx, "cus_1", nil)
				if err == nil {
					assert.Equal(t, "ada@example.com", cus.Email)
				}
				return resp, err
			},
			method: "GET", path: "/customers/cus_1",
		},
		{
			name: "Get with expand and fields", status: 200, respBody: customerJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Customers.Get(ctx, "cus_1", &rebilly.CustomerGetParams{
					Expand: []string{"leadSource", "defaultPaymentInstrument"}, Fields: []string{"id", "email"}})
				return resp, err
			},
			method: "GET", path: "/customers/cus_1",
			query: map[string]string{"expand": "leadSource,defaultPaymentInstrument", "fields": "id,email"},
		},
		{
			name: "Get with empty params", status: 200, respBody: customerJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Customers.Get(ctx, "cus_1", &rebilly.CustomerGetParams{})
				return resp, err
			},
			method: "GET", path: "/customers/cus_1",
		},
		{
			name: "Get with every allowed ID character", status: 200, respBody: customerJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Customers.Get(ctx, "a@b~c.d-e_F9", nil)
				return resp, err
			},
			method: "GET", path: "/customers/a@b~c.d-e_F9",
		},
		{
			name: "Get with a 50-character ID", status: 200, respBody: customerJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Customers.Get(ctx, strings.Repeat("x", 50), nil)
				return resp, err
			},
			method: "GET", path: "/customers/" + strings.Repeat("x", 50),
		},
		{
			name: "Create", status: 201, respBody: customerJSON, wantStatus: 201,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				cus, resp, err := c.Customers.Create(ctx, input)
				if err == nil {
					assert.Equal(t, "cus_1", cus.ID)
				}
				return resp, err
			},
			method: "POST", path: "/customers", body: inputJSON,
		},
		{
			name: "Create with an empty input", status: 201, respBody: customerJSON, wantStatus: 201,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Customers.Create(ctx, &rebilly.CustomerInput{})
				return resp, err
			},
			method: "POST", path: "/customers", body: `{}`,
		},
		{
			name: "Upsert creating", status: 201, respBody: customerJSON, wantStatus: 201,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Customers.Upsert(ctx, "crm-42", input)
				return resp, err
			},
			method: "PUT", path: "/customers/crm-42", body: inputJSON,
		},
		{
			name: "Upsert updating", status: 200, respBody: customerJSON, wantStatus: 200,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				_, resp, err := c.Customers.Upsert(ctx, "crm-42", &rebilly.CustomerInput{Locale: rebilly.Ptr("fr-FR")})
				return resp, err
			},
			method: "PUT", path: "/customers/crm-42", body: `{"locale":"fr-FR"}`,
		},
		{
			name: "MergeDelete", status: 204, wantStatus: 204,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				return c.Customers.MergeDelete(ctx, "cus_dup", "cus_keep")
			},
			method: "DELETE", path: "/customers/cus_dup", query: map[string]string{"targetCustomerId": "cus_keep"},
		},
		{
			name: "LeadSources.Get", status: 200, respBody: leadSourceJSON,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				ls, resp, err := c.LeadSources.Get(ctx, "cus_1")
				if err == nil {
					assert.Equal(t, "google", ls.Source)
				}
				return resp, err
			},
			method: "GET", path: "/customers/cus_1/lead-source",
		},
		{
			name: "LeadSources.Upsert", status: 201, respBody: leadSourceJSON, wantStatus: 201,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				ls, resp, err := c.LeadSources.Upsert(ctx, "cus_1", lsInput)
				if err == nil {
					assert.Equal(t, "cpc", ls.Medium)
				}
				return resp, err
			},
			method: "PUT", path: "/customers/cus_1/lead-source", body: lsInputJSON,
		},
		{
			name: "LeadSources.Delete", status: 204, wantStatus: 204,
			call: func(c *rebilly.Client) (*rebilly.Response, error) {
				return c.LeadSources.Delete(ctx, "cus_1")
			},
			method: "DELETE", path: "/customers/cus_1/lead-source",
		},
	}
	runOperationCases(t, tests)
}

// operationCase is one call and the exact request it must send.
type operationCase struct {
	name       string
	status     int
	respBody   string
	call       func(c *rebilly.Client) (*rebilly.Response, error)
	method     string
	path       string
	query      map[string]string // every query parameter, decoded; nil for none
	body       string            // expected JSON body; "" for none
	wantStatus int
}

// runOperationCases runs each case with an API key and with a JWT.
func runOperationCases(t *testing.T, tests []operationCase) {
	t.Helper()
	for _, auth := range []string{"api key", "jwt"} {
		for _, tt := range tests {
			t.Run(auth+"/"+tt.name, func(t *testing.T) {
				cred := rebilly.WithAPIKey(testAPIKey)
				if auth == "jwt" {
					cred = rebilly.WithJWT(testJWT)
				}
				c, mt := newMockClientWith(t, cred)
				rec := mockAll(mt, jsonResponder(tt.status, tt.respBody))
				runOperationCase(t, c, rec, tt.call, tt.method, tt.path, tt.query, tt.body, tt.wantStatus, auth)
			})
		}
	}
}

func runOperationCase(t *testing.T, c *rebilly.Client, rec *recorder,
	call func(*rebilly.Client) (*rebilly.Response, error),
	method, path string, query map[string]string, body string, wantStatus int, auth string) {
	t.Helper()
	resp, err := call(c)
	require.NoError(t, err)
	require.NotNil(t, resp)
	if wantStatus != 0 {
		assert.Equal(t, wantStatus, resp.StatusCode)
	}
	require.Equal(t, 1, rec.count(), "exactly one request")
	got := rec.last(t)
	assert.Equal(t, method, got.Method)
	assert.Equal(t, path, got.Path)
	gotQuery := map[string]string{}
	for k, vs := range got.Query {
		require.Len(t, vs, 1, "query parameter %s sent more than once", k)
		gotQuery[k] = vs[0]
	}
	if query == nil {
		query = map[string]string{}
	}
	assert.Equal(t, query, gotQuery)

	h := got.Header
	switch auth {
	case "api key":
		assert.Equal(t, testAPIKey, h.Get("REB-APIKEY"))
		assert.Empty(t, h.Values("Authorization"))
	case "jwt":
		assert.Equal(t, "Bearer "+testJWT, h.Get("Authorization"))
		assert.Empty(t, h.Values("REB-APIKEY"))
	}
	assert.Equal(t, "application/json", h.Get("Accept"))
	assert.Equal(t, "rebilly-go/"+rebilly.Version, h.Get("User-Agent"))
	assert.Empty(t, h.Values("Organization-Id"), "the deprecated header is never sent")
	if body == "" {
		assert.Empty(t, got.Body)
		assert.Empty(t, h.Values("Content-Type"), "Content-Type without a body")
	} else {
		assert.Equal(t, "application/json", h.Get("Content-Type"))
		assert.JSONEq(t, body, string(got.Body))
	}
}

// TestOrganizationPrefixOnEveryOperation: WithOrganization prefixes the path
// of every operation, and WithBaseURL's path comes before it.
func TestOrganizationPrefixOnEveryOperation(t *testing.T) {
	ctx := context.Background()
	c, mt := newMockClient(t, rebilly.WithBaseURL("https://proxy.rebilly.test/api/"), rebilly.WithOrganization("org_9"))
	rec := mockAll(mt, jsonResponder(200, `{}`))
	_, _, _ = c.Customers.List(ctx, nil)
	_, _, _ = c.Customers.Get(ctx, "c1", nil)
	_, _, _ = c.Customers.Create(ctx, &rebilly.CustomerInput{})
	_, _, _ = c.Customers.Upsert(ctx, "c1", &rebilly.CustomerInput{})
	_, _ = c.Customers.MergeDelete(ctx, "c1", "c2")
	_, _, _ = c.LeadSources.Get(ctx, "c1")
	_, _, _ = c.LeadSources.Upsert(ctx, "c1", &rebilly.LeadSourceInput{})
	_, _ = c.LeadSources.Delete(ctx, "c1")
	var got []string
	for _, r := range rec.all() {
		got = append(got, r.Method+" "+r.URL)
	}
	p := "https://proxy.rebilly.test/api/organizations/org_9"
	assert.Equal(t, []string{
		"GET " + p + "/customers",
		"GET " + p + "/customers/c1",
		"POST " + p + "/customers",
		"PUT " + p + "/customers/c1",
		"DELETE " + p + "/customers/c1?targetCustomerId=c2",
		"GET " + p + "/customers/c1/lead-source",
		"PUT " + p + "/customers/c1/lead-source",
		"DELETE " + p + "/customers/c1/lead-source",
	}, got)
}

var customerIDPattern = regexp.MustCompile(`^cus_[0-9A-HJKMNP-TV-Z]{26}$`)

func TestNewCustomerID(t *testing.T) {
	seen := make(map[string]bool)
	for i := 0; i < 10000; i++ {
		id := rebilly.NewCustomerID()
		require.Regexp(t, customerIDPattern, id, "cus_ and 26 Crockford base-32 characters")
		require.False(t, seen[id], "NewCustomerID repeated %s", id)
		seen[id] = true
	}
}

// TestCreateWithNewID: CreateWithNewID upserts a new cus_ ID, and its retry
// after a 503 repeats the same ID.
func TestCreateWithNewID(t *testing.T) {
	c, mt := newMockClient(t)
	rec := mockAll(mt, sequence(
		jsonResponder(503, problem(503, "Service Unavailable", "try again")),
		jsonResponder(201, customerJSON),
		jsonResponder(201, customerJSON),
	))
	in := &rebilly.CustomerInput{WebsiteID: "web_1"}
	_, resp, err := c.Customers.CreateWithNewID(context.Background(), in)
	require.NoError(t, err)
	assert.Equal(t, 201, resp.StatusCode)
	_, _, err = c.Customers.CreateWithNewID(context.Background(), in)
	require.NoError(t, err)

	reqs := rec.all()
	require.Len(t, reqs, 3, "one retry after the 503, then the second call")
	for _, r := range reqs {
		assert.Equal(t, "PUT", r.Method)
		assert.Regexp(t, `^/customers/cus_[0-9A-HJKMNP-TV-Z]{26}$`, r.Path)
		assert.JSONEq(t, `{"websiteId":"web_1"}`, string(r.Body))
	}
	assert.Equal(t, reqs[0].Path, reqs[1].Path, "the retry upserts the same ID")
	assert.NotEqual(t, reqs[1].Path, reqs[2].Path, "each call makes a new ID")

	_, _, err = c.Customers.CreateWithNewID(context.Background(), nil)
	assert.ErrorIs(t, err, rebilly.ErrInvalidInput)
	assert.Equal(t, 3, rec.count(), "a nil input is refused before sending")
}
