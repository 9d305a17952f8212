package rebillytest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// timelineMessage is a timeline message as the tests read it.
type timelineMessage struct {
	ID              string         `json:"id"`
	Type            string         `json:"type"`
	CustomEventType *string        `json:"customEventType"`
	TriggeredBy     string         `json:"triggeredBy"`
	Message         string         `json:"message"`
	OccurredTime    string         `json:"occurredTime"`
	CustomData      map[string]any `json:"customData"`
	ExtraData       *struct {
		Tables []struct {
			Type string           `json:"type"`
			Data []map[string]any `json:"data"`
		} `json:"tables"`
	} `json:"extraData"`
	Links []struct{ Href, Rel string } `json:"_links"`
}

// decode reads the answer's JSON body into v.
func (r rawResponse) decode(t testing.TB, v any) {
	t.Helper()
	require.Equal(t, "application/json", r.Header.Get("Content-Type"), "body %s", r.Body)
	require.NoError(t, codec.Unmarshal(r.Body, v), "body %s", r.Body)
}

// timeline lists a customer's timeline, oldest first.
func timeline(t testing.TB, srv *rebillytest.Server, customerID string) []timelineMessage {
	t.Helper()
	r := do(t, srv, http.MethodGet, "/customers/"+customerID+"/timeline?sort=occurredTime", "")
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	var out []timelineMessage
	r.decode(t, &out)
	return out
}

func types(ms []timelineMessage) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Type)
	}
	return out
}

// The fake records system messages for what happens to a customer, with
// triggeredBy and occurredTime at whole seconds.
func TestTimelineRecordsWhatHappens(t *testing.T) {
	clock := rebillytest.NewClock(day(5, 10).Add(700 * time.Millisecond))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithCustomers(&rebilly.Customer{ID: "dup"}),
		rebillytest.WithCustomFields("customers", rebillytest.CustomFieldDefinition{Name: "plan", Type: "string"},
			rebillytest.CustomFieldDefinition{Name: "seats", Type: "integer"}))

	r := do(t, srv, http.MethodPut, "/customers/cus_1", `{"customFields":{"plan":"gold"},"leadSource":{"source":"ads"}}`)
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	clock.Advance(time.Minute)
	require.Equal(t, http.StatusOK, do(t, srv, http.MethodPut, "/customers/cus_1", `{"customFields":{"plan":"pro","seats":3}}`).Status)
	require.Equal(t, http.StatusOK, do(t, srv, http.MethodPut, "/customers/cus_1", `{"customFields":{"plan":"pro","seats":3}}`).Status,
		"an upsert that changes no custom field records nothing")
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPut, "/customers/cus_1/lead-source", `{"source":"mail"}`).Status)
	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodDelete, "/customers/cus_1/lead-source", "").Status)
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/tags", `{"name":"vip","type":"customer"}`).Status)
	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodPost, "/tags/vip/customers/cus_1", "").Status)
	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodPost, "/tags/vip/customers/cus_1", "").Status)
	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodDelete, "/tags/vip/customers/cus_1", "").Status)
	require.Equal(t, http.StatusNoContent, do(t, srv, http.MethodDelete, "/customers/dup?targetCustomerId=cus_1", "").Status)
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/customers/cus_1/timeline", `{"message":"Called them."}`).Status)

	ms := timeline(t, srv, "cus_1")
	assert.Equal(t, []string{"customer-created", "lead-source-changed", "custom-fields-changed", "lead-source-changed",
		"lead-source-changed", "customer-tagged", "customer-untagged", "customer-merged", "customer-comment-created"}, types(ms),
		"tagging twice records one message")
	for _, m := range ms {
		assert.Equal(t, "direct-api", m.TriggeredBy, m.Type)
		assert.Regexp(t, `^tmln_[0-9A-Z]{26}$`, m.ID)
		assert.Equal(t, []struct{ Href, Rel string }{{srv.URL + "/customers/cus_1/timeline/" + m.ID, "self"}}, m.Links)
	}
	assert.Equal(t, "2026-01-05T10:00:00Z", ms[0].OccurredTime, "whole seconds")
	assert.Equal(t, "2026-01-05T10:01:00Z", ms[2].OccurredTime)
	require.NotNil(t, ms[2].ExtraData)
	assert.Equal(t, "three-columns", ms[2].ExtraData.Tables[0].Type)
	assert.Equal(t, []map[string]any{
		{"attribute": "plan", "previousValue": "gold", "newValue": "pro"},
		{"attribute": "seats", "previousValue": "", "newValue": codecNumber(3)},
	}, ms[2].ExtraData.Tables[0].Data)
	assert.Contains(t, ms[5].Message, `"vip"`)
	assert.Contains(t, ms[7].Message, "dup")
	assert.Equal(t, "Called them.", ms[8].Message)

	// The merged customer's timeline went with it.
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/customers/dup/timeline", "").Status)
}

