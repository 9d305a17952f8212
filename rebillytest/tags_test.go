package rebillytest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// tag is a tag as the tests read it.
type tag struct {
	ID          string                       `json:"id"`
	Name        string                       `json:"name"`
	Type        string                       `json:"type"`
	CreatedTime string                       `json:"createdTime"`
	UpdatedTime string                       `json:"updatedTime"`
	Links       []struct{ Href, Rel string } `json:"_links"`
}

// customerTags returns the names of the customer's tags, as a GET of the
// customer shows them.
func customerTags(t testing.TB, srv *rebillytest.Server, id string) []string {
	t.Helper()
	r := do(t, srv, http.MethodGet, "/customers/"+id, "")
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	var c rebilly.Customer
	r.decode(t, &c)
	var names []string
	for _, tg := range c.Tags {
		names = append(names, tg.Name)
	}
	return names
}

func TestTagLifecycle(t *testing.T) {
	clock := rebillytest.NewClock(day(5, 10))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))

	r := do(t, srv, http.MethodPost, "/tags", `{"name":"VIP + gold","type":"customer","id":"ignored"}`)
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	var created tag
	r.decode(t, &created)
	assert.Equal(t, "VIP + gold", created.Name)
	assert.Equal(t, "customer", created.Type)
	assert.Regexp(t, `^tag_[0-9A-Z]{26}$`, created.ID)
	assert.Equal(t, "2026-01-05T10:00:00Z", created.CreatedTime)
	assert.Equal(t, srv.URL+"/tags/VIP%20%2B%20gold", r.Header.Get("Location"), "'+' is escaped")
	assert.Equal(t, r.Header.Get("Location"), created.Links[0].Href)
	assert.NotEmpty(t, r.Header.Get("X-RateLimit-Remaining"))

	// A '+' in the path may arrive escaped or literal.
	for _, path := range []string{"/tags/VIP%20%2B%20gold", "/tags/VIP%20+%20gold", "/tags/vip%20+%20GOLD"} {
		got := do(t, srv, http.MethodGet, path, "")
		require.Equal(t, http.StatusOK, got.Status, path)
		var g tag
		got.decode(t, &g)
		assert.Equal(t, created, g, path)
	}

	conflict := do(t, srv, http.MethodPost, "/tags", `{"name":"vip + GOLD","type":"kyc-document"}`).problem(t)
	assert.Equal(t, http.StatusConflict, conflict.Status, "names are unique ignoring case, across types")

	// Tag the customer; the customer's tags show it, and follow a rename.
	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodPost, "/tags/VIP%20%2B%20gold/customers/cus_1", "").Status)
	assert.Equal(t, []string{"VIP + gold"}, customerTags(t, srv, "cus_1"))
	before, _ := srv.Customer("cus_1")

	clock.Advance(time.Minute)
	r = do(t, srv, http.MethodPatch, "/tags/VIP%20%2B%20gold", `{"name":"platinum"}`)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	assert.NotEmpty(t, r.Header.Get("X-RateLimit-Limit"))
	var renamed tag
	r.decode(t, &renamed)
	assert.Equal(t, "platinum", renamed.Name)
	assert.Equal(t, created.ID, renamed.ID)
	assert.Equal(t, "2026-01-05T10:01:00Z", renamed.UpdatedTime)
	assert.Equal(t, srv.URL+"/tags/platinum", renamed.Links[0].Href)
	assert.Equal(t, []string{"platinum"}, customerTags(t, srv, "cus_1"))
	after, _ := srv.Customer("cus_1")
	assert.Equal(t, before.Revision+1, after.Revision, "a rename goes through the customer's write path")
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/tags/VIP%20%2B%20gold", "").problem(t).Status, "the URL changed")
	assert.Equal(t, http.StatusOK, do(t, srv, http.MethodPatch, "/tags/platinum", `{"name":"Platinum"}`).Status, "a change of case is no clash")

	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/tags", `{"name":"gold","type":"customer"}`).Status)
	assert.Equal(t, http.StatusConflict, do(t, srv, http.MethodPatch, "/tags/gold", `{"name":"PLATINUM"}`).problem(t).Status)
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodPatch, "/tags/none", `{"name":"x"}`).problem(t).Status)

	// Delete: the tag is gone, from the customers too.
	del := do(t, srv, http.MethodDelete, "/tags/platinum", "")
	assert.Equal(t, http.StatusNoContent, del.Status)
	assert.NotEmpty(t, del.Header.Get("X-RateLimit-Remaining"))
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/tags/platinum", "").problem(t).Status)
	assert.Empty(t, customerTags(t, srv, "cus_1"))
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodDelete, "/tags/platinum", "").problem(t).Status)

	for name, tc := range map[string]struct{ method, path, body, field string }{
		"no name":            {http.MethodPost, "/tags", `{"type":"customer"}`, "name"},
		"name off pattern":   {http.MethodPost, "/tags", `{"name":"a/b","type":"customer"}`, "name"},
		"name too long":      {http.MethodPost, "/tags", `{"name":"` + longText(256) + `","type":"customer"}`, "name"},
		"no type":            {http.MethodPost, "/tags", `{"name":"x"}`, "type"},
		"unknown type":       {http.MethodPost, "/tags", `{"name":"x","type":"invoice"}`, "type"},
		"rename to nothing":  {http.MethodPatch, "/tags/gold", `{}`, "name"},
		"rename off pattern": {http.MethodPatch, "/tags/gold", `{"name":"a#b"}`, "name"},
		"path off pattern":   {http.MethodGet, "/tags/a%23b", "", "tag"},
	} {
		t.Run(name, func(t *testing.T) {
			p := do(t, srv, tc.method, tc.path, tc.body).problem(t)
			assert.Equal(t, http.StatusUnprocessableEntity, p.Status)
			assert.Equal(t, []string{tc.field}, p.fields())
		})
	}
}

