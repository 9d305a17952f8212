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
	list     bool // the success answer is a JSON array
	// removes is set for the deletes after which the resource is gone: a
	// retry of one the server acted on finds nothing (404).
	removes bool
	call    func(ctx context.Context, c *rebilly.Client, in opInput) opResult
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
	opList = operation{name: "Customers.List", operationID: "GetCustomerCollection", method: "GET", path: "/customers", idempotent: true, declared: []int{200}, body: true, list: true,
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
	opMerge = operation{name: "Customers.MergeDelete", operationID: "DeleteCustomer", method: "DELETE", path: "/customers/cus_fm2", idempotent: true, declared: []int{204}, removes: true,
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
	opLSDelete = operation{name: "LeadSources.Delete", operationID: "DeleteCustomerLeadSource", method: "DELETE", path: "/customers/cus_fm1/lead-source", idempotent: true, declared: []int{204}, removes: true,
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
	opAll = operation{name: "Customers.All", method: "GET", path: "/customers", idempotent: true, declared: []int{200}, body: true, list: true,
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

// The operations of the customer sub-resources, timeline, tags and custom
// fields (issue 12), and Client.Do. Their IDs: the customer cus_fm1, the
// timeline comment tmln_fm1, the custom event type cet_fm1 (named
// fm-event), the tag fm-tag and the custom field fm_field of orders
// (fmSeedOptions seeds them all).
var (
	opCreditBalance = operation{name: "Customers.CreditBalance", operationID: "GetCustomerCreditBalance", method: "GET", path: "/customers/cus_fm1/credit-balance", idempotent: true, body: true, declared: []int{200},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.Customers.CreditBalance(ctx, "cus_fm1")
			return opResult{value: v, resp: resp, err: err}
		}}
	opSummaryMetrics = operation{name: "Customers.SummaryMetrics", operationID: "GetCustomerSummaryMetricReport", method: "GET", path: "/experimental/customers/cus_fm1/summary-metrics", idempotent: true, body: true, declared: []int{200},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.Customers.SummaryMetrics(ctx, "cus_fm1")
			return opResult{value: v, resp: resp, err: err}
		}}
	opComplianceReport = operation{name: "Customers.CreateComplianceScreeningReport", operationID: "PostCustomerComplianceScreeningReport", method: "POST", path: "/customers/cus_fm1/compliance-screening-report", body: true, declared: []int{201},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.Customers.CreateComplianceScreeningReport(ctx, "cus_fm1")
			return opResult{value: v, resp: resp, err: err}
		}}
	opTimelineList = operation{name: "CustomerTimeline.List", operationID: "GetCustomerTimelineCollection", method: "GET", path: "/customers/cus_fm1/timeline", idempotent: true, body: true, declared: []int{200}, list: true,
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.CustomerTimeline.List(ctx, "cus_fm1", nil)
			return opResult{value: v, resp: resp, err: err}
		}}
	opTimelineComment = operation{name: "CustomerTimeline.CreateComment", operationID: "PostCustomerTimeline", method: "POST", path: "/customers/cus_fm1/timeline", body: true, declared: []int{201},
		call: func(ctx context.Context, c *rebilly.Client, in opInput) opResult {
			v, resp, err := c.CustomerTimeline.CreateComment(ctx, "cus_fm1", "fault matrix "+in.marker)
			return opResult{value: v, resp: resp, err: err}
		}}
	opTimelineGet = operation{name: "CustomerTimeline.Get", operationID: "GetCustomerTimeline", method: "GET", path: "/customers/cus_fm1/timeline/tmln_fm1", idempotent: true, body: true, declared: []int{200},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.CustomerTimeline.Get(ctx, "cus_fm1", "tmln_fm1")
			return opResult{value: v, resp: resp, err: err}
		}}
	opTimelineDelete = operation{name: "CustomerTimeline.Delete", operationID: "DeleteCustomerTimeline", method: "DELETE", path: "/customers/cus_fm1/timeline/tmln_fm1", idempotent: true, removes: true, declared: []int{204},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			resp, err := c.CustomerTimeline.Delete(ctx, "cus_fm1", "tmln_fm1")
			return opResult{resp: resp, err: err}
		}}
	opEventTypeList = operation{name: "CustomerTimeline.ListCustomEventTypes", operationID: "GetCustomerTimelineCustomEventTypeCollection", method: "GET", path: "/customer-timeline-custom-events", idempotent: true, body: true, declared: []int{200}, list: true,
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.CustomerTimeline.ListCustomEventTypes(ctx, nil)
			return opResult{value: v, resp: resp, err: err}
		}}
	opEventTypeCreate = operation{name: "CustomerTimeline.CreateCustomEventType", operationID: "PostCustomerTimelineCustomEventType", method: "POST", path: "/customer-timeline-custom-events", body: true, declared: []int{201},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.CustomerTimeline.CreateCustomEventType(ctx, "fm-event-created")
			return opResult{value: v, resp: resp, err: err}
		}}
	opEventTypeGet = operation{name: "CustomerTimeline.GetCustomEventType", operationID: "GetCustomerTimelineCustomEventType", method: "GET", path: "/customer-timeline-custom-events/cet_fm1", idempotent: true, body: true, declared: []int{200},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.CustomerTimeline.GetCustomEventType(ctx, "cet_fm1")
			return opResult{value: v, resp: resp, err: err}
		}}
	opTagList = operation{name: "Tags.List", operationID: "GetTagCollection", method: "GET", path: "/tags", idempotent: true, body: true, declared: []int{200}, list: true,
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.Tags.List(ctx, nil)
			return opResult{value: v, resp: resp, err: err}
		}}
	opTagCreate = operation{name: "Tags.Create", operationID: "PostTag", method: "POST", path: "/tags", body: true, declared: []int{201},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.Tags.Create(ctx, &rebilly.TagInput{Name: "fm-new", Type: rebilly.TagTypeCustomer})
			return opResult{value: v, resp: resp, err: err}
		}}
	opTagGet = operation{name: "Tags.Get", operationID: "GetTag", method: "GET", path: "/tags/fm-tag", idempotent: true, body: true, declared: []int{200},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.Tags.Get(ctx, "fm-tag")
			return opResult{value: v, resp: resp, err: err}
		}}
	opTagRename = operation{name: "Tags.Rename", operationID: "PatchTag", method: "PATCH", path: "/tags/fm-tag", body: true, declared: []int{200},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.Tags.Rename(ctx, "fm-tag", "fm-renamed")
			return opResult{value: v, resp: resp, err: err}
		}}
	opTagDelete = operation{name: "Tags.Delete", operationID: "DeleteTag", method: "DELETE", path: "/tags/fm-tag", idempotent: true, removes: true, declared: []int{204},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			resp, err := c.Tags.Delete(ctx, "fm-tag")
			return opResult{resp: resp, err: err}
		}}
	opTagCustomers = operation{name: "Tags.TagCustomers", operationID: "PostTagCustomerCollection", method: "POST", path: "/tags/fm-tag/customers", idempotent: true, declared: []int{204},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			resp, err := c.Tags.TagCustomers(ctx, "fm-tag", []string{"cus_fm1", "cus_fm2"})
			return opResult{resp: resp, err: err}
		}}
	opUntagCustomers = operation{name: "Tags.UntagCustomers", operationID: "DeleteTagCustomerCollection", method: "DELETE", path: "/tags/fm-tag/customers", idempotent: true, declared: []int{204},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			resp, err := c.Tags.UntagCustomers(ctx, "fm-tag", []string{"cus_fm1", "cus_fm2"})
			return opResult{resp: resp, err: err}
		}}
	opTagCustomer = operation{name: "Tags.TagCustomer", operationID: "PostTagCustomer", method: "POST", path: "/tags/fm-tag/customers/cus_fm1", idempotent: true, declared: []int{204},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			resp, err := c.Tags.TagCustomer(ctx, "fm-tag", "cus_fm1")
			return opResult{resp: resp, err: err}
		}}
	opUntagCustomer = operation{name: "Tags.UntagCustomer", operationID: "DeleteTagCustomer", method: "DELETE", path: "/tags/fm-tag/customers/cus_fm1", idempotent: true, declared: []int{204},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			resp, err := c.Tags.UntagCustomer(ctx, "fm-tag", "cus_fm1")
			return opResult{resp: resp, err: err}
		}}
	opFieldList = operation{name: "CustomFields.List", operationID: "GetCustomFieldCollection", method: "GET", path: "/custom-fields/customers", idempotent: true, body: true, declared: []int{200}, list: true,
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.CustomFields.List(ctx, rebilly.CustomFieldResourceCustomers, nil)
			return opResult{value: v, resp: resp, err: err}
		}}
	opFieldGet = operation{name: "CustomFields.Get", operationID: "GetCustomField", method: "GET", path: "/custom-fields/orders/fm_field", idempotent: true, body: true, declared: []int{200},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.CustomFields.Get(ctx, rebilly.CustomFieldResourceOrders, "fm_field")
			return opResult{value: v, resp: resp, err: err}
		}}
	opFieldUpsert = operation{name: "CustomFields.Upsert", operationID: "PutCustomField", method: "PUT", path: "/custom-fields/orders/fm_field", idempotent: true, body: true, declared: []int{200, 201},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			v, resp, err := c.CustomFields.Upsert(ctx, rebilly.CustomFieldResourceOrders, "fm_field",
				&rebilly.CustomFieldInput{Type: rebilly.CustomFieldString, Description: "fault matrix"})
			return opResult{value: v, resp: resp, err: err}
		}}
	opTimelineCustomEvent = operation{name: "CustomerTimeline.CreateCustomEvent", method: "POST", path: "/customers/cus_fm1/timeline", body: true, declared: []int{201},
		call: func(ctx context.Context, c *rebilly.Client, in opInput) opResult {
			v, resp, err := c.CustomerTimeline.CreateCustomEvent(ctx, "cus_fm1", &rebilly.CustomEventInput{
				CustomEventType: "fm-event", CustomData: map[string]any{"marker": in.marker}})
			return opResult{value: v, resp: resp, err: err}
		}}
	opDoGet = operation{name: "Client.Do GET", method: "GET", path: "/customers/cus_fm1", idempotent: true, body: true, declared: []int{200, 201, 202, 203, 204, 205, 206},
		call: func(ctx context.Context, c *rebilly.Client, _ opInput) opResult {
			var cus rebilly.Customer
			resp, err := c.Do(ctx, "GET", "/customers/cus_fm1", nil, nil, &cus)
			if err != nil {
				return opResult{resp: resp, err: err} // cus is zero: no value
			}
			return opResult{&cus, resp, nil, cus.ID}
		}}
)

