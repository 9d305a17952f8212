package rebilly_test

// The behaviour of the new operations beyond their requests: retry rules,
// bulk tagging in chunks, the DELETE with a body over a real connection,
// the offset walks, and the decoding of timeline tables and custom fields.

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// TestRetryRulesOfTheNewOperations: after a 503, each new call is retried
// if and only if repeating it is safe: the bodyless tag POST and the bulk
// tag POST are (tagging twice tags once), the compliance report, comments,
// custom events and types, tag creation and the rename (PATCH) are not.
func TestRetryRulesOfTheNewOperations(t *testing.T) {
	want := map[string]bool{
		"Tags.TagCustomer": true, "Tags.TagCustomers": true, "Tags.UntagCustomers": true, "Tags.UntagCustomer": true,
		"Customers.CreateComplianceScreeningReport": false, "CustomerTimeline.CreateComment": false,
		"CustomerTimeline.CreateCustomEventType": false, "Tags.Create": false, "Tags.Rename": false,
		"CustomFields.Upsert": true, "Tags.Delete": true, "CustomerTimeline.Delete": true,
	}
	for _, op := range ops12 {
		t.Run(op.name, func(t *testing.T) {
			if w, ok := want[op.name]; ok {
				require.Equal(t, w, op.idempotent, "the catalogue's idempotent flag")
			}
			c, mt := newMockClient(t, rebilly.WithMaxRetries(1))
			rec := mockAll(mt, sequence(jsonResponder(503, problem(503, "Service Unavailable", "x")), opSuccess(op)))
			err := op.run(context.Background(), c)
			if op.idempotent {
				require.NoError(t, err)
				assert.Equal(t, 2, rec.count(), "retried after the 503")
			} else {
				assert.ErrorIs(t, err, rebilly.ErrServer)
				assert.Equal(t, 1, rec.count(), "not retried: the API may have acted")
			}
		})
	}
	// A 429 means the API did not act: even the compliance report is retried.
	c, mt := newMockClient(t, rebilly.WithMaxRetries(1))
	rec := mockAll(mt, sequence(jsonResponder(429, problem(429, "Too Many Requests", "x")), jsonResponder(201, attachmentJSON)))
	require.NoError(t, opComplianceReport.run(context.Background(), c))
	assert.Equal(t, 2, rec.count())
}

// opSuccess answers as the API does when op succeeds: 204 for the calls
// without a body, else 201 for POST and 200 for the others, with an empty
// list or object.
func opSuccess(op operation) httpmock.Responder {
	switch {
	case !op.body:
		return jsonResponder(204, "")
	case strings.Contains(op.name, "List"):
		return jsonResponder(200, `[]`)
	case op.method == "POST":
		return jsonResponder(201, `{}`)
	}
	return jsonResponder(200, `{}`)
}

// TestDoRetriesByMethod: Do retries GET, PUT and DELETE after a 503, and
// neither POST nor PATCH.
func TestDoRetriesByMethod(t *testing.T) {
	for method, retried := range map[string]bool{"GET": true, "HEAD": true, "PUT": true, "DELETE": true, "POST": false, "PATCH": false} {
		t.Run(method, func(t *testing.T) {
			c, mt := newMockClient(t, rebilly.WithMaxRetries(1))
			rec := mockAll(mt, sequence(jsonResponder(503, problem(503, "Service Unavailable", "x")), jsonResponder(204, "")))
			_, err := c.Do(context.Background(), method, "/anything", nil, nil, nil)
			if retried {
				require.NoError(t, err)
				assert.Equal(t, 2, rec.count())
			} else {
				assert.ErrorIs(t, err, rebilly.ErrServer)
				var e *rebilly.Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, "/anything", e.Path)
				assert.Equal(t, 1, rec.count())
			}
		})
	}
}

