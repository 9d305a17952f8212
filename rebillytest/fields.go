package rebillytest

import (
	"encoding/json"
	"strings"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
)

// The customer fields that filter and sort know about.

// valueKind is the type of a filterable field, which decides how its
// values are compared.
type valueKind int

const (
	kindText    valueKind = iota // case-insensitive strings
	kindNumber                   // float64
	kindTime                     // time.Time, filter values in RFC 3339
	kindBool                     // bool
	kindDynamic                  // custom fields: whatever JSON the customer holds
)

func (k valueKind) String() string {
	switch k {
	case kindNumber:
		return "number"
	case kindTime:
		return "date-time"
	case kindBool:
		return "boolean"
	case kindDynamic:
		return "custom"
	}
	return "text"
}

// filterField is a field the filter can name: its kind and how to read its
// values from a customer (several for fields inside arrays; none when
// unset).
type filterField struct {
	kind   valueKind
	values func(c *rebilly.Customer) []any
}

func texts(ss ...string) []any {
	var out []any
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func textField(get func(c *rebilly.Customer) string) filterField {
	return filterField{kindText, func(c *rebilly.Customer) []any { return texts(get(c)) }}
}

func contactField(get func(a *rebilly.Contact) string) filterField {
	return textField(func(c *rebilly.Customer) string {
		if c.PrimaryAddress == nil {
			return ""
		}
		return get(c.PrimaryAddress)
	})
}

func numberField(get func(c *rebilly.Customer) (float64, bool)) filterField {
	return filterField{kindNumber, func(c *rebilly.Customer) []any {
		if v, ok := get(c); ok {
			return []any{v}
		}
		return nil
	}}
}

func timeField(get func(c *rebilly.Customer) time.Time) filterField {
	return filterField{kindTime, func(c *rebilly.Customer) []any {
		if t := get(c); !t.IsZero() {
			return []any{t}
		}
		return nil
	}}
}

func moneyField(get func(c *rebilly.Customer) *rebilly.Money, part string) (filterField, bool) {
	switch part {
	case "amount":
		return numberField(func(c *rebilly.Customer) (float64, bool) {
			m := get(c)
			return valueOr(m, func(m *rebilly.Money) float64 { return m.Amount })
		}), true
	case "amountUsd":
		return numberField(func(c *rebilly.Customer) (float64, bool) {
			m := get(c)
			return valueOr(m, func(m *rebilly.Money) float64 { return m.AmountUSD })
		}), true
	case "currency":
		return textField(func(c *rebilly.Customer) string {
			if m := get(c); m != nil {
				return m.Currency
			}
			return ""
		}), true
	}
	return filterField{}, false
}

func valueOr[T any](p *T, get func(*T) float64) (float64, bool) {
	if p == nil {
		return 0, false
	}
	return get(p), true
}

// lookupFilterField returns the field a filter names.
func lookupFilterField(name string) (filterField, bool) {
	switch name {
	case "id":
		return textField(func(c *rebilly.Customer) string { return c.ID }), true
	case "email":
		return textField(func(c *rebilly.Customer) string { return c.Email }), true
	case "firstName":
		return textField(func(c *rebilly.Customer) string { return c.FirstName }), true
	case "lastName":
		return textField(func(c *rebilly.Customer) string { return c.LastName }), true
	case "websiteId":
		return textField(func(c *rebilly.Customer) string { return c.WebsiteID }), true
	case "organizationId":
		return textField(func(c *rebilly.Customer) string { return c.OrganizationID }), true
	case "locale":
		return textField(func(c *rebilly.Customer) string { return c.Locale }), true
	case "personId":
		return textField(func(c *rebilly.Customer) string { return c.PersonID }), true
	case "preferredPayoutInstrumentId":
		return textField(func(c *rebilly.Customer) string { return c.PreferredPayoutInstrumentID }), true
	case "createdTime":
		return timeField(func(c *rebilly.Customer) time.Time { return c.CreatedTime }), true
	case "updatedTime":
		return timeField(func(c *rebilly.Customer) time.Time { return c.UpdatedTime }), true
	case "lastPaymentTime":
		return timeField(func(c *rebilly.Customer) time.Time {
			if c.LastPaymentTime == nil {
				return time.Time{}
			}
			return *c.LastPaymentTime
		}), true
	case "paymentCount":
		return numberField(func(c *rebilly.Customer) (float64, bool) { return float64(c.PaymentCount), true }), true
	case "invoiceCount":
		return numberField(func(c *rebilly.Customer) (float64, bool) { return float64(c.InvoiceCount), true }), true
	case "revision":
		return numberField(func(c *rebilly.Customer) (float64, bool) { return float64(c.Revision), true }), true
	case "hasFulfilledKyc":
		return filterField{kindBool, func(c *rebilly.Customer) []any { return []any{c.HasFulfilledKYC} }}, true
	case "primaryAddress.firstName":
		return contactField(func(a *rebilly.Contact) string { return a.FirstName }), true
	case "primaryAddress.lastName":
		return contactField(func(a *rebilly.Contact) string { return a.LastName }), true
	case "primaryAddress.organization":
		return contactField(func(a *rebilly.Contact) string { return a.Organization }), true
	case "primaryAddress.address":
		return contactField(func(a *rebilly.Contact) string { return a.Address }), true
	case "primaryAddress.address2":
		return contactField(func(a *rebilly.Contact) string { return a.Address2 }), true
	case "primaryAddress.city":
		return contactField(func(a *rebilly.Contact) string { return a.City }), true
	case "primaryAddress.region":
		return contactField(func(a *rebilly.Contact) string { return a.Region }), true
	case "primaryAddress.country":
		return contactField(func(a *rebilly.Contact) string { return a.Country }), true
	case "primaryAddress.postalCode":
		return contactField(func(a *rebilly.Contact) string { return a.PostalCode }), true
	case "primaryAddress.dob":
		return contactField(func(a *rebilly.Contact) string { return a.Dob }), true
	case "primaryAddress.jobTitle":
		return contactField(func(a *rebilly.Contact) string { return a.JobTitle }), true
	case "primaryAddress.emails.value", "primaryAddress.emails.label":
		value := strings.HasSuffix(name, ".value")
		return filterField{kindText, func(c *rebilly.Customer) []any {
			var out []any
			if c.PrimaryAddress != nil {
				for _, e := range c.PrimaryAddress.Emails {
					out = append(out, texts(pick(value, e.Value, e.Label))...)
				}
			}
			return out
		}}, true
	case "primaryAddress.phoneNumbers.value", "primaryAddress.phoneNumbers.label":
		value := strings.HasSuffix(name, ".value")
		return filterField{kindText, func(c *rebilly.Customer) []any {
			var out []any
			if c.PrimaryAddress != nil {
				for _, p := range c.PrimaryAddress.PhoneNumbers {
					out = append(out, texts(pick(value, p.Value, p.Label))...)
				}
			}
			return out
		}}, true
	case "tags.name", "tags.type":
		byName := name == "tags.name"
		return filterField{kindText, func(c *rebilly.Customer) []any {
			var out []any
			for _, t := range c.Tags {
				out = append(out, texts(pick(byName, t.Name, string(t.Type)))...)
			}
			return out
		}}, true
	case "taxNumbers.value", "taxNumbers.type":
		value := name == "taxNumbers.value"
		return filterField{kindText, func(c *rebilly.Customer) []any {
			var out []any
			for _, t := range c.TaxNumbers {
				out = append(out, texts(pick(value, t.Value, t.Type))...)
			}
			return out
		}}, true
	case "notificationEmails":
		return filterField{kindText, func(c *rebilly.Customer) []any { return texts(c.NotificationEmails...) }}, true
	case "defaultPaymentInstrument.method", "defaultPaymentInstrument.paymentInstrumentId":
		method := name == "defaultPaymentInstrument.method"
		return textField(func(c *rebilly.Customer) string {
			if c.DefaultPaymentInstrument == nil {
				return ""
			}
			return pick(method, c.DefaultPaymentInstrument.Method, c.DefaultPaymentInstrument.PaymentInstrumentID)
		}), true
	}
	if obj, part, ok := strings.Cut(name, "."); ok {
		switch obj {
		case "averageValue":
			return moneyField(func(c *rebilly.Customer) *rebilly.Money { return c.AverageValue }, part)
		case "lifetimeRevenue":
			return moneyField(func(c *rebilly.Customer) *rebilly.Money { return c.LifetimeRevenue }, part)
		case "customFields":
			path := strings.Split(part, ".")
			return filterField{kindDynamic, func(c *rebilly.Customer) []any { return customValues(c.CustomFields, path) }}, true
		}
	}
	return filterField{}, false
}

func pick(first bool, a, b string) string {
	if first {
		return a
	}
	return b
}

// customValues reads a custom field by path, through nested objects; an
// array gives each of its scalar items.
func customValues(fields map[string]any, path []string) []any {
	var v any = fields
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		if v, ok = m[p]; !ok {
			return nil
		}
	}
	switch v := v.(type) {
	case []any:
		var out []any
		for _, item := range v {
			if scalar(item) {
				out = append(out, item)
			}
		}
		return out
	case nil:
		return nil
	default:
		if scalar(v) {
			return []any{v}
		}
		return nil
	}
}

