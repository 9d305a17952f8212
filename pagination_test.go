package rebilly_test

// Pagination headers, and All walking past the API's offset cap.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/filterlang"
)

func TestResponseHeadersAreParsed(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		wantPg  rebilly.Pagination
		wantRL  rebilly.RateLimit
	}{
		{"none", nil, rebilly.Pagination{}, rebilly.RateLimit{}},
		{"all", []string{
			"Pagination-Total", "332", "Pagination-Limit", "100", "Pagination-Offset", "2",
			"X-RateLimit-Limit", "3600", "X-RateLimit-Remaining", "3599", "X-RateLimit-Retry-After", "1713187500",
		}, rebilly.Pagination{Total: 332, Limit: 100, Offset: 2},
			rebilly.RateLimit{Limit: 3600, Remaining: 3599, Reset: time.Unix(1713187500, 0)}},
		{"malformed", []string{
			"Pagination-Total", "many", "Pagination-Limit", "-1", "Pagination-Offset", "1.5",
			"X-RateLimit-Limit", "", "X-RateLimit-Remaining", "0x10", "X-RateLimit-Retry-After", "tomorrow",
		}, rebilly.Pagination{}, rebilly.RateLimit{}},
		{"partly malformed", []string{
			"Pagination-Total", "12", "Pagination-Limit", " 5", "Pagination-Offset", "99999999999999999999",
			"X-RateLimit-Remaining", "0",
		}, rebilly.Pagination{Total: 12}, rebilly.RateLimit{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newMockClient(t)
			mockAll(mt, jsonResponder(200, `[]`, tt.headers...))
			_, resp, err := c.Customers.List(context.Background(), nil)
			require.NoError(t, err)
			assert.Equal(t, tt.wantPg, resp.Pagination)
			assert.Equal(t, tt.wantRL.Limit, resp.RateLimit.Limit)
			assert.Equal(t, tt.wantRL.Remaining, resp.RateLimit.Remaining)
			assert.True(t, tt.wantRL.Reset.Equal(resp.RateLimit.Reset), "Reset %v, want %v", resp.RateLimit.Reset, tt.wantRL.Reset)
		})
	}
}

// fakeCustomer is a customer of fakeAPI.
type fakeCustomer struct {
	ID          string
	CreatedTime time.Time
	WebsiteID   string
}

// fakeAPI serves GET /customers like the API: limit and offset capped at
// 1000, a filter of createdTime ranges and websiteId values, sort by
// createdTime either way (ties by ID) or by anything else (by ID), and
// fields. It records each request's query.
type fakeAPI struct {
	customers []fakeCustomer
	maxLimit  int // the page size it applies at most; 1000 when 0

	mu       sync.Mutex
	requests []map[string]string
	bySort   map[string][]fakeCustomer // customers sorted, by sort key
}