// TestDoErrorsAreTheAPIErrors: a non-2xx answer to Do is an *Error with
// the problem's fields.
func TestDoErrorsAreTheAPIErrors(t *testing.T) {
	c, mt := newMockClient(t)
	mockAll(mt, jsonResponder(404, problem(404, "Not Found", "no such invoice")))
	var out map[string]any
	resp, err := c.Do(context.Background(), "GET", "/invoices/in_1", nil, nil, &out)
	assert.ErrorIs(t, err, rebilly.ErrNotFound)
	var e *rebilly.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "no such invoice", e.Detail)
	assert.Equal(t, 404, resp.StatusCode)
	assert.Nil(t, out)
}

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

// timelinePage answers a timeline list from msgs by the request's offset
// and limit, with Pagination-Total when withTotal is set.
func timelinePage(t *testing.T, msgs func() []string, withTotal bool) func(*http.Request) (*http.Response, error) {
	return func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit, err := strconv.Atoi(q.Get("limit"))
		require.NoError(t, err, "the walk always sends a limit")
		all := msgs()
		var page []map[string]string
		for i := offset; i < min(offset+limit, len(all)); i++ {
			page = append(page, map[string]string{"id": all[i], "type": "customer-tagged"})
		}
		if page == nil {
			page = []map[string]string{}
		}
		b, _ := json.Marshal(page)
		var pairs []string
		if withTotal {
			pairs = []string{"Pagination-Total", strconv.Itoa(len(all))}
		}
		return jsonResponder(200, string(b), pairs...)(req)
	}
}

// TestTimelineAllPagesByOffset: the walk yields each message once although
// a message recorded during the walk pushes one it has had onto the next
// page, and stops by Pagination-Total without asking for an empty page.
func TestTimelineAllPagesByOffset(t *testing.T) {
	var mu sync.Mutex
	msgs := []string{"m5", "m4", "m3", "m2", "m1"} // newest first
	calls := 0
	c, mt := newMockClient(t)
	rec := mockAll(mt, timelinePage(t, func() []string {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 2 { // a message recorded after the first page
			msgs = append([]string{"m6"}, msgs...)
		}
		return msgs
	}, true))
	var got []string
	for m, err := range c.CustomerTimeline.All(context.Background(), "cus_1", &rebilly.TimelineListParams{Limit: 2, Filter: "type:customer-tagged"}) {
		require.NoError(t, err)
		got = append(got, m.ID)
	}
	assert.Equal(t, []string{"m5", "m4", "m3", "m2", "m1"}, got)
	reqs := rec.all()
	require.Len(t, reqs, 3)
	for i, offset := range []string{"", "2", "4"} {
		assert.Equal(t, offset, url.Values(reqs[i].Query).Get("offset"))
		assert.Equal(t, "2", url.Values(reqs[i].Query).Get("limit"))
		assert.Equal(t, "type:customer-tagged", url.Values(reqs[i].Query).Get("filter"))
		assert.Equal(t, "/customers/cus_1/timeline", reqs[i].Path)
	}
}

// TestTimelineAllStopsAtTheOffsetLimit: past MaxOffset the walk yields
// ErrPaginationLimit after every message it could reach.
func TestTimelineAllStopsAtTheOffsetLimit(t *testing.T) {
	many := bulkIDs(5000)
	c, mt := newMockClient(t)
	rec := mockAll(mt, timelinePage(t, func() []string { return many }, true))
	n := 0
	var last error
	for _, err := range c.CustomerTimeline.All(context.Background(), "cus_1", &rebilly.TimelineListParams{Limit: 500}) {
		if err != nil {
			last = err
			break
		}
		n++
	}
	assert.ErrorIs(t, last, rebilly.ErrPaginationLimit)
	assert.Equal(t, 1500, n, "pages at offsets 0, 500 and 1000")
	assert.Equal(t, 3, rec.count())
}

