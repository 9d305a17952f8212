package rebilly

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// Customer is a customer as the API returns it. It holds every field the API
// sends, including read-only ones such as Email, Revision and Links.
//
// Nullable strings the API sends as null decode to "". Fields where null and
// the zero value mean different things are pointers. Encoded, a zero
// CreatedTime or UpdatedTime (of a customer fetched with Fields that leave
// it out) is left out from Go 1.24 on, whose encoding/json honours the
// omitzero tag option; Go 1.23 encodes it as 0001-01-01T00:00:00Z.
type Customer struct {
	ID                          string                `json:"id,omitempty"`
	Email                       string                `json:"email,omitempty"`
	FirstName                   string                `json:"firstName,omitempty"`
	LastName                    string                `json:"lastName,omitempty"`
	WebsiteID                   string                `json:"websiteId,omitempty"`
	DefaultPaymentInstrument    *PaymentInstrumentRef `json:"defaultPaymentInstrument,omitempty"`
	PreferredPayoutInstrumentID string                `json:"preferredPayoutInstrumentId,omitempty"`
	CreatedTime                 time.Time             `json:"createdTime,omitzero"`
	UpdatedTime                 time.Time             `json:"updatedTime,omitzero"`
	CustomFields                CustomFieldValues     `json:"customFields,omitempty"`
	PrimaryAddress              *Contact              `json:"primaryAddress,omitempty"`
	Company                     *Company              `json:"company,omitempty"`
	AverageValue                *Money                `json:"averageValue,omitempty"`
	PaymentCount                int                   `json:"paymentCount"`
	LastPaymentTime             *time.Time            `json:"lastPaymentTime,omitempty"`
	LifetimeRevenue             *Money                `json:"lifetimeRevenue,omitempty"`
	InvoiceCount                int                   `json:"invoiceCount"`
	Tags                        []Tag                 `json:"tags,omitempty"`
	Revision                    int                   `json:"revision"`
	HasFulfilledKYC             bool                  `json:"hasFulfilledKyc"`
	OrganizationID              string                `json:"organizationId,omitempty"`
	Locale                      string                `json:"locale,omitempty"`
	TaxNumbers                  []TaxNumber           `json:"taxNumbers,omitempty"`
	PersonID                    string                `json:"personId,omitempty"`
	NotificationEmails          []string              `json:"notificationEmails,omitempty"`
	// Links are the customer's links; see Links for the shapes it decodes.
	Links Links `json:"_links,omitempty"`
	// Embedded holds what Expand asked for; see Embedded for the shapes it
	// decodes.
	Embedded Embedded `json:"_embedded,omitempty"`
}

// Input returns the writable part of c, ready to be changed and sent back
// with Upsert. The default payment instrument's ID is carried over from
// DefaultPaymentInstrument, so that the upsert keeps it; the payment token
// and lead source are not returned by the API and are left empty. The
// input shares no slice or map with c (values inside CustomFields are
// shared), so changing it leaves c as it was. To clear a field in the
// upsert, empty it and name it in NullFields (see CustomerInput).
func (c *Customer) Input() *CustomerInput {
	in := &CustomerInput{
		WebsiteID:                   c.WebsiteID,
		CustomFields:                maps.Clone(c.CustomFields),
		NotificationEmails:          slices.Clone(c.NotificationEmails),
		PreferredPayoutInstrumentID: nonEmpty(c.PreferredPayoutInstrumentID),
		Locale:                      nonEmpty(c.Locale),
		PersonID:                    nonEmpty(c.PersonID),
	}
	if pi := c.DefaultPaymentInstrument; pi != nil {
		in.DefaultPaymentInstrumentID = nonEmpty(pi.PaymentInstrumentID)
	}
	in.TaxNumbers = writableTaxNumbers(c.TaxNumbers)
	if c.PrimaryAddress != nil {
		addr := c.PrimaryAddress.writable()
		addr.NullFields = nil
		addr.Emails = slices.Clone(addr.Emails)
		addr.PhoneNumbers = slices.Clone(addr.PhoneNumbers)
		in.PrimaryAddress = &addr
	}
	return in
}

// EmbeddedLeadSource decodes the lead source the API embeds when a customer
// is fetched with Expand "leadSource". It returns nil and no error when no
// lead source is embedded.
func (c *Customer) EmbeddedLeadSource() (*LeadSource, error) {
	raw, ok := c.Embedded["leadSource"]
	if !ok || string(raw) == "null" {
		return nil, nil
	}
	ls := new(LeadSource)
	if err := codec.Unmarshal(raw, ls); err != nil {
		return nil, fmt.Errorf("rebilly: decoding embedded lead source of customer %q: %w", c.ID, err)
	}
	return ls, nil
}