func (f *fakeAPI) queries() []map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rq := map[string]string{}
	for k, v := range q {
		rq[k] = strings.Join(v, "|")
	}
	f.mu.Lock()
	f.requests = append(f.requests, rq)
	n := len(f.requests)
	f.mu.Unlock()
	if n > 5000 { // no walk in these tests needs as many: a walk that loops ends here
		writeJSON(w, 400, problem(400, "Too many requests for one test", "the walk loops"))
		return
	}

	if r.Method != "GET" || r.URL.Path != "/customers" {
		writeJSON(w, 404, problem(404, "Not Found", r.URL.Path))
		return
	}
	limit, offset := 100, 0
	var err error
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 0 || limit > 1000 {
			writeJSON(w, 422, problem(422, "Invalid limit", v))
			return
		}
	}
	if v := q.Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 || offset > 1000 {
			writeJSON(w, 422, problem(422, "Invalid offset", v))
			return
		}
	}
	if f.maxLimit > 0 {
		limit = min(limit, f.maxLimit)
	}
	conds, err := filterlang.Parse(q.Get("filter"))
	if err != nil {
		writeJSON(w, 400, problem(400, "Invalid filter", err.Error()))
		return
	}
	match, err := fakeMatcher(conds)
	if err != nil {
		writeJSON(w, 400, problem(400, "Invalid filter", err.Error()))
		return
	}
	var matched []fakeCustomer
	for _, c := range f.sorted(q.Get("sort")) {
		if match(c) {
			matched = append(matched, c)
		}
	}
	page := matched[min(offset, len(matched)):min(offset+limit, len(matched))]

	var fields []string
	if v := q.Get("fields"); v != "" {
		fields = strings.Split(v, ",")
	}
	out := make([]map[string]any, 0, len(page))
	for _, c := range page {
		m := map[string]any{"id": c.ID}
		if fields == nil || slices.Contains(fields, "createdTime") {
			m["createdTime"] = c.CreatedTime.Format(time.RFC3339Nano)
		}
		if fields == nil || slices.Contains(fields, "websiteId") {
			m["websiteId"] = c.WebsiteID
		}
		out = append(out, m)
	}
	body, _ := json.Marshal(out)
	w.Header().Set("Pagination-Total", strconv.Itoa(len(matched)))
	w.Header().Set("Pagination-Limit", strconv.Itoa(limit))
	w.Header().Set("Pagination-Offset", strconv.Itoa(offset))
	writeJSON(w, 200, string(body))
}

// sorted returns the customers in the order sort asks for: by createdTime
// either way (ties by ID), or by ID for any other sort.
func (f *fakeAPI) sorted(sortParam string) []fakeCustomer {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.bySort == nil {
		f.bySort = make(map[string][]fakeCustomer)
	}
	key := sortParam
	if key != "createdTime" && key != "-createdTime" && key != "" {
		key = "id"
	}
	if cs, ok := f.bySort[key]; ok {
		return cs
	}
	cs := slices.Clone(f.customers)
	switch key {
	case "", "createdTime", "-createdTime":
		desc := key == "-createdTime"
		sort.SliceStable(cs, func(i, j int) bool {
			if !cs[i].CreatedTime.Equal(cs[j].CreatedTime) {
				return cs[i].CreatedTime.Before(cs[j].CreatedTime) != desc
			}
			return cs[i].ID < cs[j].ID
		})
	default:
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].ID < cs[j].ID })
	}
	f.bySort[key] = cs
	return cs
}

// fakeMatcher compiles a parsed filter: createdTime ranges and websiteId
// values, all conditions ANDed, the values of one ORed.
func fakeMatcher(conds []filterlang.Condition) (func(fakeCustomer) bool, error) {
	type value struct {
		negated  bool
		text     string
		from, to time.Time
	}
	type cond struct {
		field  string
		values []value
	}
	var compiled []cond
	for _, c := range conds {
		cc := cond{field: c.Field}
		for _, v := range c.Values {
			cv := value{negated: v.Negated, text: v.Text}
			switch {
			case c.Field == "createdTime" && v.Kind == filterlang.Range:
				var err error
				if v.From != "" {
					if cv.from, err = time.Parse(time.RFC3339Nano, v.From); err != nil {
						return nil, err
					}
				}
				if v.To != "" {
					if cv.to, err = time.Parse(time.RFC3339Nano, v.To); err != nil {
						return nil, err
					}
				}
			case c.Field == "websiteId" && v.Kind == filterlang.Exact:
			default:
				return nil, fmt.Errorf("fakeAPI cannot filter %s", c)
			}
			cc.values = append(cc.values, cv)
		}
		compiled = append(compiled, cc)
	}
	return func(c fakeCustomer) bool {
		for _, cond := range compiled {
			anyHit := false
			for _, v := range cond.values {
				var hit bool
				if cond.field == "websiteId" {
					hit = c.WebsiteID == v.text
				} else {
					hit = (v.from.IsZero() || !c.CreatedTime.Before(v.from)) && (v.to.IsZero() || !c.CreatedTime.After(v.to))
				}
				anyHit = anyHit || hit != v.negated
			}
			if !anyHit {
				return false
			}
		}
		return true
	}, nil
}

