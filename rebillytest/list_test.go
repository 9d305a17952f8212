package rebillytest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// listFixture holds six customers; c3 and c4 share a createdTime.
func listFixture() []*rebilly.Customer {
	money := func(amount float64, currency string) *rebilly.Money {
		return &rebilly.Money{Currency: currency, Amount: amount, AmountUSD: amount}
	}
	withPhone := func(c *rebilly.Contact, city, country, phone string) *rebilly.Contact {
		c.City, c.Country = city, country
		c.PhoneNumbers = []rebilly.PhoneNumber{{Label: "main", Value: phone}}
		return c
	}
	paid := day(20, 0)
	return []*rebilly.Customer{
		{ID: "c1", CreatedTime: day(1, 0), UpdatedTime: day(10, 0), PrimaryAddress: withPhone(contact("Ada", "Lovelace", "ada@example.com"), "London", "GB", "+44 20 7946 0011"),
			CustomFields: map[string]any{"plan": "gold", "seats": 5}, Tags: []rebilly.Tag{{Name: "VIP", Type: "customer"}},
			PaymentCount: 10, AverageValue: money(50, "USD"), HasFulfilledKYC: true, LastPaymentTime: &paid, WebsiteID: "web_b"},
		{ID: "c2", CreatedTime: day(2, 0), UpdatedTime: day(2, 0), PrimaryAddress: withPhone(contact("Grace", "Hopper", "grace@example.org"), "Arlington", "US", "+1 703 555 0142"),
			CustomFields: map[string]any{"plan": "silver", "seats": 2}, PaymentCount: 3, AverageValue: money(150, "USD"), WebsiteID: "web_a"},
		{ID: "c3", CreatedTime: day(3, 0), UpdatedTime: day(3, 0), PrimaryAddress: withPhone(contact("Alan", "Turing", "alan@example.net"), "Manchester", "GB", "+44 161 496 0734"),
			CustomFields: map[string]any{"plan": "gold", "seats": 12}, PaymentCount: 7, AverageValue: money(20, "EUR"), WebsiteID: "web_a"},
		{ID: "c4", CreatedTime: day(3, 0), UpdatedTime: day(3, 0), PrimaryAddress: withPhone(contact("Katherine", "Johnson", "katherine@example.com"), "Hampton", "US", "+1 757 555 0199")},
		{ID: "c5", CreatedTime: day(4, 0), UpdatedTime: day(12, 0), PrimaryAddress: withPhone(contact("Zoë", "Müller", "zoe@example.de"), "Berlin", "DE", "+49 30 901820"),
			CustomFields: map[string]any{"plan": "Gold", "trial": true}, Tags: []rebilly.Tag{{Name: "beta", Type: "customer"}}, PaymentCount: 10},
		{ID: "c6", CreatedTime: day(5, 0), UpdatedTime: day(5, 0), CustomFields: map[string]any{"note": "Lovelace fan"}},
	}
}

func ids(cs []*rebilly.Customer) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestListPagination(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(listFixture()...))
	client := srv.Client()
	ctx := context.Background()

	page, resp, err := client.Customers.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"c6", "c5", "c4", "c3", "c2", "c1"}, ids(page), "newest first; a createdTime tie in ID order reversed")
	assert.Equal(t, rebilly.Pagination{Total: 6, Limit: 100, Offset: 0}, resp.Pagination)
	assert.Equal(t, "6", resp.Header.Get("Pagination-Total"))

	page, resp, err = client.Customers.List(ctx, &rebilly.CustomerListParams{Limit: 2, Offset: 3})
	require.NoError(t, err)
	assert.Equal(t, []string{"c3", "c2"}, ids(page))
	assert.Equal(t, rebilly.Pagination{Total: 6, Limit: 2, Offset: 3}, resp.Pagination)

	page, resp, err = client.Customers.List(ctx, &rebilly.CustomerListParams{Offset: 6})
	require.NoError(t, err)
	assert.Empty(t, page)
	assert.Equal(t, 6, resp.Pagination.Total)

	r := do(t, srv, http.MethodGet, "/customers?limit=0", "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "[]", string(r.Body))
	assert.Equal(t, "0", r.Header.Get("Pagination-Limit"))
	assert.Equal(t, "6", r.Header.Get("Pagination-Total"))
}

