package rebillytest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
)

// The tag operations: GET and POST /tags; GET, PATCH and DELETE
// /tags/{tag}; POST and DELETE /tags/{tag}/customers (bulk) and
// /tags/{tag}/customers/{customerId}. A tag is named in the path by its
// name, unique ignoring case.

// Tag types: only customer tags can tag a customer.
const tagTypeCustomer = "customer"

var tagTypes = []string{tagTypeCustomer, "kyc-document", "aml-check"}

// maxBulkIDs is the most customer IDs a bulk tag or untag request takes.
const maxBulkIDs = 1000

// tagRecord is one tag of an organization, as the API sends it.
type tagRecord struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Type        string    `json:"type"`
	CreatedTime time.Time `json:"createdTime"`
	UpdatedTime time.Time `json:"updatedTime"`
	Links       []link    `json:"_links,omitempty"`

	n       int64
	deleted bool // set when a delete applies, for operations still pending
}

func (t *tagRecord) field(name string) string {
	switch name {
	case "name":
		return t.Name
	case "type":
		return t.Type
	case "createdTime":
		return t.CreatedTime.Format(time.RFC3339)
	case "updatedTime":
		return t.UpdatedTime.Format(time.RFC3339)
	}
	return ""
}

func (t *tagRecord) seq() int64 { return t.n }

// onCustomer is the tag as a customer's tags member holds it.
func (t *tagRecord) onCustomer() rebilly.Tag {
	return rebilly.Tag{ID: t.ID, Name: t.Name, Type: rebilly.TagType(t.Type), CreatedTime: t.CreatedTime, UpdatedTime: t.UpdatedTime}
}

var tagSpec = &listSpec{
	filterable:  []string{"name", "type"},
	sortable:    []string{"name", "createdTime", "updatedTime"},
	defaultSort: "-createdTime",
	search:      []string{"name"},
}

// tagPathEscape escapes a tag name for a URL path, '+' included, so that
// a server reading '+' as a space still finds the tag.
func tagPathEscape(name string) string {
	return strings.ReplaceAll(url.PathEscape(name), "+", "%2B")
}

func tagURL(base, name string) string { return base + "/tags/" + tagPathEscape(name) }

func presentTag(t *tagRecord, base string) tagRecord {
	out := *t
	out.Links = selfLink(tagURL(base, t.Name))
	return out
}

