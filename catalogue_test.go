package rebilly_test

// The tests' one catalogue of SDK operations: what each sends, whether it
// is retried, what it may create, and a call of it. The retry, fuzz and
// OpenAPI tests run them against httpmock; the fault matrix and the limiter
// tests against rebillytest (fmSeedOptions seeds the IDs they use).

import (
	"context"
	"errors"
	"reflect"
	"strings"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// operation is one SDK call.
type operation struct {
	name string
	// operationID names the operation in the API definition; "" for the
	// two that are other uses of PutCustomer.
	operationID string
	method      string
	// path is the request path; "" for CreateWithNewID, whose path holds an
	// ID made inside the SDK (then any /customers/{id}).
	path       string
	idempotent bool // retried after a server error or a lost connection
	// declared lists the success statuses the API's definition declares
	// for the operation (TestDeclaredStatusesFollowTheDefinition).
	declared []int
	body     bool // the success answer has a body (not 204)
	creates  bool // may create a customer carrying the call's marker
	input    bool // sends a body the fake validates
	call     func(ctx context.Context, c *rebilly.Client, in opInput) opResult
}

// opInput varies what a call sends.
type opInput struct {
	marker string // a custom field (or campaign) that finds what the call created
	bad    bool   // send fields the API refuses
}

// opResult is what one call returned.
type opResult struct {
	value any // what the call decoded (nil for the calls without a body)
	resp  *rebilly.Response
	err   error
	id    string // ID of the customer returned, if any
}

// run makes the call with the plain input and returns its error.
func (op operation) run(ctx context.Context, c *rebilly.Client) error {
	return op.call(ctx, c, opInput{}).err
}

// faultPath is the rebillytest.Fault path that matches the op's requests.
func (op operation) faultPath() string {
	if op.path == "" {
		return "/customers/*"
	}
	return op.path
}

// matches reports whether the fake's log entry r is a request of op.
func (op operation) matches(r rebillytest.Request) bool {
	if r.Method != op.method {
		return false
	}
	if op.path != "" {
		return r.Path == op.path
	}
	return strings.HasPrefix(r.Path, "/customers/") && strings.Count(r.Path, "/") == 2
}

// matchesPath checks the Path an error names.
func (op operation) matchesPath(p string) bool {
	if op.path == "" {
		return strings.HasPrefix(p, "/customers/cus_") && strings.Count(p, "/") == 2
	}
	return p == op.path
}

// selectRequests returns the fake's log entries of op's requests.
func selectRequests(log []rebillytest.Request, op operation) []rebillytest.Request {
	var out []rebillytest.Request
	for _, r := range log {
		if op.matches(r) {
			out = append(out, r)
		}
	}
	return out
}

func customerID(c *rebilly.Customer) string {
	if c == nil {
		return ""
	}
	return c.ID
}

// customerInput is the body of the customer writes, with the call's
// marker (a custom field: fakes define it with fmMarkerField); with in.bad
// it holds two fields the API refuses.
func customerInput(in opInput) *rebilly.CustomerInput {
	c := &rebilly.CustomerInput{
		WebsiteID:    "web_fm",
		CustomFields: map[string]any{fmMarkerKey: in.marker},
		PrimaryAddress: &rebilly.Contact{FirstName: "Ada", LastName: "Lovelace",
			Emails: []rebilly.Email{{Label: "main", Value: "ada@example.com", Primary: true}}},
	}
	if in.bad {
		c.Locale = rebilly.Ptr("!")
		c.PrimaryAddress.Emails[0].Value = "not-an-email"
	}
	return c
}

func leadSourceInput(in opInput) *rebilly.LeadSourceInput {
	ls := &rebilly.LeadSourceInput{Source: "faultmatrix", Medium: "test", Campaign: in.marker}
	if in.bad {
		ls.Referrer = "not a url"
	}
	return ls
}

// The ten operations: the eight of the API, plus CreateWithNewID and an
// Upsert of a new fixed ID, the duplicate-safe ways to create.
var (
	opGet = operation{name: "Customers.Get", operationID: "GetCustomer", method: "GET", path: "/customers/cus_fm1", idempotent: true, declared: []int{200}, body: true,
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			cus, resp, err := c.Customers.Get(ctx, "cus_fm1", nil)
			return opResult{cus, resp, err, customerID(cus)}
		}}
	opList = operation{name: "Customers.List", operationID: "GetCustomerCollection", method: "GET", path: "/customers", idempotent: true, declared: []int{200}, body: true,
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			page, resp, err := c.Customers.List(ctx, &rebilly.CustomerListParams{Limit: 10})
			id := ""
			if len(page) > 0 {
				id = page[0].ID
			}
			return opResult{page, resp, err, id}
		}}
	opCreate = operation{name: "Customers.Create", operationID: "PostCustomer", method: "POST", path: "/customers", declared: []int{201}, body: true, creates: true, input: true,
		call: func(ctx context.Context, c *rebilly.Client, in opInput) opResult {
			cus, resp, err := c.Customers.Create(ctx, customerInput(in))
			return opResult{cus, resp, err, customerID(cus)}
		}}
	opUpsert = operation{name: "Customers.Upsert", operationID: "PutCustomer", method: "PUT", path: "/customers/cus_fm1", idempotent: true, declared: []int{200, 201}, body: true, input: true,
		call: func(ctx context.Context, c *rebilly.Client, in opInput) opResult {
			cus, resp, err := c.Customers.Upsert(ctx, "cus_fm1", customerInput(in))
			return opResult{cus, resp, err, customerID(cus)}
		}}
	opMerge = operation{name: "Customers.MergeDelete", operationID: "DeleteCustomer", method: "DELETE", path: "/customers/cus_fm2", idempotent: true, declared: []int{204},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			resp, err := c.Customers.MergeDelete(ctx, "cus_fm2", "cus_fm1")
			return opResult{resp: resp, err: err}
		}}
	opLSGet = operation{name: "LeadSources.Get", operationID: "GetCustomerLeadSource", method: "GET", path: "/customers/cus_fm1/lead-source", idempotent: true, declared: []int{200}, body: true,
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			ls, resp, err := c.LeadSources.Get(ctx, "cus_fm1")
			return opResult{value: ls, resp: resp, err: err}
		}}
	opLSUpsert = operation{name: "LeadSources.Upsert", operationID: "PutCustomerLeadSource", method: "PUT", path: "/customers/cus_fm1/lead-source", idempotent: true, declared: []int{201}, body: true, input: true,
		call: func(ctx context.Context, c *rebilly.Client, in opInput) opResult {
			ls, resp, err := c.LeadSources.Upsert(ctx, "cus_fm1", leadSourceInput(in))
			return opResult{value: ls, resp: resp, err: err}
		}}
	opLSDelete = operation{name: "LeadSources.Delete", operationID: "DeleteCustomerLeadSource", method: "DELETE", path: "/customers/cus_fm1/lead-source", idempotent: true, declared: []int{204},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			resp, err := c.LeadSources.Delete(ctx, "cus_fm1")
			return opResult{resp: resp, err: err}
		}}
	opCreateNewID = operation{name: "Customers.CreateWithNewID", method: "PUT", idempotent: true, declared: []int{200, 201}, body: true, creates: true, input: true,
		call: func(ctx context.Context, c *rebilly.Client, in opInput) opResult {
			cus, resp, err := c.Customers.CreateWithNewID(ctx, customerInput(in))
			return opResult{cus, resp, err, customerID(cus)}
		}}
	opUpsertNewID = operation{name: "Customers.UpsertNewID", method: "PUT", path: "/customers/cus_fm_new", idempotent: true, declared: []int{200, 201}, body: true, creates: true, input: true,
		call: func(ctx context.Context, c *rebilly.Client, in opInput) opResult {
			cus, resp, err := c.Customers.Upsert(ctx, "cus_fm_new", customerInput(in))
			return opResult{cus, resp, err, customerID(cus)}
		}}
)