// opsTimelineTagsFields are the operations of issue 12: the 22 of the API (and the custom
// event, the second use of PostCustomerTimeline), and Client.Do.
var opsTimelineTagsFields = []operation{opCreditBalance, opSummaryMetrics, opComplianceReport, opTimelineList, opTimelineComment,
	opTimelineCustomEvent, opTimelineGet, opTimelineDelete, opEventTypeList, opEventTypeCreate, opEventTypeGet,
	opTagList, opTagCreate, opTagGet, opTagRename, opTagDelete, opTagCustomers, opUntagCustomers, opTagCustomer,
	opUntagCustomer, opFieldList, opFieldGet, opFieldUpsert, opDoGet}

// Sets of operations.
var (
	// allOps is every operation of the catalogue.
	allOps = append([]operation{opGet, opList, opCreate, opUpsert, opMerge, opLSGet, opLSUpsert, opLSDelete, opCreateNewID, opUpsertNewID}, opsTimelineTagsFields...)
	// apiOps are the eight operations of the API.
	apiOps = []operation{opList, opGet, opCreate, opUpsert, opMerge, opLSGet, opLSUpsert, opLSDelete}
	// everyAPIOp are the 30 operations of the API, and Client.Do.
	everyAPIOp = append(append([]operation(nil), apiOps...), opsTimelineTagsFields...)
	// idempotentOps are the operations retried after a server error.
	idempotentOps = selectOps(everyAPIOp, func(op operation) bool { return op.idempotent })
	// answerOps are every way a success answer reaches the caller: allOps,
	// UpsertMany and All.
	answerOps = append(append([]operation(nil), allOps...), opUpsertMany, opAll)
	// writeOps are the API's operations that write.
	writeOps = selectOps(append(append([]operation(nil), apiOps...), opsTimelineTagsFields...), func(op operation) bool { return op.method != "GET" })
)

// opByOperationID returns the operation the API definition names id (of
// everyAPIOp).
func opByOperationID(id string) (operation, bool) {
	for _, op := range everyAPIOp {
		if op.operationID != "" && op.operationID == id {
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