// CustomerInput holds the fields a client may write when it creates or
// upserts a customer. The API sets the customer's top-level email, first and
// last name from PrimaryAddress; they cannot be written directly.
//
// A nil pointer, nil or empty slice or map, or empty string leaves the field
// out of the request body. What the API does with a field left out of an
// Upsert is not documented: the definition gives some fields a default (null
// for Locale and PreferredPayoutInstrumentID), but it does not say that
// leaving a field out is the same as sending null (rebillytest, for one,
// keeps the default payment instrument when DefaultPaymentInstrumentID is
// left out, and clears it on null). To clear a nullable field, leave it
// empty and name it in NullFields, which sends it as JSON null.
//
// To change some fields of an existing customer and keep the others, read,
// modify and write: Get the customer, take its Input, change what you mean
// to change, name in NullFields the fields to clear (emptied), and Upsert
// it:
//
//	in := c.Input()
//	in.Locale = nil
//	in.NullFields = []string{"Locale"}
//	c, _, err = client.Customers.Upsert(ctx, c.ID, in)
type CustomerInput struct {
	WebsiteID string `json:"websiteId,omitempty"`
	// PaymentToken is turned into a payment instrument that becomes the
	// customer's default. It wins over DefaultPaymentInstrumentID.
	PaymentToken                string            `json:"paymentToken,omitempty"`
	DefaultPaymentInstrumentID  *string           `json:"defaultPaymentInstrumentId,omitempty"`
	PreferredPayoutInstrumentID *string           `json:"preferredPayoutInstrumentId,omitempty"`
	CustomFields                CustomFieldValues `json:"customFields,omitempty"`
	PrimaryAddress              *Contact          `json:"primaryAddress,omitempty"`
	Locale                      *string           `json:"locale,omitempty"`
	TaxNumbers                  []TaxNumber       `json:"taxNumbers,omitempty"`
	LeadSource                  *LeadSourceInput  `json:"leadSource,omitempty"`
	PersonID                    *string           `json:"personId,omitempty"`
	NotificationEmails          []string          `json:"notificationEmails,omitempty"`

	// NullFields names Go fields of this struct to send as JSON null, as
	// "Locale": DefaultPaymentInstrumentID, PreferredPayoutInstrumentID,
	// PrimaryAddress, Locale, TaxNumbers and PersonID, the fields the API
	// lets be null. A field named here must be empty (nil). Naming another
	// field, or one with a value, is an error matching ErrInvalidInput,
	// before anything is sent. NullFields itself is never sent.
	NullFields []string `json:"-"`
}

// Contact is a person's name, postal address, phone numbers and email
// addresses, as used for a customer's primary address. The API refuses empty
// strings in these fields, so "" means "leave out"; to send a field as null,
// name it in NullFields.
type Contact struct {
	FirstName    string        `json:"firstName,omitempty"`
	LastName     string        `json:"lastName,omitempty"`
	Organization string        `json:"organization,omitempty"`
	Address      string        `json:"address,omitempty"`
	Address2     string        `json:"address2,omitempty"`
	City         string        `json:"city,omitempty"`
	Region       string        `json:"region,omitempty"`
	Country      string        `json:"country,omitempty"` // ISO 3166 alpha-2, such as "GB"
	PostalCode   string        `json:"postalCode,omitempty"`
	PhoneNumbers []PhoneNumber `json:"phoneNumbers,omitempty"`
	Emails       []Email       `json:"emails,omitempty"`
	Dob          string        `json:"dob,omitempty"` // date of birth, YYYY-MM-DD
	JobTitle     string        `json:"jobTitle,omitempty"`
	// Hash is set by the API and lets you compare contacts. It is
	// read-only: the SDK never sends it, even when a fetched contact is
	// reused as it is in a CustomerInput.
	Hash string `json:"hash,omitempty"`

	// NullFields names Go fields of this struct to send as JSON null: any
	// of the string fields but Hash (FirstName, LastName, Organization,
	// Address, Address2, City, Region, Country, PostalCode, Dob, JobTitle).
	// A field named here must be "". Naming another field, or one with a
	// value, is an error matching ErrInvalidInput, before anything is sent.
	// NullFields itself is never sent.
	NullFields []string `json:"-"`
}

