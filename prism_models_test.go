package rebilly_test

// Prism accepts what the models send: every nullable field as null, a
// fetched customer's parts reused directly, and lists with literal commas.
// Gated as TestPrismContract is (see prism_test.go).

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

func TestPrismAcceptsNullsAndReusedParts(t *testing.T) {
	_, client, rec := startPrismClient(t)
	ctx := context.Background()

	_, _, err := client.Customers.Upsert(ctx, "cus_nulls", everyFieldNull())
	require.NoError(t, err)
	_, _, err = client.Customers.Create(ctx, &rebilly.CustomerInput{WebsiteID: "web_1", NullFields: []string{"PrimaryAddress", "TaxNumbers"}})
	require.NoError(t, err)
	_, _, err = client.LeadSources.Upsert(ctx, "cus_nulls", &rebilly.LeadSourceInput{Source: "g", NullFields: []string{"Medium", "Referrer"}})
	require.NoError(t, err)

	// Prism's example customer, its parts reused as they are.
	fetched, _, err := client.Customers.Get(ctx, "cus_1", &rebilly.CustomerGetParams{Expand: []string{"leadSource", "website"}, Fields: []string{"id", "email", "primaryAddress"}})
	require.NoError(t, err)
	require.NotNil(t, fetched.PrimaryAddress)
	_, _, err = client.Customers.Upsert(ctx, "cus_reuse", &rebilly.CustomerInput{PrimaryAddress: fetched.PrimaryAddress, TaxNumbers: fetched.TaxNumbers})
	require.NoError(t, err)

	_, _, err = client.Customers.List(ctx, &rebilly.CustomerListParams{
		Sort: []string{rebilly.Desc("createdTime"), "lastName", "email"}, Expand: []string{"leadSource", "website"}, Fields: []string{"id", "email", "locale"},
	})
	require.NoError(t, err)

	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Empty(t, rec.violations, "Prism found requests that break the API definition")
}

// startPrismClient starts Prism (see startPrism) and returns its base URL
// and a client for it whose requests go through a violationRecorder.
func startPrismClient(t *testing.T) (string, *rebilly.Client, *violationRecorder) {
	t.Helper()
	base := startPrism(t)
	rec := &violationRecorder{}
	client, err := rebilly.NewClient(
		rebilly.WithBaseURL(base),
		rebilly.WithAPIKey("sk_sandbox_prism"),
		rebilly.WithHTTPClient(&http.Client{Transport: rec, Timeout: 30 * time.Second}),
		rebilly.WithRetryWait(time.Millisecond, time.Second),
	)
	require.NoError(t, err)
	return base, client, rec
}
