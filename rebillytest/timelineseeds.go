package rebillytest

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The seeding options of the timeline: custom event types and comments
// with IDs of the caller's choosing, so that a test can name them before
// the fake starts.

// CustomEventTypeSeed is a custom event type to seed with
// WithCustomEventTypes: its ID and its name.
type CustomEventTypeSeed struct {
	ID   string
	Name string
}

// TimelineCommentSeed is a comment to seed on a customer's timeline with
// WithTimelineComments: its ID and its message.
type TimelineCommentSeed struct {
	ID      string
	Message string
}

type commentSeed struct {
	customerID string
	comments   []TimelineCommentSeed
}

// WithCustomEventTypes registers custom event types in every
// organization, as if POSTed to /customer-timeline-custom-events when the
// fake started, but with the given IDs, in the order given. Their
// createdTime is when the organization's state is made: the fake's start
// for the organizations of seeded customers. It panics on a bad ID, an empty name or
// one over 255 characters, the name of a system timeline type, or an ID
// or a name (ignoring case) given twice, here or in another
// WithCustomEventTypes.
func WithCustomEventTypes(types ...CustomEventTypeSeed) Option {
	fail := func(t CustomEventTypeSeed, msg string) {
		panic(fmt.Sprintf("rebillytest: WithCustomEventTypes: type %q (ID %q): %s", t.Name, t.ID, msg))
	}
	for _, t := range types {
		if msg := checkID(t.ID); msg != "" {
			fail(t, "the ID "+msg)
		}
		if n := utf8.RuneCountInString(t.Name); t.Name == "" || n > 255 {
			fail(t, fmt.Sprintf("the name must be 1 to 255 characters long, not %d", n))
		}
		if slices.Contains(systemTimelineTypes, strings.ToLower(t.Name)) {
			fail(t, "the name is one of a system timeline type")
		}
	}
	seeds := append([]CustomEventTypeSeed{}, types...)
	return func(c *config) {
		for _, t := range seeds {
			for _, other := range c.eventTypes {
				if other.ID == t.ID || strings.EqualFold(other.Name, t.Name) {
					fail(t, "the ID or the name (ignoring case) is seeded twice")
				}
			}
			c.eventTypes = append(c.eventTypes, t)
		}
	}
}

// WithTimelineComments adds comments to a seeded customer's timeline, as
// if POSTed to /customers/{id}/timeline when the fake started, but with
// the given IDs: messages of type customer-comment-created, triggered by
// direct-api, occurring at the fake's start time, in the order given. They
// can be read, listed and deleted like any comment. The customer is looked
// for as WithLeadSource does; NewServer panics when no customer has that
// ID, and here on a bad or repeated ID or an empty message.
func WithTimelineComments(customerID string, comments ...TimelineCommentSeed) Option {
	seen := make(map[string]bool)
	for _, m := range comments {
		msg := checkID(m.ID)
		switch {
		case msg != "":
			msg = "the ID " + msg
		case seen[m.ID]:
			msg = "the ID is given twice"
		case strings.TrimSpace(m.Message) == "":
			msg = "the message is empty"
		}
		if msg != "" {
			panic(fmt.Sprintf("rebillytest: WithTimelineComments(%q): comment %q: %s", customerID, m.ID, msg))
		}
		seen[m.ID] = true
	}
	seed := commentSeed{customerID: customerID, comments: append([]TimelineCommentSeed{}, comments...)}
	return func(c *config) { c.comments = append(c.comments, seed) }
}

// seedEventTypes registers WithCustomEventTypes' types in a new store.
func (h *Handler) seedEventTypes(s *store) {
	now := h.now()
	for _, t := range h.cfg.eventTypes {
		s.eventTypes = append(s.eventTypes, &customEventType{ID: t.ID, Name: t.Name, CreatedTime: now, UpdatedTime: now, n: s.next()})
	}
}

// loadComments applies WithTimelineComments.
func (h *Handler) loadComments(cfg *config) {
	now := h.now()
	for _, seed := range cfg.comments {
		r := h.seededCustomer(seed.customerID)
		if r == nil {
			panic(fmt.Sprintf("rebillytest: WithTimelineComments(%q): no customer has that ID", seed.customerID))
		}
		s := h.writableStore(r.c.OrganizationID)
		for _, cm := range seed.comments {
			for _, other := range s.timelines[seed.customerID] {
				if other.ID == cm.ID {
					panic(fmt.Sprintf("rebillytest: WithTimelineComments(%q): comment %q is seeded twice", seed.customerID, cm.ID))
				}
			}
			s.record(seed.customerID, typeCommentCreated, cm.Message, now).ID = cm.ID
		}
	}
}