// PhoneNumber is one of a contact's phone numbers.
type PhoneNumber struct {
	Label   string `json:"label"`
	Value   string `json:"value"`
	Primary bool   `json:"primary,omitempty"`
}

// Email is one of a contact's email addresses. The primary one becomes the
// customer's Email.
type Email struct {
	Label   string `json:"label"`
	Value   string `json:"value"`
	Primary bool   `json:"primary,omitempty"`
}

// PaymentInstrumentRef names a customer's default payment instrument.
type PaymentInstrumentRef struct {
	// Method is one of the API's payment methods, such as "payment-card".
	// The API knows about two hundred; the SDK keeps it an open string.
	Method              string `json:"method"`
	PaymentInstrumentID string `json:"paymentInstrumentId"`
}

// Company is what the API knows about the company behind a customer's email
// domain (a paid feature of the API).
type Company struct {
	Name           string   `json:"name,omitempty"`
	Domain         string   `json:"domain,omitempty"`
	YearFounded    *float64 `json:"yearFounded,omitempty"`
	Industry       string   `json:"industry,omitempty"`
	EmployeesCount *float64 `json:"employeesCount,omitempty"`
	Country        string   `json:"country,omitempty"`
	Locality       string   `json:"locality,omitempty"`
	Links          Links    `json:"_links,omitempty"`
}

// Money is an amount in the merchant's reporting currency and in US dollars.
type Money struct {
	Currency  string  `json:"currency,omitempty"`
	Amount    float64 `json:"amount"`
	AmountUSD float64 `json:"amountUsd"`
}

// Tag labels a customer. Tags are set through the API's tag operations and
// are read-only here.
type Tag struct {
	ID          string    `json:"id,omitempty"`
	Name        string    `json:"name"`
	Type        TagType   `json:"type"`
	CreatedTime time.Time `json:"createdTime,omitzero"`
	UpdatedTime time.Time `json:"updatedTime,omitzero"`
	Links       Links     `json:"_links,omitempty"`
}

// TaxNumber is a customer's tax number.
type TaxNumber struct {
	Type      string `json:"type"` // "eu-vat" or "other"
	Value     string `json:"value"`
	IsDefault bool   `json:"isDefault,omitempty"`
	// IsValid is the result of the API's EU VIES check: nil when not checked.
	// It is read-only: the SDK never sends it, even when a fetched tax
	// number is reused as it is in a CustomerInput.
	IsValid *bool `json:"isValid,omitempty"`
}

// Link is a link to a related resource.
type Link struct {
	Href string `json:"href"`
	Rel  string `json:"rel"`
}

// LeadSourceInput holds the writable fields of a lead source: where a
// customer came from. Empty strings are left out of the request; to send a
// field as null, name it in NullFields.
type LeadSourceInput struct {
	Medium       string `json:"medium,omitempty"`
	Source       string `json:"source,omitempty"`
	Campaign     string `json:"campaign,omitempty"`
	Term         string `json:"term,omitempty"`
	Content      string `json:"content,omitempty"`
	Affiliate    string `json:"affiliate,omitempty"`
	SubAffiliate string `json:"subAffiliate,omitempty"`
	SalesAgent   string `json:"salesAgent,omitempty"`
	ClickID      string `json:"clickId,omitempty"`
	Path         string `json:"path,omitempty"`
	Referrer     string `json:"referrer,omitempty"` // a URL

	// NullFields names Go fields of this struct to send as JSON null: any
	// of the fields above, all of which the API lets be null. A field named
	// here must be "". Naming another field, or one with a value, is an
	// error matching ErrInvalidInput, before anything is sent. NullFields
	// itself is never sent, and is always nil in a LeadSource the API
	// returned.
	NullFields []string `json:"-"`
}

// LeadSource is a customer's lead source as the API returns it.
type LeadSource struct {
	LeadSourceInput
	CreatedTime time.Time `json:"createdTime,omitzero"`
	UpdatedTime time.Time `json:"updatedTime,omitzero"`
	Links       Links     `json:"_links,omitempty"`
	// Original is the first lead source ever recorded for the customer.
	Original *LeadSource `json:"original,omitempty"`
}

// Ptr returns a pointer to v. It helps fill the optional fields of
// CustomerInput: Locale: rebilly.Ptr("fr-FR").
func Ptr[T any](v T) *T { return &v }

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
