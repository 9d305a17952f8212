package rebilly_test

// API errors: status to sentinel, problem-details decoding, Error's text, and
// transport errors.

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

var sentinels = map[string]error{
	"ErrUnauthorized": rebilly.ErrUnauthorized,
	"ErrForbidden":    rebilly.ErrForbidden,
	"ErrNotFound":     rebilly.ErrNotFound,
	"ErrConflict":     rebilly.ErrConflict,
	"ErrValidation":   rebilly.ErrValidation,
	"ErrRateLimited":  rebilly.ErrRateLimited,
	"ErrServer":       rebilly.ErrServer,
	"ErrInvalidInput": rebilly.ErrInvalidInput,
	"ErrTooLarge":     rebilly.ErrTooLarge,
}

func TestStatusMapsToSentinel(t *testing.T) {
	tests := []struct {
		status int
		want   string // sentinel name; "" for none
	}{
		{400, "ErrValidation"},
		{401, "ErrUnauthorized"},
		{403, "ErrForbidden"},
		{404, "ErrNotFound"},
		{405, ""},
		{409, "ErrConflict"},
		{410, ""},
		{422, "ErrValidation"},
		{429, "ErrRateLimited"},
		{500, "ErrServer"},
		{501, "ErrServer"},
		{502, "ErrServer"},
		{503, "ErrServer"},
		{504, "ErrServer"},
	}
	for _, tt := range tests {
		for _, ct := range []string{"application/json", "application/problem+json"} {
			t.Run(http.StatusText(tt.status)+"/"+ct, func(t *testing.T) {
				c, mt := newMockClient(t, rebilly.WithMaxRetries(0))
				mockAll(mt, typedResponder(tt.status, ct, problem(tt.status, "Some title", "Some detail")))
				_, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
				require.Error(t, err)
				for name, s := range sentinels {
					assert.Equal(t, name == tt.want, errors.Is(err, s), "errors.Is(err, %s)", name)
				}
				var apiErr *rebilly.Error
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, tt.status, apiErr.Status)
				assert.Equal(t, "Some title", apiErr.Title)
				assert.Equal(t, "Some detail", apiErr.Detail)
				assert.Empty(t, apiErr.Body, "a problem document is decoded, not kept raw")
			})
		}
	}
}

// TestErrorCarriesTheProblem checks every field of *Error and its text.
func TestErrorCarriesTheProblem(t *testing.T) {
	body := `{
		"status": 422,
		"type": "https://www.rebilly.com/errors/validation",
		"title": "Invalid data",
		"detail": "The request body has invalid fields.",
		"instance": "/customers/cus_1/requests/r1",
		"invalidFields": [
			{"field": "primaryAddress.country", "message": "must be an ISO code"},
			{"field": "primaryAddress.country", "message": "must be upper case"},
			{"field": "locale", "message": "unknown locale"}
		],
		"traceId": "trace-123",
		"meta": {"retryable": false, "n": 1.5}
	}`
	for _, ct := range []string{"application/json", "application/problem+json", "application/problem+json; charset=utf-8"} {
		t.Run(ct, func(t *testing.T) {
			c, mt := newMockClient(t)
			mockAll(mt, typedResponder(422, ct, body, "X-Request-Id", "req-9"))
			_, _, err := c.Customers.Get(context.Background(), "cus_1", &rebilly.CustomerGetParams{Expand: []string{"leadSource"}})
			var e *rebilly.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, 422, e.Status)
			assert.Equal(t, "https://www.rebilly.com/errors/validation", e.Type)
			assert.Equal(t, "Invalid data", e.Title)
			assert.Equal(t, "The request body has invalid fields.", e.Detail)
			assert.Equal(t, "/customers/cus_1/requests/r1", e.Instance)
			assert.Equal(t, []rebilly.InvalidField{
				{Field: "primaryAddress.country", Message: "must be an ISO code"},
				{Field: "primaryAddress.country", Message: "must be upper case"},
				{Field: "locale", Message: "unknown locale"},
			}, e.InvalidFields)
			require.Len(t, e.Extra, 2, "extra members, and only those: %v", e.Extra)
			assert.JSONEq(t, `"trace-123"`, string(e.Extra["traceId"]))
			assert.JSONEq(t, `{"retryable": false, "n": 1.5}`, string(e.Extra["meta"]))
			assert.Empty(t, e.Body)
			assert.Equal(t, "GET", e.Method)
			assert.Equal(t, "/customers/cus_1", e.Path, "the path, without the query")
			assert.Equal(t, "req-9", e.Header.Get("X-Request-Id"))
			assert.Len(t, e.Attempts, 1)
			assert.Equal(t, 422, e.Attempts[0].Status)

			assert.Equal(t, "rebilly: GET /customers/cus_1: 422 Invalid data: The request body has invalid fields."+
				" (invalid fields: primaryAddress.country: must be an ISO code; primaryAddress.country: must be upper case; locale: unknown locale)",
				e.Error())
			noSecrets(t, e.Error())
		})
	}
}

