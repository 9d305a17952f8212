package rebillytest

import (
	"fmt"
	"strconv"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
)

// WithGeneratedCustomers seeds the fake with n customers made up from the
// sample data (see WithSampleData), for load tests and benchmarks: every
// field the API returns is filled, about 2.4 KB of JSON each. They are
// deterministic: customer i (from 0) has the ID GeneratedID(i) and the
// createdTime GeneratedCreatedTime(i). Their createdTimes cluster as bulk
// imports make them against the real API: many customers share each
// second, and some seconds hold more than a page of 100 (up to 300, few
// enough that rebilly's All crosses them by offset at any page size). Each
// seeded customer's default payment instrument is known to the fake. No
// lead sources are set. It panics when n is negative.
//
// It also defines, in every organization, the customers' custom fields
// the generated customers carry, so that a generated customer can be read,
// changed and written back: those of WithSampleData (plan and seats),
// externalId, crmId, segment, accountManager and notes (strings), score (a
// number), marketingOptIn (a boolean), contractValue (an amount of money)
// and renewsOn (a date). WithCustomFields may define fields of the same
// names, which then replace these.
func WithGeneratedCustomers(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("rebillytest: WithGeneratedCustomers(%d): must not be negative", n))
	}
	return func(c *config) {
		c.seedFields = append(c.seedFields, generatedFieldDefinitions()...)
		c.seeds = append(c.seeds, seedSource{what: "WithGeneratedCustomers", load: func() ([]SeedCustomer, error) {
			rows := sampleRows()
			seeds := make([]SeedCustomer, n)
			for i := range seeds {
				seeds[i] = SeedCustomer{Customer: generatedCustomer(i, rows[i%len(rows)])}
			}
			return seeds, nil
		}})
	}
}

// generatedFieldDefinitions are the custom fields of the generated
// customers.
func generatedFieldDefinitions() []CustomFieldDefinition {
	return append(sampleFieldDefinitions(),
		CustomFieldDefinition{Name: "externalId", Type: "string", Description: "The customer's ID in the legacy system."},
		CustomFieldDefinition{Name: "score", Type: "number", Description: "A health score."},
		CustomFieldDefinition{Name: "crmId", Type: "string", Description: "The customer's ID in the CRM."},
		CustomFieldDefinition{Name: "segment", Type: "string", Description: "The country and plan."},
		CustomFieldDefinition{Name: "marketingOptIn", Type: "boolean", Description: "Whether the customer accepts marketing."},
		CustomFieldDefinition{Name: "accountManager", Type: "string", Description: "The account manager's email."},
		CustomFieldDefinition{Name: "contractValue", Type: "monetary", Description: "The yearly value of the contract."},
		CustomFieldDefinition{Name: "renewsOn", Type: "date", Description: "When the contract renews."},
		CustomFieldDefinition{Name: "notes", Type: "string", Description: "Notes from the import.", MaxLength: 1000},
	)
}

// GeneratedID is the ID of customer i of WithGeneratedCustomers.
func GeneratedID(i int) string {
	return fmt.Sprintf("cus_gen%010d", i)
}

// generatedGroups returns the sizes of the groups of customers that share
// one createdTime in WithGeneratedCustomers: a cycle of 20 seconds and
// generatedCycle customers, repeated from 2024-01-01T00:00:00Z on.
func generatedGroups() [20]int {
	return [20]int{1, 3, 12, 1, 40, 7, 2, 150, 25, 5, 1, 60, 9, 2, 300, 18, 4, 1, 33, 120}
}

// generatedCycle is the number of customers in one cycle of
// generatedGroups.
const generatedCycle = 794

// GeneratedCreatedTime is the createdTime of customer i of
// WithGeneratedCustomers: customers 0 at 2024-01-01T00:00:00Z, 1 to 3 a
// second later, 4 to 15 a second after that, and so on through groups of
// 1 to 300 customers a second.
func GeneratedCreatedTime(i int) time.Time {
	groups := generatedGroups()
	second := i / generatedCycle * len(groups)
	rest := i % generatedCycle
	for _, size := range groups {
		if rest < size {
			break
		}
		rest -= size
		second++
	}
	return time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(second) * time.Second)
}