func TestListLimitAndOffsetBounds(t *testing.T) {
	srv := newServer(t)
	for query, want := range map[string][]string{
		"limit=1001":             {"limit"},
		"limit=-1":               {"limit"},
		"limit=ten":              {"limit"},
		"offset=1001":            {"offset"},
		"offset=-5":              {"offset"},
		"limit=5000&offset=2000": {"limit", "offset"},
	} {
		r := do(t, srv, http.MethodGet, "/customers?"+query, "")
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, query)
		p := r.problem(t)
		assert.Equal(t, want, p.fields(), query)
		assert.Equal(t, "Invalid data", p.Title)
	}
	for _, query := range []string{"limit=1000", "offset=1000", "limit=0&offset=0"} {
		assert.Equal(t, http.StatusOK, do(t, srv, http.MethodGet, "/customers?"+query, "").Status, query)
	}
}

func TestListFilter(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(listFixture()...))
	client := srv.Client()
	ctx := context.Background()

	for _, tc := range []struct {
		filter string
		want   []string
	}{
		{"primaryAddress.city:london", []string{"c1"}},
		{"primaryAddress.country:GB,us", []string{"c1", "c2", "c3", "c4"}},
		{"primaryAddress.country:GB;customFields.plan:gold", []string{"c1", "c3"}},
		{"primaryAddress.country:!GB", []string{"c2", "c4", "c5", "c6"}},
		{"primaryAddress.country:!GB,!US", []string{"c5", "c6"}},
		{"firstName:zoë", []string{"c5"}},
		{"lastName:a..k", []string{"c2", "c4"}},
		{"email:ADA@example.com", []string{"c1"}},
		{"id:c2,c4", []string{"c2", "c4"}},
		{"primaryAddress.emails.value:grace@example.org", []string{"c2"}},
		{"primaryAddress.phoneNumbers.value:+1 757 555 0199", []string{"c4"}},
		{"customFields.plan:GOLD", []string{"c1", "c3", "c5"}},
		{"customFields.seats:5..", []string{"c1", "c3"}},
		{"customFields.seats:..4", []string{"c2"}},
		{"customFields.seats:12", []string{"c3"}},
		{"customFields.trial:true", []string{"c5"}},
		{"customFields.missing:x", nil},
		{"tags.name:vip", []string{"c1"}},
		{"tags.name:!vip", []string{"c2", "c3", "c4", "c5", "c6"}},
		{"paymentCount:5..10", []string{"c1", "c3", "c5"}},
		{"paymentCount:10", []string{"c1", "c5"}},
		{"paymentCount:..3", []string{"c2", "c4", "c6"}},
		{"averageValue.amount:..60", []string{"c1", "c3"}},
		{"averageValue.currency:eur", []string{"c3"}},
		{"hasFulfilledKyc:true", []string{"c1"}},
		{"websiteId:web_a", []string{"c2", "c3"}},
		{"createdTime:2026-01-02T00:00:00Z..2026-01-03T00:00:00Z", []string{"c2", "c3", "c4"}},
		{"createdTime:2026-01-04T00:00:00Z..", []string{"c5", "c6"}},
		{"createdTime:..2026-01-01T00:00:00Z", []string{"c1"}},
		{"createdTime:2026-01-02T00:00:00Z..;createdTime:..2026-01-02T23:00:00Z", []string{"c2"}},
		{"createdTime:2026-01-03T00:00:00Z", []string{"c3", "c4"}},
		{"createdTime:!2026-01-03T00:00:00Z..2026-01-04T00:00:00Z", []string{"c1", "c2", "c6"}},
		{"createdTime:2026-01-03T01:00:00+01:00..2026-01-03T01:00:00+01:00", []string{"c3", "c4"}},
		{"updatedTime:2026-01-10T00:00:00Z..", []string{"c1", "c5"}},
		{"lastPaymentTime:2026-01-01T00:00:00Z..", []string{"c1"}},
		{"createdTime:2026-01-05T00:00:00Z..2026-01-01T00:00:00Z", nil},
	} {
		t.Run(tc.filter, func(t *testing.T) {
			page, resp, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Filter: tc.filter, Sort: []string{"createdTime"}})
			require.NoError(t, err)
			if tc.want == nil {
				tc.want = []string{}
			}
			assert.Equal(t, tc.want, ids(page))
			assert.Equal(t, len(tc.want), resp.Pagination.Total)
		})
	}
}

