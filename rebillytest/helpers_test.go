package rebillytest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// specPath is the API definition, in the shared folder beside the
// repo, in its OpenAPI 3.0.3 rendering: kin-openapi reads 3.1 only from
// v0.136, whose go.mod needs Go 1.26, and the module keeps Go 1.23 as its
// minimum. TestContractFileMatchesTheOpenAPI31File proves the two files
// hold the same contract.
const specPath = "../../shared/openapi/customer-api.openapi.oas30.yaml"

// contractHost is the server URL the spec is routed against; requests
// from the log are rewritten onto it, without any organization prefix.
const contractHost = "http://rebillytest.contract"

// contract is the loaded API definition and its router.
type contract struct {
	router  routers.Router
	schemas openapi3.Schemas
}

// undeclaredAllowed is the allow-list of answers the fake sends although
// the definition does not declare their status for the operation, each
// with its reason; the package doc lists the same. The contract check
// refuses any other undeclared status, and checks the body of these
// against the problem schema of their status (problemSchemas).
var undeclaredAllowed = map[string]string{
	"GetCustomerCollection 422":    "a bad query parameter (limit or offset out of range, an unknown filter or sort field, an unknown expand) is refused, not ignored; the definition declares no 422 on GETs, and Prism answers 422 here too",
	"GetCustomer 422":              "a path ID that breaks the declared pattern or length, or an unknown expand, is refused (Prism: 422 too)",
	"GetCustomerLeadSource 422":    "a path ID that breaks the declared pattern or length is refused (Prism: 422 too)",
	"DeleteCustomer 422":           "a missing, equal or malformed targetCustomerId, or a malformed path ID, is refused (Prism: 422 too)",
	"DeleteCustomerLeadSource 422": "a path ID that breaks the declared pattern or length is refused (Prism: 422 too)",
	"PutCustomerLeadSource 404":    "a lead source of a customer that does not exist cannot be set, and 404 is the status every other operation of the path declares for that",
	"PostCustomer 413":             "a body over 8 MiB is refused before it is read; the API's limit is not documented",
	"PutCustomer 413":              "a body over 8 MiB is refused before it is read; the API's limit is not documented",
	"PutCustomerLeadSource 413":    "a body over 8 MiB is refused before it is read; the API's limit is not documented",

	// The operations of the whole customer API.
	"GetCustomerSummaryMetricReport 404":               "a customer that does not exist has no metrics; the operation declares no 404",
	"GetCustomerTimelineCollection 404":                "a customer that does not exist has no timeline; the operation declares no 404",
	"PostCustomerTimeline 404":                         "a customer that does not exist has no timeline; the operation declares no 404",
	"GetCustomerTimelineCustomEventType 404":           "a custom event type that does not exist; the operation declares no 404",
	"GetCustomerTimelineCollection 422":                "a bad limit, offset, filter or sort, or a path ID that breaks the pattern, is refused (Prism: 422 too)",
	"GetCustomerTimeline 422":                          "a path ID that breaks the declared pattern or length is refused (Prism: 422 too)",
	"DeleteCustomerTimeline 422":                       "a path ID that breaks the declared pattern or length is refused (Prism: 422 too)",
	"GetCustomerCreditBalance 422":                     "a path ID that breaks the declared pattern or length is refused (Prism: 422 too)",
	"PostCustomerComplianceScreeningReport 422":        "a path ID that breaks the declared pattern or length is refused (Prism: 422 too)",
	"GetCustomerTimelineCustomEventTypeCollection 422": "a bad limit, offset or filter is refused, not ignored (Prism: 422 too)",
	"GetCustomerTimelineCustomEventType 422":           "a path ID that breaks the declared pattern or length is refused (Prism: 422 too)",
	"GetTagCollection 422":                             "a bad limit, offset, filter or sort is refused, not ignored (Prism: 422 too)",
	"GetTag 422":                                       "a tag name in the path that breaks the declared pattern is refused (Prism: 422 too)",
	"DeleteTag 422":                                    "a tag name in the path that breaks the declared pattern is refused (Prism: 422 too)",
	"PostTagCustomer 422":                              "a tag of another type than customer cannot tag a customer, and a path tag name or ID that breaks its pattern is refused",
	"DeleteTagCustomer 422":                            "a tag of another type than customer cannot be on a customer, and a path tag name or ID that breaks its pattern is refused",
	"GetCustomFieldCollection 422":                     "a resource outside the declared enum, or a bad limit or offset, is refused (Prism: 422 too)",
	"GetCustomField 422":                               "a resource outside the declared enum, or a name that breaks the declared pattern, is refused (Prism: 422 too)",
	"PostCustomerTimeline 413":                         "a body over 8 MiB is refused before it is read; the API's limit is not documented",
	"PostCustomerTimelineCustomEventType 413":          "a body over 8 MiB is refused before it is read; the API's limit is not documented",
	"PostTag 413":                                      "a body over 8 MiB is refused before it is read; the API's limit is not documented",
	"PatchTag 413":                                     "a body over 8 MiB is refused before it is read; the API's limit is not documented",
	"PostTagCustomerCollection 413":                    "a body over 8 MiB is refused before it is read; the API's limit is not documented",
	"DeleteTagCustomerCollection 413":                  "a body over 8 MiB is refused before it is read; the API's limit is not documented",
	"PutCustomField 413":                               "a body over 8 MiB is refused before it is read; the API's limit is not documented",
}

