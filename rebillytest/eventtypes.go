package rebillytest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The custom event type registry: GET and POST
// /customer-timeline-custom-events, GET /customer-timeline-custom-events/{id}.
// It is append-only, as the API's: there is no update or delete.

// customEventType is a registered name, as the API sends it.
type customEventType struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	CreatedTime time.Time `json:"createdTime"`
	UpdatedTime time.Time `json:"updatedTime"`
	Links       []link    `json:"_links,omitempty"`

	n int64
}

func (e *customEventType) field(name string) string {
	switch name {
	case "name":
		return e.Name
	case "createdTime":
		return e.CreatedTime.Format(time.RFC3339)
	}
	return ""
}

func (e *customEventType) seq() int64 { return e.n }

// eventTypeSpec is what GET /customer-timeline-custom-events accepts:
// limit, offset and filter, newest first.
var eventTypeSpec = &listSpec{filterable: []string{"name"}, defaultSort: "-createdTime"}

// systemTimelineTypes are the timeline message types of the API's
// definition, which a custom event type's name must not take.
// TestSystemTimelineTypesAreTheDefinitions keeps the list true.
var systemTimelineTypes = []string{
	"account-password-reset-requested", "account-verification-requested", "aml-list-was-possibly-matched",
	"coupon-applied", "coupon-redeemed", "coupon-redemption-canceled", "custom-event", "custom-event-processed",
	"custom-fields-changed", "customer-bank-account-blocked", "customer-blocked", "customer-comment-created",
	"customer-created", "customer-merged", "customer-payment-card-blocked", "customer-requested-otp",
	"customer-tagged", "customer-untagged", "default-payment-instrument-changed", "deposit-request-completed",
	"deposit-request-created", "deposit-request-expired", "deposit-request-started", "email-message-sent",
	"experian-check-performed", "invoice-abandoned", "invoice-created", "invoice-disputed", "invoice-issued",
	"invoice-paid", "invoice-partially-paid", "invoice-partially-refunded", "invoice-past-due",
	"invoice-refunded", "invoice-reissued", "invoice-revenue-recognized", "invoice-voided",
	"kyc-document-accepted", "kyc-document-created", "kyc-document-modified", "kyc-document-rejected",
	"kyc-document-reviewed", "kyc-request-fulfilled", "lead-source-changed", "order-activated",
	"order-canceled", "order-churned", "order-completed", "order-created", "order-downgraded",
	"order-paid-early", "order-reactivated", "order-renewed", "order-trial-ended", "order-upgraded",
	"payment-card-expiration-was-modified", "payment-card-expired", "payment-instrument-created",
	"payment-instrument-deactivated", "primary-address-changed", "quickbooks-customer-created",
	"quickbooks-customer-task-failed", "quote-canceled", "quote-created", "quote-expired", "quote-issued",
	"quote-order-attached", "quote-recalled", "quote-rejected", "quote-updated",
	"refund-was-reflected-in-invoices", "subscription-pause-created", "subscription-pause-revoked",
	"subscription-paused", "subscription-resumed", "subscription-trial-end-changed", "transaction-abandoned",
	"transaction-amount-discrepancy-found", "transaction-approved", "transaction-canceled",
	"transaction-declined", "transaction-discrepancy-found", "transaction-disputed",
	"transaction-partially-refunded", "transaction-reconciled", "transaction-refunded", "transaction-voided",
	"transaction-waiting-gateway",
}

// eventType returns the registered type of that name (ignoring case), or
// nil. The caller holds h.mu.
func (s *store) eventType(name string) *customEventType {
	for _, e := range s.eventTypes {
		if strings.EqualFold(e.Name, name) {
			return e
		}
	}
	return nil
}

func eventTypeURL(base, id string) string {
	return base + "/customer-timeline-custom-events/" + url.PathEscape(id)
}

func presentEventType(e *customEventType, base string) customEventType {
	out := *e
	out.Links = selfLink(eventTypeURL(base, e.ID))
	return out
}

func (h *Handler) listEventTypes(w http.ResponseWriter, c *call) {
	sl, ok := parseListRequest(w, c, eventTypeSpec)
	if !ok {
		return
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	base := c.base()
	writeListPage(w, h.storeFor(c.org()).eventTypes, sl, func(e *customEventType) customEventType { return presentEventType(e, base) })
}

func (h *Handler) getEventType(w http.ResponseWriter, c *call) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, e := range h.storeFor(c.org()).eventTypes {
		if e.ID == c.id {
			writeValue(w, http.StatusOK, presentEventType(e, c.base()))
			return
		}
	}
	writeProblem(w, notFound("Custom event type "+c.id+" was not found."))
}

// createEventType registers a name. A name already registered (ignoring
// case) or one of the system's types is a 422 naming name.
func (h *Handler) createEventType(w http.ResponseWriter, c *call) {
	obj, errs := decodeObject(c.body)
	if errs == nil {
		var t typeChecker
		if t.required(obj, "name", "") {
			t.str(obj, "name", "", false, true)
		}
		errs = t.errs
	}
	if errs != nil {
		writeProblem(w, invalid("The custom event type has invalid data.", errs...))
		return
	}
	name, _ := obj["name"].(string)
	if n := utf8.RuneCountInString(name); n > 255 {
		writeProblem(w, invalidParam("name", fmt.Sprintf("must be at most 255 characters long, not %d", n)))
		return
	}
	if slices.Contains(systemTimelineTypes, strings.ToLower(name)) {
		writeProblem(w, invalidParam("name", fmt.Sprintf("must not be the name of a system timeline type: %q is one", name)))
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.writableStore(c.org())
	if s.eventType(name) != nil {
		writeProblem(w, invalidParam("name", fmt.Sprintf("must be unique: a custom event type named %q exists (names are compared ignoring case)", name)))
		return
	}
	now := h.now()
	e := &customEventType{ID: newID("cevt_"), Name: name, CreatedTime: now, UpdatedTime: now, n: s.next()}
	s.eventTypes = append(s.eventTypes, e)
	writeCreatedValue(w, eventTypeURL(c.base(), e.ID), presentEventType(e, c.base()))
}