func generatedCustomer(i int, row sampleRow) *rebilly.Customer {
	n := strconv.Itoa(i)
	created := GeneratedCreatedTime(i)
	email := "c" + n + "." + row.email
	c := &rebilly.Customer{
		ID:          GeneratedID(i),
		CreatedTime: created,
		UpdatedTime: created.Add(time.Duration(i%97) * time.Hour),
		WebsiteID:   "web_rebillytest_generated",
		PrimaryAddress: &rebilly.Contact{
			FirstName: row.first, LastName: row.last, Organization: row.org, JobTitle: row.job,
			Address: row.street, Address2: "Unit " + n, City: row.city, Region: row.region,
			PostalCode: row.postal, Country: row.cc, Dob: "1980-0" + strconv.Itoa(1+i%9) + "-1" + strconv.Itoa(i%10),
			Emails: []rebilly.Email{
				{Label: "main", Value: email, Primary: true},
				{Label: "billing", Value: "billing." + email},
			},
			PhoneNumbers: []rebilly.PhoneNumber{
				{Label: "main", Value: row.phone, Primary: true},
				{Label: "mobile", Value: row.phone + " " + strconv.Itoa(i%100)},
			},
		},
		CustomFields: map[string]any{
			"plan": row.plan, "seats": row.seats, "externalId": "ext-" + n, "score": float64(i%1000) / 10,
			"crmId": "crm-" + strconv.Itoa(i*7919%1000003), "segment": row.cc + "-" + row.plan,
			"marketingOptIn": i%3 != 0, "accountManager": "manager" + strconv.Itoa(i%40) + "@example.com",
			"contractValue": map[string]any{"currency": row.currency, "amount": float64(row.seats*(1200-10*(i%20))) / 10},
			"renewsOn":      created.AddDate(1, 0, 0).Format(time.DateOnly),
			"notes":         "Imported from the legacy billing system; verified by " + row.first + " " + row.last + ".",
		},
		Company: &rebilly.Company{
			Name: row.org, Domain: "example.com", Industry: "Software", Country: row.cc, Locality: row.city,
			YearFounded: rebilly.Ptr(float64(1950 + i%70)), EmployeesCount: rebilly.Ptr(float64(10 + i%5000)),
		},
		PaymentCount: row.payments,
		InvoiceCount: row.payments + i%3,
		Revision:     1 + i%7,
		Locale:       "en-US",
		TaxNumbers:   []rebilly.TaxNumber{{Type: "other", Value: "TX" + n, IsDefault: true}},
		NotificationEmails: []string{
			"ops." + email,
		},
	}
	if row.payments > 0 {
		last := created.Add(time.Duration(row.payments) * 24 * time.Hour)
		c.LastPaymentTime = &last
		avg := row.revenue / float64(row.payments)
		c.LifetimeRevenue = &rebilly.Money{Currency: row.currency, Amount: row.revenue, AmountUSD: row.revenue * 1.08}
		c.AverageValue = &rebilly.Money{Currency: row.currency, Amount: avg, AmountUSD: avg * 1.08}
	}
	for _, name := range append([]string{"imported", row.plan}, row.tags...) {
		c.Tags = append(c.Tags, rebilly.Tag{ID: "tag_" + name, Name: name, Type: "customer", CreatedTime: GeneratedCreatedTime(0), UpdatedTime: GeneratedCreatedTime(0),
			Links: []rebilly.Link{{Href: "https://api.rebilly.com/tags/tag_" + name, Rel: "self"}}})
	}
	c.DefaultPaymentInstrument = &rebilly.PaymentInstrumentRef{Method: "payment-card", PaymentInstrumentID: "inst_gen" + n}
	return c
}