// routelessAllowed are the statuses of answers to requests that no
// operation of the definition has (unknown paths and methods, an
// organization ID the server URL's pattern refuses), with the problem
// schema their bodies must follow. 422 is for a path ID holding an escaped
// '/' (a%2Fb), which the log records unescaped, so that it routes nowhere.
var routelessAllowed = map[int]string{
	http.StatusUnauthorized:          "Unauthorized",
	http.StatusNotFound:              "NotFound",
	http.StatusMethodNotAllowed:      "BaseProblem",
	http.StatusRequestEntityTooLarge: "BaseProblem",
	http.StatusUnprocessableEntity:   "ValidationError",
}

// resourceID is the pattern of the definition's IDs, which an organization
// ID in the server URL follows too.
var resourceID = regexp.MustCompile(`^[@~\-.\w]+$`)

// problemSchemas names the definition's problem schema for each error
// status of the allow-list.
var problemSchemas = map[int]string{
	http.StatusNotFound:              "NotFound",
	http.StatusRequestEntityTooLarge: "BaseProblem",
	http.StatusUnprocessableEntity:   "ValidationError",
}

// loadContract loads the spec once for the whole test binary. The result
// is never changed after loading.
var loadContract = sync.OnceValues(func() (*contract, error) {
	if _, err := os.Stat(specPath); err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(specPath)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", specPath, err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("validating %s: %w", specPath, err)
	}
	doc.Servers = openapi3.Servers{{URL: contractHost}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("routing %s: %w", specPath, err)
	}
	return &contract{router: router, schemas: doc.Components.Schemas}, nil
})

// The contract tests read the API definition in the shared folder beside
// the repo. They run whenever it is there. When it is missing they skip,
// saying why, unless REBILLY_CONTRACT_TESTS=1 (set by .ci/run), which makes
// a missing definition a failure: CI that sets it cannot pass by skipping.
// The root package's contract tests follow the same rule.

// contractTestsRequired reports whether REBILLY_CONTRACT_TESTS=1.
func contractTestsRequired() bool { return os.Getenv("REBILLY_CONTRACT_TESTS") == "1" }

// contractOrSkip returns the contract. When the definition is missing it
// skips the test (ok false, reason set) unless contractTestsRequired, in
// which case, as for a definition that does not load, it returns the error.
func contractOrSkip() (c *contract, skipReason string, err error) {
	c, err = loadContract()
	if errors.Is(err, os.ErrNotExist) && !contractTestsRequired() {
		return nil, fmt.Sprintf("skipping the check against the OpenAPI definition: %s is missing (%v); set REBILLY_CONTRACT_TESTS=1 to make this a failure, as .ci/run does", specPath, err), nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("OpenAPI contract %s (REBILLY_CONTRACT_TESTS=1 requires it): %w", specPath, err)
	}
	return c, "", nil
}

