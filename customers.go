package rebilly

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-querystring/query"
)

// CustomersService calls the API's customer operations. Get it from
// Client.Customers.
type CustomersService struct {
	client *Client
}

// CustomerListParams selects and shapes the customers List and All return.
// Zero values are left out of the request.
type CustomerListParams struct {
	// Limit is the page size, 0 to 1000; the API's default is 100.
	Limit int `url:"limit,omitempty"`
	// Offset is the position of the first customer to return, 0 to 1000:
	// the API refuses larger offsets. All pages past it by itself.
	Offset int `url:"offset,omitempty"`
	// Filter selects customers with the API's filter language; build it with
	// Filter or write it by hand, as in "primaryAddress.city:Austin".
	Filter string `url:"filter,omitempty"`
	// Q matches customers whose text fields contain it, ignoring case.
	Q string `url:"q,omitempty"`
	// Sort lists fields to sort by, a leading '-' meaning descending; see
	// Asc and Desc.
	Sort []string `url:"sort,omitempty,comma"`
	// Expand names related objects to embed in Customer.Embedded, such as
	// "leadSource".
	Expand []string `url:"expand,omitempty,comma"`
	// Fields limits the fields returned; the ID is always returned.
	Fields []string `url:"fields,omitempty,comma"`
}

// CustomerGetParams shapes the customer Get returns.
type CustomerGetParams struct {
	// Expand names related objects to embed in Customer.Embedded.
	Expand []string `url:"expand,omitempty,comma"`
	// Fields limits the fields returned; the ID is always returned.
	Fields []string `url:"fields,omitempty,comma"`
}

func (p *CustomerListParams) check() error {
	if p.Limit < 0 || p.Limit > MaxLimit {
		return inputError("params.Limit", fmt.Errorf("%w: Limit %d is outside 0..%d", ErrInvalidInput, p.Limit, MaxLimit))
	}
	if p.Offset < 0 || p.Offset > MaxOffset {
		return inputError("params.Offset", fmt.Errorf("%w: Offset %d is outside 0..%d (All pages past %d by itself)", ErrInvalidInput, p.Offset, MaxOffset, MaxOffset))
	}
	return checkLists(map[string][]string{"Sort": p.Sort, "Expand": p.Expand, "Fields": p.Fields})
}

func (p *CustomerGetParams) check() error {
	return checkLists(map[string][]string{"Expand": p.Expand, "Fields": p.Fields})
}

// checkLists refuses list items that would not survive comma-joining.
func checkLists(lists map[string][]string) error {
	for name, items := range lists {
		for _, item := range items {
			if item == "" || strings.Contains(item, ",") {
				return inputError("params."+name, fmt.Errorf("%w: %s item %q must be non-empty and contain no ','", ErrInvalidInput, name, item))
			}
		}
	}
	return nil
}

// encodeQuery checks params (when not nil) and encodes them. The lists
// (Sort, Expand, Fields) are sent as the definition styles them (form, not
// exploded): one parameter whose items are joined by literal commas, as in
// sort=-createdTime,lastName; each item is escaped on its own.
func encodeQuery(params interface{ check() error }) (string, error) {
	if err := params.check(); err != nil {
		return "", err
	}
	v, err := query.Values(params)
	if err != nil {
		return "", fmt.Errorf("rebilly: encoding query: %w", err)
	}
	pairs := strings.Split(v.Encode(), "&")
	for i, pair := range pairs {
		key, _, _ := strings.Cut(pair, "=")
		if commaList(key) {
			// check refused items with a ',' of their own, so every %2C
			// is a separator (an item's own '%' is escaped as %25).
			pairs[i] = strings.ReplaceAll(pair, "%2C", ",")
		}
	}
	return strings.Join(pairs, "&"), nil
}

// commaList reports whether the query parameter key is a list sent with
// literal commas.
func commaList(key string) bool {
	switch key {
	case "sort", "expand", "fields":
		return true
	}
	return false
}