func TestTagList(t *testing.T) {
	clock := rebillytest.NewClock(day(5, 10))
	srv := newServer(t, rebillytest.WithClock(clock))
	for _, body := range []string{`{"name":"vip","type":"customer"}`, `{"name":"passport","type":"kyc-document"}`,
		`{"name":"annual","type":"customer"}`, `{"name":"pep","type":"aml-check"}`} {
		require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/tags", body).Status)
		clock.Advance(time.Second)
	}
	list := func(query string) ([]string, http.Header) {
		t.Helper()
		r := do(t, srv, http.MethodGet, "/tags"+query, "")
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		var tags []tag
		r.decode(t, &tags)
		var names []string
		for _, tg := range tags {
			names = append(names, tg.Name)
		}
		return names, r.Header
	}
	names, hdr := list("")
	assert.Equal(t, []string{"pep", "annual", "passport", "vip"}, names, "newest first")
	assert.Equal(t, "4", hdr.Get("Pagination-Total"))
	names, hdr = list("?filter=type:customer&sort=name")
	assert.Equal(t, []string{"annual", "vip"}, names)
	assert.Equal(t, "2", hdr.Get("Pagination-Total"))
	names, _ = list("?q=P&sort=-name&limit=2&offset=1")
	assert.Equal(t, []string{"pep", "passport"}, names, "q matches part of the name (vip, pep, passport), ignoring case")
	names, _ = list("?filter=name:VIP,pep")
	assert.Equal(t, []string{"pep", "vip"}, names)
	assert.Equal(t, []string{"filter"}, do(t, srv, http.MethodGet, "/tags?filter=id:x", "").problem(t).fields())
	assert.Equal(t, []string{"sort"}, do(t, srv, http.MethodGet, "/tags?sort=type", "").problem(t).fields())
}

func TestTagAndUntagOneCustomer(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/tags", `{"name":"vip","type":"customer"}`).Status)
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/tags", `{"name":"passport","type":"kyc-document"}`).Status)

	r := do(t, srv, http.MethodPost, "/tags/VIP/customers/cus_1", "")
	assert.Equal(t, http.StatusNoContent, r.Status)
	assert.NotEmpty(t, r.Header.Get("X-RateLimit-Remaining"))
	assert.Equal(t, []string{"vip"}, customerTags(t, srv, "cus_1"))
	stored, _ := srv.Customer("cus_1")
	assert.Equal(t, 2, stored.Revision, "tagging is a write of the customer")
	assert.Equal(t, http.StatusNoContent, do(t, srv, http.MethodPost, "/tags/vip/customers/cus_1", "").Status, "again: no change")
	stored, _ = srv.Customer("cus_1")
	assert.Equal(t, 2, stored.Revision)

	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodPost, "/tags/none/customers/cus_1", "").problem(t).Status)
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodPost, "/tags/vip/customers/ghost", "").problem(t).Status)
	p := do(t, srv, http.MethodPost, "/tags/passport/customers/cus_1", "").problem(t)
	assert.Equal(t, http.StatusUnprocessableEntity, p.Status, "a kyc-document tag cannot tag a customer")
	assert.Equal(t, []string{"tag"}, p.fields())
	assert.Equal(t, []string{"customerId"}, do(t, srv, http.MethodPost, "/tags/vip/customers/bad%20id", "").problem(t).fields())

	assert.Equal(t, http.StatusNoContent, do(t, srv, http.MethodDelete, "/tags/vip/customers/cus_1", "").Status)
	assert.Empty(t, customerTags(t, srv, "cus_1"))
	assert.Equal(t, http.StatusNoContent, do(t, srv, http.MethodDelete, "/tags/vip/customers/cus_1", "").Status, "again: no change")
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodDelete, "/tags/vip/customers/ghost", "").problem(t).Status)
	assert.Equal(t, http.StatusUnprocessableEntity, do(t, srv, http.MethodDelete, "/tags/passport/customers/cus_1", "").problem(t).Status)
}

