package rebilly_test

// Which calls of the timeline, tags, custom fields and Client.Do are
// retried, and which success statuses each accepts.

import (
	"context"
	"strings"
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
	for _, op := range opsTimelineTagsFields {
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

// TestNewOperationsDeclareTheirStatuses: a success status the operation
// does not declare (202) is an error matching ErrUnexpectedResponse, not
// retried; Do, which cannot know the endpoint's, takes any 2xx.
func TestNewOperationsDeclareTheirStatuses(t *testing.T) {
	for _, op := range opsTimelineTagsFields {
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
