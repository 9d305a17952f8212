package rebilly_test

// Success answers the SDK cannot use: a 2xx status the operation does not
// declare, a body that is not JSON of the declared shape, an empty body or
// null where a resource is expected. Each is an error matching
// ErrUnexpectedResponse with the status and the first bytes of the body,
// never a zero value with a nil error, and none is retried. The operations
// are the catalogue's (answerOps); the answers come from httpmock.

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// uxAnswer is what the test double answers to every request.
type uxAnswer struct {
	status      int
	contentType string
	body        string
}

// uxClient is a client whose every request gets a, and the recorder that
// counts them.
func uxClient(t *testing.T, a uxAnswer) (*rebilly.Client, *recorder) {
	t.Helper()
	c, mt := newMockClient(t)
	return c, mockAll(mt, typedResponder(a.status, a.contentType, a.body))
}

// uxOK is a body of the declared shape for op.
func uxOK(op operation) string {
	if op.list {
		return `[{"id":"cus_fm1"}]`
	}
	return `{"id":"cus_fm1"}`
}

// uxCases are the unusable answers for op.
func uxCases(op operation) map[string]uxAnswer {
	const json = "application/json"
	html := "<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body>" + strings.Repeat("proxy ", 2000) + "</body></html>"
	cases := map[string]uxAnswer{
		"HTML page with status 200": {200, "text/html; charset=utf-8", html},
	}
	if !slices.Contains(op.declared, 202) { // Client.Do takes 202
		cases["202, which no operation declares"] = uxAnswer{202, json, uxOK(op)}
	}
	if op.body && !slices.Contains(op.declared, 204) {
		cases["204 without a body"] = uxAnswer{204, "", ""}
	}
	if op.body {
		cases["declared status, empty body"] = uxAnswer{op.declared[0], json, ""}
		cases["declared status, null"] = uxAnswer{op.declared[0], json, "null"}
		cases["declared status, null after white space"] = uxAnswer{op.declared[0], json, " \r\n\tnull \n"}
		cases["declared status, JSON of another shape"] = uxAnswer{op.declared[0], json, `"cus_fm1"`}
	} else {
		cases["200 with a body"] = uxAnswer{200, json, `{"id":"cus_fm1"}`}
	}
	for _, st := range []int{200, 201} {
		if op.body && !slices.Contains(op.declared, st) {
			cases["undeclared "+strconv.Itoa(st)] = uxAnswer{st, json, uxOK(op)}
		}
	}
	return cases
}

// TestUnexpectedSuccessAnswers runs every unusable answer against every
// operation it applies to.
func TestUnexpectedSuccessAnswers(t *testing.T) {
	for _, op := range answerOps {
		for name, a := range uxCases(op) {
			t.Run(op.name+"/"+name, func(t *testing.T) {
				c, rec := uxClient(t, a)
				res := op.call(context.Background(), c, opInput{})

				require.Error(t, res.err, "never a zero value with a nil error")
				assert.False(t, res.gotValue(), "no value comes with the error")
				assert.ErrorIs(t, res.err, rebilly.ErrUnexpectedResponse)
				assert.Equal(t, 1, rec.count(), "not retried")

				var ue *rebilly.UnexpectedResponseError
				require.ErrorAs(t, res.err, &ue)
				assert.Equal(t, a.status, ue.Status)
				assert.Equal(t, a.contentType, ue.ContentType)
				assert.Equal(t, op.declared, ue.Declared)
				want := a.body[:min(len(a.body), 256)]
				if a.status == http.StatusNoContent {
					want = ""
				}
				assert.Equal(t, want, string(ue.Body), "the first bytes of the body")
				if len(ue.Body) > len("null") {
					assert.NotContains(t, res.err.Error(), string(ue.Body), "Error() leaves the body out")
				}

				var reqErr *rebilly.RequestError
				assert.ErrorAs(t, res.err, &reqErr, "no usable answer: a *RequestError")
				var apiErr *rebilly.Error
				assert.False(t, errors.As(res.err, &apiErr), "not an API error")
				if op.name != opAll.name { // All yields errors, without a *Response
					require.NotNil(t, res.resp, "an answer came: the *Response comes with the error")
					assert.Equal(t, a.status, res.resp.StatusCode)
				}
			})
		}
	}
}

// TestDeclaredSuccessAnswersPass: every status an operation declares, with
// a body of the declared shape, succeeds, so the check is not stricter
// than the definition.
func TestDeclaredSuccessAnswersPass(t *testing.T) {
	for _, op := range answerOps {
		for _, st := range op.declared {
			t.Run(op.name+"/"+strconv.Itoa(st), func(t *testing.T) {
				a := uxAnswer{st, "application/json", uxOK(op)}
				if st == http.StatusNoContent {
					a = uxAnswer{st, "", ""}
				}
				c, rec := uxClient(t, a)
				res := op.call(context.Background(), c, opInput{})
				require.NoError(t, res.err)
				assert.Equal(t, op.body, res.gotValue(), "the value is returned")
				assert.Equal(t, 1, rec.count())
			})
		}
	}
	t.Run("List/empty page", func(t *testing.T) {
		c, _ := uxClient(t, uxAnswer{200, "application/json", `[]`})
		page, _, err := c.Customers.List(context.Background(), nil)
		require.NoError(t, err, "an empty array is a page, not null")
		assert.Empty(t, page)
	})
}