func scalar(v any) bool {
	switch v.(type) {
	case string, bool, json.Number, float64, int, int64:
		return true
	}
	return false
}

// sortField compares two customers by one sortable field, ascending.
type sortField func(a, b *rebilly.Customer) int

// lookupSortField returns the comparison for a field the API marks
// x-sortable.
func lookupSortField(name string) (sortField, bool) {
	switch name {
	case "email":
		return byText(func(c *rebilly.Customer) string { return c.Email }), true
	case "lastName":
		return byText(func(c *rebilly.Customer) string { return c.LastName }), true
	case "websiteId":
		return byText(func(c *rebilly.Customer) string { return c.WebsiteID }), true
	case "createdTime":
		return func(a, b *rebilly.Customer) int { return a.CreatedTime.Compare(b.CreatedTime) }, true
	case "updatedTime":
		return func(a, b *rebilly.Customer) int { return a.UpdatedTime.Compare(b.UpdatedTime) }, true
	case "lastPaymentTime":
		return func(a, b *rebilly.Customer) int {
			return timeOrZero(a.LastPaymentTime).Compare(timeOrZero(b.LastPaymentTime))
		}, true
	case "paymentCount":
		return func(a, b *rebilly.Customer) int { return compareNum(float64(a.PaymentCount), float64(b.PaymentCount)) }, true
	case "invoiceCount":
		return func(a, b *rebilly.Customer) int { return compareNum(float64(a.InvoiceCount), float64(b.InvoiceCount)) }, true
	case "averageValue.amount":
		return byMoney(func(c *rebilly.Customer) *rebilly.Money { return c.AverageValue }, false), true
	case "averageValue.currency":
		return byMoney(func(c *rebilly.Customer) *rebilly.Money { return c.AverageValue }, true), true
	case "lifetimeRevenue.amount":
		return byMoney(func(c *rebilly.Customer) *rebilly.Money { return c.LifetimeRevenue }, false), true
	case "lifetimeRevenue.currency":
		return byMoney(func(c *rebilly.Customer) *rebilly.Money { return c.LifetimeRevenue }, true), true
	}
	return nil, false
}

// sortableFields lists the names lookupSortField knows, for messages.
const sortableFields = "email, lastName, websiteId, createdTime, updatedTime, paymentCount, lastPaymentTime, " +
	"invoiceCount, averageValue.amount, averageValue.currency, lifetimeRevenue.amount, lifetimeRevenue.currency"

func byText(get func(c *rebilly.Customer) string) sortField {
	return func(a, b *rebilly.Customer) int { return compareText(get(a), get(b)) }
}

// compareText orders ignoring case, then by the exact text.
func compareText(a, b string) int {
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func compareNum(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// byMoney sorts customers without the amount first.
func byMoney(get func(c *rebilly.Customer) *rebilly.Money, currency bool) sortField {
	return func(a, b *rebilly.Customer) int {
		ma, mb := get(a), get(b)
		switch {
		case ma == nil && mb == nil:
			return 0
		case ma == nil:
			return -1
		case mb == nil:
			return 1
		case currency:
			return compareText(ma.Currency, mb.Currency)
		}
		return compareNum(ma.Amount, mb.Amount)
	}
}