// bulkBody is a bulk tag body with n customer IDs.
func bulkBody(ids ...string) string {
	return `{"customerIds":["` + strings.Join(ids, `","`) + `"]}`
}

func TestTagAndUntagManyCustomers(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}, &rebilly.Customer{ID: "cus_2"}, &rebilly.Customer{ID: "cus_3"}))
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/tags", `{"name":"vip","type":"customer"}`).Status)
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/tags", `{"name":"pep","type":"aml-check"}`).Status)

	r := do(t, srv, http.MethodPost, "/tags/vip/customers", bulkBody("cus_1", "cus_2"))
	assert.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
	assert.NotEmpty(t, r.Header.Get("X-RateLimit-Remaining"))
	assert.Equal(t, []string{"vip"}, customerTags(t, srv, "cus_1"))
	assert.Equal(t, []string{"vip"}, customerTags(t, srv, "cus_2"))
	assert.Empty(t, customerTags(t, srv, "cus_3"))

	r = do(t, srv, http.MethodDelete, "/tags/vip/customers", bulkBody("cus_2", "cus_3"))
	assert.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
	assert.Equal(t, []string{"vip"}, customerTags(t, srv, "cus_1"))
	assert.Empty(t, customerTags(t, srv, "cus_2"))

	thousand := make([]string, 1000)
	for i := range thousand {
		thousand[i] = "cus_1"
	}
	assert.Equal(t, http.StatusNoContent, do(t, srv, http.MethodPost, "/tags/vip/customers", bulkBody(thousand...)).Status, "1000 IDs")

	for name, tc := range map[string]struct{ tag, body, field string }{
		"no IDs":            {"vip", `{"customerIds":[]}`, "customerIds"},
		"1001 IDs":          {"vip", bulkBody(append(thousand, "cus_2")...), "customerIds"},
		"no body member":    {"vip", `{}`, "customerIds"},
		"no body":           {"vip", ``, "body"},
		"not a list":        {"vip", `{"customerIds":"cus_1"}`, "customerIds"},
		"not strings":       {"vip", `{"customerIds":["cus_1",2]}`, "customerIds.1"},
		"an unknown ID":     {"vip", bulkBody("cus_1", "ghost"), "customerIds.1"},
		"an unknown tag":    {"none", bulkBody("cus_1"), "tag"},
		"an aml-check tag":  {"pep", bulkBody("cus_1"), "tag"},
		"a tag off pattern": {"a%23b", bulkBody("cus_1"), "tag"},
	} {
		for _, method := range []string{http.MethodPost, http.MethodDelete} {
			t.Run(name+" "+method, func(t *testing.T) {
				p := do(t, srv, method, "/tags/"+tc.tag+"/customers", tc.body).problem(t)
				assert.Equal(t, http.StatusUnprocessableEntity, p.Status)
				assert.Equal(t, []string{tc.field}, p.fields())
			})
		}
	}
}