// codecNumber is how codec decodes a JSON number into an any.
func codecNumber(n int) any {
	var v any
	_ = codec.Unmarshal([]byte(toString(n)), &v)
	return v
}

func TestTimelineComments(t *testing.T) {
	clock := rebillytest.NewClock(day(5, 10))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))

	r := do(t, srv, http.MethodPost, "/customers/cus_1/timeline", `{"message":"Asked for a refund.","id":"ignored","triggeredBy":"app"}`)
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	var m timelineMessage
	r.decode(t, &m)
	assert.Equal(t, "customer-comment-created", m.Type)
	assert.Equal(t, "Asked for a refund.", m.Message)
	assert.Equal(t, "direct-api", m.TriggeredBy, "read-only members are ignored")
	assert.NotEqual(t, "ignored", m.ID)
	assert.Equal(t, srv.URL+"/customers/cus_1/timeline/"+m.ID, r.Header.Get("Location"))
	assert.NotEmpty(t, r.Header.Get("X-RateLimit-Remaining"))

	got := do(t, srv, http.MethodGet, "/customers/cus_1/timeline/"+m.ID, "")
	require.Equal(t, http.StatusOK, got.Status)
	var again timelineMessage
	got.decode(t, &again)
	assert.Equal(t, m, again)

	del := do(t, srv, http.MethodDelete, "/customers/cus_1/timeline/"+m.ID, "")
	assert.Equal(t, http.StatusNoContent, del.Status)
	assert.NotEmpty(t, del.Header.Get("X-RateLimit-Limit"))
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/customers/cus_1/timeline/"+m.ID, "").problem(t).Status)
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodDelete, "/customers/cus_1/timeline/"+m.ID, "").problem(t).Status)
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/customers/ghost/timeline/"+m.ID, "").problem(t).Status)
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodPost, "/customers/ghost/timeline", `{"message":"x"}`).problem(t).Status)

	// A message the system recorded cannot be deleted.
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPut, "/customers/cus_1/lead-source", `{"source":"ads"}`).Status)
	sys := timeline(t, srv, "cus_1")
	require.Equal(t, []string{"lead-source-changed"}, types(sys))
	assert.Equal(t, http.StatusConflict, do(t, srv, http.MethodDelete, "/customers/cus_1/timeline/"+sys[0].ID, "").problem(t).Status)

	for name, tc := range map[string]struct{ body, field string }{
		"no message":            {`{}`, "message"},
		"blank message":         {`{"message":"  "}`, "message"},
		"message not a string":  {`{"message":5}`, "message"},
		"a system type":         {`{"type":"invoice-paid","message":"x"}`, "type"},
		"custom data on a note": {`{"message":"x","customData":{"a":1}}`, "type"},
		"not an object":         {`["x"]`, "body"},
	} {
		t.Run(name, func(t *testing.T) {
			p := do(t, srv, http.MethodPost, "/customers/cus_1/timeline", tc.body).problem(t)
			assert.Equal(t, http.StatusUnprocessableEntity, p.Status)
			assert.Equal(t, []string{tc.field}, p.fields())
		})
	}
}