// sorted returns the IDs of customers in the order the API sorts them by
// createdTime, ties by ID.
func sortedIDs(cs []fakeCustomer, desc bool) []string {
	cs = slices.Clone(cs)
	sort.SliceStable(cs, func(i, j int) bool {
		if !cs[i].CreatedTime.Equal(cs[j].CreatedTime) {
			return cs[i].CreatedTime.Before(cs[j].CreatedTime) != desc
		}
		return cs[i].ID < cs[j].ID
	})
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

var walkStart = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// manyCustomers returns 2,700 customers, stored out of order: runs of
// distinct times, a block of 250 sharing one createdTime, pairs and triples
// sharing one, and 120 created in the same second as the block after it.
func manyCustomers() []fakeCustomer {
	var cs []fakeCustomer
	add := func(tm time.Time) {
		n := len(cs)
		// IDs do not follow creation order, so sorting by ID would not hide a bug.
		id := fmt.Sprintf("cus_%04d", (n*7919)%10000)
		site := "web_a"
		if n%3 == 0 {
			site = "web_b"
		}
		cs = append(cs, fakeCustomer{ID: id, CreatedTime: tm, WebsiteID: site})
	}
	tm := walkStart
	for i := 0; i < 700; i++ { // distinct times, some with sub-second parts
		tm = tm.Add(time.Second + time.Duration(i%3)*time.Millisecond)
		add(tm)
	}
	tm = tm.Add(time.Minute)
	for i := 0; i < 250; i++ { // one createdTime for more than two pages
		add(tm)
	}
	for i := 0; i < 1400; i++ { // pairs and triples
		if i%5 == 0 || i%5 == 2 {
			tm = tm.Add(time.Second)
		}
		add(tm)
	}
	tm = tm.Add(time.Minute)
	for i := 0; i < 120; i++ {
		add(tm)
	}
	for i := 0; i < 230; i++ {
		tm = tm.Add(time.Second)
		add(tm)
	}
	// Store them out of order.
	slices.Reverse(cs[:1000])
	return cs
}

// walkBound stops a walk that yields far more customers than any test
// serves, so that a walk that loops fails rather than hangs.
const walkBound = 20000

func walk(t *testing.T, c *rebilly.Client, ctx context.Context, p *rebilly.CustomerListParams) ([]string, error) {
	t.Helper()
	var ids []string
	for cus, err := range c.Customers.All(ctx, p) {
		if err != nil {
			return ids, err
		}
		require.NotNil(t, cus)
		ids = append(ids, cus.ID)
		if len(ids) > walkBound {
			t.Fatalf("All yielded more than %d customers: it loops", walkBound)
		}
	}
	return ids, nil
}

// sameIDs checks that got is want: every customer exactly once, in order.
// It reports the first difference rather than both lists.
func sameIDs(t *testing.T, want, got []string) {
	t.Helper()
	seen := make(map[string]int, len(got))
	for i, id := range got {
		if j, dup := seen[id]; dup {
			t.Errorf("%s yielded twice, at %d and %d", id, j, i)
			return
		}
		seen[id] = i
	}
	for i := range min(len(want), len(got)) {
		if want[i] != got[i] {
			t.Errorf("first difference at %d: got %s, want %s (got %d customers, want %d)", i, got[i], want[i], len(got), len(want))
			return
		}
	}
	if len(want) != len(got) {
		t.Errorf("got %d customers, want %d", len(got), len(want))
	}
}

func startFakeAPI(t *testing.T, f *fakeAPI) *rebilly.Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return newServerClient(t, srv)
}

func TestAllWalksPastTheOffsetCap(t *testing.T) {
	customers := manyCustomers()
	require.Greater(t, len(customers), 2500)
	for _, tt := range []struct {
		name   string
		params *rebilly.CustomerListParams
		desc   bool
		sort   string
	}{
		{"nil params", nil, false, "createdTime"},
		{"default page size", &rebilly.CustomerListParams{}, false, "createdTime"},
		{"pages of 1000", &rebilly.CustomerListParams{Limit: 1000}, false, "createdTime"},
		{"pages of 7", &rebilly.CustomerListParams{Limit: 7}, false, "createdTime"},
		{"explicit ascending", &rebilly.CustomerListParams{Sort: []string{rebilly.Asc("createdTime")}, Limit: 100}, false, "createdTime"},
		{"descending", &rebilly.CustomerListParams{Sort: []string{rebilly.Desc("createdTime")}}, true, "-createdTime"},
		{"descending, pages of 13", &rebilly.CustomerListParams{Sort: []string{rebilly.Desc("createdTime")}, Limit: 13}, true, "-createdTime"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeAPI{customers: customers}
			c := startFakeAPI(t, f)
			ids, err := walk(t, c, context.Background(), tt.params)
			require.NoError(t, err)
			sameIDs(t, sortedIDs(customers, tt.desc), ids)
			for _, q := range f.queries() {
				assert.Equal(t, tt.sort, q["sort"])
				off, _ := strconv.Atoi(q["offset"])
				assert.LessOrEqual(t, off, rebilly.MaxOffset)
			}
		})
	}
}

// TestAllFollowsASmallerPageSize: when the API applies a smaller page than
// asked for, All goes on.
func TestAllFollowsASmallerPageSize(t *testing.T) {
	customers := manyCustomers()[:700]
	f := &fakeAPI{customers: customers, maxLimit: 50}
	c := startFakeAPI(t, f)
	ids, err := walk(t, c, context.Background(), &rebilly.CustomerListParams{Limit: 200})
	require.NoError(t, err)
	sameIDs(t, sortedIDs(customers, false), ids)
}

func TestAllKeepsTheCallersFilter(t *testing.T) {
	customers := manyCustomers()
	from := walkStart.Add(300 * time.Second)
	to := customers[2600].CreatedTime // inside the last runs
	inRange := func(c fakeCustomer) bool { return !c.CreatedTime.Before(from) && !c.CreatedTime.After(to) }
	tests := []struct {
		name   string
		filter string
		sort   []string
		keep   func(fakeCustomer) bool
		desc   bool
	}{
		{"range", "createdTime:" + from.Format(time.RFC3339) + ".." + to.Format(time.RFC3339Nano), nil, inRange, false},
		{"range descending", "createdTime:" + from.Format(time.RFC3339) + ".." + to.Format(time.RFC3339Nano), []string{"-createdTime"}, inRange, true},
		{"open start", "createdTime:.." + to.Format(time.RFC3339Nano), nil,
			func(c fakeCustomer) bool { return !c.CreatedTime.After(to) }, false},
		{"open end, descending", "createdTime:" + from.Format(time.RFC3339) + "..", []string{"-createdTime"},
			func(c fakeCustomer) bool { return !c.CreatedTime.Before(from) }, true},
		{"other condition and range", "websiteId:web_a;createdTime:" + from.Format(time.RFC3339) + "..",
			nil, func(c fakeCustomer) bool { return c.WebsiteID == "web_a" && !c.CreatedTime.Before(from) }, false},
		{"two createdTime conditions", "createdTime:" + from.Format(time.RFC3339) + "..;createdTime:.." + to.Format(time.RFC3339Nano),
			nil, inRange, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []fakeCustomer
			for _, c := range customers {
				if tt.keep(c) {
					want = append(want, c)
				}
			}
			require.Greater(t, len(want), 1000, "the case must need more than the offset cap")
			f := &fakeAPI{customers: customers}
			c := startFakeAPI(t, f)
			ids, err := walk(t, c, context.Background(), &rebilly.CustomerListParams{Filter: tt.filter, Sort: tt.sort})
			require.NoError(t, err)
			sameIDs(t, sortedIDs(want, tt.desc), ids)
		})
	}
}

// TestAllWithAnotherSortStopsAtTheCap: with a Sort All cannot page by
// createdTime, it yields every customer up to the cap, then an error.
func TestAllWithAnotherSortStopsAtTheCap(t *testing.T) {
	customers := manyCustomers()
	f := &fakeAPI{customers: customers}
	c := startFakeAPI(t, f)
	ids, err := walk(t, c, context.Background(), &rebilly.CustomerListParams{Sort: []string{"lastName"}})
	require.ErrorIs(t, err, rebilly.ErrPaginationLimit)
	byID := make([]string, len(customers))
	for i, cu := range customers {
		byID[i] = cu.ID
	}
	slices.Sort(byID)
	sameIDs(t, byID[:1100], ids) // every customer of the 11 pages at offsets 0..1000
	assert.Len(t, f.queries(), 11)
	for _, q := range f.queries() {
		assert.Equal(t, "lastName", q["sort"])
	}
}

func TestAllErrorsWhenMoreThanTheCapShareOneTime(t *testing.T) {
	var customers []fakeCustomer
	for i := 0; i < 1150; i++ {
		customers = append(customers, fakeCustomer{ID: fmt.Sprintf("cus_%04d", i), CreatedTime: walkStart})
	}
	f := &fakeAPI{customers: customers}
	c := startFakeAPI(t, f)
	ids, err := walk(t, c, context.Background(), nil)
	require.ErrorIs(t, err, rebilly.ErrPaginationLimit)
	sameIDs(t, sortedIDs(customers, false)[:1100], ids)
}

// TestAllStopsWhenTheLoopBreaks: a break stops the walk. All fetches one
// page ahead, so the page after the one in hand may have been asked for,
// but no page after that.
func TestAllStopsWhenTheLoopBreaks(t *testing.T) {
	// Pages of 100 over manyCustomers: the first yields 100 customers, each
	// next one 99 (it starts at the last one's createdTime).
	for _, tt := range []struct{ stopAt, inHand int }{{1, 1}, {100, 1}, {150, 2}, {250, 3}} {
		t.Run(strconv.Itoa(tt.stopAt), func(t *testing.T) {
			f := &fakeAPI{customers: manyCustomers()}
			c := startFakeAPI(t, f)
			n := 0
			for _, err := range c.Customers.All(context.Background(), &rebilly.CustomerListParams{Limit: 100}) {
				require.NoError(t, err)
				n++
				if n == tt.stopAt {
					break
				}
			}
			assert.Equal(t, tt.stopAt, n)
			got := len(f.queries())
			assert.GreaterOrEqual(t, got, tt.inHand)
			assert.LessOrEqual(t, got, tt.inHand+1, "a page was fetched more than one ahead of the page in hand")
		})
	}
}

func TestAllStopsWhenTheContextEnds(t *testing.T) {
	f := &fakeAPI{customers: manyCustomers()}
	c := startFakeAPI(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, errs := 0, 0
	var last error
	for _, err := range c.Customers.All(ctx, &rebilly.CustomerListParams{Limit: 100}) {
		if err != nil {
			errs++
			last = err
			continue
		}
		n++
		if n == 150 {
			cancel()
		}
	}
	assert.Equal(t, 1, errs)
	assert.ErrorIs(t, last, context.Canceled)
	// The page after the one in hand may have been asked for ahead, before
	// the cancel; nothing after it.
	assert.LessOrEqual(t, len(f.queries()), 3, "a page was fetched after the cancel")
	assert.Equal(t, 150, n, "the walk stops at the next customer once ctx ends")
}

func TestAllYieldsAnAPIErrorOnce(t *testing.T) {
	c, mt := newMockClient(t)
	rec := mockAll(mt, sequence(
		jsonResponder(200, `[{"id":"a","createdTime":"2024-01-01T00:00:00Z"},{"id":"b","createdTime":"2024-01-01T00:00:01Z"}]`),
		jsonResponder(401, problem(401, "Unauthorized", "bad key")),
	))
	var ids []string
	var errs []error
	for cus, err := range c.Customers.All(context.Background(), &rebilly.CustomerListParams{Limit: 2}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, cus.ID)
	}
	assert.Equal(t, []string{"a", "b"}, ids)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], rebilly.ErrUnauthorized)
	assert.Equal(t, 2, rec.count())
}

