package rebillytest

import (
	"fmt"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
)

// DefaultAPIKey is the REB-APIKEY value the fake accepts unless WithAPIKeys
// says otherwise.
const DefaultAPIKey = "sk_test_rebillytest"

// DefaultOrganizationID is the organizationId of customers created through
// the bare /customers paths, which name no organization.
const DefaultOrganizationID = "org_rebillytest"

// DefaultRequestLogSize is how many requests the request log keeps unless
// WithRequestLogSize says otherwise; older entries are dropped.
const DefaultRequestLogSize = 10000

// DefaultRateLimit and DefaultRateLimitWindow are the rate limit of every
// organization unless WithRateLimit says otherwise: generous enough that
// no test meets it, so that write answers carry X-RateLimit-Limit and
// X-RateLimit-Remaining, as the API's do, without getting in the way.
const (
	DefaultRateLimit       = 1_000_000
	DefaultRateLimitWindow = 10 * time.Minute
)

// Option configures the fake in NewServer and NewHandler.
type Option func(*config)

// config is what the options collect. Seeds are applied in NewHandler.
type config struct {
	apiKeys     []string
	jwts        []string
	seeds       []seedSource
	leadSources []leadSourceSeed
	clock       *Clock
	rateLimit   int
	rateWindow  time.Duration
	faults      []Fault
	logSize     int
	instruments []PaymentInstrument
	// asyncDelay delays the asynchronous operations; 0 applies them at once.
	asyncDelay   time.Duration
	customFields []customFieldSeed
	// seedFields are the customers custom fields that the seeding options
	// (WithSampleData, WithGeneratedCustomers) define for their customers.
	seedFields []CustomFieldDefinition
	balances   []balanceSeed
	metrics    []metricsSeed
	eventTypes []CustomEventTypeSeed
	comments   []commentSeed
}

// seedSource is one option's worth of customers, read when the handler is
// built so that bad input panics there with the option's name.
type seedSource struct {
	what string // for messages, such as "WithCustomers" or a file name
	load func() ([]SeedCustomer, error)
}

type leadSourceSeed struct {
	customerID string
	ls         rebilly.LeadSourceInput
}

func newConfig(opts []Option) *config {
	cfg := &config{apiKeys: []string{DefaultAPIKey}, logSize: DefaultRequestLogSize,
		rateLimit: DefaultRateLimit, rateWindow: DefaultRateLimitWindow}
	for _, opt := range opts {
		if opt == nil {
			panic("rebillytest: nil Option")
		}
		opt(cfg)
	}
	cfg.addSeedFields()
	return cfg
}

// WithAPIKeys sets the REB-APIKEY values the fake accepts, replacing
// DefaultAPIKey. With no keys, only JWTs (see WithJWTs) are accepted.
func WithAPIKeys(keys ...string) Option {
	keys = append([]string(nil), keys...)
	return func(c *config) { c.apiKeys = keys }
}

// WithJWTs sets the tokens the fake accepts in "Authorization: Bearer
// <token>". None are accepted by default.
func WithJWTs(tokens ...string) Option {
	tokens = append([]string(nil), tokens...)
	return func(c *config) { c.jwts = tokens }
}

// WithCustomers seeds the fake with customers, stored as given (read-only
// fields such as Tags, PaymentCount or AverageValue included), each in its
// OrganizationID (DefaultOrganizationID when empty), with its times cut to
// whole seconds. A customer without an ID gets a generated one; without
// CreatedTime or UpdatedTime, the clock's time; with a Revision below 1,
// revision 1. A customer's DefaultPaymentInstrument becomes an instrument
// its organization knows (see PaymentInstrument). The customers are
// copied, so changing them afterwards does not change the fake. NewServer
// panics on a duplicate ID or on content the API would refuse, naming the
// customer and field.
func WithCustomers(cs ...*rebilly.Customer) Option {
	seeds := make([]SeedCustomer, 0, len(cs))
	for _, c := range cs {
		seeds = append(seeds, SeedCustomer{Customer: c})
	}
	return func(c *config) {
		c.seeds = append(c.seeds, seedSource{what: "WithCustomers", load: func() ([]SeedCustomer, error) { return seeds, nil }})
	}
}

// WithSeed seeds the fake with customers and their lead sources, as read by
// ReadSeed. It behaves like WithCustomers.
func WithSeed(seeds ...SeedCustomer) Option {
	seeds = append([]SeedCustomer(nil), seeds...)
	return func(c *config) {
		c.seeds = append(c.seeds, seedSource{what: "WithSeed", load: func() ([]SeedCustomer, error) { return seeds, nil }})
	}
}

// WithLeadSource sets the lead source of a seeded customer, as if it had
// been set through the API when the fake started; it also becomes the
// customer's original lead source. The customer is looked for in
// DefaultOrganizationID first, then in the other organizations. NewServer
// panics when no customer has that ID.
func WithLeadSource(customerID string, ls *rebilly.LeadSourceInput) Option {
	if ls == nil {
		panic(fmt.Sprintf("rebillytest: WithLeadSource(%q): nil lead source", customerID))
	}
	seed := leadSourceSeed{customerID: customerID, ls: *ls}
	return func(c *config) { c.leadSources = append(c.leadSources, seed) }
}

// WithClock makes the fake read the time from clk: createdTime and
// updatedTime, and rate-limit windows. Server.Client passes the same clock
// to the client, so that its retry waits move the fake's time too.
func WithClock(clk *Clock) Option {
	if clk == nil {
		panic("rebillytest: WithClock: nil *Clock")
	}
	return func(c *config) { c.clock = clk }
}

// WithRateLimit limits the requests other than GET to limit per window of
// the fake's clock, for each organization, as the sandbox does (3000 per
// 10 minutes); without it the limit is DefaultRateLimit per
// DefaultRateLimitWindow. Every such answer carries X-RateLimit-Limit and
// X-RateLimit-Remaining; a request over the limit gets 429 with
// X-RateLimit-Retry-After, the Unix time (in seconds, rounded up) at which
// the window resets. A window starts with the first request counted after
// the previous one ended.
func WithRateLimit(limit int, window time.Duration) Option {
	if limit < 1 || window <= 0 {
		panic(fmt.Sprintf("rebillytest: WithRateLimit(%d, %v): need a positive limit and window", limit, window))
	}
	return func(c *config) { c.rateLimit, c.rateWindow = limit, window }
}

// WithFault adds a fault, as Server.AddFault does, from the start.
func WithFault(f Fault) Option {
	if err := f.check(); err != nil {
		panic("rebillytest: WithFault: " + err.Error())
	}
	return func(c *config) { c.faults = append(c.faults, f) }
}

// WithRequestLogSize sets how many of the latest requests the request log
// keeps (DefaultRequestLogSize by default). Zero turns the log off, which
// saves copying every body in benchmarks; Requests then returns nothing.
func WithRequestLogSize(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("rebillytest: WithRequestLogSize(%d): must not be negative", n))
	}
	return func(c *config) { c.logSize = n }
}
