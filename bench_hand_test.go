package rebilly_test

import (
	"encoding/json"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
)

// handCustomer is what the hand-written client decodes a customer into:
// the API's members in plain Go types, as a developer without the SDK
// would declare them. It holds none of the SDK's types that decode
// themselves (CustomFieldValues, Links, Embedded), so the reference
// client's decoding is encoding/json's alone and does not move when the
// SDK's own decoding changes. The SDK's types it reuses have no JSON
// methods.
type handCustomer struct {
	ID                          string                        `json:"id,omitempty"`
	Email                       string                        `json:"email,omitempty"`
	FirstName                   string                        `json:"firstName,omitempty"`
	LastName                    string                        `json:"lastName,omitempty"`
	WebsiteID                   string                        `json:"websiteId,omitempty"`
	DefaultPaymentInstrument    *rebilly.PaymentInstrumentRef `json:"defaultPaymentInstrument,omitempty"`
	PreferredPayoutInstrumentID string                        `json:"preferredPayoutInstrumentId,omitempty"`
	CreatedTime                 time.Time                     `json:"createdTime"`
	UpdatedTime                 time.Time                     `json:"updatedTime"`
	CustomFields                map[string]any                `json:"customFields,omitempty"`
	PrimaryAddress              *rebilly.Contact              `json:"primaryAddress,omitempty"`
	Company                     *handCompany                  `json:"company,omitempty"`
	AverageValue                *rebilly.Money                `json:"averageValue,omitempty"`
	PaymentCount                int                           `json:"paymentCount"`
	LastPaymentTime             *time.Time                    `json:"lastPaymentTime,omitempty"`
	LifetimeRevenue             *rebilly.Money                `json:"lifetimeRevenue,omitempty"`
	InvoiceCount                int                           `json:"invoiceCount"`
	Tags                        []handTag                     `json:"tags,omitempty"`
	Revision                    int                           `json:"revision"`
	HasFulfilledKYC             bool                          `json:"hasFulfilledKyc"`
	OrganizationID              string                        `json:"organizationId,omitempty"`
	Locale                      string                        `json:"locale,omitempty"`
	TaxNumbers                  []rebilly.TaxNumber           `json:"taxNumbers,omitempty"`
	PersonID                    string                        `json:"personId,omitempty"`
	NotificationEmails          []string                      `json:"notificationEmails,omitempty"`
	Links                       []rebilly.Link                `json:"_links,omitempty"`
	Embedded                    map[string]json.RawMessage    `json:"_embedded,omitempty"`
}

// handCompany is rebilly.Company in plain types.
type handCompany struct {
	Name           string         `json:"name,omitempty"`
	Domain         string         `json:"domain,omitempty"`
	YearFounded    *float64       `json:"yearFounded,omitempty"`
	Industry       string         `json:"industry,omitempty"`
	EmployeesCount *float64       `json:"employeesCount,omitempty"`
	Country        string         `json:"country,omitempty"`
	Locality       string         `json:"locality,omitempty"`
	Links          []rebilly.Link `json:"_links,omitempty"`
}

// handTag is rebilly.Tag in plain types.
type handTag struct {
	ID          string         `json:"id,omitempty"`
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	CreatedTime time.Time      `json:"createdTime"`
	UpdatedTime time.Time      `json:"updatedTime"`
	Links       []rebilly.Link `json:"_links,omitempty"`
}