func TestErrorMembersOfTheWrongTypeGoToExtra(t *testing.T) {
	c, mt := newMockClient(t)
	mockAll(mt, jsonResponder(409, `{"title": 5, "detail": "Customer exists", "invalidFields": "no", "status": "409"}`))
	_, _, err := c.Customers.Create(context.Background(), &rebilly.CustomerInput{})
	var e *rebilly.Error
	require.ErrorAs(t, err, &e)
	assert.ErrorIs(t, err, rebilly.ErrConflict)
	assert.Equal(t, 409, e.Status, "the HTTP status wins over the member")
	assert.Equal(t, "Customer exists", e.Detail)
	assert.Empty(t, e.Title)
	assert.JSONEq(t, `5`, string(e.Extra["title"]))
	assert.JSONEq(t, `"no"`, string(e.Extra["invalidFields"]))
	assert.NotContains(t, e.Extra, "status")
	assert.Equal(t, "rebilly: POST /customers: 409 Conflict: Customer exists", e.Error())
}

// TestErrorBodiesThatAreNotProblems: the raw body is kept and Error() falls
// back on the status text.
func TestErrorBodiesThatAreNotProblems(t *testing.T) {
	html := "<html><body><h1>502 Bad Gateway</h1></body></html>"
	tests := []struct {
		name, contentType, body string
		status                  int
		wantText                string
	}{
		{"HTML page", "text/html; charset=utf-8", html, 502, "rebilly: GET /customers/cus_1: 502 Bad Gateway"},
		{"empty body", "", "", 404, "rebilly: GET /customers/cus_1: 404 Not Found"},
		{"empty JSON body", "application/json", "", 401, "rebilly: GET /customers/cus_1: 401 Unauthorized"},
		{"plain text", "text/plain", "upstream timed out", 504, "rebilly: GET /customers/cus_1: 504 Gateway Timeout"},
		{"JSON that is not an object", "application/json", `["oops"]`, 500, "rebilly: GET /customers/cus_1: 500 Internal Server Error"},
		{"JSON null", "application/json", `null`, 500, "rebilly: GET /customers/cus_1: 500 Internal Server Error"},
		{"broken JSON", "application/problem+json", `{"title": "Bro`, 400, "rebilly: GET /customers/cus_1: 400 Bad Request"},
		{"problem in an HTML page", "text/html", `{"title":"x"}`, 403, "rebilly: GET /customers/cus_1: 403 Forbidden"},
		{"unknown status", "", "", 599, "rebilly: GET /customers/cus_1: 599"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newMockClient(t, rebilly.WithMaxRetries(0))
			mockAll(mt, typedResponder(tt.status, tt.contentType, tt.body))
			_, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
			var e *rebilly.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.status, e.Status)
			assert.Equal(t, tt.body, string(e.Body))
			assert.Empty(t, e.Title)
			assert.Empty(t, e.Detail)
			assert.Equal(t, tt.wantText, e.Error())
		})
	}
}

// TestErrorTextNeverHoldsCredentials covers API errors and transport errors
// with either credential.
func TestErrorTextNeverHoldsCredentials(t *testing.T) {
	closed := closedAddr(t)
	for _, cred := range []rebilly.Option{rebilly.WithAPIKey(testAPIKey), rebilly.WithJWT(testJWT)} {
		for _, status := range []int{400, 401, 403, 404, 422, 429, 500, 503} {
			c, mt := newMockClientWith(t, cred, rebilly.WithMaxRetries(1))
			mockAll(mt, jsonResponder(status, problem(status, "Title", "Detail")))
			_, _, err := c.Customers.List(context.Background(), &rebilly.CustomerListParams{Filter: "email:ada@example.com"})
			require.Error(t, err)
			noSecrets(t, err.Error())
			assert.NotContains(t, err.Error(), "ada@example.com", "the query string is kept out of errors")
		}
		c, err := rebilly.NewClient(cred, rebilly.WithBaseURL("http://"+closed), rebilly.WithMaxRetries(1), rebilly.WithClock(newTestClock()))
		require.NoError(t, err)
		_, _, err = c.Customers.List(context.Background(), &rebilly.CustomerListParams{Filter: "email:ada@example.com"})
		require.Error(t, err)
		noSecrets(t, err.Error())
		assert.NotContains(t, err.Error(), "ada@example.com", "the query string is kept out of errors")
	}
}

// refusedAddr is a loopback address where connecting is refused: port 1,
// which no test listens on. A port a test had open and closed could be
// taken by another test's server meanwhile, so it is not used.
const refusedAddr = "127.0.0.1:1"

