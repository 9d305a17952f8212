package rebilly_test

// Contract test against Stoplight Prism serving the API's OpenAPI file:
// every request the SDK sends must pass Prism's validation, and the SDK must
// decode every answer Prism gives, forced errors included.
//
// Prism is found at $PRISM_BIN, else at .prism/node_modules/.bin/prism
// (where .ci/run installs it). Without it, or without ../shared, the test
// is skipped, unless REBILLY_CONTRACT_TESTS=1 (see needForContract).

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

const specPath = "../shared/openapi/customer-api.openapi.yaml"

// prismSpecFile returns the path of a file under ../shared, a contract
// test's input: see needForContract.
func prismSpecFile(t *testing.T, path string) string {
	t.Helper()
	_, err := os.Stat(path)
	needForContract(t, path+" (the shared API documents sit beside the repo)", err)
	return path
}

// prismBinary returns the Prism binary, a contract test's input: see
// needForContract.
func prismBinary(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("PRISM_BIN")
	if bin == "" {
		bin = filepath.Join(".prism", "node_modules", ".bin", "prism")
	}
	_, err := os.Stat(bin)
	if err == nil {
		_, err = exec.LookPath("node")
	}
	needForContract(t, "Prism at "+bin+" with node (install: npm install --prefix .prism @stoplight/prism-cli@5.14.2, or run .ci/run)", err)
	return bin
}

