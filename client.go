// Package rebilly is a client for Rebilly's Customers API: list, search,
// create, upsert and merge customers, manage their lead sources, timelines
// and tags, define their custom fields, and read their credit balances and
// lifetime metrics. Client.Do reaches the endpoints the SDK does not wrap.
//
// Create a client with NewClient and call the services it holds:
//
//	client, err := rebilly.NewClient(rebilly.WithAPIKey(key), rebilly.WithSandbox())
//	customer, _, err := client.Customers.Get(ctx, "cus_123", nil)
//
// Every call retries what is safe to retry (see NewClient), returns the
// decoded value, a *Response with the HTTP response and its pagination and
// rate-limit headers, and an error.
//
// A call fails in one of three ways:
//   - The API answered with an error status: an *Error, with the status,
//     the problem document and every attempt. It matches ErrNotFound,
//     ErrValidation and the other status sentinels with errors.Is.
//   - No usable answer came: a *RequestError. The connection failed on
//     every attempt, the context ended, a success body was cut off or too
//     large (ErrTooLarge), the client's rate limit would have waited too
//     long (ErrRateLimited), or a success answer was not one the operation
//     declares (ErrUnexpectedResponse, with an *UnexpectedResponseError
//     holding the status and the body's first bytes).
//   - The SDK refused the input before sending anything: the error matches
//     ErrInvalidInput, and errors.As gives an *InputError whose Field names
//     the parameter or field of the call at fault. (Filter.Build, which
//     sends nothing, names the filter fields in its message.)
//
// The *Response is nil exactly when nothing was sent or no answer came;
// see Response.
package rebilly

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Version is the version of this SDK, sent in the User-Agent header.
const Version = "0.1.0"

// The API's hosts.
const (
	LiveURL    = "https://api.rebilly.com"
	SandboxURL = "https://api-sandbox.rebilly.com"
)

// Client talks to the Rebilly API. It is safe for concurrent use by many
// goroutines; create one and share it.
type Client struct {
	// Customers lists, gets, creates, upserts and merges customers.
	Customers *CustomersService
	// LeadSources reads, sets and deletes customers' lead sources.
	LeadSources *LeadSourceService
	// CustomerTimeline reads and writes customers' timelines: comments,
	// custom events and the registry of custom event types.
	CustomerTimeline *CustomerTimelineService
	// Tags manages tags and puts them on customers.
	Tags *TagsService
	// CustomFields manages the definitions of custom fields.
	CustomFields *CustomFieldsService

	base       baseURL
	credential *credential // sent with every request (auth.go)
	// attemptTimers bounds each attempt (timeout.go) by DefaultTimeout with
	// the SDK's own HTTP client; nil with WithHTTPClient's, whose Timeout
	// applies instead.
	attemptTimers    *attemptTimers
	httpClient       *http.Client
	maxRetries       int
	retryWaitMin     time.Duration
	retryWaitMax     time.Duration
	maxResponseBytes int64
	userAgent        string // the User-Agent header's value
	logger           *slog.Logger
	clock            Clock
	limiter          *writeLimiter         // paces writes by the API's rate limit
	retry            *retryablehttp.Client // runs each call's attempts
}

// Clock tells the time and waits between retries. The real clock is used
// unless WithClock gives another; rebillytest.Clock makes retries in tests
// instant.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx is done, in which case it returns
	// ctx.Err().
	Sleep(ctx context.Context, d time.Duration) error
}

// Option configures a Client in NewClient.
type Option func(*settings) error

type settings struct {
	apiKey, jwt      string
	baseURL          string
	sandbox          bool
	organization     string
	httpClient       *http.Client
	maxRetries       int
	retryWaitMin     time.Duration
	retryWaitMax     time.Duration
	maxResponseBytes int64
	userAgent        string
	logger           *slog.Logger
	clock            Clock
}

// WithAPIKey authenticates with a secret API key, sent in the REB-APIKEY
// header.
func WithAPIKey(key string) Option {
	return func(s *settings) error {
		if err := checkSecret("API key", key); err != nil {
			return err
		}
		s.apiKey = key
		return nil
	}
}

// WithJWT authenticates with a JSON Web Token, sent as
// "Authorization: Bearer <token>".
func WithJWT(token string) Option {
	return func(s *settings) error {
		if err := checkSecret("JWT", token); err != nil {
			return err
		}
		s.jwt = token
		return nil
	}
}

// WithSandbox sends requests to the sandbox host instead of the live one.
func WithSandbox() Option {
	return func(s *settings) error {
		s.sandbox = true
		return nil
	}
}

