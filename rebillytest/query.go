package rebillytest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// GET /customers: limit, offset, filter, q, sort, fields and expand.
//
// The default order is createdTime descending (newest first), and among
// customers created at the same instant, ID descending: the exact reverse
// of sort=createdTime. Any sort ends with a tie-break that makes the order
// total, so that paging is deterministic: ID in the direction of the
// createdTime key when there is one, else createdTime and then ID, both
// ascending.

const (
	defaultLimit = 100
	maxLimit     = 1000
	maxOffset    = 1000
)

// shape is what expand and fields ask of each customer in an answer.
type shape struct {
	expand embeds
	fields map[string]bool // nil: every field
}

// embeds is a set of the related objects expand names.
type embeds uint8

const (
	expandLeadSource embeds = 1 << iota
	expandWebsite
	expandPaymentInstrument
)

// expands reports whether sh asks for the related object e; a nil shape
// asks for none.
func (sh *shape) expands(e embeds) bool { return sh != nil && sh.expand&e != 0 }

// plain reports whether sh asks for the whole customer with nothing
// embedded, as a nil shape does.
func (sh *shape) plain() bool { return sh == nil || sh.expand == 0 && sh.fields == nil }

// listItems splits comma-separated parameter values, dropping empty items.
func listItems(values []string) []string {
	var out []string
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}

func parseShape(q url.Values) (*shape, []invalidField) {
	sh := &shape{}
	var errs fieldErrors
	for _, name := range listItems(q["expand"]) {
		switch name {
		case "leadSource":
			sh.expand |= expandLeadSource
		case "website":
			sh.expand |= expandWebsite
		case "defaultPaymentInstrument":
			sh.expand |= expandPaymentInstrument
		default:
			errs.add("expand", fmt.Sprintf("cannot expand %q: the embeddable objects are leadSource, website and defaultPaymentInstrument", name))
		}
	}
	if names := listItems(q["fields"]); len(names) > 0 {
		sh.fields = make(map[string]bool, len(names))
		for _, name := range names {
			sh.fields[name] = true
		}
	}
	return sh, errs
}

// listQuery is a parsed list request.
type listQuery struct {
	shape         *shape
	limit, offset int
	conds         []condition
	// from and to bound createdTime (zero: open), taken from the filter's
	// plain createdTime ranges, which then need no other check.
	from, to time.Time
	q        string // lower-cased
	sort     []sortKey
	// order is +1 or -1 when the sort is by createdTime alone (the store's
	// order, forwards or backwards), 0 for any other sort.
	order int
	// idDir is the direction of the ID tie-break when a sort key is
	// createdTime, 0 otherwise.
	idDir int
}

type sortKey struct {
	cmp  sortField
	desc bool
}

