package rebillytest

import (
	rebilly "github.com/openrebilly/rebilly-go"
)

// Snapshots of the fake's state, for assertions. They are deep copies:
// changing them does not change the fake. They hold the stored fields only,
// without the _links and _embedded that answers carry.

// Customer returns the customer with the given ID, and false when there is
// none (never created, or deleted by a merge).
func (h *Handler) Customer(id string) (*rebilly.Customer, bool) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	rec, ok := h.store.byID[id]
	if !ok {
		return nil, false
	}
	return cloneCustomer(&rec.c), true
}

// Customers returns every customer, oldest first (by createdTime, then
// ID).
func (h *Handler) Customers() []*rebilly.Customer {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make([]*rebilly.Customer, len(h.store.ordered))
	for i, rec := range h.store.ordered {
		out[i] = cloneCustomer(&rec.c)
	}
	return out
}

// LeadSource returns the lead source of the customer, with its Original,
// and false when the customer has none or does not exist.
func (h *Handler) LeadSource(customerID string) (*rebilly.LeadSource, bool) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	rec, ok := h.store.byID[customerID]
	if !ok || rec.lead == nil {
		return nil, false
	}
	ls := cloneLeadSource(rec.lead)
	ls.Original = cloneLeadSource(rec.original)
	return ls, true
}