// The two calls that reach the same operations another way: UpsertMany
// (one item) and All (one page). They are not in allOps: the fault matrix
// runs All under churn instead, and UpsertMany in the bulk tests; the
// tests of success answers run them with the others (answerOps).
var (
	opUpsertMany = operation{name: "Customers.UpsertMany", method: "PUT", path: "/customers/cus_fm1", idempotent: true, declared: []int{200, 201}, body: true, input: true,
		call: func(ctx context.Context, c *rebilly.Client, in opInput) opResult {
			results, err := c.Customers.UpsertMany(ctx, []rebilly.CustomerUpsert{{ID: "cus_fm1", Input: customerInput(in)}}, nil)
			if len(results) != 1 {
				return opResult{err: errors.New("UpsertMany returned no result")}
			}
			r := results[0]
			if (err == nil) != (r.Err == nil) {
				return opResult{err: errors.New("UpsertMany's error and the item's disagree")}
			}
			return opResult{r.Customer, r.Response, r.Err, customerID(r.Customer)}
		}}
	opAll = operation{name: "Customers.All", method: "GET", path: "/customers", idempotent: true, declared: []int{200}, body: true,
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			var got []*rebilly.Customer
			for cus, err := range c.Customers.All(ctx, &rebilly.CustomerListParams{Limit: 10}) {
				if err != nil {
					return opResult{err: err} // All yields no *Response
				}
				got = append(got, cus)
			}
			id := ""
			if len(got) > 0 {
				id = got[0].ID
			}
			return opResult{value: got, id: id}
		}}
)

// gotValue reports whether the call returned a value: a non-nil pointer
// or slice.
func (r opResult) gotValue() bool {
	if r.value == nil {
		return false
	}
	v := reflect.ValueOf(r.value)
	return !v.IsNil()
}

// Sets of operations.
var (
	// allOps is every operation of the catalogue.
	allOps = []operation{opGet, opList, opCreate, opUpsert, opMerge, opLSGet, opLSUpsert, opLSDelete, opCreateNewID, opUpsertNewID}
	// apiOps are the eight operations of the API.
	apiOps = []operation{opList, opGet, opCreate, opUpsert, opMerge, opLSGet, opLSUpsert, opLSDelete}
	// idempotentOps are the API's operations retried after a server error.
	idempotentOps = selectOps(apiOps, func(op operation) bool { return op.idempotent })
	// answerOps are every way a success answer reaches the caller: allOps,
	// UpsertMany and All.
	answerOps = append(append([]operation(nil), allOps...), opUpsertMany, opAll)
	// writeOps are the API's operations that write.
	writeOps = selectOps(apiOps, func(op operation) bool { return op.method != "GET" })
)

// opByOperationID returns the operation the API definition names id.
func opByOperationID(id string) (operation, bool) {
	for _, op := range apiOps {
		if op.operationID == id {
			return op, true
		}
	}
	return operation{}, false
}

// selectOps returns the operations of from that keep accepts.
func selectOps(from []operation, keep func(operation) bool) []operation {
	var out []operation
	for _, op := range from {
		if keep(op) {
			out = append(out, op)
		}
	}
	return out
}