func TestListFilterErrors(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(listFixture()...))
	for _, filter := range []string{
		"favouriteColour:red",
		"primaryAddress.planet:Mars",
		"email:@vip-emails",
		"email:!@vip-emails",
		"createdTime:yesterday..",
		"createdTime:2026-01-01..",
		"createdTime:2026-01-01",
		"paymentCount:many",
		"paymentCount:1..lots",
		"hasFulfilledKyc:yes",
		"hasFulfilledKyc:true..false",
		"no-colon",
		"email:",
		"email:a..b..c",
	} {
		r := do(t, srv, http.MethodGet, "/customers?filter="+url.QueryEscape(filter), "")
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, filter)
		p := r.problem(t)
		assert.Equal(t, []string{"filter"}, p.fields(), filter)
	}
}

func TestListQ(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(listFixture()...))
	client := srv.Client()
	ctx := context.Background()
	for q, want := range map[string][]string{
		"LOVELACE":   {"c1", "c6"}, // last name, and a custom field's text
		"hopp":       {"c2"},
		"example.de": {"c5"},
		"manchest":   {"c3"},
		"müll":       {"c5"},
		"7946":       {"c1"},
		"c4":         {"c4"},
		"gb":         {"c1", "c3"},
		"nobody":     {},
	} {
		page, resp, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Q: q, Sort: []string{"createdTime"}})
		require.NoError(t, err, q)
		assert.Equal(t, want, ids(page), q)
		assert.Equal(t, len(want), resp.Pagination.Total, q)
	}
	page, _, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Q: "example.com", Filter: "primaryAddress.country:US"})
	require.NoError(t, err)
	assert.Equal(t, []string{"c4"}, ids(page), "q and filter together")
}

func TestListSort(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(listFixture()...))
	client := srv.Client()
	ctx := context.Background()
	for _, tc := range []struct {
		sort []string
		want []string
	}{
		{[]string{"createdTime"}, []string{"c1", "c2", "c3", "c4", "c5", "c6"}},
		{[]string{"-createdTime"}, []string{"c6", "c5", "c4", "c3", "c2", "c1"}},
		{[]string{"lastName"}, []string{"c6", "c2", "c4", "c1", "c5", "c3"}},
		{[]string{"-lastName"}, []string{"c3", "c5", "c1", "c4", "c2", "c6"}},
		{[]string{"email"}, []string{"c6", "c1", "c3", "c2", "c4", "c5"}},
		{[]string{"-paymentCount", "lastName"}, []string{"c1", "c5", "c3", "c2", "c6", "c4"}},
		{[]string{"-paymentCount"}, []string{"c1", "c5", "c3", "c2", "c4", "c6"}}, // ties: createdTime, ID
		{[]string{"paymentCount", "-createdTime"}, []string{"c6", "c4", "c2", "c3", "c5", "c1"}},
		{[]string{"averageValue.amount"}, []string{"c4", "c5", "c6", "c3", "c1", "c2"}},
		{[]string{"websiteId", "-updatedTime"}, []string{"c5", "c6", "c4", "c3", "c2", "c1"}},
		{[]string{"-lastPaymentTime"}, []string{"c1", "c2", "c3", "c4", "c5", "c6"}},
		{[]string{"invoiceCount", "averageValue.currency", "lifetimeRevenue.amount", "lifetimeRevenue.currency"}, []string{"c4", "c5", "c6", "c3", "c1", "c2"}},
	} {
		page, _, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Sort: tc.sort})
		require.NoError(t, err, tc.sort)
		assert.Equal(t, tc.want, ids(page), "sort %v", tc.sort)
	}
	for _, bad := range []string{"id", "firstName", "createdTime,colour", "-"} {
		r := do(t, srv, http.MethodGet, "/customers?sort="+url.QueryEscape(bad), "")
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, bad)
		assert.Equal(t, []string{"sort"}, r.problem(t).fields(), bad)
	}
}

func TestListFields(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(listFixture()...))
	r := do(t, srv, http.MethodGet, "/customers?limit=2&sort=createdTime&fields=email,firstName,noSuchField", "")
	require.Equal(t, http.StatusOK, r.Status)
	var items []map[string]any
	require.NoError(t, codec.Unmarshal(r.Body, &items))
	assert.Equal(t, []map[string]any{
		{"id": "c1", "email": "ada@example.com", "firstName": "Ada"},
		{"id": "c2", "email": "grace@example.org", "firstName": "Grace"},
	}, items)

	page, _, err := srv.Client().Customers.List(context.Background(), &rebilly.CustomerListParams{Fields: []string{"id"}, Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, []*rebilly.Customer{{ID: "c6"}}, page)
}

