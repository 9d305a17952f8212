package rebillytest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

const seedJSONL = `{"id":"cus_a","createdTime":"2025-05-01T10:00:00Z","updatedTime":"2025-06-01T10:00:00Z","revision":3,"primaryAddress":{"firstName":"Ada","lastName":"Lovelace","country":"GB","emails":[{"label":"main","value":"ada@example.com","primary":true}]},"tags":[{"name":"vip","type":"customer"}],"paymentCount":4,"customFields":{"plan":"gold","seats":3}}

{"id":"cus_b","createdTime":"2025-05-02T10:00:00Z","primaryAddress":{"firstName":"Grace"},"leadSource":{"source":"newsletter","campaign":"may"}}
{"primaryAddress":{"lastName":"Nobody"}}
`

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seed.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestWithSeedFile(t *testing.T) {
	clock := rebillytest.NewClock(day(9, 9))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithSeedFile(writeFile(t, seedJSONL)))
	client := srv.Client()
	ctx := context.Background()

	all := srv.Customers()
	require.Len(t, all, 3)
	a := all[0]
	assert.Equal(t, "cus_a", a.ID)
	assert.Equal(t, "ada@example.com", a.Email)
	assert.Equal(t, 3, a.Revision)
	assert.Equal(t, 4, a.PaymentCount, "read-only fields are seeded as given")
	assert.Equal(t, "vip", a.Tags[0].Name)
	assert.Equal(t, time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC), a.UpdatedTime)

	ls, _, err := client.LeadSources.Get(ctx, "cus_b")
	require.NoError(t, err)
	assert.Equal(t, "may", ls.Campaign)
	assert.Equal(t, "may", ls.Original.Campaign)
	b, _ := srv.Customer("cus_b")
	assert.Equal(t, 1, b.Revision)

	generated := all[2]
	assert.Regexp(t, customerIDPattern, generated.ID)
	assert.Equal(t, day(9, 9), generated.CreatedTime, "no createdTime: the clock's time")
	assert.Equal(t, rebillytest.DefaultOrganizationID, generated.OrganizationID)

	page, _, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Filter: "customFields.seats:3;tags.name:VIP"})
	require.NoError(t, err)
	assert.Equal(t, []string{"cus_a"}, ids(page))
}

func TestWithSeedFilePanicsNamingFileAndLine(t *testing.T) {
	path := writeFile(t, `{"id":"ok"}`+"\n"+`{"id":"bad","primaryAddress":{"country":"England"}}`+"\n")
	msg := panicMessage(t, func() { rebillytest.NewServer(rebillytest.WithSeedFile(path)) })
	assert.Contains(t, msg, path)
	assert.Contains(t, msg, "line 2")
	assert.Contains(t, msg, "primaryAddress.country")

	missing := filepath.Join(t.TempDir(), "absent.jsonl")
	msg = panicMessage(t, func() { rebillytest.NewServer(rebillytest.WithSeedFile(missing)) })
	assert.Contains(t, msg, missing)
}

func panicMessage(t *testing.T, f func()) (msg string) {
	t.Helper()
	defer func() {
		r := recover()
		require.NotNil(t, r, "expected a panic")
		msg, _ = r.(string)
	}()
	f()
	return ""
}

func TestReadSeed(t *testing.T) {
	seeds, err := rebillytest.ReadSeed(strings.NewReader(seedJSONL))
	require.NoError(t, err)
	require.Len(t, seeds, 3)
	assert.Equal(t, "cus_b", seeds[1].Customer.ID)
	assert.Equal(t, &rebilly.LeadSourceInput{Source: "newsletter", Campaign: "may"}, seeds[1].LeadSource)
	assert.Nil(t, seeds[0].LeadSource)

	for input, want := range map[string]string{
		`{"id":"a"}` + "\n" + `{"id":`:                                         "line 2: body: is not valid JSON",
		`["not","an","object"]`:                                                "line 1: body: must be a JSON object",
		`{"primaryAddress":{"postalCode":"??"}}`:                               "line 1: primaryAddress.postalCode",
		`{"id":"x"}` + "\n" + `{"id":"x"}`:                                     `line 2: customer ID "x" already on line 1`,
		`{"id":"has space"}`:                                                   "line 1: id:",
		`{"tags":[{"name":"bad/name","type":"customer"}]}`:                     "line 1: tags.0.name",
		`{"tags":[{"name":"ok","type":"label"}]}`:                              "line 1: tags.0.type",
		`{"paymentCount":"many"}`:                                              "line 1: not a customer",
		`{"leadSource":{"referrer":"nope"}}`:                                   "line 1: leadSource.referrer",
		"\n\n" + `{"primaryAddress":{"emails":[{"label":"x","value":"bad"}]}}`: "line 3: primaryAddress.emails.0.value",
	} {
		_, err := rebillytest.ReadSeed(strings.NewReader(input))
		require.Error(t, err, input)
		assert.Contains(t, err.Error(), want, input)
	}

	srv := newServer(t, rebillytest.WithSeed(seeds...))
	assert.Len(t, srv.Customers(), 3)
}

