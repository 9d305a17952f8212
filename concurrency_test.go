package rebilly_test

// One client, used from many goroutines for every operation at once (run
// under -race), against the rebillytest fake.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// failFirstPUT is a front for the fake: the first PUT of each customer
// (Upsert, CreateWithNewID) is answered 503, to make retries run
// concurrently too, and requests without the API key are counted.
type failFirstPUT struct {
	failed sync.Map
	noKey  atomic.Int64
}

func (f *failFirstPUT) serve(w http.ResponseWriter, r *http.Request, fake http.Handler, _ int) {
	if r.Header.Get("REB-APIKEY") != testAPIKey {
		f.noKey.Add(1)
	}
	if r.Method == http.MethodPut && strings.Count(r.URL.Path, "/") == 2 {
		if _, failed := f.failed.LoadOrStore(r.URL.Path, true); !failed {
			writeJSON(w, 503, problem(503, "Service Unavailable", "once"))
			return
		}
	}
	fake.ServeHTTP(w, r)
}

// goroutineSeed is, for each goroutine g, its customer cus_gNN of website
// web_NN with a lead source whose source is the customer's ID, and a
// duplicate cus_gNN-dup to merge into it.
func goroutineSeed(goroutines int) []rebillytest.Option {
	var cs []*rebilly.Customer
	var opts []rebillytest.Option
	for g := range goroutines {
		id := fmt.Sprintf("cus_g%02d", g)
		cs = append(cs, &rebilly.Customer{ID: id, WebsiteID: fmt.Sprintf("web_%02d", g)},
			&rebilly.Customer{ID: id + "-dup", WebsiteID: "web_dup"})
		opts = append(opts, rebillytest.WithLeadSource(id, &rebilly.LeadSourceInput{Source: id}))
	}
	return append([]rebillytest.Option{rebillytest.WithCustomers(cs...)}, opts...)
}

func TestOneClientManyGoroutines(t *testing.T) {
	const goroutines = 64
	api := &failFirstPUT{}
	fake, front, srv := startFake(t, api.serve, goroutineSeed(goroutines)...)
	c := newServerClient(t, srv, rebilly.WithMaxRetries(2))
	ctx := context.Background()

	var wg sync.WaitGroup
	errs := make(chan error, goroutines*16)
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs <- fmt.Errorf(format, args...)
		}
	}
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			id := fmt.Sprintf("cus_g%02d", g)
			site := fmt.Sprintf("web_%02d", g)
			fail := func(op string, err error) { errs <- fmt.Errorf("goroutine %d, %s: %w", g, op, err) }

			page, _, err := c.Customers.List(ctx, &rebilly.CustomerListParams{Filter: "websiteId:" + site, Limit: 5})
			if err != nil {
				fail("List", err)
			} else {
				check(len(page) == 1 && page[0].ID == id, "goroutine %d: List answered %v", g, page)
			}
			n := 0
			for cus, err := range c.Customers.All(ctx, &rebilly.CustomerListParams{Filter: "websiteId:" + site}) {
				if err != nil {
					fail("All", err)
					break
				}
				n++
				check(cus.ID == id, "goroutine %d: All yielded %s", g, cus.ID)
			}
			check(n == 1, "goroutine %d: All yielded %d customers", g, n)
			if cus, _, err := c.Customers.Get(ctx, id, &rebilly.CustomerGetParams{Expand: []string{"leadSource"}}); err != nil {
				fail("Get", err)
			} else {
				check(cus.ID == id, "goroutine %d: Get answered %s", g, cus.ID)
			}
			if cus, _, err := c.Customers.Create(ctx, &rebilly.CustomerInput{WebsiteID: site}); err != nil {
				fail("Create", err)
			} else {
				check(cus.ID != "" && cus.WebsiteID == site, "goroutine %d: Create answered %+v", g, cus)
			}
			if cus, _, err := c.Customers.Upsert(ctx, id, &rebilly.CustomerInput{WebsiteID: site}); err != nil {
				fail("Upsert", err)
			} else {
				check(cus.ID == id && cus.WebsiteID == site, "goroutine %d: Upsert answered %+v", g, cus)
			}
			if cus, _, err := c.Customers.CreateWithNewID(ctx, &rebilly.CustomerInput{WebsiteID: site}); err != nil {
				fail("CreateWithNewID", err)
			} else {
				check(customerIDPattern.MatchString(cus.ID) && cus.WebsiteID == site, "goroutine %d: CreateWithNewID answered %+v", g, cus)
			}
			if _, err := c.Customers.MergeDelete(ctx, id+"-dup", id); err != nil {
				fail("MergeDelete", err)
			}
			if ls, _, err := c.LeadSources.Get(ctx, id); err != nil {
				fail("LeadSources.Get", err)
			} else {
				check(ls.Source == id, "goroutine %d: LeadSources.Get answered %+v", g, ls)
			}
			if ls, _, err := c.LeadSources.Upsert(ctx, id, &rebilly.LeadSourceInput{Source: id, Medium: site}); err != nil {
				fail("LeadSources.Upsert", err)
			} else {
				check(ls.Source == id && ls.Medium == site, "goroutine %d: LeadSources.Upsert answered %+v", g, ls)
			}
			if _, err := c.LeadSources.Delete(ctx, id); err != nil {
				fail("LeadSources.Delete", err)
			}
			// An error answer, concurrently too.
			_, _, err = c.Customers.Get(ctx, "missing", nil)
			check(err != nil && strings.Contains(err.Error(), "404"), "goroutine %d: Get missing: %v", g, err)
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// 11 calls each, plus one retry for each of the 2 customer PUTs.
	assert.Equal(t, goroutines*(11+2), front.count())
	assert.Zero(t, api.noKey.Load(), "requests without the API key")
	// The fake's state is every goroutine's work: its customer, its two
	// creations, and the duplicate merged away.
	assert.Len(t, fake.Customers(), goroutines*3)
}