// TestTagsAllWithoutTotalAndBreak: without Pagination headers the walk
// stops at a short page; a break stops it at once; an error is yielded.
func TestTagsAllWithoutTotalAndBreak(t *testing.T) {
	tags := []string{"a", "b", "c"}
	c, mt := newMockClient(t)
	rec := mockAll(mt, timelinePage(t, func() []string { return tags }, false))
	var got []string
	for tag, err := range c.Tags.All(context.Background(), &rebilly.TagListParams{Limit: 2}) {
		require.NoError(t, err)
		got = append(got, tag.ID)
	}
	assert.Equal(t, tags, got)
	assert.Equal(t, 2, rec.count())

	for range c.Tags.All(context.Background(), &rebilly.TagListParams{Limit: 1}) {
		break
	}
	assert.Equal(t, 3, rec.count(), "a break fetches no further page")

	c, mt = newMockClient(t, rebilly.WithMaxRetries(0))
	mockAll(mt, jsonResponder(403, problem(403, "Forbidden", "no")))
	for _, err := range c.Tags.All(context.Background(), nil) {
		assert.ErrorIs(t, err, rebilly.ErrForbidden)
	}
	for _, err := range c.Tags.All(context.Background(), &rebilly.TagListParams{Offset: 5000}) {
		assert.ErrorIs(t, err, rebilly.ErrInvalidInput)
	}
}

// TestTimelineTablesDecodeByType: each kind of table lands in its field,
// both spellings of the one-column kind included; a kind the SDK does not
// know keeps its data raw; encoding gives the tables back.
func TestTimelineTablesDecodeByType(t *testing.T) {
	in := `{"id":"tmln_1","type":"some-future-type","occurredTime":"2024-05-01T10:00:00Z","extraData":{"tables":[
		{"type":"list","title":"Items","data":["a","b"]},
		{"type":"one-column","data":[{"attribute":"Who","value":"John Doe"}]},
		{"type":"one-columns","data":[{"attribute":"Count","value":3}]},
		{"type":"two-columns","footer":"f","data":[{"attribute":"paid","value":true},{"attribute":"amount","value":12.5}]},
		{"type":"three-columns","data":[{"attribute":"Descriptor","previousValue":"test.com","newValue":"new-test.com"}]},
		{"type":"heat-map","data":{"x":[1,2]}},
		{"type":"list"}],
		"actions":[{"action":"ruleset-restore","version":3},{"action":"resend-email","messageId":"msg_1"}],
		"mentions":{"@a@example.com":"usr_1"},
		"links":[{"resourceType":"invoice","resourceId":"in_1","placeholder":"Invoice"}]}}`
	var m rebilly.TimelineMessage
	require.NoError(t, json.Unmarshal([]byte(in), &m))
	assert.Equal(t, rebilly.TimelineType("some-future-type"), m.Type, "an unknown type is kept")
	tables := m.ExtraData.Tables
	require.Len(t, tables, 7)
	assert.Equal(t, []string{"a", "b"}, tables[0].Items)
	assert.Equal(t, "Items", tables[0].Title)
	assert.Equal(t, []rebilly.TimelineRow{{Attribute: "Who", Value: "John Doe"}}, tables[1].Rows)
	assert.Equal(t, []rebilly.TimelineRow{{Attribute: "Count", Value: json.Number("3")}}, tables[2].Rows)
	assert.Equal(t, "one-columns", tables[2].Type, "the spelling that came is kept")
	assert.Equal(t, []rebilly.TimelineRow{{Attribute: "paid", Value: true}, {Attribute: "amount", Value: json.Number("12.5")}}, tables[3].Rows)
	assert.Equal(t, []rebilly.TimelineChange{{Attribute: "Descriptor", PreviousValue: "test.com", NewValue: "new-test.com"}}, tables[4].Changes)
	assert.JSONEq(t, `{"x":[1,2]}`, string(tables[5].Raw))
	assert.Nil(t, tables[5].Rows)
	assert.Equal(t, rebilly.TimelineTable{Type: "list"}, tables[6])
	assert.Equal(t, 3, *m.ExtraData.Actions[0].Version)
	assert.Equal(t, "msg_1", m.ExtraData.Actions[1].MessageID)
	assert.Equal(t, map[string]string{"@a@example.com": "usr_1"}, m.ExtraData.Mentions)
	assert.Equal(t, "in_1", m.ExtraData.Links[0].ResourceID)

	out, err := json.Marshal(&m)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out), "encoding gives back what was decoded")

	var bad rebilly.TimelineTable
	err = json.Unmarshal([]byte(`{"type":"two-columns","data":["not a row"]}`), &bad)
	assert.ErrorContains(t, err, `timeline table of type "two-columns"`)
}

