package rebillytest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

func TestRequestLog(t *testing.T) {
	clock := rebillytest.NewClock(day(7, 15))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithAPIKeys("sk_live_secret"), rebillytest.WithJWTs("jwt.secret.token"))
	ctx := context.Background()

	_, _, err := srv.Client(rebilly.WithOrganization("org_1")).Customers.Upsert(ctx, "cus_1", &rebilly.CustomerInput{WebsiteID: "web_1"})
	require.NoError(t, err)
	clock.Advance(1)
	r := do(t, srv, http.MethodGet, "/organizations/org_1/customers?limit=5&filter=websiteId%3Aweb_1", "", "REB-APIKEY", "", "Authorization", "Bearer jwt.secret.token")
	require.Equal(t, http.StatusOK, r.Status)

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	put := reqs[0]
	assert.Equal(t, http.MethodPut, put.Method)
	assert.Equal(t, "/organizations/org_1/customers/cus_1", put.Path)
	assert.Equal(t, `{"websiteId":"web_1"}`, string(put.Body))
	assert.Equal(t, []string{"REDACTED"}, put.Header["Reb-Apikey"])
	assert.Contains(t, put.Header.Get("User-Agent"), "rebilly-go/")
	assert.Equal(t, http.StatusCreated, put.Status)
	assert.Contains(t, put.ResponseHeader.Get("Location"), "/organizations/org_1/customers/cus_1")
	assert.Contains(t, string(put.ResponseBody), `"websiteId":"web_1"`)
	assert.Equal(t, day(7, 15), put.Time)

	get := reqs[1]
	assert.Equal(t, "limit=5&filter=websiteId%3Aweb_1", get.RawQuery)
	assert.Equal(t, []string{"REDACTED"}, get.Header["Authorization"])
	assert.Equal(t, "1", get.ResponseHeader.Get("Pagination-Total"))
	assert.Equal(t, day(7, 15).Add(1), get.Time)

	for _, req := range reqs {
		dump := fmt.Sprintf("%v", req)
		assert.NotContains(t, dump, "sk_live_secret")
		assert.NotContains(t, dump, "jwt.secret.token")
	}

	// Requests returns copies.
	reqs[0].Header.Set("User-Agent", "changed")
	reqs[0].Body[0] = 'X'
	again := srv.Requests()
	assert.NotEqual(t, "changed", again[0].Header.Get("User-Agent"))
	assert.Equal(t, byte('{'), again[0].Body[0])
}

func TestRequestLogIsBounded(t *testing.T) {
	srv := newServer(t, rebillytest.WithRequestLogSize(3))
	for i := range 5 {
		do(t, srv, http.MethodGet, fmt.Sprintf("/customers?limit=%d", i), "")
	}
	var queries []string
	for _, r := range srv.Requests() {
		queries = append(queries, r.RawQuery)
	}
	assert.Equal(t, []string{"limit=2", "limit=3", "limit=4"}, queries, "the latest, oldest first")

	off := newServer(t, rebillytest.WithRequestLogSize(0))
	assert.Equal(t, http.StatusOK, do(t, off, http.MethodGet, "/customers", "").Status)
	assert.Empty(t, off.Requests())

	assert.Panics(t, func() { rebillytest.WithRequestLogSize(-1) })
	assert.Equal(t, 10000, rebillytest.DefaultRequestLogSize)
}

func TestRequestLogKeepsDefaultSize(t *testing.T) {
	srv := newServer(t)
	for range 3 {
		do(t, srv, http.MethodGet, "/customers", "")
	}
	assert.Len(t, srv.Requests(), 3)
	assert.True(t, strings.HasPrefix(srv.URL, "http://127.0.0.1:"))
}