// manyCustomers makes n customers, several sharing each createdTime, with
// alternating countries.
func manyCustomers(n int, start time.Time) []*rebilly.Customer {
	out := make([]*rebilly.Customer, n)
	for i := range out {
		country := "US"
		if i%3 == 0 {
			country = "GB"
		}
		out[i] = &rebilly.Customer{
			ID:             fmt.Sprintf("m%05d", (i*7919)%n),
			CreatedTime:    start.Add(time.Duration(i/4) * time.Minute),
			PrimaryAddress: &rebilly.Contact{LastName: fmt.Sprintf("L%03d", i%97), Country: country},
		}
	}
	return out
}

// The createdTime index and the general sort must agree with a plain
// reference implementation, for every page.
func TestListOrderMatchesReference(t *testing.T) {
	start := day(1, 0)
	all := manyCustomers(300, start)
	srv := newServer(t, rebillytest.WithCustomers(all...), rebillytest.WithRequestLogSize(0))
	client := srv.Client()
	ctx := context.Background()

	from, to := start.Add(10*time.Minute), start.Add(50*time.Minute)
	inRange := func(c *rebilly.Customer) bool { return !c.CreatedTime.Before(from) && !c.CreatedTime.After(to) }
	byCreated := func(a, b *rebilly.Customer) int {
		if c := a.CreatedTime.Compare(b.CreatedTime); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
	rangeFilter := fmt.Sprintf("createdTime:%s..%s", from.Format(time.RFC3339), to.Format(time.RFC3339))

	for _, tc := range []struct {
		name   string
		params rebilly.CustomerListParams
		keep   func(c *rebilly.Customer) bool
		cmp    func(a, b *rebilly.Customer) int
	}{
		{"range ascending", rebilly.CustomerListParams{Filter: rangeFilter, Sort: []string{"createdTime"}}, inRange, byCreated},
		{"range descending", rebilly.CustomerListParams{Filter: rangeFilter, Sort: []string{"-createdTime"}}, inRange,
			func(a, b *rebilly.Customer) int { return -byCreated(a, b) }},
		{"range and country", rebilly.CustomerListParams{Filter: rangeFilter + ";primaryAddress.country:GB", Sort: []string{"createdTime"}},
			func(c *rebilly.Customer) bool { return inRange(c) && c.PrimaryAddress.Country == "GB" }, byCreated},
		{"default order", rebilly.CustomerListParams{}, func(*rebilly.Customer) bool { return true },
			func(a, b *rebilly.Customer) int { return -byCreated(a, b) }},
		{"lastName then ties", rebilly.CustomerListParams{Filter: rangeFilter, Sort: []string{"lastName"}}, inRange,
			func(a, b *rebilly.Customer) int {
				if c := strings.Compare(a.PrimaryAddress.LastName, b.PrimaryAddress.LastName); c != 0 {
					return c
				}
				return byCreated(a, b)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			ref := slices.Clone(all)
			sort.SliceStable(ref, func(i, j int) bool { return tc.cmp(ref[i], ref[j]) < 0 })
			for _, c := range ref {
				if tc.keep(c) {
					want = append(want, c.ID)
				}
			}
			var got []string
			for offset := 0; ; offset += 17 {
				p := tc.params
				p.Limit, p.Offset = 17, offset
				page, resp, err := client.Customers.List(ctx, &p)
				require.NoError(t, err)
				assert.Equal(t, len(want), resp.Pagination.Total)
				got = append(got, ids(page)...)
				if len(page) < 17 {
					break
				}
			}
			assert.Equal(t, want, got)
		})
	}
}

// The SDK's All walks past the API's offset cap with createdTime ranges;
// the fake must serve every customer exactly once.
func TestAllWalksPastTheOffsetCap(t *testing.T) {
	all := manyCustomers(2500, day(1, 0))
	srv := newServer(t, rebillytest.WithCustomers(all...), rebillytest.WithRequestLogSize(0))
	client := srv.Client()
	seen := make(map[string]int)
	for c, err := range client.Customers.All(context.Background(), &rebilly.CustomerListParams{Limit: 1000}) {
		require.NoError(t, err)
		seen[c.ID]++
	}
	assert.Len(t, seen, 2500)
	for id, n := range seen {
		if n != 1 {
			t.Errorf("customer %s yielded %d times", id, n)
		}
	}
}