func TestWithCustomersDefaultsAndCopies(t *testing.T) {
	clock := rebillytest.NewClock(day(4, 4))
	seed := &rebilly.Customer{PrimaryAddress: contact("Ada", "Lovelace", "ada@example.com"), CustomFields: map[string]any{"n": 1}}
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithCustomers(seed))
	seed.PrimaryAddress.FirstName = "Changed"
	seed.CustomFields["n"] = 2

	all := srv.Customers()
	require.Len(t, all, 1)
	c := all[0]
	assert.Regexp(t, customerIDPattern, c.ID)
	assert.Equal(t, day(4, 4), c.CreatedTime)
	assert.Equal(t, day(4, 4), c.UpdatedTime)
	assert.Equal(t, 1, c.Revision)
	assert.Equal(t, "Ada", c.FirstName, "the seed was copied")
	assert.Equal(t, "ada@example.com", c.Email, "derived from the primary address")
	assert.Equal(t, "1", toString(c.CustomFields["n"]))

	// Snapshots are copies too.
	c.PrimaryAddress.City = "Paris"
	again, _ := srv.Customer(c.ID)
	assert.Empty(t, again.PrimaryAddress.City)
}

func TestBadSeedsPanic(t *testing.T) {
	for name, opts := range map[string][]rebillytest.Option{
		"duplicate ID":     {rebillytest.WithCustomers(&rebilly.Customer{ID: "x"}), rebillytest.WithCustomers(&rebilly.Customer{ID: "x"})},
		"bad content":      {rebillytest.WithCustomers(&rebilly.Customer{ID: "x", PrimaryAddress: &rebilly.Contact{Country: "gb"}})},
		"unknown customer": {rebillytest.WithLeadSource("ghost", &rebilly.LeadSourceInput{Source: "x"})},
		"bad lead source":  {rebillytest.WithCustomers(&rebilly.Customer{ID: "x"}), rebillytest.WithLeadSource("x", &rebilly.LeadSourceInput{Referrer: "nope"})},
		"nil customer":     {rebillytest.WithCustomers(nil)},
	} {
		msg := panicMessage(t, func() { rebillytest.NewServer(opts...) })
		assert.True(t, strings.HasPrefix(msg, "rebillytest: "), "%s: %q", name, msg)
	}
}

func TestWithSampleData(t *testing.T) {
	srv := newServer(t, rebillytest.WithSampleData())
	all := srv.Customers()
	require.Len(t, all, 25)

	countries := map[string]bool{}
	times := map[time.Time]bool{}
	leads := 0
	for _, c := range all {
		require.NotNil(t, c.PrimaryAddress)
		a := c.PrimaryAddress
		for _, v := range []string{c.Email, a.FirstName, a.LastName, a.Address, a.City, a.Region, a.PostalCode, a.Country, a.Organization} {
			assert.NotEmpty(t, v, c.ID)
		}
		assert.NotEmpty(t, a.PhoneNumbers, c.ID)
		assert.NotEmpty(t, c.CustomFields["plan"], c.ID)
		countries[a.Country] = true
		times[c.CreatedTime] = true
		if _, ok := srv.LeadSource(c.ID); ok {
			leads++
		}
	}
	assert.GreaterOrEqual(t, len(countries), 10)
	assert.Len(t, times, 25, "distinct createdTimes")
	assert.GreaterOrEqual(t, leads, 3)

	other := newServer(t, rebillytest.WithSampleData())
	assert.Equal(t, ids(all), ids(other.Customers()), "deterministic")

	page, _, err := srv.Client().Customers.List(context.Background(), &rebilly.CustomerListParams{Filter: "primaryAddress.country:GB"})
	require.NoError(t, err)
	assert.Len(t, page, 2)
}
