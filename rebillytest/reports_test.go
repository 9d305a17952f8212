package rebillytest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

func TestCreditBalance(t *testing.T) {
	srv := newServer(t,
		rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}, &rebilly.Customer{ID: "cus_2"}),
		rebillytest.WithCreditBalance("cus_1", rebillytest.CreditBalance{Currency: "USD", UnallocatedAmount: 12.5},
			rebillytest.CreditBalance{Currency: "EUR", UnallocatedAmount: 3}))

	r := do(t, srv, http.MethodGet, "/customers/cus_1/credit-balance", "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"balances":[{"currency":"USD","unallocatedAmount":12.5},{"currency":"EUR","unallocatedAmount":3}]}`, string(r.Body))
	r = do(t, srv, http.MethodGet, "/customers/cus_2/credit-balance", "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"balances":[]}`, string(r.Body), "none seeded: an empty list")
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/customers/ghost/credit-balance", "").problem(t).Status)
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/organizations/org_b/customers/cus_1/credit-balance", "").problem(t).Status)

	assert.Contains(t, panicMessage(t, func() { rebillytest.NewHandler(rebillytest.WithCreditBalance("ghost")) }),
		`WithCreditBalance("ghost"): no customer has that ID`)
	assert.Contains(t, panicMessage(t, func() { rebillytest.WithCreditBalance("cus_1", rebillytest.CreditBalance{Currency: "usd"}) }),
		`the currency "usd" is not an ISO 4217 code`)
	assert.Contains(t, panicMessage(t, func() {
		rebillytest.WithCreditBalance("cus_1", rebillytest.CreditBalance{Currency: "USD"}, rebillytest.CreditBalance{Currency: "USD"})
	}), "given twice")
}

func TestSummaryMetrics(t *testing.T) {
	srv := newServer(t,
		rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}, &rebilly.Customer{ID: "cus_2"},
			&rebilly.Customer{ID: "cus_3", LifetimeRevenue: &rebilly.Money{Currency: "EUR", Amount: 99.5, AmountUSD: 107}}),
		rebillytest.WithSummaryMetrics("cus_1", rebillytest.SummaryMetrics{Currency: "USD", RevenueAmount: 120, RefundsAmount: 20, DisputesAmount: 5}))

	get := func(id string) rawResponse {
		return do(t, srv, http.MethodGet, "/experimental/customers/"+id+"/summary-metrics", "")
	}
	r := get("cus_1")
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"currency":"USD","revenueAmount":120,"refundsAmount":20,"disputesAmount":5}`, string(r.Body))
	assert.JSONEq(t, `{}`, string(get("cus_2").Body), "nothing seeded, no revenue")
	assert.JSONEq(t, `{"currency":"EUR","revenueAmount":99.5,"refundsAmount":0,"disputesAmount":0}`, string(get("cus_3").Body),
		"the lifetime revenue")
	assert.Equal(t, http.StatusNotFound, get("ghost").problem(t).Status)
	assert.Equal(t, http.StatusNotFound, get("bad%20id").problem(t).Status, "the parameter has no pattern")
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/customers/cus_1/summary-metrics", "").problem(t).Status,
		"only the experimental path")
	assert.Equal(t, http.StatusOK, do(t, srv, http.MethodGet, "/organizations/"+rebillytest.DefaultOrganizationID+
		"/experimental/customers/cus_1/summary-metrics", "").Status)
}

// attachment is an attachment as the tests read it.
type attachment struct {
	ID          string                       `json:"id"`
	FileID      string                       `json:"fileId"`
	RelatedType string                       `json:"relatedType"`
	RelatedID   string                       `json:"relatedId"`
	Name        string                       `json:"name"`
	Links       []struct{ Href, Rel string } `json:"_links"`
}

// Each report is a new attachment: the operation is not idempotent.
func TestComplianceScreeningReport(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))
	var got []attachment
	for range 2 {
		r := do(t, srv, http.MethodPost, "/customers/cus_1/compliance-screening-report", "")
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		assert.NotEmpty(t, r.Header.Get("X-RateLimit-Remaining"))
		var a attachment
		r.decode(t, &a)
		assert.Regexp(t, `^att_[0-9A-Z]{26}$`, a.ID)
		assert.NotEmpty(t, a.FileID)
		assert.Equal(t, "customer", a.RelatedType)
		assert.Equal(t, "cus_1", a.RelatedID)
		assert.Contains(t, a.Name, ".pdf")
		assert.Equal(t, srv.URL+"/attachments/"+a.ID, r.Header.Get("Location"))
		assert.Equal(t, []struct{ Href, Rel string }{{srv.URL + "/attachments/" + a.ID, "self"}, {srv.URL + "/files/" + a.FileID, "file"}}, a.Links)
		got = append(got, a)
	}
	assert.NotEqual(t, got[0].ID, got[1].ID)
	assert.NotEqual(t, got[0].FileID, got[1].FileID)
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodPost, "/customers/ghost/compliance-screening-report", "").problem(t).Status)
	get := do(t, srv, http.MethodGet, "/customers/cus_1/compliance-screening-report", "")
	assert.Equal(t, http.StatusMethodNotAllowed, get.problem(t).Status)
	assert.Equal(t, "POST", get.Header.Get("Allow"))
}

// Organizations partition tags, timelines and custom event types as they
// do customers.
func TestOrganizationsPartitionTheNewData(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1", OrganizationID: "org_a"}))
	a, b := "/organizations/org_a", "/organizations/org_b"
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, a+"/tags", `{"name":"vip","type":"customer"}`).Status)
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, a+"/customer-timeline-custom-events", `{"name":"renewed"}`).Status)
	r := do(t, srv, http.MethodPost, a+"/customers/cus_1/timeline", `{"message":"hello"}`)
	require.Equal(t, http.StatusCreated, r.Status)
	assert.Equal(t, srv.URL+a+"/customers/cus_1/timeline/", r.Header.Get("Location")[:len(srv.URL+a+"/customers/cus_1/timeline/")])
	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodPost, a+"/tags/vip/customers/cus_1", "").Status)

	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, b+"/tags/vip", "").problem(t).Status)
	assert.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, b+"/tags", `{"name":"vip","type":"customer"}`).Status, "no clash across organizations")
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, b+"/customers/cus_1/timeline", "").problem(t).Status)
	assert.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, b+"/customer-timeline-custom-events", `{"name":"renewed"}`).Status)
	list := do(t, srv, http.MethodGet, "/tags", "")
	assert.JSONEq(t, `[]`, string(list.Body), "the default organization has none")
	c, ok := srv.Organization("org_a").Customer("cus_1")
	require.True(t, ok)
	require.Len(t, c.Tags, 1)
	assert.Equal(t, "vip", c.Tags[0].Name)
}
