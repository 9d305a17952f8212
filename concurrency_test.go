package rebilly_test

// One client, used from many goroutines for every operation at once (run
// under -race).

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// echoAPI answers each operation with values taken from the request, so
// that a caller can tell its answer from another's. The first PUT of each
// customer fails with 503, to make retries run concurrently too.
type echoAPI struct {
	failedOnce sync.Map
	noKey      atomic.Int64
}

func (a *echoAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("REB-APIKEY") != testAPIKey {
		a.noKey.Add(1)
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	var body map[string]any
	if r.Body != nil {
		_ = json.NewDecoder(r.Body).Decode(&body)
	}
	str := func(v any) string { s, _ := v.(string); return s }
	switch {
	case len(parts) == 1 && r.Method == "GET":
		filter := r.URL.Query().Get("filter")
		if r.URL.Query().Get("sort") == "createdTime" { // All
			writeJSON(w, 200, `[{"id":"all-1","createdTime":"2024-01-01T00:00:00Z"},{"id":"all-2","createdTime":"2024-01-01T00:00:01Z"}]`)
			return
		}
		writeJSON(w, 200, fmt.Sprintf(`[{"id":%q}]`, filter))
	case len(parts) == 1 && r.Method == "POST":
		writeJSON(w, 201, fmt.Sprintf(`{"id":"new-%s"}`, str(body["websiteId"])))
	case len(parts) == 2 && r.Method == "GET" && parts[1] != "missing":
		writeJSON(w, 200, fmt.Sprintf(`{"id":%q}`, parts[1]))
	case len(parts) == 2 && r.Method == "PUT":
		if _, failed := a.failedOnce.LoadOrStore(r.URL.Path, true); !failed {
			writeJSON(w, 503, problem(503, "Service Unavailable", "once"))
			return
		}
		writeJSON(w, 200, fmt.Sprintf(`{"id":%q,"websiteId":%q}`, parts[1], str(body["websiteId"])))
	case len(parts) == 2 && r.Method == "DELETE":
		if r.URL.Query().Get("targetCustomerId") != parts[1]+"-keep" {
			writeJSON(w, 422, problem(422, "Wrong target", r.URL.RawQuery))
			return
		}
		w.WriteHeader(204)
	case len(parts) == 3 && parts[2] == "lead-source" && r.Method == "GET":
		writeJSON(w, 200, fmt.Sprintf(`{"source":%q}`, parts[1]))
	case len(parts) == 3 && parts[2] == "lead-source" && r.Method == "PUT":
		writeJSON(w, 201, fmt.Sprintf(`{"source":%q,"medium":%q}`, parts[1], str(body["medium"])))
	case len(parts) == 3 && parts[2] == "lead-source" && r.Method == "DELETE":
		w.WriteHeader(204)
	default:
		writeJSON(w, 404, problem(404, "Not Found", r.URL.Path))
	}
}

func TestOneClientManyGoroutines(t *testing.T) {
	const goroutines = 64
	api := &echoAPI{}
	srv, rec := newTestServer(t, api)
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
				check(len(page) == 1 && page[0].ID == "websiteId:"+site, "goroutine %d: List answered %v", g, page)
			}
			n := 0
			for cus, err := range c.Customers.All(ctx, nil) {
				if err != nil {
					fail("All", err)
					break
				}
				n++
				check(strings.HasPrefix(cus.ID, "all-"), "goroutine %d: All yielded %s", g, cus.ID)
			}
			check(n == 2, "goroutine %d: All yielded %d customers", g, n)
			if cus, _, err := c.Customers.Get(ctx, id, &rebilly.CustomerGetParams{Expand: []string{"leadSource"}}); err != nil {
				fail("Get", err)
			} else {
				check(cus.ID == id, "goroutine %d: Get answered %s", g, cus.ID)
			}
			if cus, _, err := c.Customers.Create(ctx, &rebilly.CustomerInput{WebsiteID: site}); err != nil {
				fail("Create", err)
			} else {
				check(cus.ID == "new-"+site, "goroutine %d: Create answered %s", g, cus.ID)
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
			if _, err := c.Customers.MergeDelete(ctx, id, id+"-keep"); err != nil {
				fail("MergeDelete", err)
			}
			if ls, _, err := c.LeadSources.Get(ctx, id); err != nil {
				fail("LeadSources.Get", err)
			} else {
				check(ls.Source == id, "goroutine %d: LeadSources.Get answered %+v", g, ls)
			}
			if ls, _, err := c.LeadSources.Upsert(ctx, id, &rebilly.LeadSourceInput{Medium: site}); err != nil {
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
	assert.Equal(t, goroutines*(11+2), rec.count())
	assert.Zero(t, api.noKey.Load(), "requests without the API key")
	require.Positive(t, rec.count())
}
