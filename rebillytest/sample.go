package rebillytest

import (
	"crypto/sha256"
	"encoding/base32"
	"strconv"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
)

// WithSampleData seeds the fake with 25 fictional customers from a dozen
// countries, with names, emails, phones, addresses, organizations, custom
// fields, some tags, payment statistics and lead sources, created a few
// days apart in 2025. It is deterministic: the same IDs and data every
// time. The examples and the README use it.
//
// It also defines, in every organization, the customers' custom fields the
// samples use: plan (a string of up to 40 characters) and seats (an
// integer from 1 to 10000). WithCustomFields may define fields of the same
// names, which then replace these.
func WithSampleData() Option {
	return func(c *config) {
		c.seedFields = append(c.seedFields, sampleFieldDefinitions()...)
		c.seeds = append(c.seeds, seedSource{what: "WithSampleData", load: func() ([]SeedCustomer, error) {
			return sampleCustomers(), nil
		}})
	}
}

// sampleRow is one sample customer, in brief.
type sampleRow struct {
	first, last, email, phone        string
	street, city, region, postal, cc string
	org, job                         string
	plan                             string
	seats                            int
	tags                             []string
	payments                         int
	revenue                          float64
	currency                         string
	lead                             *rebilly.LeadSourceInput
}

func sampleRows() []sampleRow {
	ads := func(campaign string) *rebilly.LeadSourceInput {
		return &rebilly.LeadSourceInput{Source: "google", Medium: "cpc", Campaign: campaign, Term: "billing software", Referrer: "https://www.google.com/"}
	}
	return []sampleRow{
		{"Ada", "Lovelace", "ada.lovelace@example.com", "+44 20 7946 0011", "12 St James's Square", "London", "Greater London", "SW1Y 4JH", "GB",
			"Analytical Engines Ltd", "Founder", "enterprise", 40, []string{"vip"}, 12, 4800, "USD", ads("uk-spring")},
		{"Grace", "Hopper", "grace.hopper@example.org", "+1 703 555 0142", "1 Compiler Way", "Arlington", "Virginia", "22201", "US",
			"Navy Computing Lab", "Rear Admiral", "pro", 12, nil, 30, 1790.5, "USD", nil},
		{"Alan", "Turing", "alan.turing@example.net", "+44 161 496 0734", "Oxford Road", "Manchester", "Greater Manchester", "M13 9PL", "GB",
			"Bletchley Analytics", "Chief Scientist", "pro", 8, []string{"beta-tester"}, 5, 745, "USD", nil},
		{"Katherine", "Johnson", "katherine.johnson@example.com", "+1 757 555 0199", "3 Langley Boulevard", "Hampton", "Virginia", "23681", "US",
			"Orbital Mechanics Inc", "Mathematician", "starter", 3, nil, 2, 58, "USD", nil},
		{"José", "García", "jose.garcia@example.es", "+34 912 345 678", "Calle de Alcalá 45", "Madrid", "Comunidad de Madrid", "28014", "ES",
			"Soluciones Ibéricas SL", "CTO", "pro", 15, nil, 18, 2210, "EUR", &rebilly.LeadSourceInput{Source: "newsletter", Medium: "email", Campaign: "es-launch"}},
		{"Zoë", "Müller", "zoe.mueller@example.de", "+49 30 901820", "Unter den Linden 77", "Berlin", "Berlin", "10117", "DE",
			"Müller & Töchter GmbH", "Geschäftsführerin", "enterprise", 60, []string{"vip", "annual"}, 24, 9600, "EUR", nil},
		{"Amélie", "Dubois", "amelie.dubois@example.fr", "+33 1 42 68 53 00", "8 Rue de Rivoli", "Paris", "Île-de-France", "75004", "FR",
			"Atelier Dubois", "Directrice", "starter", 2, nil, 1, 29, "EUR", nil},
		{"Søren", "Kierkegaard", "soren.k@example.dk", "+45 33 12 34 56", "Nytorv 2", "Copenhagen", "Capital Region", "1450", "DK",
			"Either Or ApS", "Philosopher", "pro", 5, nil, 9, 660, "EUR", nil},
		{"Łukasz", "Nowak", "lukasz.nowak@example.pl", "+48 22 123 45 67", "ul. Marszałkowska 10", "Warsaw", "Masovian", "00-590", "PL",
			"Nowak Software", "Developer", "starter", 1, nil, 0, 0, "EUR", ads("pl-devs")},
		{"Aoife", "Byrne", "aoife.byrne@example.ie", "+353 1 555 0123", "14 Merrion Square", "Dublin", "Leinster", "D02 X285", "IE",
			"Byrne Design", "Designer", "pro", 4, []string{"annual"}, 11, 990, "EUR", nil},
		{"Lucas", "Silva", "lucas.silva@example.com.br", "+55 11 5555 0101", "Avenida Paulista 1000", "São Paulo", "São Paulo", "01310-100", "BR",
			"Silva Pagamentos", "CEO", "enterprise", 25, nil, 40, 15200, "USD", nil},
		{"Sofía", "Hernández", "sofia.hernandez@example.mx", "+52 55 5555 0143", "Paseo de la Reforma 222", "Mexico City", "CDMX", "06600", "MX",
			"Hernández Consultores", "Partner", "pro", 6, nil, 7, 840, "USD", &rebilly.LeadSourceInput{Affiliate: "partner-17", SubAffiliate: "mx-blog", Source: "affiliate"}},
		{"Liam", "Wilson", "liam.wilson@example.com.au", "+61 2 5550 1234", "200 George Street", "Sydney", "New South Wales", "2000", "AU",
			"Harbour Analytics Pty Ltd", "Analyst", "starter", 2, nil, 3, 87, "USD", nil},
		{"Aroha", "Ngata", "aroha.ngata@example.co.nz", "+64 4 555 0177", "1 Lambton Quay", "Wellington", "Wellington", "6011", "NZ",
			"Kiwi Ledger Ltd", "Accountant", "pro", 3, nil, 14, 1260, "USD", nil},
		{"Yuki", "Tanaka", "yuki.tanaka@example.jp", "+81 3 5555 0188", "1-1 Marunouchi", "Tokyo", "Tokyo", "100-0005", "JP",
			"Tanaka Shoji KK", "Manager", "enterprise", 80, []string{"vip"}, 36, 21600, "USD", nil},
		{"Priya", "Sharma", "priya.sharma@example.in", "+91 80 5555 0102", "MG Road 42", "Bengaluru", "Karnataka", "560001", "IN",
			"Sharma Tech Pvt Ltd", "Engineering Lead", "pro", 20, []string{"beta-tester"}, 16, 1440, "USD", ads("in-growth")},
		{"Thabo", "Mokoena", "thabo.mokoena@example.co.za", "+27 21 555 0155", "Long Street 88", "Cape Town", "Western Cape", "8001", "ZA",
			"Table Mountain Traders", "Owner", "starter", 1, nil, 4, 116, "USD", nil},
		{"Wei", "Lim", "wei.lim@example.sg", "+65 6555 0166", "10 Marina Boulevard", "Singapore", "Singapore", "018983", "SG",
			"Lim Holdings Pte Ltd", "CFO", "pro", 10, nil, 21, 2520, "USD", nil},
		{"Emma", "Tremblay", "emma.tremblay@example.ca", "+1 416 555 0123", "100 King Street West", "Toronto", "Ontario", "M5X 1A9", "CA",
			"Maple Subscriptions Inc", "Product Manager", "pro", 9, nil, 13, 1170, "USD", nil},
		{"Noah", "Gagnon", "noah.gagnon@example.ca", "+1 514 555 0134", "1000 Rue Sherbrooke", "Montreal", "Quebec", "H3A 3G4", "CA",
			"Gagnon Média", "Editor", "starter", 2, nil, 2, 58, "USD", nil},
		{"Olivia", "Smith", "olivia.smith@example.com", "+1 512 555 0110", "500 Congress Avenue", "Austin", "Texas", "78701", "US",
			"Lone Star Fitness", "Owner", "pro", 5, []string{"annual"}, 26, 2340, "USD", &rebilly.LeadSourceInput{Source: "facebook", Medium: "social", Campaign: "gyms-2025", ClickID: "fb-000123"}},
		{"Mateo", "Rossi", "mateo.rossi@example.it", "+39 06 5555 0120", "Via del Corso 120", "Rome", "Lazio", "00186", "IT",
			"Rossi Editore", "Publisher", "starter", 1, nil, 1, 29, "EUR", nil},
		{"Sanne", "de Vries", "sanne.devries@example.nl", "+31 20 555 0140", "Damrak 70", "Amsterdam", "North Holland", "1012 LM", "NL",
			"De Vries Logistiek BV", "Operations Lead", "pro", 7, nil, 10, 900, "EUR", nil},
		{"Elsa", "Lindqvist", "elsa.lindqvist@example.se", "+46 8 555 012 34", "Drottninggatan 5", "Stockholm", "Stockholm County", "111 51", "SE",
			"Nordlys AB", "Designer", "starter", 2, nil, 0, 0, "EUR", nil},
		{"Daniel", "Smith", "daniel.smith@example.org", "+1 206 555 0175", "400 Pine Street", "Seattle", "Washington", "98101", "US",
			"Rainier Coffee Co", "Buyer", "enterprise", 30, []string{"vip"}, 48, 28800, "USD", nil},
	}
}

