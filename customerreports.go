package rebilly

import "time"

// CreditBalance is a customer's credit balance, one item per currency
// (none when the customer has no credit).
type CreditBalance struct {
	Balances []CurrencyBalance `json:"balances"`
}

// CurrencyBalance is the credit a customer has in one currency: the sum of
// its credit memos' unallocated amounts.
type CurrencyBalance struct {
	Currency          string  `json:"currency"` // ISO 4217, such as "USD"
	UnallocatedAmount float64 `json:"unallocatedAmount"`
}

// SummaryMetrics are a customer's lifetime totals, in one currency.
type SummaryMetrics struct {
	Currency string `json:"currency,omitempty"` // ISO 4217, such as "USD"
	// RevenueAmount is the total of the approved sales and captures.
	RevenueAmount float64 `json:"revenueAmount"`
	// RefundsAmount is the total of the refunded transactions.
	RefundsAmount float64 `json:"refundsAmount"`
	// DisputesAmount is the total of the disputed transactions.
	DisputesAmount float64 `json:"disputesAmount"`
}

// Attachment is a file attached to a resource, such as the report
// CreateComplianceScreeningReport stores.
type Attachment struct {
	ID     string `json:"id,omitempty"`
	FileID string `json:"fileId"`
	// RelatedType is the kind of resource the file is attached to, such as
	// "customer" or "customer-timeline-comment".
	RelatedType string    `json:"relatedType"`
	RelatedID   string    `json:"relatedId"`
	Name        string    `json:"name,omitempty"`
	Description string    `json:"description,omitempty"`
	CreatedTime time.Time `json:"createdTime,omitzero"`
	UpdatedTime time.Time `json:"updatedTime,omitzero"`
	// Links are the attachment's links: rel "self" and "file".
	Links Links `json:"_links,omitempty"`
	// Embedded holds the file, when asked for.
	Embedded Embedded `json:"_embedded,omitempty"`
}
