package rebillytest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

func TestWithCustomEventTypes(t *testing.T) {
	start := time.Date(2025, time.March, 1, 12, 0, 0, 0, time.UTC)
	srv := newServer(t, rebillytest.WithClock(rebillytest.NewClock(start)),
		rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}),
		rebillytest.WithCustomEventTypes(rebillytest.CustomEventTypeSeed{ID: "cet_1", Name: "signed-up"},
			rebillytest.CustomEventTypeSeed{ID: "cet_2", Name: "churned"}))

	r := do(t, srv, http.MethodGet, "/customer-timeline-custom-events/cet_1", "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"id":"cet_1","name":"signed-up","createdTime":"2025-03-01T12:00:00Z","updatedTime":"2025-03-01T12:00:00Z",
		"_links":[{"href":"`+srv.URL+`/customer-timeline-custom-events/cet_1","rel":"self"}]}`, string(r.Body))
	assert.Equal(t, http.StatusOK, do(t, srv, http.MethodGet, "/organizations/org_b/customer-timeline-custom-events/cet_2", "").Status,
		"in every organization")

	// A seeded type is registered: a custom event may use it, and its name
	// is taken (ignoring case).
	r = do(t, srv, http.MethodPost, "/customers/cus_1/timeline", `{"type":"custom-event","customEventType":"Signed-Up"}`)
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	p := do(t, srv, http.MethodPost, "/customer-timeline-custom-events", `{"name":"CHURNED"}`).problem(t)
	assert.Equal(t, http.StatusUnprocessableEntity, p.Status)

	for _, tc := range []struct {
		name string
		opt  func() rebillytest.Option
		want string
	}{
		{"bad ID", func() rebillytest.Option {
			return rebillytest.WithCustomEventTypes(rebillytest.CustomEventTypeSeed{ID: "a b", Name: "x"})
		}, `type "x" (ID "a b"): the ID must contain only`},
		{"empty name", func() rebillytest.Option {
			return rebillytest.WithCustomEventTypes(rebillytest.CustomEventTypeSeed{ID: "cet_1"})
		}, "the name must be 1 to 255 characters long, not 0"},
		{"system type", func() rebillytest.Option {
			return rebillytest.WithCustomEventTypes(rebillytest.CustomEventTypeSeed{ID: "cet_1", Name: "Customer-Tagged"})
		}, "system timeline type"},
		{"name twice", func() rebillytest.Option {
			return rebillytest.WithCustomEventTypes(rebillytest.CustomEventTypeSeed{ID: "cet_1", Name: "a"},
				rebillytest.CustomEventTypeSeed{ID: "cet_2", Name: "A"})
		}, "seeded twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Contains(t, panicMessage(t, func() { rebillytest.NewHandler(tc.opt()) }), tc.want)
		})
	}
	assert.Contains(t, panicMessage(t, func() {
		rebillytest.NewHandler(rebillytest.WithCustomEventTypes(rebillytest.CustomEventTypeSeed{ID: "cet_1", Name: "a"}),
			rebillytest.WithCustomEventTypes(rebillytest.CustomEventTypeSeed{ID: "cet_1", Name: "b"}))
	}), "seeded twice", "an ID given in two options")
}

func TestWithTimelineComments(t *testing.T) {
	start := time.Date(2025, time.March, 1, 12, 0, 0, 0, time.UTC)
	srv := newServer(t, rebillytest.WithClock(rebillytest.NewClock(start)),
		rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}, &rebilly.Customer{ID: "cus_2"}),
		rebillytest.WithTimelineComments("cus_1", rebillytest.TimelineCommentSeed{ID: "tmln_1", Message: "called back"},
			rebillytest.TimelineCommentSeed{ID: "tmln_2", Message: "sent the contract"}))

	r := do(t, srv, http.MethodGet, "/customers/cus_1/timeline/tmln_1", "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"id":"tmln_1","type":"customer-comment-created","triggeredBy":"direct-api","message":"called back",
		"occurredTime":"2025-03-01T12:00:00Z","_links":[{"href":"`+srv.URL+`/customers/cus_1/timeline/tmln_1","rel":"self"}]}`, string(r.Body))
	list := do(t, srv, http.MethodGet, "/customers/cus_1/timeline", "")
	require.Equal(t, http.StatusOK, list.Status)
	assert.Equal(t, "2", list.Header.Get("Pagination-Total"))
	assert.JSONEq(t, `[]`, string(do(t, srv, http.MethodGet, "/customers/cus_2/timeline", "").Body), "only that customer's")
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/customers/cus_2/timeline/tmln_1", "").problem(t).Status)

	// A seeded comment is a comment: it can be deleted, once.
	assert.Equal(t, http.StatusNoContent, do(t, srv, http.MethodDelete, "/customers/cus_1/timeline/tmln_2", "").Status)
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodDelete, "/customers/cus_1/timeline/tmln_2", "").problem(t).Status)

	assert.Contains(t, panicMessage(t, func() {
		rebillytest.NewHandler(rebillytest.WithTimelineComments("ghost", rebillytest.TimelineCommentSeed{ID: "tmln_1", Message: "x"}))
	}), `WithTimelineComments("ghost"): no customer has that ID`)
	assert.Contains(t, panicMessage(t, func() {
		rebillytest.WithTimelineComments("cus_1", rebillytest.TimelineCommentSeed{ID: "tmln_1", Message: " "})
	}), `comment "tmln_1": the message is empty`)
	assert.Contains(t, panicMessage(t, func() {
		rebillytest.WithTimelineComments("cus_1", rebillytest.TimelineCommentSeed{ID: "", Message: "x"})
	}), "the ID must not be empty")
	assert.Contains(t, panicMessage(t, func() {
		rebillytest.WithTimelineComments("cus_1", rebillytest.TimelineCommentSeed{ID: "tmln_1", Message: "x"},
			rebillytest.TimelineCommentSeed{ID: "tmln_1", Message: "y"})
	}), "the ID is given twice")
	assert.Contains(t, panicMessage(t, func() {
		rebillytest.NewHandler(rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_1"}),
			rebillytest.WithTimelineComments("cus_1", rebillytest.TimelineCommentSeed{ID: "tmln_1", Message: "x"}),
			rebillytest.WithTimelineComments("cus_1", rebillytest.TimelineCommentSeed{ID: "tmln_1", Message: "y"}))
	}), `comment "tmln_1" is seeded twice`)
}