// TestUnexpectedResponseErrorText: one line, saying what was wrong.
func TestUnexpectedResponseErrorText(t *testing.T) {
	for _, tt := range []struct {
		e    rebilly.UnexpectedResponseError
		want string
	}{
		{rebilly.UnexpectedResponseError{Status: 204, Declared: []int{200}}, "unexpected 204 response: the operation answers 200"},
		{rebilly.UnexpectedResponseError{Status: 202, Declared: []int{200, 201}}, "unexpected 202 response: the operation answers 200 or 201"},
		{rebilly.UnexpectedResponseError{Status: 200, Declared: []int{200}, Body: []byte("null")}, "unexpected 200 response: null body"},
		{rebilly.UnexpectedResponseError{Status: 200, Declared: []int{200}, ContentType: "text/html", Err: errors.New("invalid character '<'")},
			"decoding the 200 response: a text/html body: invalid character '<'"},
		{rebilly.UnexpectedResponseError{Status: 201, Declared: []int{201}, ContentType: "application/json", Err: io.EOF},
			"decoding the 201 response: empty body"},
	} {
		assert.Equal(t, tt.want, tt.e.Error())
		assert.ErrorIs(t, &tt.e, rebilly.ErrUnexpectedResponse)
	}
}

// TestDeclaredStatusesFollowTheDefinition: the success statuses the tests
// above hold each operation to are the 2xx statuses the API's definition
// declares for it.
func TestDeclaredStatusesFollowTheDefinition(t *testing.T) {
	doc := loadOpenAPI(t)
	seen := 0
	for _, item := range doc.Paths.Map() {
		for _, so := range item.Operations() {
			op, ok := opByOperationID(so.OperationID)
			if !ok {
				continue
			}
			seen++
			var defined []int
			for code := range so.Responses.Map() {
				if n, err := strconv.Atoi(code); err == nil && n >= 200 && n < 300 {
					defined = append(defined, n)
				}
			}
			slices.Sort(defined)
			assert.Equal(t, defined, op.declared, "%s (%s)", op.name, so.OperationID)
		}
	}
	assert.Equal(t, len(everyAPIOp)-2, seen, "operations found in the definition (all but the custom event, the second use of PostCustomerTimeline, and Do)")
}

// TestLeadSourceUpsertAnswersOnly201: the lead-source PUT declares 201
// alone, and the SDK takes no other success status for it: a 200 (which
// PutCustomer declares for a replacement) is ErrUnexpectedResponse, with
// the lead source the body held not returned as if it were usable.
func TestLeadSourceUpsertAnswersOnly201(t *testing.T) {
	body := `{"source":"google","createdTime":"2025-01-01T00:00:00Z"}`
	c, rec := uxClient(t, uxAnswer{http.StatusOK, "application/json", body})
	ls, resp, err := c.LeadSources.Upsert(context.Background(), "cus_1", &rebilly.LeadSourceInput{Source: "google"})
	assert.ErrorIs(t, err, rebilly.ErrUnexpectedResponse)
	assert.Nil(t, ls)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 1, rec.count(), "not retried")

	c, _ = uxClient(t, uxAnswer{http.StatusCreated, "application/json", body})
	ls, _, err = c.LeadSources.Upsert(context.Background(), "cus_1", &rebilly.LeadSourceInput{Source: "google"})
	require.NoError(t, err)
	assert.Equal(t, "google", ls.Source)
}

// TestSeedDocumentsOneLeadSourcePutAnswer: the reason for the test above.
// The API reference (seed 000) documents one success answer for the
// lead-source PUT, "created", where the customer PUT has both; a 200 would
// have to be taken on trust. The test reads the seed's section of the
// operation: from its summary to the next operation's.
func TestSeedDocumentsOneLeadSourcePutAnswer(t *testing.T) {
	paths, err := filepath.Glob("../shared/seeds/000_*")
	if err == nil && len(paths) == 0 {
		err = os.ErrNotExist
	}
	needForContract(t, "the API reference ../shared/seeds/000_*", err)
	raw, err := os.ReadFile(paths[0])
	require.NoError(t, err)
	text := string(raw)
	const summary = "Create a Lead Source for a customer."
	start := strings.Index(text, summary)
	require.GreaterOrEqual(t, start, 0, "the seed has the lead-source PUT")
	section := text[start:]
	if end := strings.Index(section[len(summary):], "Lead Source for a customer."); end >= 0 {
		section = section[:len(summary)+end]
	}
	assert.Contains(t, section, "Lead Source was created.")
	for _, other := range []string{"was updated", "was replaced", "was changed", "200"} {
		assert.NotContains(t, section, other, "the seed documents another success answer: accept it in LeadSourceService.Upsert")
	}
}