// List returns one page of customers. The Response's Pagination tells how
// many match in all. Use All to walk every page.
//
// The *Response is nil when params are refused (ErrInvalidInput) or no
// answer came; whenever an answer came it is set, with an error too.
func (s *CustomersService) List(ctx context.Context, params *CustomerListParams) ([]*Customer, *Response, error) {
	if params == nil {
		params = &CustomerListParams{}
	}
	q, err := encodeQuery(params)
	if err != nil {
		return nil, nil, err
	}
	var page []*Customer
	resp, err := s.client.do(ctx, http.MethodGet, "/customers", q, nil, &page, declare(http.StatusOK))
	if err != nil {
		return nil, resp, err
	}
	return page, resp, nil
}

// Get returns the customer with the given ID. A customer that does not
// exist gives an error matching ErrNotFound.
//
// The *Response is nil when id or params are refused (ErrInvalidInput) or no answer
// came; whenever an answer came it is set, with an error too.
func (s *CustomersService) Get(ctx context.Context, id string, params *CustomerGetParams) (*Customer, *Response, error) {
	path, err := customerPath(id)
	if err != nil {
		return nil, nil, inputError("id", err)
	}
	q := ""
	if params != nil {
		if q, err = encodeQuery(params); err != nil {
			return nil, nil, err
		}
	}
	return callFor[Customer](ctx, s.client, http.MethodGet, path, q, nil, declare(http.StatusOK))
}

// Create creates a customer with an ID the API chooses.
//
// Create is not retried after a server error or a lost connection, because
// the server may have created the customer already and a retry would create
// a second one. To create without that risk, give the customer an ID of your
// own with Upsert, or use CreateWithNewID.
//
// The *Response is nil when in is refused (ErrInvalidInput) or no answer
// came; whenever an answer came it is set, with an error too. An error
// with no answer (a *RequestError) does not say whether the customer was
// created.
func (s *CustomersService) Create(ctx context.Context, in *CustomerInput) (*Customer, *Response, error) {
	body, err := in.body("in")
	if err != nil {
		return nil, nil, err
	}
	return callFor[Customer](ctx, s.client, http.MethodPost, "/customers", "", body, declare(http.StatusCreated))
}

// Upsert creates the customer with the given ID (Response.StatusCode 201) or
// replaces the writable fields of the existing one (200).
//
// Upsert is the duplicate-safe way to create a customer: repeating it with
// the same ID, by a retry or by your own code, cannot create a second
// customer. Use the ID your system already has for the customer (an external
// ID made of letters, digits and _ @ ~ - . up to 50 characters), or one
// from NewCustomerID stored on your side before the call.
//
// After a lost answer (Response.AfterLostAnswer), a 200 may follow this
// call's own creation: the attempt whose answer was lost created the
// customer, and the retry replaced it with the same input. So 201 means
// created by this call, and 200 with AfterLostAnswer means created or
// replaced by it.
//
// The *Response is nil when id or in is refused (ErrInvalidInput) or no answer
// came; whenever an answer came it is set, with an error too.
func (s *CustomersService) Upsert(ctx context.Context, id string, in *CustomerInput) (*Customer, *Response, error) {
	path, err := customerPath(id)
	if err != nil {
		return nil, nil, inputError("id", err)
	}
	body, err := in.body("in")
	if err != nil {
		return nil, nil, err
	}
	return callFor[Customer](ctx, s.client, http.MethodPut, path, "", body, declare(http.StatusOK, http.StatusCreated))
}

// CreateWithNewID creates a customer under a new ID from NewCustomerID,
// using Upsert. Unlike Create, its retries after a server error or a lost
// connection are safe: they repeat the upsert of the same ID. Calling
// CreateWithNewID again, though, makes another customer; to make your own
// repeats safe, keep the ID and call Upsert.
//
// Its Response.StatusCode is 201; it is 200 only after a lost answer
// (Response.AfterLostAnswer), and then the customer is still this call's
// creation, since no one else knew its new ID.
//
// The *Response is nil when in is refused (ErrInvalidInput) or no answer
// came; whenever an answer came it is set, with an error too.
func (s *CustomersService) CreateWithNewID(ctx context.Context, in *CustomerInput) (*Customer, *Response, error) {
	return s.Upsert(ctx, NewCustomerID(), in)
}

