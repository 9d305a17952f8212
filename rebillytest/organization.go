package rebillytest

import (
	rebilly "github.com/openrebilly/rebilly-go"
)

// Organizations partition the fake's data as they partition the API's:
// each has its own customers, merged IDs, payment instruments and rate
// limit, and sees nothing of another's. Requests under
// /organizations/{id} use organization id; requests on the bare paths use
// DefaultOrganizationID. A seeded customer belongs to its OrganizationID
// (DefaultOrganizationID when empty).

// storeFor returns the organization's store for reading: an empty one when
// the organization has no data. The caller holds h.mu, for reading at
// least.
func (h *Handler) storeFor(org string) *store {
	if s, ok := h.stores[org]; ok {
		return s
	}
	return h.newStore()
}

// writableStore returns the organization's store, creating it. The caller
// holds h.mu for writing.
func (h *Handler) writableStore(org string) *store {
	s, ok := h.stores[org]
	if !ok {
		s = h.newStore()
		h.stores[org] = s
	}
	return s
}

// Organization is a view of one organization's state in the fake, for
// assertions. Its snapshots are deep copies: changing them does not change
// the fake. They hold the stored fields only, without the _links and
// _embedded that answers carry.
type Organization struct {
	h  *Handler
	id string
}

// Organization returns the view of the organization with the given ID; the
// Handler's own Customer, Customers and LeadSource read
// DefaultOrganizationID.
func (h *Handler) Organization(id string) Organization {
	return Organization{h: h, id: id}
}

// Customer returns the customer with the given ID, and false when the
// organization has none (never created there, or deleted by a merge).
func (o Organization) Customer(id string) (*rebilly.Customer, bool) {
	o.h.mu.RLock()
	defer o.h.mu.RUnlock()
	rec, ok := o.h.storeFor(o.id).byID[id]
	if !ok {
		return nil, false
	}
	return cloneCustomer(&rec.c), true
}

// Customers returns every customer of the organization, oldest first (by
// createdTime, then ID).
func (o Organization) Customers() []*rebilly.Customer {
	o.h.mu.RLock()
	defer o.h.mu.RUnlock()
	s := o.h.storeFor(o.id)
	out := make([]*rebilly.Customer, len(s.ordered))
	for i, rec := range s.ordered {
		out[i] = cloneCustomer(&rec.c)
	}
	return out
}

// LeadSource returns the lead source of the customer, with its Original,
// and false when the customer has none or does not exist.
func (o Organization) LeadSource(customerID string) (*rebilly.LeadSource, bool) {
	o.h.mu.RLock()
	defer o.h.mu.RUnlock()
	rec, ok := o.h.storeFor(o.id).byID[customerID]
	if !ok || rec.lead == nil {
		return nil, false
	}
	ls := cloneLeadSource(rec.lead)
	ls.Original = cloneLeadSource(rec.original)
	return ls, true
}
