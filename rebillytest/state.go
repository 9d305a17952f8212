package rebillytest

import (
	rebilly "github.com/openrebilly/rebilly-go"
)

// Snapshots of the default organization's state, for assertions (see
// Organization for the others).

// Customer returns the customer of DefaultOrganizationID with the given ID,
// and false when there is none (never created, or deleted by a merge).
func (h *Handler) Customer(id string) (*rebilly.Customer, bool) {
	return h.Organization(DefaultOrganizationID).Customer(id)
}

// Customers returns every customer of DefaultOrganizationID, oldest first
// (by createdTime, then ID).
func (h *Handler) Customers() []*rebilly.Customer {
	return h.Organization(DefaultOrganizationID).Customers()
}

// LeadSource returns the lead source of the customer of
// DefaultOrganizationID, with its Original, and false when the customer has
// none or does not exist.
func (h *Handler) LeadSource(customerID string) (*rebilly.LeadSource, bool) {
	return h.Organization(DefaultOrganizationID).LeadSource(customerID)
}