// With WithLateAsyncOperations, DeleteTag and the bulk operations apply
// when the fake's clock has moved past the delay, at the next request.
func TestLateAsyncOperations(t *testing.T) {
	clock := rebillytest.NewClock(day(5, 10))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithLateAsyncOperations(time.Minute),
		rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}, &rebilly.Customer{ID: "cus_2"}))
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/tags", `{"name":"vip","type":"customer"}`).Status)

	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodPost, "/tags/vip/customers", bulkBody("cus_1", "cus_2")).Status)
	assert.Empty(t, customerTags(t, srv, "cus_1"), "scheduled, not applied")
	clock.Advance(59 * time.Second)
	assert.Empty(t, customerTags(t, srv, "cus_1"), "not yet due")
	clock.Advance(time.Second)
	assert.Equal(t, []string{"vip"}, customerTags(t, srv, "cus_1"), "due: applied before the request")
	assert.Equal(t, []string{"vip"}, customerTags(t, srv, "cus_2"))
	ms := timeline(t, srv, "cus_1")
	assert.Equal(t, []string{"customer-tagged"}, types(ms))
	assert.Equal(t, "2026-01-05T10:01:00Z", ms[0].OccurredTime, "recorded when applied")

	// The single-customer operations are not asynchronous.
	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodDelete, "/tags/vip/customers/cus_2", "").Status)
	assert.Empty(t, customerTags(t, srv, "cus_2"))

	// A tag being deleted is still there until the delete applies.
	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodDelete, "/tags/vip", "").Status)
	assert.Equal(t, http.StatusOK, do(t, srv, http.MethodGet, "/tags/vip", "").Status)
	assert.Equal(t, []string{"vip"}, customerTags(t, srv, "cus_1"))
	srv.CompleteAsyncOperations()
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/tags/vip", "").problem(t).Status)
	assert.Empty(t, customerTags(t, srv, "cus_1"))

	// Operations apply in the order they were accepted.
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/tags", `{"name":"gold","type":"customer"}`).Status)
	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodPost, "/tags/gold/customers", bulkBody("cus_1")).Status)
	clock.Advance(30 * time.Second)
	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodDelete, "/tags/gold/customers", bulkBody("cus_1")).Status)
	clock.Advance(30 * time.Second)
	assert.Equal(t, []string{"gold"}, customerTags(t, srv, "cus_1"), "the tagging is due, the untagging is not")
	clock.Advance(30 * time.Second)
	assert.Empty(t, customerTags(t, srv, "cus_1"))

	assert.Equal(t, "rebillytest: WithLateAsyncOperations(0s): need a positive delay",
		panicMessage(t, func() { rebillytest.WithLateAsyncOperations(0) }))
}

// Seeded customers' tags are the organization's tags.
func TestSeededTagsAreRegistered(t *testing.T) {
	srv := newServer(t, rebillytest.WithSampleData())
	r := do(t, srv, http.MethodGet, "/tags?sort=name", "")
	require.Equal(t, http.StatusOK, r.Status)
	var tags []tag
	r.decode(t, &tags)
	var names []string
	for _, tg := range tags {
		names = append(names, fmt.Sprintf("%s/%s", tg.Name, tg.Type))
	}
	assert.Equal(t, []string{"annual/customer", "beta-tester/customer", "vip/customer"}, names)

	// The customers' answers carry the registry's tags (IDs and times), not
	// the seed's copies.
	ids := map[string]string{}
	for _, tg := range tags {
		ids[tg.Name] = tg.ID
	}
	page := do(t, srv, http.MethodGet, "/customers?limit=100", "")
	require.Equal(t, http.StatusOK, page.Status)
	var customers []struct {
		ID   string `json:"id"`
		Tags []tag  `json:"tags"`
	}
	page.decode(t, &customers)
	seen := 0
	for _, c := range customers {
		for _, tg := range c.Tags {
			assert.Equal(t, ids[tg.Name], tg.ID, "tag %s of %s", tg.Name, c.ID)
			seen++
		}
	}
	require.NotZero(t, seen, "no sample customer has a tag")

	// Deleting one takes it off the sample customers.
	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodDelete, "/tags/vip", "").Status)
	for _, c := range srv.Customers() {
		for _, tg := range c.Tags {
			assert.NotEqual(t, "vip", tg.Name, c.ID)
		}
	}
}

// TestSeededTagsWithoutIDsAreServedWithTheRegistrysIDs: a seed's tag
// without an ID gets one from the registry, and the customer's answer
// carries that ID (the answer is built from what was stored last).
func TestSeededTagsWithoutIDsAreServedWithTheRegistrysIDs(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{
		ID:   "cus_tagged",
		Tags: []rebilly.Tag{{Name: "gold", Type: "customer"}},
	}))
	r := do(t, srv, http.MethodGet, "/tags/gold", "")
	require.Equal(t, http.StatusOK, r.Status)
	var registered tag
	r.decode(t, &registered)
	require.NotEmpty(t, registered.ID)

	for _, path := range []string{"/customers/cus_tagged", "/customers?limit=10"} {
		r := do(t, srv, http.MethodGet, path, "")
		require.Equal(t, http.StatusOK, r.Status)
		var c struct {
			Tags []tag `json:"tags"`
		}
		if path == "/customers/cus_tagged" {
			r.decode(t, &c)
		} else {
			var page []struct {
				Tags []tag `json:"tags"`
			}
			r.decode(t, &page)
			require.Len(t, page, 1)
			c = page[0]
		}
		require.Len(t, c.Tags, 1, path)
		assert.Equal(t, registered.ID, c.Tags[0].ID, path)
	}
}