// requireContract returns the contract, or skips or fails the test as
// contractOrSkip says.
func requireContract(t testing.TB) *contract {
	t.Helper()
	c, skip, err := contractOrSkip()
	if err != nil {
		t.Fatal(err)
	}
	if skip != "" {
		t.Skip(skip)
	}
	return c
}

// check validates each logged answer that the API produced (not a fault)
// against the spec, error answers included. It returns the violations and
// how many answers were checked. An answer whose status the operation does
// not declare is a violation unless undeclaredAllowed lists it; an answer
// to a request no operation has (an unknown path or method) must have a
// status of routelessAllowed. Both then get their body checked against
// the problem schema of their status.
func (c *contract) check(entries []rebillytest.Request) (violations []error, checked int) {
	for i, e := range entries {
		if e.Fault || e.Status == 0 {
			continue
		}
		checked++
		fail := func(err error) {
			violations = append(violations, fmt.Errorf("answer %d to %s %s?%s (status %d): %w\nbody: %s",
				i, e.Method, e.Path, e.RawQuery, e.Status, err, truncate(e.ResponseBody, 600)))
		}
		req, err := contractRequest(e)
		if err != nil {
			fail(err)
			continue
		}
		route, params, err := c.router.FindRoute(req)
		if err != nil {
			schema, ok := routelessAllowed[e.Status]
			if !ok {
				fail(fmt.Errorf("no operation has this method and path, and the status is not one the fake may send for that"))
				continue
			}
			if err := c.checkProblem(e, schema); err != nil {
				fail(err)
			}
			continue
		}
		if route.Operation.Responses.Status(e.Status) == nil {
			key := fmt.Sprintf("%s %d", route.Operation.OperationID, e.Status)
			if _, ok := undeclaredAllowed[key]; !ok {
				fail(fmt.Errorf("status %d is not declared for %s and not on the allow-list", e.Status, route.Operation.OperationID))
				continue
			}
			if err := c.checkProblem(e, problemSchemas[e.Status]); err != nil {
				fail(err)
			}
			continue
		}
		in := &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		}
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in,
			Status:                 e.Status,
			Header:                 e.ResponseHeader,
			Body:                   io.NopCloser(bytes.NewReader(e.ResponseBody)),
			Options:                &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
		}
		if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
			fail(err)
		}
	}
	return violations, checked
}

// checkProblem checks an answer the definition does not declare: a JSON
// problem document that follows the named schema of the definition.
func (c *contract) checkProblem(e rebillytest.Request, schemaName string) error {
	if ct := e.ResponseHeader.Get("Content-Type"); ct != "application/json" {
		return fmt.Errorf("content type %q, want application/json", ct)
	}
	ref := c.schemas[schemaName]
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("the definition has no schema %s", schemaName)
	}
	var body any
	if err := json.Unmarshal(e.ResponseBody, &body); err != nil {
		return fmt.Errorf("body is not JSON: %w", err)
	}
	if err := ref.Value.VisitJSON(body, openapi3.MultiErrors()); err != nil {
		return fmt.Errorf("body breaks schema %s: %w", schemaName, err)
	}
	if m, ok := body.(map[string]any); !ok || m["status"] != float64(e.Status) {
		return fmt.Errorf("the problem's status member is not %d", e.Status)
	}
	return nil
}