// WithBaseURL sends requests to rawURL instead of the live host: a proxy, a
// test server or rebillytest. A path in rawURL is kept in front of every
// request path.
func WithBaseURL(rawURL string) Option {
	return func(s *settings) error {
		u, err := url.Parse(rawURL)
		if err != nil {
			return fmt.Errorf("rebilly: WithBaseURL: %w", err)
		}
		switch {
		case u.Scheme != "http" && u.Scheme != "https":
			return fmt.Errorf("rebilly: WithBaseURL(%q): the scheme must be http or https", rawURL)
		case u.Host == "":
			return fmt.Errorf("rebilly: WithBaseURL(%q): no host", rawURL)
		case u.User != nil:
			return errors.New("rebilly: WithBaseURL: the URL must not carry a user name or password; use WithAPIKey or WithJWT")
		case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
			return fmt.Errorf("rebilly: WithBaseURL(%q): the URL must not have a query or fragment", rawURL)
		}
		s.baseURL = strings.TrimSuffix(u.String(), "/")
		return nil
	}
}

// WithOrganization puts /organizations/{id} in front of every request path,
// to act on that organization.
func WithOrganization(id string) Option {
	return func(s *settings) error {
		if err := checkID("organization ID", id); err != nil {
			return err
		}
		s.organization = id
		return nil
	}
}

// WithHTTPClient sends requests through hc instead of a client of the SDK's
// own. The SDK uses a copy of hc and never changes hc itself. Each request
// carries the credential, so hc's transport sees it; hc's CheckRedirect
// does not: it is shown redirects and the requests before them without the
// credential, and a redirect it follows carries the credential only to the
// API's origin. hc's Timeout applies to each attempt.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error {
		if hc == nil {
			return errors.New("rebilly: WithHTTPClient: nil *http.Client")
		}
		s.httpClient = hc
		return nil
	}
}

// WithMaxRetries sets how many times a failed request may be retried after
// its first attempt. Zero turns retries off.
func WithMaxRetries(n int) Option {
	return func(s *settings) error {
		if n < 0 {
			return fmt.Errorf("rebilly: WithMaxRetries(%d): the number of retries must not be negative", n)
		}
		s.maxRetries = n
		return nil
	}
}

// WithRetryWait sets the shortest backoff between attempts and the longest
// single wait. Without a server's hint, the wait before retry n is
// min×2^(n-1) plus up to half of that again at random, and never more
// than max: the first retry waits between min and 1.5×min. A server that
// asks for a wait longer than max is not retried: its error is returned at once, with
// the time to retry in Error.RetryAfter.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(s *settings) error {
		if minWait < 0 || maxWait < minWait {
			return fmt.Errorf("rebilly: WithRetryWait(%v, %v): need 0 <= min <= max", minWait, maxWait)
		}
		s.retryWaitMin, s.retryWaitMax = minWait, maxWait
		return nil
	}
}

// WithMaxResponseBytes bounds how much of a response body the SDK reads.
// A larger body fails the call with an error matching ErrTooLarge.
func WithMaxResponseBytes(n int64) Option {
	return func(s *settings) error {
		if n <= 0 {
			return fmt.Errorf("rebilly: WithMaxResponseBytes(%d): the bound must be positive", n)
		}
		s.maxResponseBytes = n
		return nil
	}
}

// WithLogger sends the SDK's log records (one per attempt at Debug level,
// one per retry at Warn level) to l. Without it the SDK logs nothing.
// Records never hold credentials, query strings or bodies.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error {
		if l == nil {
			return errors.New("rebilly: WithLogger: nil *slog.Logger")
		}
		s.logger = l
		return nil
	}
}

// WithUserAgent puts ua (your application's name and version) in front of
// the SDK's own User-Agent.
func WithUserAgent(ua string) Option {
	return func(s *settings) error {
		if ua == "" || strings.ContainsAny(ua, "\r\n") {
			return fmt.Errorf("rebilly: WithUserAgent(%q): must be non-empty and on one line", ua)
		}
		s.userAgent = ua
		return nil
	}
}

// WithClock replaces the real clock, which times retry waits and reads the
// API's rate-limit reset times. Tests use rebillytest.Clock.
func WithClock(c Clock) Option {
	return func(s *settings) error {
		if c == nil {
			return errors.New("rebilly: WithClock: nil Clock")
		}
		s.clock = c
		return nil
	}
}