// closedAddr returns refusedAddr, checking that it is refused here.
func closedAddr(t *testing.T) string {
	t.Helper()
	conn, err := net.DialTimeout("tcp", refusedAddr, time.Second)
	if err == nil {
		conn.Close()
		t.Fatalf("something listens on %s, which the tests need refused", refusedAddr)
	}
	require.ErrorIs(t, err, syscall.ECONNREFUSED)
	return refusedAddr
}

func TestConnectionRefusedIsRequestError(t *testing.T) {
	c, err := rebilly.NewClient(rebilly.WithAPIKey(testAPIKey), rebilly.WithBaseURL("http://"+closedAddr(t)),
		rebilly.WithMaxRetries(2), rebilly.WithClock(newTestClock()))
	require.NoError(t, err)
	_, _, err = c.Customers.Get(context.Background(), "cus_1", nil)
	var re *rebilly.RequestError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "GET", re.Method)
	assert.Equal(t, "/customers/cus_1", re.Path)
	assert.Len(t, re.Attempts, 3)
	for _, a := range re.Attempts {
		assert.Zero(t, a.Status)
		assert.Error(t, a.Err)
	}
	assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	var apiErr *rebilly.Error
	assert.False(t, errors.As(err, &apiErr), "no answer, so no *Error")
	assert.Contains(t, err.Error(), "rebilly: GET /customers/cus_1: ")
	assert.Contains(t, err.Error(), "after 3 attempts")
}

func TestContextErrorsAreRequestErrors(t *testing.T) {
	// The fake holds each answer for an hour, or until the client goes away.
	hold := rebillytest.WithFault(rebillytest.Fault{Latency: time.Hour})
	t.Run("deadline", func(t *testing.T) {
		_, front, srv := startFake(t, nil, hold)
		c := newServerClient(t, srv)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, _, err := c.Customers.Get(ctx, "cus_1", nil)
		var re *rebilly.RequestError
		require.ErrorAs(t, err, &re)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 1, front.count(), "no retry once the context is done")
	})
	for _, method := range []string{"GET", "POST"} {
		t.Run("cancel during "+method, func(t *testing.T) {
			_, front, srv := startFake(t, nil, hold)
			c := newServerClient(t, srv)
			ctx, cancel := context.WithCancel(context.Background())
			go func() {
				<-front.arrived
				cancel()
			}()
			var err error
			if method == "GET" {
				_, _, err = c.Customers.Get(ctx, "cus_1", nil)
			} else {
				_, _, err = c.Customers.Create(ctx, &rebilly.CustomerInput{})
			}
			var re *rebilly.RequestError
			require.ErrorAs(t, err, &re)
			assert.ErrorIs(t, err, context.Canceled)
			assert.Equal(t, 1, front.count())
		})
	}
	t.Run("cancelled before the call", func(t *testing.T) {
		_, front, srv := startFake(t, nil)
		c := newServerClient(t, srv)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, _, err := c.Customers.List(ctx, nil)
		var re *rebilly.RequestError
		require.ErrorAs(t, err, &re)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 0, front.count())
	})
}

// TestUndecodableSuccessIsRequestError: a 2xx whose body is not the
// expected JSON is a *RequestError, with the response.
func TestUndecodableSuccessIsRequestError(t *testing.T) {
	for _, tt := range []struct{ name, body, want string }{
		{"empty", "", "empty body"},
		{"wrong shape", `{"id": 5}`, "cannot unmarshal"},
		{"trailing data", `{"id":"cus_1"} {"id":"cus_2"}`, "after top-level value"},
		{"HTML", "<html></html>", "invalid character"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newMockClient(t)
			mockAll(mt, jsonResponder(200, tt.body))
			cus, resp, err := c.Customers.Get(context.Background(), "cus_1", nil)
			assert.Nil(t, cus)
			require.NotNil(t, resp)
			assert.Equal(t, 200, resp.StatusCode)
			var re *rebilly.RequestError
			require.ErrorAs(t, err, &re)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "decoding the 200 response")
		})
	}
}

func TestErrorJSONSurvivesAsExtra(t *testing.T) {
	// A member holding JSON of every kind is kept byte-for-byte meaningful.
	c, mt := newMockClient(t)
	mockAll(mt, jsonResponder(404, `{"title":"Not found","big":12345678901234567890,"list":[1,"a",null]}`))
	_, _, err := c.LeadSources.Get(context.Background(), "cus_1")
	var e *rebilly.Error
	require.ErrorAs(t, err, &e)
	var n json.Number
	require.NoError(t, json.Unmarshal(e.Extra["big"], &n))
	assert.Equal(t, "12345678901234567890", n.String())
	assert.JSONEq(t, `[1,"a",null]`, string(e.Extra["list"]))
	assert.True(t, strings.HasPrefix(e.Error(), "rebilly: GET /customers/cus_1/lead-source: 404 Not found"))
}