// contractRequest rebuilds a logged request on the contract's server,
// without the organization prefix, which the spec keeps in its servers. A
// prefix whose organization ID breaks the ID pattern is kept, so that the
// request routes nowhere.
func contractRequest(e rebillytest.Request) (*http.Request, error) {
	path := e.Path
	if rest, ok := strings.CutPrefix(path, "/organizations/"); ok {
		org, after, found := strings.Cut(rest, "/")
		if !found {
			return nil, errors.New("organization prefix without a path")
		}
		if resourceID.MatchString(org) {
			path = "/" + after
		}
	}
	u, err := url.Parse(contractHost)
	if err != nil {
		return nil, err
	}
	u.Path, u.RawQuery = path, e.RawQuery
	req, err := http.NewRequest(e.Method, u.String(), bytes.NewReader(e.Body))
	if err != nil {
		return nil, err
	}
	req.Header = e.Header.Clone()
	return req, nil
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}

// newServer starts a fake for one test and, when the test ends, checks
// every answer it logged against the OpenAPI definition, then closes it.
// Every test in this package starts its server through newServer (or,
// serving a Handler itself, calls checkContractAtCleanup).
func newServer(t testing.TB, opts ...rebillytest.Option) *rebillytest.Server {
	t.Helper()
	srv := rebillytest.NewServer(opts...)
	checkContractAtCleanup(t, srv.Handler)
	t.Cleanup(srv.Close) // cleanups run last-in first-out: close, then check
	return srv
}

// checkContractAtCleanup checks, when the test ends, every answer h
// logged against the OpenAPI definition.
func checkContractAtCleanup(t testing.TB, h *rebillytest.Handler) {
	t.Helper()
	t.Cleanup(func() {
		c, skip, err := contractOrSkip()
		if err != nil {
			t.Errorf("contract check: %v", err)
			return
		}
		if skip != "" {
			t.Log(skip)
			return
		}
		began := time.Now()
		violations, checked := c.check(h.Requests())
		t.Logf("contract: checked %d answers in %v", checked, time.Since(began))
		for _, v := range violations {
			t.Errorf("the fake's answer breaks the OpenAPI contract: %v", v)
		}
	})
}

// rawResponse is an answer read in full.
type rawResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// problemBody is a problem document as the tests read it.
type problemBody struct {
	Status        int                    `json:"status"`
	Type          string                 `json:"type"`
	Title         string                 `json:"title"`
	Detail        string                 `json:"detail"`
	InvalidFields []rebilly.InvalidField `json:"invalidFields"`
}

func (r rawResponse) problem(t testing.TB) problemBody {
	t.Helper()
	require.Equal(t, "application/json", r.Header.Get("Content-Type"), "problem content type; body %s", r.Body)
	var p problemBody
	require.NoError(t, codec.Unmarshal(r.Body, &p), "body %s", r.Body)
	require.Equal(t, r.Status, p.Status, "status member")
	require.NotEmpty(t, p.Type, "type member")
	require.NotEmpty(t, p.Title, "title member")
	require.NotEmpty(t, p.Detail, "detail member")
	return p
}

func (p problemBody) fields() []string {
	var out []string
	for _, f := range p.InvalidFields {
		out = append(out, f.Field)
	}
	return out
}

// do sends a raw request to the fake with the default key (unless header
// says otherwise) and reads the answer.
func do(t testing.TB, srv *rebillytest.Server, method, path string, body string, header ...string) rawResponse {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, srv.URL+path, rd)
	require.NoError(t, err)
	req.Header.Set("REB-APIKEY", rebillytest.DefaultAPIKey)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return rawResponse{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// apiError asserts that err is a *rebilly.Error and returns it.
func apiError(t testing.TB, err error) *rebilly.Error {
	t.Helper()
	var e *rebilly.Error
	require.ErrorAs(t, err, &e)
	return e
}

// day returns a time on day d of January 2026, at hour h, in UTC.
func day(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, time.UTC) }

// contact builds a primary address with a name and one primary email.
func contact(first, last, email string) *rebilly.Contact {
	c := &rebilly.Contact{FirstName: first, LastName: last}
	if email != "" {
		c.Emails = []rebilly.Email{{Label: "main", Value: email, Primary: true}}
	}
	return c
}