// sampleCustomers builds the sample seeds.
func sampleCustomers() []SeedCustomer {
	enc := base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)
	start := time.Date(2025, 1, 6, 9, 15, 0, 0, time.UTC)
	rows := sampleRows()
	seeds := make([]SeedCustomer, len(rows))
	for i, row := range rows {
		sum := sha256.Sum256([]byte("rebillytest sample customer " + strconv.Itoa(i)))
		created := start.Add(time.Duration(i)*(79*time.Hour) + time.Duration(i*i)*7*time.Minute)
		c := &rebilly.Customer{
			ID:          "cus_" + enc.EncodeToString(sum[:16]),
			CreatedTime: created,
			UpdatedTime: created.Add(time.Duration(i%5) * 24 * time.Hour),
			WebsiteID:   "web_rebillytest_sample",
			PrimaryAddress: &rebilly.Contact{
				FirstName: row.first, LastName: row.last, Organization: row.org, JobTitle: row.job,
				Address: row.street, City: row.city, Region: row.region, PostalCode: row.postal, Country: row.cc,
				Emails:       []rebilly.Email{{Label: "main", Value: row.email, Primary: true}},
				PhoneNumbers: []rebilly.PhoneNumber{{Label: "main", Value: row.phone, Primary: true}},
			},
			CustomFields: map[string]any{"plan": row.plan, "seats": row.seats},
			PaymentCount: row.payments,
			InvoiceCount: row.payments,
			Revision:     1 + i%5,
		}
		if row.payments > 0 {
			last := created.Add(time.Duration(row.payments) * 24 * time.Hour)
			c.LastPaymentTime = &last
			usd := 1.0
			if row.currency == "EUR" {
				usd = 1.08
			}
			avg := row.revenue / float64(row.payments)
			c.LifetimeRevenue = &rebilly.Money{Currency: row.currency, Amount: row.revenue, AmountUSD: row.revenue * usd}
			c.AverageValue = &rebilly.Money{Currency: row.currency, Amount: avg, AmountUSD: avg * usd}
		}
		for _, name := range row.tags {
			c.Tags = append(c.Tags, rebilly.Tag{ID: "tag_" + name, Name: name, Type: "customer", CreatedTime: start, UpdatedTime: start})
		}
		if i%4 == 1 {
			c.Locale = "en-US"
		}
		seeds[i] = SeedCustomer{Customer: c, LeadSource: row.lead}
	}
	return seeds
}

// sampleFieldDefinitions are the custom fields of the sample customers.
func sampleFieldDefinitions() []CustomFieldDefinition {
	one, most := 1.0, 10000.0
	return []CustomFieldDefinition{
		{Name: "plan", Type: "string", Description: "The customer's plan.", MaxLength: 40},
		{Name: "seats", Type: "integer", Description: "How many seats the customer pays for.", Minimum: &one, Maximum: &most},
	}
}

// addSeedFields defines the custom fields of the seeding options that
// WithCustomFields does not define. A name is defined once, by the first
// option that names it.
func (c *config) addSeedFields() {
	for _, def := range c.seedFields {
		taken := false
		for _, seed := range c.customFields {
			taken = taken || (seed.resource == "customers" && seed.def.Name == def.Name)
		}
		if !taken {
			c.customFields = append(c.customFields, customFieldSeed{resource: "customers", def: seedField("customers", def)})
		}
	}
}