// startPrism runs `prism mock` on a free loopback port until the test ends.
func startPrism(t *testing.T) string {
	t.Helper()
	spec := prismSpecFile(t, specPath)
	bin := prismBinary(t)

	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())

	cmd := exec.Command(bin, "mock", "-h", "127.0.0.1", "-p", fmt.Sprint(port), spec)
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})

	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(base + "/customers/ready")
		if err == nil {
			resp.Body.Close()
			return base
		}
		if time.Now().After(deadline) {
			t.Fatalf("prism did not start within 60s: %v\n%s", err, logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// preferKey carries the Prefer header a test wants Prism to see.
type preferKey struct{}

// violationRecorder passes requests on, adding the Prefer header from the
// context, and keeps every violation Prism reports: in an sl-violations
// header, or, where the operation declares no 422, as a problem document of
// Prism's own (application/problem+json; the API's are application/json).
type violationRecorder struct {
	mu         sync.Mutex
	violations []string
}

func (v *violationRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if prefer, ok := req.Context().Value(preferKey{}).(string); ok {
		req = req.Clone(req.Context())
		req.Header.Set("Prefer", prefer)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil {
		found := resp.Header.Get("sl-violations")
		if found == "" && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			found = fmt.Sprintf("Prism's own %d problem", resp.StatusCode)
		}
		if found != "" {
			v.mu.Lock()
			v.violations = append(v.violations, req.Method+" "+req.URL.RequestURI()+": "+found)
			v.mu.Unlock()
		}
	}
	return resp, err
}

// sendToPrism sends a request of the test's own through rec, with a JSON
// body unless body is "".
func sendToPrism(t *testing.T, rec *violationRecorder, method, url, body string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("REB-APIKEY", "sk_sandbox_prism")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := rec.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
}

func TestPrismContract(t *testing.T) {
	base, client, rec := startPrismClient(t)
	ctx := context.Background()
	forced := func(code int) context.Context {
		return context.WithValue(ctx, preferKey{}, fmt.Sprintf("code=%d", code))
	}
	input := &rebilly.CustomerInput{
		WebsiteID:                   "web_1",
		PaymentToken:                "tok_1",
		DefaultPaymentInstrumentID:  rebilly.Ptr("inst_1"),
		PreferredPayoutInstrumentID: rebilly.Ptr("inst_2"),
		CustomFields:                map[string]any{"tier": "gold", "score": 7},
		PrimaryAddress: &rebilly.Contact{
			FirstName: "Ada", LastName: "Lovelace", Organization: "Engines", Address: "1 Main St",
			Address2: "Suite 2", City: "London", Region: "London", Country: "GB", PostalCode: "SW1Y 4JH",
			PhoneNumbers: []rebilly.PhoneNumber{{Label: "main", Value: "+44 20 7946 0000", Primary: true}},
			Emails:       []rebilly.Email{{Label: "main", Value: "ada@example.com", Primary: true}},
			Dob:          "1815-12-10", JobTitle: "Analyst",
		},
		Locale:             rebilly.Ptr("en-GB"),
		TaxNumbers:         []rebilly.TaxNumber{{Type: "eu-vat", Value: "GB980780684", IsDefault: true}},
		LeadSource:         &rebilly.LeadSourceInput{Source: "newsletter", Medium: "email", Referrer: "https://example.com/a"},
		PersonID:           rebilly.Ptr("prs_1"),
		NotificationEmails: []string{"billing@example.com"},
	}

	t.Run("violations are seen", func(t *testing.T) {
		// Proves the check at the end can fail: requests that break the
		// definition are flagged, both ways Prism reports them.
		bad := []struct{ method, path, body string }{
			{http.MethodGet, "/customers/bad%20id", ""},                               // path pattern, no 422 declared
			{http.MethodPut, "/customers/abc", `{"primaryAddress":{"country":"gb"}}`}, // body pattern, 422 declared
		}
		for _, b := range bad {
			sendToPrism(t, rec, b.method, base+b.path, b.body)
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		require.Len(t, rec.violations, len(bad), "%q", rec.violations)
		rec.violations = nil
	})
	t.Run("list", func(t *testing.T) {
		filter, err := rebilly.Filter{}.Equal("primaryAddress.city", "London").Build()
		require.NoError(t, err)
		page, resp, err := client.Customers.List(ctx, &rebilly.CustomerListParams{
			Limit: 10, Offset: 20, Filter: filter, Q: "ada",
			Sort: []string{rebilly.Desc("createdTime"), "lastName"}, Expand: []string{"leadSource"}, Fields: []string{"id", "email"},
		})
		require.NoError(t, err)
		require.NotEmpty(t, page)
		assert.NotEmpty(t, page[0].ID)
		assert.Positive(t, resp.Pagination.Total, "Pagination-Total from Prism's header example")
	})
	t.Run("get", func(t *testing.T) {
		c, _, err := client.Customers.Get(ctx, "cus_1", &rebilly.CustomerGetParams{Expand: []string{"leadSource"}, Fields: []string{"email"}})
		require.NoError(t, err)
		assert.NotEmpty(t, c.ID)
		assert.False(t, c.CreatedTime.IsZero())
	})
	t.Run("create", func(t *testing.T) {
		c, resp, err := client.Customers.Create(ctx, input)
		require.NoError(t, err)
		assert.Equal(t, http.StatusCreated, resp.StatusCode)
		assert.NotEmpty(t, c.ID)
		assert.Positive(t, resp.RateLimit.Limit)
	})
	t.Run("upsert", func(t *testing.T) {
		c, _, err := client.Customers.Upsert(ctx, "my-customer-1", input)
		require.NoError(t, err)
		assert.NotEmpty(t, c.ID)
		_, resp, err := client.Customers.Upsert(forced(201), "my-customer-1", input)
		require.NoError(t, err)
		assert.Equal(t, http.StatusCreated, resp.StatusCode)
		assert.NotEmpty(t, resp.Header.Get("Location"))
	})
	t.Run("create with new ID", func(t *testing.T) {
		_, _, err := client.Customers.CreateWithNewID(ctx, input)
		require.NoError(t, err)
	})
	t.Run("merge delete", func(t *testing.T) {
		resp, err := client.Customers.MergeDelete(ctx, "cus_dup", "cus_keep")
		require.NoError(t, err)
		assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	})
	t.Run("lead source", func(t *testing.T) {
		ls, _, err := client.LeadSources.Get(ctx, "cus_1")
		require.NoError(t, err)
		assert.NotNil(t, ls.Original, "Prism's example has an original lead source")
		ls, resp, err := client.LeadSources.Upsert(ctx, "cus_1", input.LeadSource)
		require.NoError(t, err)
		assert.Equal(t, http.StatusCreated, resp.StatusCode)
		assert.NotNil(t, ls)
		resp, err = client.LeadSources.Delete(ctx, "cus_1")
		require.NoError(t, err)
		assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	})
	t.Run("forced 404", func(t *testing.T) {
		_, _, err := client.Customers.Get(forced(404), "cus_1", nil)
		assert.ErrorIs(t, err, rebilly.ErrNotFound)
		var apiErr *rebilly.Error
		require.True(t, errors.As(err, &apiErr))
		assert.Equal(t, 404, apiErr.Status)
		_, _, err = client.LeadSources.Get(forced(404), "cus_1")
		assert.ErrorIs(t, err, rebilly.ErrNotFound)
	})
	t.Run("forced 422", func(t *testing.T) {
		_, _, err := client.Customers.Create(forced(422), input)
		assert.ErrorIs(t, err, rebilly.ErrValidation)
		var apiErr *rebilly.Error
		require.True(t, errors.As(err, &apiErr))
		assert.NotEmpty(t, apiErr.InvalidFields, "the spec's 422 example lists invalid fields")
		_, _, err = client.LeadSources.Upsert(forced(422), "cus_1", input.LeadSource)
		assert.ErrorIs(t, err, rebilly.ErrValidation)
	})
	t.Run("forced 429", func(t *testing.T) {
		// Prism's example reset time is in the past, so the SDK retries at
		// once until its retries run out, then returns the 429.
		_, _, err := client.Customers.Create(forced(429), input)
		assert.ErrorIs(t, err, rebilly.ErrRateLimited)
		var apiErr *rebilly.Error
		require.True(t, errors.As(err, &apiErr))
		assert.Equal(t, "Rate Limit Exceeded", apiErr.Title)
		assert.False(t, apiErr.RetryAfter.IsZero(), "X-RateLimit-Retry-After parsed")
		assert.Len(t, apiErr.Attempts, rebilly.DefaultMaxRetries+1)
		_, err = client.Customers.MergeDelete(forced(429), "cus_dup", "cus_keep")
		assert.ErrorIs(t, err, rebilly.ErrRateLimited)
	})

	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Empty(t, rec.violations, "Prism found requests that break the API definition")
}