// MergeDelete merges the customer id into the customer targetCustomerID,
// which receives its data (payment instruments, subscriptions, lead source
// and so on), and then deletes id. Later requests for id fail with
// ErrNotFound.
//
// A customer id that does not exist gives an error matching ErrNotFound,
// except after a lost answer: when an attempt may have merged id away but
// its answer never came, the retry's 404 means the merge is done, and
// MergeDelete returns no error, with Response.AfterLostAnswer set and
// StatusCode 404.
//
// The *Response is nil when an ID is refused (ErrInvalidInput) or no answer
// came; whenever an answer came it is set, with an error too.
func (s *CustomersService) MergeDelete(ctx context.Context, id, targetCustomerID string) (*Response, error) {
	path, err := customerPath(id)
	if err != nil {
		return nil, inputError("id", err)
	}
	if err := checkID("target customer ID", targetCustomerID); err != nil {
		return nil, inputError("targetCustomerID", err)
	}
	if targetCustomerID == id {
		return nil, inputError("targetCustomerID", fmt.Errorf("%w: cannot merge customer %q into itself", ErrInvalidInput, id))
	}
	q := url.Values{"targetCustomerId": {targetCustomerID}}.Encode()
	return s.client.do(ctx, http.MethodDelete, path, q, nil, nil, declare(http.StatusNoContent))
}

// NewCustomerID returns a new random customer ID in the API's style: "cus_"
// and 26 characters (128 random bits in Crockford's base 32).
func NewCustomerID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("rebilly: reading random bytes: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	return "cus_" + crockford.EncodeToString(b[:])
}

var crockford = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

func customerPath(id string) (string, error) {
	escaped, err := escapeID("customer ID", id)
	if err != nil {
		return "", err
	}
	return "/customers/" + escaped, nil
}

// Asc sorts by field in ascending order, for CustomerListParams.Sort.
func Asc(field string) string { return field }

// Desc sorts by field in descending order, for CustomerListParams.Sort.
func Desc(field string) string { return "-" + field }

// CreditBalance returns the customer's credit balance: the credit memo
// amounts not yet allocated, one balance per currency.
func (s *CustomersService) CreditBalance(ctx context.Context, id string) (*CreditBalance, *Response, error) {
	path, err := customerPath(id)
	if err != nil {
		return nil, nil, inputError("id", err)
	}
	return callFor[CreditBalance](ctx, s.client, http.MethodGet, path+"/credit-balance", "", nil, declare(http.StatusOK))
}

// SummaryMetrics returns the customer's lifetime totals: revenue, refunds
// and disputes. The API serves it under an experimental path
// (/experimental/customers/{id}/summary-metrics), part of its Reports
// product: it may change or go without the usual notice.
func (s *CustomersService) SummaryMetrics(ctx context.Context, id string) (*SummaryMetrics, *Response, error) {
	path, err := customerPath(id)
	if err != nil {
		return nil, nil, inputError("id", err)
	}
	return callFor[SummaryMetrics](ctx, s.client, http.MethodGet, "/experimental"+path+"/summary-metrics", "", nil, declare(http.StatusOK))
}

// CreateComplianceScreeningReport has the API screen the customer (Know
// Your Customer and Anti-Money Laundering results) and store the report as
// a PDF attachment of the customer, which it returns; fetch the PDF by the
// attachment's FileID with the API's Files operations. It needs the KYC and
// AML products enabled for the organization. The request has no body.
//
// It is not retried after a server error or a lost connection: each call
// makes a new report, and a retry could make two. It is retried only when
// the API certainly did not act (a 429, or a connection that could not be
// opened).
func (s *CustomersService) CreateComplianceScreeningReport(ctx context.Context, id string) (*Attachment, *Response, error) {
	path, err := customerPath(id)
	if err != nil {
		return nil, nil, inputError("id", err)
	}
	return callFor[Attachment](ctx, s.client, http.MethodPost, path+"/compliance-screening-report", "", nil, declare(http.StatusCreated))
}