func TestAllAddsCreatedTimeToFields(t *testing.T) {
	customers := manyCustomers()
	f := &fakeAPI{customers: customers}
	c := startFakeAPI(t, f)
	fields := make([]string, 2, 8) // room to append in place
	fields[0], fields[1] = "id", "websiteId"
	ids, err := walk(t, c, context.Background(), &rebilly.CustomerListParams{Fields: fields})
	require.NoError(t, err)
	sameIDs(t, sortedIDs(customers, false), ids)
	for _, q := range f.queries() {
		assert.Equal(t, "id,websiteId,createdTime", q["fields"])
	}
	assert.Equal(t, []string{"id", "websiteId"}, fields)
	assert.Equal(t, "", fields[:3][2], "All wrote into the caller's slice")

	// Already there: not added twice.
	f2 := &fakeAPI{customers: customers[:50]}
	c2 := startFakeAPI(t, f2)
	_, err = walk(t, c2, context.Background(), &rebilly.CustomerListParams{Fields: []string{"createdTime", "id"}})
	require.NoError(t, err)
	assert.Equal(t, "createdTime,id", f2.queries()[0]["fields"])
}

func TestAllStartsAtOffset(t *testing.T) {
	customers := manyCustomers()
	f := &fakeAPI{customers: customers}
	c := startFakeAPI(t, f)
	ids, err := walk(t, c, context.Background(), &rebilly.CustomerListParams{Offset: 30, Limit: 100})
	require.NoError(t, err)
	sameIDs(t, sortedIDs(customers, false)[30:], ids)
	assert.Equal(t, "30", f.queries()[0]["offset"])

	// The first page after the offset shares one createdTime: All cannot
	// tell which of them the offset skipped.
	f2 := &fakeAPI{customers: customers}
	c2 := startFakeAPI(t, f2)
	ids, err = walk(t, c2, context.Background(), &rebilly.CustomerListParams{Offset: 710, Limit: 100})
	assert.ErrorIs(t, err, rebilly.ErrPaginationLimit)
	sameIDs(t, sortedIDs(customers, false)[710:810], ids) // the first page is yielded before the error
}

func TestAllWithOffsetAndNoMore(t *testing.T) {
	f := &fakeAPI{customers: manyCustomers()[:40]}
	c := startFakeAPI(t, f)
	ids, err := walk(t, c, context.Background(), &rebilly.CustomerListParams{Offset: 1000})
	require.NoError(t, err)
	assert.Empty(t, ids)
	assert.Len(t, f.queries(), 1)
	assert.False(t, errors.Is(err, rebilly.ErrPaginationLimit))
}

// TestAllWithTwoLowerBoundsPagesByOffset: two createdTime ranges that both
// bound one side cannot be merged without comparing times, so All keeps the
// filter as it is and pages by offset.
func TestAllWithTwoLowerBoundsPagesByOffset(t *testing.T) {
	customers := manyCustomers()
	a, b := walkStart.Add(100*time.Second), walkStart.Add(200*time.Second)
	filter := "createdTime:" + a.Format(time.RFC3339) + "..;createdTime:" + b.Format(time.RFC3339) + ".."
	var want []fakeCustomer
	for _, c := range customers {
		if !c.CreatedTime.Before(b) {
			want = append(want, c)
		}
	}
	f := &fakeAPI{customers: customers}
	c := startFakeAPI(t, f)
	ids, err := walk(t, c, context.Background(), &rebilly.CustomerListParams{Filter: filter})
	require.ErrorIs(t, err, rebilly.ErrPaginationLimit)
	sameIDs(t, sortedIDs(want, false)[:1100], ids)
	for _, q := range f.queries() {
		assert.Equal(t, filter, q["filter"])
	}
}