// TestCustomFieldDecoding: every type's members land in CustomField; an
// unknown type is kept; IsEnabled is true unless the API says otherwise.
func TestCustomFieldDecoding(t *testing.T) {
	cases := map[string]string{
		"string":   `{"name":"a","type":"string","isEnabled":false,"description":"d","additionalSchema":{"allowedValues":["x"],"maxLength":10,"pattern":"/^[0-9]+$/","required":true,"default":"x"}}`,
		"array":    `{"name":"a","type":"array","isEnabled":true,"additionalSchema":{"allowedValues":["x","y"],"default":["x"]}}`,
		"integer":  `{"name":"a","type":"integer","isEnabled":true,"additionalSchema":{"minimum":-2147483648,"maximum":2147483647,"default":7}}`,
		"number":   `{"name":"a","type":"number","isEnabled":true,"additionalSchema":{"minimum":-1.5,"maximum":1e300,"default":0.25}}`,
		"monetary": `{"name":"a","type":"monetary","isEnabled":true,"additionalSchema":{"required":true,"default":{"currency":"EUR","amount":25.3}}}`,
		"boolean":  `{"name":"a","type":"boolean","isEnabled":true,"additionalSchema":{"default":false}}`,
		"date":     `{"name":"a","type":"date","isEnabled":true,"additionalSchema":null}`,
		"unknown":  `{"name":"a","type":"geo-point","isEnabled":true,"additionalSchema":{"required":true}}`,
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			var f rebilly.CustomField
			require.NoError(t, json.Unmarshal([]byte(in), &f))
			out, err := json.Marshal(&f)
			require.NoError(t, err)
			want := in
			if name == "date" {
				want = `{"name":"a","type":"date","isEnabled":true}`
			}
			assert.JSONEq(t, want, string(out))
		})
	}
	var f rebilly.CustomField
	require.NoError(t, json.Unmarshal([]byte(`{"type":"datetime"}`), &f))
	assert.True(t, f.IsEnabled, "isEnabled defaults to true")
	assert.Equal(t, rebilly.CustomFieldDatetime, f.Type)
	require.NoError(t, json.Unmarshal([]byte(`{"type":"geo-point","isEnabled":false}`), &f))
	assert.Equal(t, rebilly.CustomFieldType("geo-point"), f.Type)
	assert.False(t, f.IsEnabled)
	assert.Error(t, json.Unmarshal([]byte(`{"type":1}`), &f))
}

// TestCustomFieldUpsertStatus: Upsert tells created (201) from altered
// (200), and a 409 (values in use) matches ErrConflict whatever its body
// says.
func TestCustomFieldUpsertStatus(t *testing.T) {
	in := &rebilly.CustomFieldInput{Type: rebilly.CustomFieldString}
	for _, status := range []int{200, 201} {
		c, mt := newMockClient(t)
		mockAll(mt, jsonResponder(status, customFieldJSON))
		f, resp, err := c.CustomFields.Upsert(context.Background(), "customers", "channel", in)
		require.NoError(t, err)
		assert.Equal(t, status, resp.StatusCode)
		assert.Equal(t, "channel", f.Name)
	}
	c, mt := newMockClient(t)
	mockAll(mt, jsonResponder(409, `{"status":400,"title":"Schema in use","error":"Schema in use"}`))
	_, _, err := c.CustomFields.Upsert(context.Background(), "customers", "channel", in)
	assert.ErrorIs(t, err, rebilly.ErrConflict)
	var e *rebilly.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, 409, e.Status, "the HTTP status, not the body's")
	assert.Contains(t, string(e.Extra["error"]), "Schema in use")
}

// TestNewOperationsDeclareTheirStatuses: a success status the operation
// does not declare (202) is an error matching ErrUnexpectedResponse, not
// retried; Do, which cannot know the endpoint's, takes any 2xx.
func TestNewOperationsDeclareTheirStatuses(t *testing.T) {
	for _, op := range ops12 {
		t.Run(op.name, func(t *testing.T) {
			c, mt := newMockClient(t)
			rec := mockAll(mt, jsonResponder(202, `{}`))
			err := op.run(context.Background(), c)
			if op.operationID == "" && strings.HasPrefix(op.name, "Client.Do") {
				require.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, rebilly.ErrUnexpectedResponse)
			}
			assert.Equal(t, 1, rec.count())
		})
	}
}

// TestNewOperationsNameTheRefusedArgument: refused input is an
// *InputError whose Field names the argument as the method calls it.
func TestNewOperationsNameTheRefusedArgument(t *testing.T) {
	ctx := context.Background()
	c, mt := newMockClient(t)
	rec := mockAll(mt, jsonResponder(200, `{}`))
	tests := map[string]error{
		"id":         func() error { _, _, err := c.Customers.CreditBalance(ctx, ""); return err }(),
		"customerID": func() error { _, _, err := c.CustomerTimeline.Get(ctx, "a b", "m"); return err }(),
		"messageID":  func() error { _, err := c.CustomerTimeline.Delete(ctx, "cus_1", ".."); return err }(),
		"message":    func() error { _, _, err := c.CustomerTimeline.CreateComment(ctx, "cus_1", ""); return err }(),
		"in.CustomEventType": func() error {
			_, _, err := c.CustomerTimeline.CreateCustomEvent(ctx, "cus_1", &rebilly.CustomEventInput{})
			return err
		}(),
		"params.Limit": func() error { _, _, err := c.Tags.List(ctx, &rebilly.TagListParams{Limit: -1}); return err }(),
		"params.Sort": func() error {
			_, _, err := c.CustomerTimeline.List(ctx, "cus_1", &rebilly.TimelineListParams{Sort: []string{""}})
			return err
		}(),
		"name":           func() error { _, _, err := c.Tags.Get(ctx, "a/b"); return err }(),
		"newName":        func() error { _, _, err := c.Tags.Rename(ctx, "a", ""); return err }(),
		"tag":            func() error { _, err := c.Tags.TagCustomer(ctx, "", "cus_1"); return err }(),
		"customerIDs[1]": func() error { _, err := c.Tags.UntagCustomers(ctx, "vip", []string{"cus_1", ""}); return err }(),
		"in.Type":        func() error { _, _, err := c.Tags.Create(ctx, &rebilly.TagInput{Name: "a"}); return err }(),
		"resource":       func() error { _, _, err := c.CustomFields.List(ctx, "invoices", nil); return err }(),
		"in.NullFields": func() error {
			_, _, err := c.CustomFields.Upsert(ctx, "orders", "a", &rebilly.CustomFieldInput{Type: "string", NullFields: []string{"Type"}})
			return err
		}(),
		"path": func() error { _, err := c.Do(ctx, "GET", "/../x", nil, nil, nil); return err }(),
		"out":  func() error { _, err := c.Do(ctx, "GET", "/x", nil, nil, 3); return err }(),
	}
	for field, err := range tests {
		var ie *rebilly.InputError
		if assert.ErrorAs(t, err, &ie, field) {
			assert.Equal(t, field, ie.Field)
			assert.ErrorIs(t, err, rebilly.ErrInvalidInput)
		}
	}
	assert.Zero(t, rec.count())
}
