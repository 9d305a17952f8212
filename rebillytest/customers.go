package rebillytest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
)

// The customer operations: POST /customers, GET, PUT and DELETE
// /customers/{id}. GET /customers is in query.go.

func (h *Handler) createCustomer(w http.ResponseWriter, c *call) {
	in, clearPI, errs := parseCustomerBody(c.body)
	if errs != nil {
		writeProblem(w, invalid("The customer has invalid data.", errs...))
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.writableStore(c.org())
	if !s.checkCustomer(w, in) {
		return
	}
	id := rebilly.NewCustomerID()
	for s.taken(id) {
		id = rebilly.NewCustomerID()
	}
	h.writeCreated(w, c, h.newRecord(s, id, c.org(), in, clearPI))
}

func (h *Handler) upsertCustomer(w http.ResponseWriter, c *call) {
	in, clearPI, errs := parseCustomerBody(c.body)
	if errs != nil {
		writeProblem(w, invalid("The customer has invalid data.", errs...))
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.writableStore(c.org())
	if _, gone := s.merged[c.id]; gone {
		writeProblem(w, conflict("Customer "+c.id+" was merged into another customer and deleted; its ID cannot be used again."))
		return
	}
	if !s.checkCustomer(w, in) {
		return
	}
	rec, exists := s.byID[c.id]
	if !exists {
		h.writeCreated(w, c, h.newRecord(s, c.id, c.org(), in, clearPI))
		return
	}
	now := h.now()
	before := rec.c.CustomFields
	applyInput(s, rec, in, clearPI, now)
	rec.touch(now)
	if table, changed := fieldChanges(before, rec.c.CustomFields); changed {
		s.record(rec.c.ID, typeCustomFieldsChange, "Custom fields changed.", now, table)
	}
	h.writeCustomer(w, http.StatusOK, rec, c.base(), nil)
}

// newRecord creates and stores a customer. The caller holds h.mu.
func (h *Handler) newRecord(s *store, id, org string, in *rebilly.CustomerInput, clearPI bool) *record {
	now := h.now()
	rec := &record{c: rebilly.Customer{
		ID: id, CreatedTime: now, UpdatedTime: now, Revision: 1, OrganizationID: org,
	}}
	s.insert(rec)
	s.record(id, typeCustomerCreated, "Customer created.", now)
	applyInput(s, rec, in, clearPI, now)
	rec.derive()
	return rec
}

// checkCustomer checks what a customer body names in the organization:
// its payment instrument, and its custom fields against the definitions,
// whose defaults it fills. It answers 422 and reports false when they do
// not hold. The caller holds h.mu for writing.
func (s *store) checkCustomer(w http.ResponseWriter, in *rebilly.CustomerInput) bool {
	errs := s.checkInstrument(in)
	fields, fieldErrs := s.checkCustomFields(in.CustomFields)
	errs = append(errs, fieldErrs...)
	if len(errs) > 0 {
		writeProblem(w, invalid("The customer has invalid data.", errs...))
		return false
	}
	in.CustomFields = fields
	return true
}

func (s *store) taken(id string) bool {
	_, live := s.byID[id]
	_, merged := s.merged[id]
	return live || merged
}

// touch records a change: a new revision at time now.
func (r *record) touch(now time.Time) {
	r.c.Revision++
	r.c.UpdatedTime = now
	r.derive()
}

// applyInput replaces the customer's writable fields with in (absent ones
// go to their defaults) and acts on the write-only ones, which change
// state only when present. The caller has checked in's instrument.
func applyInput(s *store, rec *record, in *rebilly.CustomerInput, clearPI bool, now time.Time) {
	c := &rec.c
	c.WebsiteID = in.WebsiteID
	c.PreferredPayoutInstrumentID = deref(in.PreferredPayoutInstrumentID)
	c.CustomFields = in.CustomFields
	if len(c.CustomFields) == 0 {
		c.CustomFields = nil
	}
	c.PrimaryAddress = in.PrimaryAddress
	c.Locale = deref(in.Locale)
	c.TaxNumbers = in.TaxNumbers
	for i := range c.TaxNumbers {
		c.TaxNumbers[i].IsValid = nil // read-only: the fake runs no VIES check
	}
	c.PersonID = deref(in.PersonID)
	c.NotificationEmails = in.NotificationEmails

	if pi, ok := s.instrumentFor(in); ok {
		c.DefaultPaymentInstrument = pi
	} else if clearPI {
		c.DefaultPaymentInstrument = nil
	}
	if in.LeadSource != nil {
		setLeadSource(rec, *in.LeadSource, now)
		s.record(rec.c.ID, typeLeadSourceChanged, "Lead source changed.", now)
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (h *Handler) writeCreated(w http.ResponseWriter, c *call, rec *record) {
	base := c.base()
	w.Header().Set("Location", customerURL(base, rec.c.ID))
	h.writeCustomer(w, http.StatusCreated, rec, base, nil)
}

func customerURL(base, id string) string {
	return base + "/customers/" + url.PathEscape(id)
}

func (h *Handler) getCustomer(w http.ResponseWriter, c *call) {
	q, bad := queryOf(c.r)
	if bad != nil {
		writeProblem(w, *bad)
		return
	}
	shape, errs := parseShape(q)
	if errs != nil {
		writeProblem(w, invalid("The request has invalid query parameters.", errs...))
		return
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	rec, ok := h.storeFor(c.org()).found(w, c.id)
	if !ok {
		return
	}
	h.writeCustomer(w, http.StatusOK, rec, c.base(), shape)
}

// writeCustomer answers with one customer. The caller holds h.mu.
func (h *Handler) writeCustomer(w http.ResponseWriter, status int, rec *record, base string, shape *shape) {
	body, err := rec.appendAnswer(nil, base, shape)
	if err != nil {
		writeProblem(w, newProblem(http.StatusInternalServerError, "internal", "Internal Server Error", err.Error()))
		return
	}
	writeJSON(w, status, body)
}

// presentCustomer is the customer as the API returns it: its stored fields
// with links, and the related objects sh asks for embedded.
func presentCustomer(rec *record, base string, sh *shape) (*rebilly.Customer, error) {
	c := rec.c
	c.Links = customerLinks(rec, base)
	var embed map[string]any
	if rec.lead != nil && sh.expands(expandLeadSource) {
		embed = map[string]any{"leadSource": presentLeadSource(rec, base)}
	}
	if c.WebsiteID != "" && sh.expands(expandWebsite) {
		embed = addEmbed(embed, "website", embeddedWebsite{ID: c.WebsiteID})
	}
	if pi := c.DefaultPaymentInstrument; pi != nil && sh.expands(expandPaymentInstrument) {
		embed = addEmbed(embed, "defaultPaymentInstrument", embeddedInstrument{ID: pi.PaymentInstrumentID, Method: pi.Method, CustomerID: c.ID})
	}
	if len(embed) > 0 {
		c.Embedded = make(map[string]json.RawMessage, len(embed))
		for name, v := range embed {
			raw, err := codec.Marshal(v)
			if err != nil {
				return nil, err
			}
			c.Embedded[name] = raw
		}
	}
	return &c, nil
}

// customerLinks are the customer's links: itself, and what it refers to.
func customerLinks(rec *record, base string) []rebilly.Link {
	c := &rec.c
	self := customerURL(base, c.ID)
	links := make([]rebilly.Link, 1, 4) // self and up to three more
	links[0] = rebilly.Link{Href: self, Rel: "self"}
	if rec.lead != nil {
		links = append(links, rebilly.Link{Href: self + "/lead-source", Rel: "leadSource"})
	}
	if c.WebsiteID != "" {
		links = append(links, rebilly.Link{Href: base + "/websites/" + url.PathEscape(c.WebsiteID), Rel: "website"})
	}
	if pi := c.DefaultPaymentInstrument; pi != nil {
		links = append(links, rebilly.Link{Href: base + "/payment-instruments/" + url.PathEscape(pi.PaymentInstrumentID), Rel: "defaultPaymentInstrument"})
	}
	return links
}

func addEmbed(m map[string]any, name string, v any) map[string]any {
	if m == nil {
		m = make(map[string]any, 3)
	}
	m[name] = v
	return m
}

func encodeCustomer(rec *record, base string, sh *shape) ([]byte, error) {
	c, err := presentCustomer(rec, base, sh)
	if err != nil {
		return nil, err
	}
	body, err := codec.Marshal(c)
	if err != nil {
		return nil, err
	}
	if sh != nil && sh.fields != nil {
		return trimFields(body, sh.fields)
	}
	return body, nil
}

// trimFields keeps only the listed top-level members of a customer, and
// its id and _embedded.
func trimFields(body []byte, fields map[string]bool) ([]byte, error) {
	var members map[string]json.RawMessage
	if err := codec.Unmarshal(body, &members); err != nil {
		return nil, err
	}
	for name := range members {
		if name != "id" && name != "_embedded" && !fields[name] {
			delete(members, name)
		}
	}
	return codec.Marshal(members)
}

func (h *Handler) mergeCustomer(w http.ResponseWriter, c *call) {
	q, bad := queryOf(c.r)
	if bad != nil {
		writeProblem(w, *bad)
		return
	}
	target := q.Get("targetCustomerId")
	switch {
	case target == "":
		writeProblem(w, invalidParam("targetCustomerId", "is required: the ID of the customer that receives the merged data"))
		return
	case target == c.id:
		writeProblem(w, invalidParam("targetCustomerId", "must differ from the customer being merged and deleted"))
		return
	case checkID(target) != "":
		writeProblem(w, invalidParam("targetCustomerId", checkID(target)))
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.storeFor(c.org())
	src, ok := s.found(w, c.id)
	if !ok {
		return
	}
	dst, ok := s.byID[target]
	if !ok {
		writeProblem(w, notFound("Target customer "+target+" was not found."))
		return
	}
	mergeInto(dst, src)
	now := h.now()
	dst.touch(now)
	s.record(dst.c.ID, typeCustomerMerged, "Customer "+src.c.ID+" was merged into this customer.", now)
	delete(s.timelines, src.c.ID)
	delete(s.balances, src.c.ID)
	delete(s.metrics, src.c.ID)
	s.remove(src)
	s.merged[c.id] = struct{}{}
	w.WriteHeader(http.StatusNoContent)
}

// mergeInto gives dst what src has and dst lacks: the lead source (with
// its original), tags and custom fields.
func mergeInto(dst, src *record) {
	if dst.lead == nil && src.lead != nil {
		dst.lead = src.lead
		if dst.original == nil {
			dst.original = src.original
		}
	}
	for _, t := range src.c.Tags {
		has := false
		for _, d := range dst.c.Tags {
			if strings.EqualFold(d.Name, t.Name) {
				has = true
				break
			}
		}
		if !has {
			dst.c.Tags = append(dst.c.Tags, t)
		}
	}
	for k, v := range src.c.CustomFields {
		if _, has := dst.c.CustomFields[k]; !has {
			if dst.c.CustomFields == nil {
				dst.c.CustomFields = make(map[string]any)
			}
			dst.c.CustomFields[k] = v
		}
	}
}

// found returns the stored customer id, or answers 404 and reports false.
// The caller holds h.mu.
func (s *store) found(w http.ResponseWriter, id string) (*record, bool) {
	rec, ok := s.byID[id]
	if !ok {
		writeProblem(w, notFound("Customer "+id+" was not found."))
	}
	return rec, ok
}
