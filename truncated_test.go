package rebilly_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// cutOffOnce is a fake holding seed whose first answer to method path
// stops halfway (the Content-Length promises more); later ones are whole.
func cutOffOnce(t *testing.T, method, path string, seed ...*rebilly.Customer) (*rebillytest.Handler, *rebilly.Client) {
	fake, _, srv := startFake(t, nil, rebillytest.WithCustomers(seed...),
		rebillytest.WithFault(rebillytest.Fault{Method: method, Path: path, TruncateBody: true, Times: 1}))
	return fake, newServerClient(t, srv)
}

// countRequests counts the fake's log entries of method path.
func countRequests(fake *rebillytest.Handler, method, path string) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

func TestBodyCutOffIsRetriedForIdempotentCalls(t *testing.T) {
	ada := &rebilly.Customer{ID: "cus_1", PrimaryAddress: &rebilly.Contact{
		Emails: []rebilly.Email{{Label: "main", Value: "ada@example.com", Primary: true}}}}
	fake, c := cutOffOnce(t, "GET", "/customers/cus_1", ada)
	got, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
	require.NoError(t, err)
	assert.Equal(t, "ada@example.com", got.Email)
	assert.Equal(t, 2, countRequests(fake, "GET", "/customers/cus_1"), "the cut-off answer is fetched again")

	fake, c = cutOffOnce(t, "GET", "/customers", ada, &rebilly.Customer{ID: "cus_2"})
	page, _, err := c.Customers.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Len(t, page, 2, "the retry decodes into a clean page")
	assert.Equal(t, 2, countRequests(fake, "GET", "/customers"))
}

func TestBodyCutOffIsNotRetriedForCreate(t *testing.T) {
	fake, c := cutOffOnce(t, "POST", "/customers")
	_, resp, err := c.Customers.Create(context.Background(), &rebilly.CustomerInput{WebsiteID: "web_1"})
	var re *rebilly.RequestError
	require.ErrorAs(t, err, &re, "the customer was created; a retry could create a second")
	assert.Contains(t, err.Error(), "decoding the 201 response")
	assert.Equal(t, 1, countRequests(fake, "POST", "/customers"))
	require.NotNil(t, resp, "the response comes with the error")
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Len(t, fake.Customers(), 1, "the server created it")
}

func TestWrongShapeIsNotRetried(t *testing.T) {
	c, mt := newMockClient(t)
	rec := mockAll(mt, jsonResponder(http.StatusOK, `{"id": 42}`))
	_, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "decoding the 200 response")
	assert.Equal(t, 1, rec.count(), "a whole body of the wrong shape would come back the same")
}

func TestOneLogRecordPerAttempt(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mt := newMockClient(t, rebilly.WithLogger(logger), rebilly.WithMaxRetries(2))
	rec := mockAll(mt, sequence(
		jsonResponder(503, problem(503, "Unavailable", "later")),
		jsonResponder(404, problem(404, "Not Found", "no such customer")),
	))
	_, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
	require.ErrorIs(t, err, rebilly.ErrNotFound)
	require.Equal(t, 2, rec.count())
	assert.Equal(t, 2, strings.Count(buf.String(), `"msg":"rebilly: attempt"`), buf.String())
	assert.Equal(t, 1, strings.Count(buf.String(), `"msg":"rebilly: retrying"`))
}

// TestLaterDecodeFailureIsNotReportedAsAnEarlierError: after a 429 or 503,
// a retry that gets a 2xx whose body fails to decode must not come back as
// the earlier error (a caller would retry a Create that succeeded).
func TestLaterDecodeFailureIsNotReportedAsAnEarlierError(t *testing.T) {
	for _, tt := range []struct {
		name   string
		first  int
		call   func(*rebilly.Client) (*rebilly.Response, error)
		body   string
		status int // the success status, one the operation declares
	}{
		{"create after 429, body cut off", 429, func(c *rebilly.Client) (*rebilly.Response, error) {
			_, r, err := c.Customers.Create(context.Background(), &rebilly.CustomerInput{WebsiteID: "web_1"})
			return r, err
		}, customerJSON[:20], http.StatusCreated},
		{"get after 503, wrong shape", 503, func(c *rebilly.Client) (*rebilly.Response, error) {
			_, r, err := c.Customers.Get(context.Background(), "cus_1", nil)
			return r, err
		}, `{"id":42}`, http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newMockClient(t)
			mockAll(mt, sequence(
				jsonResponder(tt.first, problem(tt.first, "Busy", "try again")),
				jsonResponder(tt.status, tt.body),
			))
			resp, err := tt.call(c)
			require.Error(t, err)
			var apiErr *rebilly.Error
			assert.False(t, errors.As(err, &apiErr), "got the earlier answer's error: %v", err)
			var re *rebilly.RequestError
			require.ErrorAs(t, err, &re)
			assert.Len(t, re.Attempts, 2)
			assert.Contains(t, err.Error(), fmt.Sprintf("decoding the %d response", tt.status))
			require.NotNil(t, resp)
			assert.Equal(t, tt.status, resp.StatusCode)
		})
	}
}