// A custom event names a registered type; its customData comes back as a
// two-columns table, never as sent.
func TestTimelineCustomEvents(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))
	event := `{"type":"custom-event","customEventType":"loyalty-level-changed","message":"Gold now.",` +
		`"customData":{"level":"gold","points":1200,"vip":true,"history":["silver"],"note":null}}`

	p := do(t, srv, http.MethodPost, "/customers/cus_1/timeline", event).problem(t)
	assert.Equal(t, http.StatusUnprocessableEntity, p.Status)
	assert.Equal(t, []string{"customEventType"}, p.fields(), "an unregistered type")
	assert.Contains(t, p.Detail, "loyalty-level-changed")

	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/customer-timeline-custom-events", `{"name":"Loyalty-Level-Changed"}`).Status)
	r := do(t, srv, http.MethodPost, "/customers/cus_1/timeline", event)
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	assert.NotContains(t, string(r.Body), "customData")
	var m timelineMessage
	r.decode(t, &m)
	assert.Equal(t, "custom-event", m.Type)
	require.NotNil(t, m.CustomEventType)
	assert.Equal(t, "Loyalty-Level-Changed", *m.CustomEventType, "the registered spelling")
	assert.Equal(t, "Gold now.", m.Message)
	require.NotNil(t, m.ExtraData)
	require.Len(t, m.ExtraData.Tables, 1)
	assert.Equal(t, "two-columns", m.ExtraData.Tables[0].Type)
	assert.Equal(t, []map[string]any{
		{"attribute": "history", "value": `["silver"]`},
		{"attribute": "level", "value": "gold"},
		{"attribute": "note", "value": ""},
		{"attribute": "points", "value": codecNumber(1200)},
		{"attribute": "vip", "value": true},
	}, m.ExtraData.Tables[0].Data)

	// Custom events can be deleted.
	assert.Equal(t, http.StatusNoContent, do(t, srv, http.MethodDelete, "/customers/cus_1/timeline/"+m.ID, "").Status)

	for name, tc := range map[string]struct{ body, field string }{
		"no customEventType":         {`{"type":"custom-event"}`, "customEventType"},
		"customEventType null":       {`{"type":"custom-event","customEventType":null}`, "customEventType"},
		"customEventType not string": {`{"type":"custom-event","customEventType":5}`, "customEventType"},
		"customData not an object":   {`{"type":"custom-event","customEventType":"loyalty-level-changed","customData":[1]}`, "customData"},
	} {
		t.Run(name, func(t *testing.T) {
			p := do(t, srv, http.MethodPost, "/customers/cus_1/timeline", tc.body).problem(t)
			assert.Equal(t, http.StatusUnprocessableEntity, p.Status)
			assert.Equal(t, []string{tc.field}, p.fields())
		})
	}
}

func TestTimelineList(t *testing.T) {
	clock := rebillytest.NewClock(day(5, 10))
	srv := newServer(t, rebillytest.WithClock(clock), rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}))
	for _, msg := range []string{"first call", "second call", "refund asked"} {
		require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/customers/cus_1/timeline", `{"message":"`+msg+`"}`).Status)
		clock.Advance(time.Second)
	}
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPut, "/customers/cus_1/lead-source", `{"source":"ads"}`).Status)

	list := func(query string) ([]string, http.Header) {
		t.Helper()
		r := do(t, srv, http.MethodGet, "/customers/cus_1/timeline"+query, "")
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		var ms []timelineMessage
		r.decode(t, &ms)
		var out []string
		for _, m := range ms {
			out = append(out, m.Message)
		}
		return out, r.Header
	}
	got, hdr := list("")
	assert.Equal(t, []string{"Lead source changed.", "refund asked", "second call", "first call"}, got, "newest first")
	assert.Equal(t, "4", hdr.Get("Pagination-Total"))
	assert.Equal(t, "100", hdr.Get("Pagination-Limit"))
	assert.Equal(t, "0", hdr.Get("Pagination-Offset"))

	got, hdr = list("?limit=2&offset=1&sort=occurredTime")
	assert.Equal(t, []string{"second call", "refund asked"}, got)
	assert.Equal(t, "4", hdr.Get("Pagination-Total"))
	assert.Equal(t, "2", hdr.Get("Pagination-Limit"))
	assert.Equal(t, "1", hdr.Get("Pagination-Offset"))

	got, _ = list("?filter=type:customer-comment-created&q=CALL")
	assert.Equal(t, []string{"second call", "first call"}, got)
	got, _ = list("?filter=type:!customer-comment-created")
	assert.Equal(t, []string{"Lead source changed."}, got)
	got, _ = list("?filter=triggeredBy:direct-api%3Btype:lead-source-changed,customer-created")
	assert.Equal(t, []string{"Lead source changed."}, got)

	for _, query := range []string{"?filter=message:x", "?filter=occurredTime:2026-01-01T00:00:00Z..", "?sort=message", "?limit=1001", "?offset=-1"} {
		p := do(t, srv, http.MethodGet, "/customers/cus_1/timeline"+query, "").problem(t)
		assert.Equal(t, http.StatusUnprocessableEntity, p.Status, query)
	}
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/customers/ghost/timeline", "").problem(t).Status)
	assert.Equal(t, []string{"id"}, do(t, srv, http.MethodGet, "/customers/bad%20id/timeline", "").problem(t).fields())
}