// NewClient returns a client for the live API, changed by opts. It needs
// WithAPIKey or WithJWT.
//
// Retries: connection failures, 429 and 5xx answers (but 501) are retried up
// to DefaultMaxRetries times with exponential backoff and jitter (see
// WithRetryWait), honouring the API's X-RateLimit-Retry-After and the
// standard Retry-After headers. GET, PUT and DELETE are retried; POST and
// PATCH only when the server certainly did not act on them (a 429, or a
// connection that could not be opened), except the POSTs that are
// idempotent in effect (tagging customers), whose docs say so. A success
// answer the SDK cannot use is never retried (see UnexpectedResponseError).
// When a retry follows an attempt whose answer was lost, the Response says
// so (see Response.AfterLostAnswer).
//
// Rate limit: the API limits writes (every method but GET), and the client
// paces them, across all the goroutines that share it, by the
// X-RateLimit-Limit and X-RateLimit-Remaining headers of the answers. When
// the writes in flight would use up what remains of the window, further
// writes wait for an answer that frees room; after a 429 they all wait
// until the window ends, instead of each being refused in turn. Waits are
// on the client's Clock and end with the context. A write that would have
// to wait longer than the longest retry wait (see WithRetryWait) fails at
// once with an error matching ErrRateLimited. Until the API has sent these
// headers, writes are not paced.
//
// Credentials are only sent to the configured host, and over plain http only
// to a loopback host.
func NewClient(opts ...Option) (*Client, error) {
	s := settings{
		maxRetries:       DefaultMaxRetries,
		retryWaitMin:     DefaultRetryWaitMin,
		retryWaitMax:     DefaultRetryWaitMax,
		maxResponseBytes: DefaultMaxResponseBytes,
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("rebilly: NewClient: nil Option")
		}
		if err := opt(&s); err != nil {
			return nil, err
		}
	}
	if s.apiKey == "" && s.jwt == "" {
		return nil, errors.New("rebilly: NewClient: no credentials: use WithAPIKey or WithJWT")
	}
	if s.apiKey != "" && s.jwt != "" {
		return nil, errors.New("rebilly: NewClient: both WithAPIKey and WithJWT given: use one")
	}
	if s.sandbox && s.baseURL != "" {
		return nil, errors.New("rebilly: NewClient: both WithSandbox and WithBaseURL given: use one")
	}
	base := LiveURL
	switch {
	case s.sandbox:
		base = SandboxURL
	case s.baseURL != "":
		base = s.baseURL
	}
	u, _ := url.Parse(base) // checked by WithBaseURL, or a constant
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("rebilly: NewClient: refusing to send credentials over plain http to %s; use https (plain http is allowed only to loopback hosts)", u.Host)
	}
	if s.organization != "" {
		base += "/organizations/" + s.organization
	}

	parsedBase, err := newBaseURL(base)
	if err != nil {
		return nil, fmt.Errorf("rebilly: NewClient: %w", err)
	}
	c := &Client{
		base:             parsedBase,
		credential:       newCredential(s.apiKey, s.jwt),
		maxRetries:       s.maxRetries,
		retryWaitMin:     s.retryWaitMin,
		retryWaitMax:     s.retryWaitMax,
		maxResponseBytes: s.maxResponseBytes,
		userAgent:        "rebilly-go/" + Version,
		logger:           s.logger,
		clock:            s.clock,
	}
	if s.userAgent != "" {
		c.userAgent = s.userAgent + " " + c.userAgent
	}
	if c.logger == nil {
		c.logger = slog.New(discardHandler{})
	}
	if c.clock == nil {
		c.clock = realClock{}
	}
	c.httpClient = sdkHTTPClient(s.httpClient, c.base, c.credential)
	if s.httpClient == nil {
		c.setAttemptTimeout(DefaultTimeout)
	}
	c.limiter = newWriteLimiter(c.clock, c.retryWaitMax)
	c.retry = newRetryClient(c)
	c.Customers = &CustomersService{client: c}
	c.LeadSources = &LeadSourceService{client: c}
	c.CustomerTimeline = &CustomerTimelineService{client: c}
	c.Tags = &TagsService{client: c}
	c.CustomFields = &CustomFieldsService{client: c}
	return c, nil
}

// newDefaultHTTPClient keeps enough idle connections for many concurrent
// callers: the standard library keeps only 2 per host. It has no Timeout:
// each call bounds each of its attempts by DefaultTimeout (timeout.go), at
// less cost per call than http.Client's Timeout.
func newDefaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = maxIdleConns
	t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	return &http.Client{Transport: t}
}

func checkSecret(what, v string) error {
	if v == "" {
		return fmt.Errorf("rebilly: empty %s", what)
	}
	for i := 0; i < len(v); i++ {
		if b := v[i]; b < 0x21 || b > 0x7e {
			// Never echo the secret itself.
			return fmt.Errorf("rebilly: the %s has a character that cannot be sent in a header (position %d)", what, i)
		}
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }
