package rebillytest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
)

// record is one stored customer.
type record struct {
	c rebilly.Customer // Links and Embedded are left empty; they are made per answer
	// lead is the current lead source, without Original or Links; nil when
	// the customer has none.
	lead *rebilly.LeadSource
	// original is the first lead source ever set, kept after a delete.
	original *rebilly.LeadSource
	// search is the lower-cased text that q matches against.
	search string
	// storedJSON is c encoded, without its closing brace, for answers (see
	// appendAnswer); nil when c cannot be encoded. derive sets it.
	storedJSON []byte
}

// store holds one organization's customers, indexed by ID and ordered by
// (createdTime, id) so that a createdTime range is found by binary search,
// and the payment instruments it knows.
type store struct {
	byID    map[string]*record
	ordered []*record
	// merged holds IDs of customers deleted by a merge; they stay reserved.
	merged map[string]struct{}
	// instruments are the payment instruments a defaultPaymentInstrumentId
	// may name: their method by ID.
	instruments map[string]string

	// The customers' sub-resources and the organization's registries.
	timelines   map[string][]*timelineMessage // by customer ID, oldest first
	eventTypes  []*customEventType            // in creation order
	tags        []*tagRecord                  // in creation order
	fields      map[string][]*customFieldDef  // by resource, in creation order
	balances    map[string][]CreditBalance    // by customer ID
	metrics     map[string]SummaryMetrics     // by customer ID
	attachments []*attachment
	// pending are the asynchronous operations not yet applied, in the
	// order they were accepted.
	pending []pendingOp
	// seq numbers what the store creates, for a stable creation order.
	seq int64
}

// newStore returns an organization's empty store, with the custom field
// definitions the options seed for every organization.
func (h *Handler) newStore() *store {
	s := &store{byID: make(map[string]*record), merged: make(map[string]struct{}), instruments: make(map[string]string),
		timelines: make(map[string][]*timelineMessage), fields: make(map[string][]*customFieldDef),
		balances: make(map[string][]CreditBalance), metrics: make(map[string]SummaryMetrics)}
	for _, seed := range h.cfg.customFields {
		s.fields[seed.resource] = append(s.fields[seed.resource], seed.def.clone())
	}
	h.seedEventTypes(s)
	return s
}

// next returns the next number of the store's creation order.
func (s *store) next() int64 {
	s.seq++
	return s.seq
}

// before is the store's order: createdTime, then ID.
func before(a, b *record) bool { return compareRecords(a, b) < 0 }

// compareRecords compares by createdTime, then ID.
func compareRecords(a, b *record) int {
	if c := a.c.CreatedTime.Compare(b.c.CreatedTime); c != 0 {
		return c
	}
	return strings.Compare(a.c.ID, b.c.ID)
}

// position returns where r is, or would be inserted, in ordered.
func (s *store) position(r *record) int {
	return sort.Search(len(s.ordered), func(i int) bool { return !before(s.ordered[i], r) })
}

func (s *store) insert(r *record) {
	s.byID[r.c.ID] = r
	i := s.position(r)
	s.ordered = slices.Insert(s.ordered, i, r)
}

func (s *store) remove(r *record) {
	delete(s.byID, r.c.ID)
	i := s.position(r)
	if i < len(s.ordered) && s.ordered[i] == r {
		s.ordered = slices.Delete(s.ordered, i, i+1)
	}
}

// load replaces the contents with recs, sorting them once.
func (s *store) load(recs []*record) {
	s.ordered = append(s.ordered, recs...)
	slices.SortFunc(s.ordered, compareRecords)
	for _, r := range recs {
		s.byID[r.c.ID] = r
	}
}

// window returns the bounds [lo, hi) of the customers whose createdTime is
// within [from, to]; a zero bound is open.
func (s *store) window(from, to time.Time) (lo, hi int) {
	lo, hi = 0, len(s.ordered)
	if !from.IsZero() {
		lo = sort.Search(len(s.ordered), func(i int) bool { return !s.ordered[i].c.CreatedTime.Before(from) })
	}
	if !to.IsZero() {
		hi = sort.Search(len(s.ordered), func(i int) bool { return s.ordered[i].c.CreatedTime.After(to) })
	}
	if hi < lo {
		hi = lo
	}
	return lo, hi
}

// derive sets what the API computes from the writable fields: the top-level
// email and names, the contact's hash, and the search text; and it encodes
// the customer for answers. Every change to c ends in derive (touch calls
// it).
func (r *record) derive() {
	c := &r.c
	c.Email, c.FirstName, c.LastName = "", "", ""
	if a := c.PrimaryAddress; a != nil {
		c.FirstName, c.LastName = a.FirstName, a.LastName
		for _, e := range a.Emails {
			if e.Primary {
				c.Email = e.Value
				break
			}
		}
		if c.Email == "" && len(a.Emails) > 0 {
			c.Email = a.Emails[0].Value
		}
		a.Hash = contactHash(a)
	}
	r.search = searchText(c)
	r.cacheStoredJSON()
}

// contactHash is a digest of the contact's fields, 40 hex characters like
// the API's, for comparing contacts.
func contactHash(a *rebilly.Contact) string {
	h := sha1.New()
	for _, s := range []string{a.FirstName, a.LastName, a.Organization, a.Address, a.Address2, a.City,
		a.Region, a.Country, a.PostalCode, a.Dob, a.JobTitle} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, p := range a.PhoneNumbers {
		h.Write([]byte("p\x00" + p.Label + "\x00" + p.Value + "\x00"))
	}
	for _, e := range a.Emails {
		h.Write([]byte("e\x00" + e.Label + "\x00" + e.Value + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// searchText joins the text fields that q searches, lower-cased and
// separated by NUL so that a match cannot span two fields.
func searchText(c *rebilly.Customer) string {
	var b strings.Builder
	add := func(s string) {
		if s != "" {
			b.WriteString(s)
			b.WriteByte(0)
		}
	}
	add(c.ID)
	add(c.Email)
	add(c.FirstName)
	add(c.LastName)
	if a := c.PrimaryAddress; a != nil {
		for _, s := range []string{a.FirstName, a.LastName, a.Organization, a.Address, a.Address2,
			a.City, a.Region, a.PostalCode, a.Country} {
			add(s)
		}
		for _, p := range a.PhoneNumbers {
			add(p.Value)
		}
		for _, e := range a.Emails {
			add(e.Value)
		}
	}
	if len(c.CustomFields) > 0 {
		for _, k := range slices.Sorted(maps.Keys(c.CustomFields)) {
			if s, ok := c.CustomFields[k].(string); ok {
				add(s)
			}
		}
	}
	return strings.ToLower(b.String())
}

// cloneCustomer returns a deep copy of c.
func cloneCustomer(c *rebilly.Customer) *rebilly.Customer {
	out := *c
	if c.DefaultPaymentInstrument != nil {
		v := *c.DefaultPaymentInstrument
		out.DefaultPaymentInstrument = &v
	}
	out.CustomFields = cloneFields(c.CustomFields)
	out.PrimaryAddress = cloneContact(c.PrimaryAddress)
	if c.Company != nil {
		v := *c.Company
		v.YearFounded = clonePtr(c.Company.YearFounded)
		v.EmployeesCount = clonePtr(c.Company.EmployeesCount)
		v.Links = slices.Clone(c.Company.Links)
		out.Company = &v
	}
	out.AverageValue = clonePtr(c.AverageValue)
	out.LifetimeRevenue = clonePtr(c.LifetimeRevenue)
	out.LastPaymentTime = clonePtr(c.LastPaymentTime)
	if c.Tags != nil {
		out.Tags = make([]rebilly.Tag, len(c.Tags))
		for i, t := range c.Tags {
			t.Links = slices.Clone(t.Links)
			out.Tags[i] = t
		}
	}
	if c.TaxNumbers != nil {
		out.TaxNumbers = make([]rebilly.TaxNumber, len(c.TaxNumbers))
		for i, t := range c.TaxNumbers {
			t.IsValid = clonePtr(t.IsValid)
			out.TaxNumbers[i] = t
		}
	}
	out.NotificationEmails = slices.Clone(c.NotificationEmails)
	out.Links = slices.Clone(c.Links)
	if c.Embedded != nil {
		out.Embedded = make(map[string]json.RawMessage, len(c.Embedded))
		for k, v := range c.Embedded {
			out.Embedded[k] = slices.Clone(v)
		}
	}
	return &out
}

func cloneContact(a *rebilly.Contact) *rebilly.Contact {
	if a == nil {
		return nil
	}
	v := *a
	v.PhoneNumbers = slices.Clone(a.PhoneNumbers)
	v.Emails = slices.Clone(a.Emails)
	return &v
}

func cloneLeadSource(ls *rebilly.LeadSource) *rebilly.LeadSource {
	if ls == nil {
		return nil
	}
	v := *ls
	v.Links = slices.Clone(ls.Links)
	v.Original = cloneLeadSource(ls.Original)
	return &v
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// cloneFields deep-copies custom fields, which hold JSON values: maps,
// slices and immutable scalars.
func cloneFields(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = cloneValue(v)
	}
	return out
}

func cloneValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return cloneFields(v)
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = cloneValue(item)
		}
		return out
	default:
		return v
	}
}