// customEventType is a registered type as the tests read it.
type customEventType struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	CreatedTime string `json:"createdTime"`
	UpdatedTime string `json:"updatedTime"`
}

func TestCustomEventTypes(t *testing.T) {
	clock := rebillytest.NewClock(day(5, 10))
	srv := newServer(t, rebillytest.WithClock(clock))

	r := do(t, srv, http.MethodPost, "/customer-timeline-custom-events", `{"name":"loyalty-level-changed"}`)
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	var e customEventType
	r.decode(t, &e)
	assert.Equal(t, "loyalty-level-changed", e.Name)
	assert.Equal(t, "2026-01-05T10:00:00Z", e.CreatedTime)
	assert.Equal(t, srv.URL+"/customer-timeline-custom-events/"+e.ID, r.Header.Get("Location"))
	assert.NotEmpty(t, r.Header.Get("X-RateLimit-Remaining"))
	clock.Advance(time.Second)
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/customer-timeline-custom-events", `{"name":"plan-renewed"}`).Status)

	got := do(t, srv, http.MethodGet, "/customer-timeline-custom-events/"+e.ID, "")
	require.Equal(t, http.StatusOK, got.Status)
	var again customEventType
	got.decode(t, &again)
	assert.Equal(t, e, again)
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/customer-timeline-custom-events/cevt_none", "").problem(t).Status)

	list := do(t, srv, http.MethodGet, "/customer-timeline-custom-events?limit=1", "")
	require.Equal(t, http.StatusOK, list.Status)
	var page []customEventType
	list.decode(t, &page)
	require.Len(t, page, 1)
	assert.Equal(t, "plan-renewed", page[0].Name, "newest first")
	assert.Equal(t, "2", list.Header.Get("Pagination-Total"))
	list = do(t, srv, http.MethodGet, "/customer-timeline-custom-events?filter=name:LOYALTY-LEVEL-CHANGED", "")
	list.decode(t, &page)
	require.Len(t, page, 1)
	assert.Equal(t, e.ID, page[0].ID)

	for name, body := range map[string]string{
		"duplicate, ignoring case":  `{"name":"Loyalty-Level-Changed"}`,
		"a system type":             `{"name":"customer-created"}`,
		"a system type, upper case": `{"name":"Invoice-Paid"}`,
		"no name":                   `{}`,
		"empty name":                `{"name":""}`,
		"name not a string":         `{"name":7}`,
		"name too long":             `{"name":"` + longText(256) + `"}`,
	} {
		t.Run(name, func(t *testing.T) {
			p := do(t, srv, http.MethodPost, "/customer-timeline-custom-events", body).problem(t)
			assert.Equal(t, http.StatusUnprocessableEntity, p.Status)
			assert.Equal(t, []string{"name"}, p.fields())
		})
	}
}

func longText(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a'
	}
	return string(b)
}
