package rebillytest

import (
	"fmt"
	"strings"

	rebilly "github.com/openrebilly/rebilly-go"
)

// PaymentInstrument is a payment instrument the fake knows, so that a
// customer's defaultPaymentInstrumentId can name it. The fake models only
// what a customer refers to; it serves no payment-instrument operations.
// A defaultPaymentInstrumentId that names no instrument of the
// organization gets a 422 naming that field. Instruments come from
// WithPaymentInstruments, from a seeded customer's DefaultPaymentInstrument,
// and from a paymentToken sent with a customer (which makes a
// payment-card instrument). The fake does not track which customer an
// instrument belongs to: any customer of the organization may name any of
// its instruments (what the API does otherwise is not documented).
type PaymentInstrument struct {
	// ID is the instrument's ID, such as "inst_1" (required).
	ID string
	// Method is a payment method, such as "payment-card" (the default) or
	// "ach".
	Method string
	// OrganizationID is the organization the instrument belongs to;
	// DefaultOrganizationID when empty.
	OrganizationID string
}

// WithPaymentInstruments makes the fake know these payment instruments, so
// that customers can name them as their default. It panics on an empty or
// malformed ID.
func WithPaymentInstruments(instruments ...PaymentInstrument) Option {
	instruments = append([]PaymentInstrument(nil), instruments...)
	for i := range instruments {
		pi := &instruments[i]
		if msg := checkID(pi.ID); msg != "" {
			panic(fmt.Sprintf("rebillytest: WithPaymentInstruments: instrument %d: ID %q %s", i+1, pi.ID, msg))
		}
		if pi.Method == "" {
			pi.Method = "payment-card"
		}
		if pi.OrganizationID == "" {
			pi.OrganizationID = DefaultOrganizationID
		}
	}
	return func(c *config) { c.instruments = append(c.instruments, instruments...) }
}

// checkInstrument reports a defaultPaymentInstrumentId that names no
// instrument the organization knows. The caller holds h.mu.
func (s *store) checkInstrument(in *rebilly.CustomerInput) []invalidField {
	if in.PaymentToken != "" || in.DefaultPaymentInstrumentID == nil || *in.DefaultPaymentInstrumentID == "" {
		return nil // a token wins over the ID, as in the API
	}
	if _, ok := s.instruments[*in.DefaultPaymentInstrumentID]; ok {
		return nil
	}
	return []invalidField{{Field: "defaultPaymentInstrumentId",
		Message: "names no payment instrument of this organization (the fake knows those of WithPaymentInstruments, of seeded customers and of payment tokens)"}}
}

// instrumentFor returns the default payment instrument that in asks for,
// registering the one a payment token makes, and reports whether in asks
// for one at all. The caller holds h.mu for writing and has called
// checkInstrument.
func (s *store) instrumentFor(in *rebilly.CustomerInput) (*rebilly.PaymentInstrumentRef, bool) {
	switch {
	case in.PaymentToken != "":
		id := newInstrumentID()
		s.instruments[id] = "payment-card"
		return &rebilly.PaymentInstrumentRef{Method: "payment-card", PaymentInstrumentID: id}, true
	case in.DefaultPaymentInstrumentID != nil && *in.DefaultPaymentInstrumentID != "":
		id := *in.DefaultPaymentInstrumentID
		return &rebilly.PaymentInstrumentRef{Method: s.instruments[id], PaymentInstrumentID: id}, true
	}
	return nil, false
}

// newInstrumentID makes a payment instrument ID in the API's style.
func newInstrumentID() string {
	return "inst_" + strings.TrimPrefix(rebilly.NewCustomerID(), "cus_")
}

// embeddedInstrument is the minimal object the fake embeds for
// expand=defaultPaymentInstrument.
type embeddedInstrument struct {
	ID         string `json:"id"`
	Method     string `json:"method"`
	CustomerID string `json:"customerId,omitempty"`
}

// embeddedWebsite is the minimal object the fake embeds for expand=website:
// the fake knows websites only by the IDs customers carry.
type embeddedWebsite struct {
	ID string `json:"id"`
}