func parseListQuery(q url.Values) (*listQuery, []invalidField) {
	lq := &listQuery{}
	var errs fieldErrors
	lq.limit = intParam(q, "limit", defaultLimit, maxLimit, &errs)
	lq.offset = intParam(q, "offset", 0, maxOffset, &errs)
	sh, shapeErrs := parseShape(q)
	errs = append(errs, shapeErrs...)
	lq.shape = sh
	lq.q = strings.ToLower(strings.TrimSpace(q.Get("q")))
	if err := lq.parseFilter(q.Get("filter")); err != nil {
		errs.add("filter", err.Error())
	}
	lq.parseSort(listItems(q["sort"]), &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	return lq, nil
}

func intParam(q url.Values, name string, def, maxValue int, errs *fieldErrors) int {
	v := q.Get(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > maxValue {
		errs.add(name, fmt.Sprintf("must be an integer from 0 to %d, not %q", maxValue, v))
		return def
	}
	return n
}

func (lq *listQuery) parseSort(items []string, errs *fieldErrors) {
	if len(items) == 0 {
		items = []string{"-createdTime"}
	}
	for _, item := range items {
		name, desc := strings.TrimPrefix(item, "-"), strings.HasPrefix(item, "-")
		cmp, ok := lookupSortField(name)
		if !ok {
			errs.add("sort", fmt.Sprintf("cannot sort by %q: sortable fields are %s", name, sortableFields))
			continue
		}
		lq.sort = append(lq.sort, sortKey{cmp: cmp, desc: desc})
		if name == "createdTime" && lq.idDir == 0 {
			lq.idDir = 1
			if desc {
				lq.idDir = -1
			}
		}
	}
	if len(items) == 1 && strings.TrimPrefix(items[0], "-") == "createdTime" {
		lq.order = lq.idDir
	}
}

// compare is the total order of a general sort.
func (lq *listQuery) compare(a, b *record) int {
	for _, k := range lq.sort {
		c := k.cmp(&a.c, &b.c)
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	if lq.idDir != 0 {
		return lq.idDir * strings.Compare(a.c.ID, b.c.ID)
	}
	return compareRecords(a, b)
}

// run returns the page the query asks for and how many customers match in
// all. The caller holds h.mu for reading.
func (lq *listQuery) run(s *store) (page []*record, total int) {
	lo, hi := s.window(lq.from, lq.to)
	win := s.ordered[lo:hi]
	if lq.order != 0 {
		if len(lq.conds) == 0 && lq.q == "" {
			return pageOf(win, lq.offset, lq.limit, lq.order < 0), len(win)
		}
		// Walk the window in order, keeping the page and counting the rest.
		for i := range win {
			rec := win[i]
			if lq.order < 0 {
				rec = win[len(win)-1-i]
			}
			if !lq.matches(rec) {
				continue
			}
			if total >= lq.offset && len(page) < lq.limit {
				page = append(page, rec)
			}
			total++
		}
		return page, total
	}
	var found []*record
	for _, rec := range win {
		if lq.matches(rec) {
			found = append(found, rec)
		}
	}
	slices.SortFunc(found, lq.compare)
	return pageOf(found, lq.offset, lq.limit, false), len(found)
}

// pageOf returns limit items from offset of recs, read backwards when
// reverse is set.
func pageOf(recs []*record, offset, limit int, reverse bool) []*record {
	n := len(recs)
	if offset >= n {
		return nil
	}
	end := min(offset+limit, n)
	if !reverse {
		return recs[offset:end]
	}
	out := make([]*record, 0, end-offset)
	for i := offset; i < end; i++ {
		out = append(out, recs[n-1-i])
	}
	return out
}

func (h *Handler) listCustomers(w http.ResponseWriter, c *call) {
	q, bad := queryOf(c.r)
	if bad != nil {
		writeProblem(w, *bad)
		return
	}
	lq, errs := parseListQuery(q)
	if errs != nil {
		writeProblem(w, invalid("The request has invalid query parameters.", errs...))
		return
	}
	base := c.base()
	h.mu.RLock()
	defer h.mu.RUnlock()
	page, total := lq.run(h.storeFor(c.org()))
	body, err := encodePage(page, base, lq.shape)
	if err != nil {
		writeProblem(w, newProblem(http.StatusInternalServerError, "internal", "Internal Server Error", err.Error()))
		return
	}
	hdr := w.Header()
	hdr.Set("Pagination-Total", strconv.Itoa(total))
	hdr.Set("Pagination-Limit", strconv.Itoa(lq.limit))
	hdr.Set("Pagination-Offset", strconv.Itoa(lq.offset))
	writeJSON(w, http.StatusOK, body)
}

// encodePage encodes customers as a JSON array, each as appendAnswer
// does: from the cached JSON when sh asks for neither fields nor expand.
func encodePage(page []*record, base string, sh *shape) ([]byte, error) {
	size := 2
	linksRoom := 4 * (len(base) + 64) // up to four links, each base and a path
	for _, rec := range page {
		size += len(rec.storedJSON) + linksRoom
	}
	buf := make([]byte, 1, size)
	buf[0] = '['
	for i, rec := range page {
		if i > 0 {
			buf = append(buf, ',')
		}
		var err error
		if buf, err = rec.appendAnswer(buf, base, sh); err != nil {
			return nil, err
		}
	}
	return append(buf, ']'), nil
}

// queryOf parses the request's query string. A query that does not parse
// (a stray '%', a ';' where url.ParseQuery refuses it) is an error, not a
// query with the unparsable parts dropped, which would widen a filter.
func queryOf(r *http.Request) (url.Values, *problem) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		p := invalidParam("query", "is not a valid query string ("+err.Error()+"); encode ';' as %3B and ',' as %2C")
		return nil, &p
	}
	return q, nil
}
