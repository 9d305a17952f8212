package rebilly_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// cutOffOnce answers the first request with a 2xx whose body stops halfway
// (the Content-Length promises more), and later ones in full.
func cutOffOnce(status int, body string) (http.Handler, *atomic.Int32) {
	var n atomic.Int32
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		if n.Add(1) == 1 {
			_, _ = w.Write([]byte(body[:len(body)/2]))
			return // the server closes the connection short of Content-Length
		}
		_, _ = w.Write([]byte(body))
	}), &n
}

func TestBodyCutOffIsRetriedForIdempotentCalls(t *testing.T) {
	h, n := cutOffOnce(http.StatusOK, customerJSON)
	srv, _ := newTestServer(t, h)
	c := newServerClient(t, srv)

	got, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
	require.NoError(t, err)
	assert.Equal(t, "ada@example.com", got.Email)
	assert.EqualValues(t, 2, n.Load(), "the cut-off answer is fetched again")

	h, n = cutOffOnce(http.StatusOK, "["+customerJSON+","+customerJSON+"]")
	srv, _ = newTestServer(t, h)
	page, _, err := newServerClient(t, srv).Customers.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Len(t, page, 2, "the retry decodes into a clean page")
	assert.EqualValues(t, 2, n.Load())
}

func TestBodyCutOffIsNotRetriedForCreate(t *testing.T) {
	h, n := cutOffOnce(http.StatusCreated, customerJSON)
	srv, _ := newTestServer(t, h)
	c := newServerClient(t, srv)

	_, resp, err := c.Customers.Create(context.Background(), &rebilly.CustomerInput{WebsiteID: "web_1"})
	var re *rebilly.RequestError
	require.ErrorAs(t, err, &re, "the customer was created; a retry could create a second")
	assert.Contains(t, err.Error(), "decoding the 201 response")
	assert.EqualValues(t, 1, n.Load())
	require.NotNil(t, resp, "the response comes with the error")
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
}

func TestWrongShapeIsNotRetried(t *testing.T) {
	var n atomic.Int32
	srv, _ := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, http.StatusOK, `{"id": 42}`)
	}))
	_, _, err := newServerClient(t, srv).Customers.Get(context.Background(), "cus_1", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "decoding the 200 response")
	assert.EqualValues(t, 1, n.Load(), "a whole body of the wrong shape would come back the same")
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
		name  string
		first int
		call  func(*rebilly.Client) (*rebilly.Response, error)
		body  string
	}{
		{"create after 429, body cut off", 429, func(c *rebilly.Client) (*rebilly.Response, error) {
			_, r, err := c.Customers.Create(context.Background(), &rebilly.CustomerInput{WebsiteID: "web_1"})
			return r, err
		}, customerJSON[:20]},
		{"get after 503, wrong shape", 503, func(c *rebilly.Client) (*rebilly.Response, error) {
			_, r, err := c.Customers.Get(context.Background(), "cus_1", nil)
			return r, err
		}, `{"id":42}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			srv, _ := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					writeJSON(w, tt.first, problem(tt.first, "Busy", "try again"))
					return
				}
				writeJSON(w, http.StatusOK, tt.body)
			}))
			resp, err := tt.call(newServerClient(t, srv))
			require.Error(t, err)
			var apiErr *rebilly.Error
			assert.False(t, errors.As(err, &apiErr), "got the earlier answer's error: %v", err)
			var re *rebilly.RequestError
			require.ErrorAs(t, err, &re)
			assert.Len(t, re.Attempts, 2)
			assert.Contains(t, err.Error(), "decoding the 200 response")
			require.NotNil(t, resp)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
		})
	}
}
