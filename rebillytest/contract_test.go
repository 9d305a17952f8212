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

	t.Run("faults and unknown routes are not checked", func(t *testing.T) {
		fault := broken(func(r *rebillytest.Request) { r.ResponseBody = []byte("garbage"); r.Fault = true })
		unknown := rebillytest.Request{Method: http.MethodGet, Path: "/nowhere", Status: 404}
		violations, checked := c.check([]rebillytest.Request{fault, unknown})
		assert.Empty(t, violations)
		assert.Zero(t, checked)
	})
}
