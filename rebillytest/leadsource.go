package rebillytest

import (
	"net/http"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
)

// The lead-source operations: GET, PUT and DELETE
// /customers/{id}/lead-source.

// setLeadSource replaces the customer's lead source with in. Its
// createdTime is kept across replacements (until a delete); the first lead
// source ever set is kept as the original.
func setLeadSource(rec *record, in rebilly.LeadSourceInput, now time.Time) {
	created := now
	if rec.lead != nil {
		created = rec.lead.CreatedTime
	}
	rec.lead = &rebilly.LeadSource{LeadSourceInput: in, CreatedTime: created, UpdatedTime: now}
	if rec.original == nil {
		rec.original = &rebilly.LeadSource{LeadSourceInput: in, CreatedTime: now, UpdatedTime: now}
	}
}

// presentLeadSource is the lead source as the API returns it: with links
// and the original.
func presentLeadSource(rec *record, base string) *rebilly.LeadSource {
	ls := *rec.lead
	customer := customerURL(base, rec.c.ID)
	ls.Links = []rebilly.Link{{Href: customer + "/lead-source", Rel: "self"}, {Href: customer, Rel: "customer"}}
	if rec.original != nil {
		orig := *rec.original
		orig.Links, orig.Original = nil, nil
		ls.Original = &orig
	}
	return &ls
}

func (h *Handler) getLeadSource(w http.ResponseWriter, c *call) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	rec, ok := h.storeFor(c.org()).withLeadSource(w, c.id)
	if !ok {
		return
	}
	h.writeLeadSource(w, http.StatusOK, rec, c.base())
}

func (h *Handler) putLeadSource(w http.ResponseWriter, c *call) {
	in, errs := parseLeadSourceBody(c.body)
	if errs != nil {
		writeProblem(w, invalid("The lead source has invalid data.", errs...))
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.storeFor(c.org())
	rec, ok := s.found(w, c.id)
	if !ok {
		return
	}
	now := h.now()
	setLeadSource(rec, *in, now)
	rec.touch(now)
	s.record(c.id, typeLeadSourceChanged, "Lead source changed.", now)
	base := c.base()
	// The API declares only 201 (with Location) for this operation, for a
	// new lead source and a replaced one alike.
	w.Header().Set("Location", customerURL(base, c.id)+"/lead-source")
	h.writeLeadSource(w, http.StatusCreated, rec, base)
}

func (h *Handler) deleteLeadSource(w http.ResponseWriter, c *call) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.storeFor(c.org())
	rec, ok := s.withLeadSource(w, c.id)
	if !ok {
		return
	}
	rec.lead = nil
	now := h.now()
	rec.touch(now)
	s.record(c.id, typeLeadSourceChanged, "Lead source removed.", now)
	w.WriteHeader(http.StatusNoContent)
}

// withLeadSource returns the stored customer id when it has a lead source,
// or answers 404 and reports false. The caller holds h.mu.
func (s *store) withLeadSource(w http.ResponseWriter, id string) (*record, bool) {
	rec, ok := s.found(w, id)
	if ok && rec.lead == nil {
		writeProblem(w, notFound("Customer "+id+" has no lead source."))
		return nil, false
	}
	return rec, ok
}

// writeLeadSource answers with the customer's lead source. The caller
// holds h.mu.
func (h *Handler) writeLeadSource(w http.ResponseWriter, status int, rec *record, base string) {
	body, err := codec.Marshal(presentLeadSource(rec, base))
	if err != nil {
		writeProblem(w, newProblem(http.StatusInternalServerError, "internal", "Internal Server Error", err.Error()))
		return
	}
	writeJSON(w, status, body)
}
