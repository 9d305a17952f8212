package rebilly_test

// Tagging and untagging many customers: the IDs go in chunks of 1,000,
// and the bodies (the DELETE with a JSON body, the bodyless POSTs) reach a
// real server as they should.

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// bulkIDs returns n customer IDs.
func bulkIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "cus_" + strconv.Itoa(i)
	}
	return out
}

// TestBulkTaggingIsSentInChunks: 2,500 IDs go in three requests of 1,000,
// 1,000 and 500, in order, for both the POST and the DELETE.
func TestBulkTaggingIsSentInChunks(t *testing.T) {
	ids := bulkIDs(2500)
	for _, method := range []string{"POST", "DELETE"} {
		t.Run(method, func(t *testing.T) {
			c, mt := newMockClient(t)
			rec := mockAll(mt, jsonResponder(204, ""))
			var err error
			if method == "POST" {
				_, err = c.Tags.TagCustomers(context.Background(), "vip", ids)
			} else {
				_, err = c.Tags.UntagCustomers(context.Background(), "vip", ids)
			}
			require.NoError(t, err)
			reqs := rec.all()
			require.Len(t, reqs, 3)
			for i, chunk := range [][]string{ids[:1000], ids[1000:2000], ids[2000:]} {
				assert.Equal(t, method, reqs[i].Method)
				assert.Equal(t, "/tags/vip/customers", reqs[i].Path)
				assert.Equal(t, "application/json", reqs[i].Header.Get("Content-Type"))
				var body struct {
					CustomerIDs []string `json:"customerIds"`
				}
				require.NoError(t, json.Unmarshal(reqs[i].Body, &body))
				assert.Equal(t, chunk, body.CustomerIDs, "chunk %d", i)
			}
		})
	}
}

// TestBulkTaggingStopsAtAFailedChunk: the error of the second chunk names
// the IDs it held, and wraps the API's error.
func TestBulkTaggingStopsAtAFailedChunk(t *testing.T) {
	c, mt := newMockClient(t, rebilly.WithMaxRetries(0))
	rec := mockAll(mt, sequence(jsonResponder(204, ""), jsonResponder(422, problem(422, "Invalid", "bad tag type")), jsonResponder(204, "")))
	resp, err := c.Tags.TagCustomers(context.Background(), "vip", bulkIDs(2001))
	assert.ErrorIs(t, err, rebilly.ErrValidation)
	var e *rebilly.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "bad tag type", e.Detail)
	assert.Contains(t, err.Error(), "customer IDs [1000:2000] of 2001")
	assert.Equal(t, 422, resp.StatusCode)
	assert.Equal(t, 2, rec.count(), "the third chunk is not sent")

	// One chunk: the API's error as it is.
	c, mt = newMockClient(t, rebilly.WithMaxRetries(0))
	mockAll(mt, jsonResponder(422, problem(422, "Invalid", "bad tag type")))
	_, err = c.Tags.UntagCustomers(context.Background(), "vip", bulkIDs(1000))
	require.ErrorAs(t, err, &e)
	assert.Same(t, e, err, "a single chunk's error is not wrapped")
}

// TestBodiesOverARealConnection: through net/http to a loopback server, the
// bulk untag DELETE carries its JSON body with Content-Type and
// Content-Length, and the bodyless POSTs carry no body and no Content-Type.
func TestBodiesOverARealConnection(t *testing.T) {
	type seen struct {
		method, path, contentType, length string
		body                              string
	}
	var mu sync.Mutex
	var got []seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, seen{r.Method, r.URL.EscapedPath(), r.Header.Get("Content-Type"), r.Header.Get("Content-Length"), string(b)})
		mu.Unlock()
		if r.Method == "POST" && r.URL.Path == "/customers/cus_1/compliance-screening-report" {
			writeJSON(w, 201, attachmentJSON)
			return
		}
		w.WriteHeader(204)
	}))
	t.Cleanup(srv.Close)
	c := newServerClient(t, srv)
	ctx := context.Background()
	_, err := c.Tags.UntagCustomers(ctx, "a+b", []string{"cus_1", "cus_2"})
	require.NoError(t, err)
	_, err = c.Tags.TagCustomer(ctx, "a+b", "cus_1")
	require.NoError(t, err)
	_, _, err = c.Customers.CreateComplianceScreeningReport(ctx, "cus_1")
	require.NoError(t, err)
	want := `{"customerIds":["cus_1","cus_2"]}`
	assert.Equal(t, []seen{
		{"DELETE", "/tags/a%2Bb/customers", "application/json", strconv.Itoa(len(want)), want},
		{"POST", "/tags/a%2Bb/customers/cus_1", "", "0", ""},
		{"POST", "/customers/cus_1/compliance-screening-report", "", "0", ""},
	}, got)
}
