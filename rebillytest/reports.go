package rebillytest

import (
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// The customer's figures and reports: GET /customers/{id}/credit-balance,
// GET /experimental/customers/{customerId}/summary-metrics and POST
// /customers/{id}/compliance-screening-report.

// CreditBalance is a customer's unallocated credit in one currency, to
// seed with WithCreditBalance.
type CreditBalance struct {
	Currency          string  `json:"currency"`
	UnallocatedAmount float64 `json:"unallocatedAmount"`
}

// SummaryMetrics are a customer's lifetime totals in one currency, to
// seed with WithSummaryMetrics.
type SummaryMetrics struct {
	Currency       string  `json:"currency,omitempty"`
	RefundsAmount  float64 `json:"refundsAmount"`
	RevenueAmount  float64 `json:"revenueAmount"`
	DisputesAmount float64 `json:"disputesAmount"`
}

type balanceSeed struct {
	customerID string
	balances   []CreditBalance
}

type metricsSeed struct {
	customerID string
	metrics    SummaryMetrics
}

// attachment is a file attached to a customer, as the API sends it.
type attachment struct {
	ID          string    `json:"id"`
	FileID      string    `json:"fileId"`
	RelatedType string    `json:"relatedType"`
	RelatedID   string    `json:"relatedId"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	CreatedTime time.Time `json:"createdTime"`
	UpdatedTime time.Time `json:"updatedTime"`
	Links       []link    `json:"_links"`
}

func checkCurrency(code string) string {
	if len(code) != 3 || !isUpper(code[0]) || !isUpper(code[1]) || !isUpper(code[2]) {
		return fmt.Sprintf("the currency %q is not an ISO 4217 code of three capital letters", code)
	}
	return ""
}

// WithCreditBalance seeds the credit balance of a seeded customer: one
// entry per currency, as GET /customers/{id}/credit-balance returns them.
// A customer without a seeded balance has none (an empty list). The
// customer is looked for as WithLeadSource does; NewServer panics when no
// customer has that ID, and here on a bad or repeated currency.
func WithCreditBalance(customerID string, balances ...CreditBalance) Option {
	seen := make(map[string]bool)
	for _, b := range balances {
		if msg := checkCurrency(b.Currency); msg != "" || seen[b.Currency] {
			if msg == "" {
				msg = "the currency " + b.Currency + " is given twice"
			}
			panic(fmt.Sprintf("rebillytest: WithCreditBalance(%q): %s", customerID, msg))
		}
		seen[b.Currency] = true
	}
	seed := balanceSeed{customerID: customerID, balances: append([]CreditBalance{}, balances...)}
	return func(c *config) { c.balances = append(c.balances, seed) }
}

// WithSummaryMetrics seeds the lifetime totals of a seeded customer, as
// GET /experimental/customers/{customerId}/summary-metrics returns them.
// Without it, a customer with a lifetimeRevenue has that currency and
// amount as its revenue and no refunds or disputes, and any other has
// empty metrics ({}). The customer is looked for as WithLeadSource does;
// NewServer panics when no customer has that ID, and here on a bad
// currency.
func WithSummaryMetrics(customerID string, m SummaryMetrics) Option {
	if msg := checkCurrency(m.Currency); msg != "" {
		panic(fmt.Sprintf("rebillytest: WithSummaryMetrics(%q): %s", customerID, msg))
	}
	seed := metricsSeed{customerID: customerID, metrics: m}
	return func(c *config) { c.metrics = append(c.metrics, seed) }
}

// loadFigures applies WithCreditBalance and WithSummaryMetrics.
func (h *Handler) loadFigures(cfg *config) {
	storeOf := func(option, id string) *store {
		r := h.seededCustomer(id)
		if r == nil {
			panic(fmt.Sprintf("rebillytest: %s(%q): no customer has that ID", option, id))
		}
		return h.writableStore(r.c.OrganizationID)
	}
	for _, b := range cfg.balances {
		storeOf("WithCreditBalance", b.customerID).balances[b.customerID] = b.balances
	}
	for _, m := range cfg.metrics {
		storeOf("WithSummaryMetrics", m.customerID).metrics[m.customerID] = m.metrics
	}
}

func (h *Handler) getCreditBalance(w http.ResponseWriter, c *call) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	s := h.storeFor(c.org())
	if _, ok := s.found(w, c.id); !ok {
		return
	}
	balances := s.balances[c.id]
	if balances == nil {
		balances = []CreditBalance{}
	}
	writeValue(w, http.StatusOK, struct {
		Balances []CreditBalance `json:"balances"`
	}{balances})
}

func (h *Handler) getSummaryMetrics(w http.ResponseWriter, c *call) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	s := h.storeFor(c.org())
	rec, ok := s.found(w, c.id)
	if !ok {
		return
	}
	m, seeded := s.metrics[c.id]
	if !seeded {
		if lr := rec.c.LifetimeRevenue; lr != nil {
			m = SummaryMetrics{Currency: lr.Currency, RevenueAmount: lr.Amount}
		} else {
			writeValue(w, http.StatusOK, struct{}{})
			return
		}
	}
	writeValue(w, http.StatusOK, m)
}

// createScreeningReport stores a new attachment for the customer on
// every call: the report is not idempotent.
func (h *Handler) createScreeningReport(w http.ResponseWriter, c *call) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.storeFor(c.org())
	if _, ok := s.found(w, c.id); !ok {
		return
	}
	now := h.now()
	base := c.base()
	a := &attachment{ID: newID("att_"), FileID: newID("file_"), RelatedType: "customer", RelatedID: c.id,
		Name:        "compliance-screening-report-" + now.Format("20060102T150405Z") + ".pdf",
		Description: "KYC and AML screening report of customer " + c.id,
		CreatedTime: now, UpdatedTime: now}
	self := base + "/attachments/" + url.PathEscape(a.ID)
	a.Links = []link{{Href: self, Rel: "self"}, {Href: base + "/files/" + url.PathEscape(a.FileID), Rel: "file"}}
	s.attachments = append(s.attachments, a)
	writeCreatedValue(w, self, a)
}
