package rebillytest

import (
	"cmp"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/openrebilly/rebilly-go/internal/codec"
	"github.com/openrebilly/rebilly-go/internal/filterlang"
)

// The lists of the timeline, custom event types, tags and custom fields:
// limit and offset, and, where the operation declares them, a filter of
// exact values on a few text fields, a sort on one of a few fields, and q.
// They are far smaller than the customer list, so they are filtered and
// sorted in full on every request.

// listedItem is what a small list holds: its fields as text, by name,
// and its position in creation order, the last tie-break of every sort.
type listedItem interface {
	field(name string) string
	seq() int64
}

// listSpec says what a list accepts.
type listSpec struct {
	filterable  []string // fields of filter; nil: no filter parameter
	sortable    []string // fields of sort; nil: no sort parameter
	defaultSort string   // such as "-createdTime"; "" for creation order
	search      []string // fields q searches; nil: no q parameter
}

// smallList is a parsed request for a small list.
type smallList struct {
	spec          *listSpec
	limit, offset int
	conds         []filterlang.Condition
	sortField     string
	desc          bool
	q             string // lower-cased
}

func parseSmallList(q url.Values, spec *listSpec) (*smallList, []invalidField) {
	var errs fieldErrors
	sl := &smallList{spec: spec}
	sl.limit = intParam(q, "limit", defaultLimit, maxLimit, &errs)
	sl.offset = intParam(q, "offset", 0, maxOffset, &errs)
	if spec.filterable != nil {
		conds, err := filterlang.Parse(q.Get("filter"))
		if err != nil {
			errs.add("filter", err.Error())
		}
		for _, c := range conds {
			if !slices.Contains(spec.filterable, c.Field) {
				errs.add("filter", fmt.Sprintf("unknown field %q: the fake filters this list on %s", c.Field, strings.Join(spec.filterable, ", ")))
				continue
			}
			for _, v := range c.Values {
				if v.Kind != filterlang.Exact {
					errs.add("filter", fmt.Sprintf("field %q: the fake filters this list on exact values only", c.Field))
					break
				}
			}
			sl.conds = append(sl.conds, c)
		}
	}
	sort := spec.defaultSort
	if spec.sortable != nil {
		if items := listItems(q["sort"]); len(items) > 1 {
			errs.add("sort", "the fake sorts this list on one field only")
		} else if len(items) == 1 {
			sort = items[0]
			if !slices.Contains(spec.sortable, strings.TrimPrefix(sort, "-")) {
				errs.add("sort", fmt.Sprintf("cannot sort by %q: sortable fields are %s", strings.TrimPrefix(sort, "-"), strings.Join(spec.sortable, ", ")))
			}
		}
	}
	sl.sortField, sl.desc = strings.TrimPrefix(sort, "-"), strings.HasPrefix(sort, "-")
	if spec.search != nil {
		sl.q = strings.ToLower(strings.TrimSpace(q.Get("q")))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return sl, nil
}

// matches reports whether item passes the filter and q. Filter values
// match whole, ignoring case.
func (sl *smallList) matches(item listedItem) bool {
	for _, c := range sl.conds {
		v := item.field(c.Field)
		hit, hasPositive := false, false
		for _, want := range c.Values {
			eq := strings.EqualFold(v, want.Text)
			if want.Negated && eq {
				return false
			}
			if !want.Negated {
				hasPositive = true
				hit = hit || eq
			}
		}
		if hasPositive && !hit {
			return false
		}
	}
	if sl.q == "" {
		return true
	}
	for _, name := range sl.spec.search {
		if strings.Contains(strings.ToLower(item.field(name)), sl.q) {
			return true
		}
	}
	return false
}

// runSmallList filters, sorts and pages items.
func runSmallList[T listedItem](items []T, sl *smallList) (page []T, total int) {
	var found []T
	for _, it := range items {
		if sl.matches(it) {
			found = append(found, it)
		}
	}
	slices.SortStableFunc(found, func(a, b T) int {
		c := 0
		if sl.sortField != "" {
			c = strings.Compare(a.field(sl.sortField), b.field(sl.sortField))
		}
		if c == 0 {
			c = cmp.Compare(a.seq(), b.seq())
		}
		if sl.desc {
			c = -c
		}
		return c
	})
	if sl.offset >= len(found) {
		return []T{}, len(found)
	}
	return found[sl.offset:min(sl.offset+sl.limit, len(found))], len(found)
}

// writeListPage answers with the page of items that sl asks for, each as
// present gives it, and the Pagination-* headers.
func writeListPage[T listedItem, P any](w http.ResponseWriter, items []T, sl *smallList, present func(T) P) {
	page, total := runSmallList(items, sl)
	out := make([]P, len(page))
	for i, item := range page {
		out[i] = present(item)
	}
	writePage(w, out, total, sl)
}

// writePage answers with a page of a list and its Pagination-* headers.
func writePage(w http.ResponseWriter, items any, total int, sl *smallList) {
	hdr := w.Header()
	hdr.Set("Pagination-Total", strconv.Itoa(total))
	hdr.Set("Pagination-Limit", strconv.Itoa(sl.limit))
	hdr.Set("Pagination-Offset", strconv.Itoa(sl.offset))
	writeValue(w, http.StatusOK, items)
}

// writeValue answers with v encoded as JSON.
func writeValue(w http.ResponseWriter, status int, v any) {
	body, err := codec.Marshal(v)
	if err != nil {
		writeProblem(w, newProblem(http.StatusInternalServerError, "internal", "Internal Server Error", err.Error()))
		return
	}
	writeJSON(w, status, body)
}

// writeCreatedValue answers 201 with v and a Location header.
func writeCreatedValue(w http.ResponseWriter, location string, v any) {
	w.Header().Set("Location", location)
	writeValue(w, http.StatusCreated, v)
}

var idEncoding = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// newID returns a random ID with the prefix, in the shape of the API's
// IDs (such as tmln_0YV8Q9WEF5DTA8HFXS27D1G6GC).
func newID(prefix string) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand does not fail on supported systems
	return prefix + idEncoding.EncodeToString(b[:])
}

// selfLink is the _links of a resource that has only its own.
func selfLink(href string) []link { return []link{{Href: href, Rel: "self"}} }

// link is one member of _links.
type link struct {
	Href string `json:"href"`
	Rel  string `json:"rel"`
}