// tag returns the tag named name, ignoring case, or nil. The caller holds
// h.mu.
func (s *store) tag(name string) *tagRecord {
	for _, t := range s.tags {
		if strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}

// foundTag returns the tag of the path, or answers 404.
func (s *store) foundTag(w http.ResponseWriter, name string) (*tagRecord, bool) {
	t := s.tag(name)
	if t == nil {
		writeProblem(w, notFound("Tag "+strconv.Quote(name)+" was not found."))
	}
	return t, t != nil
}

// checkTagName reports what is wrong with a tag name, or "".
func checkTagName(name string) string {
	var c contentChecker
	c.text("name", name, 255, tagNamePattern, tagNameMessage)
	if name == "" {
		return "must not be empty"
	}
	if len(c.errs) > 0 {
		return c.errs[0].Message
	}
	return ""
}

const tagNameMessage = "must contain only letters, digits, spaces and the characters @ ~ - . _ +"

func (h *Handler) listTags(w http.ResponseWriter, c *call) {
	sl, ok := parseListRequest(w, c, tagSpec)
	if !ok {
		return
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	base := c.base()
	writeListPage(w, h.storeFor(c.org()).tags, sl, func(t *tagRecord) tagRecord { return presentTag(t, base) })
}

func (h *Handler) getTag(w http.ResponseWriter, c *call) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	t, ok := h.storeFor(c.org()).foundTag(w, c.sub)
	if !ok {
		return
	}
	writeValue(w, http.StatusOK, presentTag(t, c.base()))
}

// readTagBody reads a tag body: the required name and, for a new tag,
// the required type; or answers 422 and reports false.
func readTagBody(w http.ResponseWriter, body []byte, withType bool) (name, typ string, ok bool) {
	name, typ, errs := parseTagBody(body, withType)
	if len(errs) > 0 {
		writeProblem(w, invalid("The tag has invalid data.", errs...))
		return "", "", false
	}
	return name, typ, true
}

// nameTaken reports whether another tag than self has the name, ignoring
// case, and answers 409 if so.
func (s *store) nameTaken(w http.ResponseWriter, name string, self *tagRecord) bool {
	other := s.tag(name)
	if other == nil || other == self {
		return false
	}
	writeProblem(w, conflict(fmt.Sprintf("A tag named %q exists; tag names are unique, ignoring case.", other.Name)))
	return true
}

func parseTagBody(body []byte, withType bool) (name, typ string, errs []invalidField) {
	obj, errs := decodeObject(body)
	if errs != nil {
		return "", "", errs
	}
	var t typeChecker
	if t.required(obj, "name", "") {
		t.str(obj, "name", "", false, false)
		if name, _ = obj["name"].(string); obj["name"] != nil {
			if msg := checkTagName(name); msg != "" {
				t.errs.add("name", msg)
			}
		}
	}
	if withType && t.required(obj, "type", "") {
		if typ, _ = obj["type"].(string); !slices.Contains(tagTypes, typ) {
			t.errs.add("type", "must be one of "+strings.Join(tagTypes, ", "))
		}
	}
	return name, typ, t.errs
}

func (h *Handler) createTag(w http.ResponseWriter, c *call) {
	name, typ, ok := readTagBody(w, c.body, true)
	if !ok {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.writableStore(c.org())
	if s.nameTaken(w, name, nil) {
		return
	}
	now := h.now()
	tag := &tagRecord{ID: newID("tag_"), Name: name, Type: typ, CreatedTime: now, UpdatedTime: now, n: s.next()}
	s.tags = append(s.tags, tag)
	writeCreatedValue(w, tagURL(c.base(), tag.Name), presentTag(tag, c.base()))
}

// renameTag is the PATCH: a new name (a clash with another tag's name,
// ignoring case, is a 409). Customers carrying the tag show the new name.
func (h *Handler) renameTag(w http.ResponseWriter, c *call) {
	name, _, ok := readTagBody(w, c.body, false)
	if !ok {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.storeFor(c.org())
	tag, ok := s.foundTag(w, c.sub)
	if !ok {
		return
	}
	if s.nameTaken(w, name, tag) {
		return
	}
	now := h.now()
	old := tag.Name
	tag.Name, tag.UpdatedTime = name, now
	s.eachTagged(old, func(rec *record, i int) {
		rec.c.Tags[i] = tag.onCustomer()
		rec.touch(now)
	})
	writeValue(w, http.StatusOK, presentTag(tag, c.base()))
}

// eachTagged calls f for every customer carrying the tag named name, with
// the index of the tag in its tags. The caller holds h.mu for writing.
func (s *store) eachTagged(name string, f func(rec *record, i int)) {
	for _, rec := range s.ordered {
		for i, t := range rec.c.Tags {
			if strings.EqualFold(t.Name, name) {
				f(rec, i)
				break
			}
		}
	}
}

// deleteTag deletes the tag and takes it off every customer; this is one
// of the API's asynchronous operations (see WithLateAsyncOperations).
func (h *Handler) deleteTag(w http.ResponseWriter, c *call) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.storeFor(c.org())
	tag, ok := s.foundTag(w, c.sub)
	if !ok {
		return
	}
	h.schedule(s, func(now time.Time) {
		if tag.deleted {
			return
		}
		tag.deleted = true
		s.tags = slices.DeleteFunc(s.tags, func(t *tagRecord) bool { return t == tag })
		s.eachTagged(tag.Name, func(rec *record, _ int) { s.untag(rec, tag, now) })
	})
	w.WriteHeader(http.StatusNoContent)
}

// tagged reports whether the customer carries the tag.
func tagged(rec *record, tag *tagRecord) bool {
	return slices.ContainsFunc(rec.c.Tags, func(t rebilly.Tag) bool { return strings.EqualFold(t.Name, tag.Name) })
}

// tagOne puts the tag on the customer, unless it is there: a new revision
// and a customer-tagged message. The caller holds h.mu for writing.
func (s *store) tagOne(rec *record, tag *tagRecord, now time.Time) {
	if tagged(rec, tag) {
		return
	}
	rec.c.Tags = append(rec.c.Tags, tag.onCustomer())
	rec.touch(now)
	s.record(rec.c.ID, typeCustomerTagged, "Customer tagged with "+strconv.Quote(tag.Name)+".", now)
}

// untag takes the tag off the customer, if it is there: a new revision
// and a customer-untagged message. The caller holds h.mu for writing.
func (s *store) untag(rec *record, tag *tagRecord, now time.Time) {
	if !tagged(rec, tag) {
		return
	}
	rec.c.Tags = slices.DeleteFunc(rec.c.Tags, func(t rebilly.Tag) bool { return strings.EqualFold(t.Name, tag.Name) })
	if len(rec.c.Tags) == 0 {
		rec.c.Tags = nil
	}
	rec.touch(now)
	s.record(rec.c.ID, typeCustomerUntagged, "Customer untagged from "+strconv.Quote(tag.Name)+".", now)
}

// customerTag returns the tag of the path when it can tag customers: 404
// for an unknown tag, 422 for a tag of another type.
func (s *store) customerTag(w http.ResponseWriter, name string) (*tagRecord, bool) {
	tag, ok := s.foundTag(w, name)
	if ok && tag.Type != tagTypeCustomer {
		writeProblem(w, invalidParam("tag", fmt.Sprintf("is a %s tag: only tags of type customer can tag a customer", tag.Type)))
		return nil, false
	}
	return tag, ok
}

// tagCustomer and untagCustomer act on one customer, at once.
func (h *Handler) tagCustomer(w http.ResponseWriter, c *call) { h.tagSingle(w, c, (*store).tagOne) }

func (h *Handler) untagCustomer(w http.ResponseWriter, c *call) { h.tagSingle(w, c, (*store).untag) }

func (h *Handler) tagSingle(w http.ResponseWriter, c *call, act func(s *store, rec *record, tag *tagRecord, now time.Time)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.storeFor(c.org())
	tag, ok := s.customerTag(w, c.sub)
	if !ok {
		return
	}
	rec, ok := s.found(w, c.id)
	if !ok {
		return
	}
	act(s, rec, tag, h.now())
	w.WriteHeader(http.StatusNoContent)
}

// tagCustomers and untagCustomers act on the customers of the body's
// customerIds; the API applies them asynchronously (see
// WithLateAsyncOperations). The API declares no 404 for them: an unknown
// tag and unknown customers are 422s.
func (h *Handler) tagCustomers(w http.ResponseWriter, c *call) { h.tagBulk(w, c, (*store).tagOne) }

func (h *Handler) untagCustomers(w http.ResponseWriter, c *call) { h.tagBulk(w, c, (*store).untag) }

func (h *Handler) tagBulk(w http.ResponseWriter, c *call, act func(s *store, rec *record, tag *tagRecord, now time.Time)) {
	ids, errs := parseCustomerIDs(c.body)
	if errs != nil {
		writeProblem(w, invalid("The request has invalid data.", errs...))
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.storeFor(c.org())
	tag := s.tag(c.sub)
	switch {
	case tag == nil:
		writeProblem(w, invalidParam("tag", fmt.Sprintf("must name an existing tag: %q does not", c.sub)))
		return
	case tag.Type != tagTypeCustomer:
		writeProblem(w, invalidParam("tag", fmt.Sprintf("is a %s tag: only tags of type customer can tag a customer", tag.Type)))
		return
	}
	var unknown fieldErrors
	for i, id := range ids {
		if _, ok := s.byID[id]; !ok {
			unknown.add("customerIds."+strconv.Itoa(i), "must be the ID of an existing customer: "+strconv.Quote(id)+" is not")
		}
	}
	if len(unknown) > 0 {
		writeProblem(w, invalid("The request names customers that do not exist.", unknown...))
		return
	}
	h.schedule(s, func(now time.Time) {
		if tag.deleted {
			return
		}
		for _, id := range ids {
			if rec, ok := s.byID[id]; ok {
				act(s, rec, tag, now)
			}
		}
	})
	w.WriteHeader(http.StatusNoContent)
}

// parseCustomerIDs reads a bulk body: {"customerIds": [...]}, 1 to 1000
// strings.
func parseCustomerIDs(body []byte) ([]string, []invalidField) {
	obj, errs := decodeObject(body)
	if errs != nil {
		return nil, errs
	}
	var t typeChecker
	if !t.required(obj, "customerIds", "") {
		return nil, t.errs
	}
	list, ok := obj["customerIds"].([]any)
	if !ok {
		t.wrongType("customerIds", "an array of customer IDs", obj["customerIds"])
		return nil, t.errs
	}
	if len(list) < 1 || len(list) > maxBulkIDs {
		t.errs.add("customerIds", fmt.Sprintf("must hold from 1 to %d customer IDs, not %d", maxBulkIDs, len(list)))
		return nil, t.errs
	}
	ids := make([]string, len(list))
	for i, v := range list {
		ids[i], ok = v.(string)
		if !ok {
			t.wrongType("customerIds."+strconv.Itoa(i), "a string", v)
		}
	}
	if len(t.errs) > 0 {
		return nil, t.errs
	}
	return ids, nil
}

// registerSeedTags adds the tags of seeded customers to the registry
// (the first spelling of a name wins), and gives the customers' copies
// the registry's ID and times.
func (s *store) registerSeedTags(recs []*record) {
	for _, rec := range recs {
		for i, t := range rec.c.Tags {
			tag := s.tag(t.Name)
			if tag == nil {
				tag = &tagRecord{ID: t.ID, Name: t.Name, Type: string(t.Type), CreatedTime: t.CreatedTime, UpdatedTime: t.UpdatedTime, n: s.next()}
				if tag.ID == "" {
					tag.ID = newID("tag_")
				}
				s.tags = append(s.tags, tag)
			}
			rec.c.Tags[i] = tag.onCustomer()
		}
		if len(rec.c.Tags) > 0 {
			rec.cacheStoredJSON() // the answers carry the registry's copies
		}
	}
}
