package rebilly

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"
)

// CustomerTimelineService calls the API's customer timeline operations: the
// messages the API records about a customer (it was created, tagged, paid an
// invoice...), the comments your team writes and the custom events your
// systems record there, and the registry of custom event types. Get it from
// Client.CustomerTimeline.
type CustomerTimelineService struct {
	client *Client
}

// TimelineListParams selects and shapes the messages List and All return.
// Zero values are left out of the request.
type TimelineListParams struct {
	// Limit is the page size, 0 to 1000; the API's default is 100.
	Limit int `url:"limit,omitempty"`
	// Offset is the position of the first message to return, 0 to 1000.
	Offset int `url:"offset,omitempty"`
	// Filter selects messages with the API's filter language, as in
	// "type:customer-tagged".
	Filter string `url:"filter,omitempty"`
	// Q matches messages whose text contains it.
	Q string `url:"q,omitempty"`
	// Sort lists fields to sort by, a leading '-' meaning descending.
	Sort []string `url:"sort,omitempty,comma"`
}

func (p *TimelineListParams) check() error { return checkPageAndSort(p.Limit, p.Offset, p.Sort) }

// ListParams pages through a list that takes only a page size, an offset
// and a filter: ListCustomEventTypes and CustomFields.List (which takes no
// Filter). Zero values are left out of the request.
type ListParams struct {
	// Limit is the page size, 0 to 1000; the API's default is 100.
	Limit int `url:"limit,omitempty"`
	// Offset is the position of the first item to return, 0 to 1000.
	Offset int `url:"offset,omitempty"`
	// Filter selects items with the API's filter language.
	Filter string `url:"filter,omitempty"`
}

func (p *ListParams) check() error { return checkPage(p.Limit, p.Offset) }

// encodeOptionalQuery encodes params, or nothing when they are nil.
func encodeOptionalQuery[P any, PP interface {
	*P
	check() error
}](params PP) (string, error) {
	if params == nil {
		return "", nil
	}
	return encodeQuery(params)
}

// List returns one page of the customer's timeline messages. The
// Response's Pagination tells how many there are in all. Use All to walk
// every page.
func (s *CustomerTimelineService) List(ctx context.Context, customerID string, params *TimelineListParams) ([]*TimelineMessage, *Response, error) {
	path, err := timelinePath(customerID)
	if err != nil {
		return nil, nil, err
	}
	q, err := encodeOptionalQuery(params)
	if err != nil {
		return nil, nil, err
	}
	return listFor[TimelineMessage](ctx, s.client, path, q)
}

// All walks every timeline message of the customer that params selects,
// a page at a time, by offset: no timeline field can be sorted on, so the
// walk cannot page by a sort key as Customers.All does. A message is
// yielded once even when new ones, recorded during the walk, push it onto
// the next page; a message deleted during the walk can make it miss
// another one. The API refuses offsets past MaxOffset, so a walk that
// would need a page starting past it yields an error matching
// ErrPaginationLimit: narrow the walk with params.Filter.
//
// params.Limit sets the page size (DefaultPageSize when 0) and
// params.Offset where the walk starts.
func (s *CustomerTimelineService) All(ctx context.Context, customerID string, params *TimelineListParams) iter.Seq2[*TimelineMessage, error] {
	p := TimelineListParams{}
	if params != nil {
		p = *params
	}
	fetch := func(ctx context.Context, page pageParams) ([]*TimelineMessage, *Response, error) {
		p.Limit, p.Offset = page.Limit, page.Offset
		return s.List(ctx, customerID, &p)
	}
	return offsetWalk(ctx, pageParams{p.Limit, p.Offset}, fetch, func(m *TimelineMessage) string { return m.ID })
}

// Get returns one message of the customer's timeline.
func (s *CustomerTimelineService) Get(ctx context.Context, customerID, messageID string) (*TimelineMessage, *Response, error) {
	path, err := timelineMessagePath(customerID, messageID)
	if err != nil {
		return nil, nil, err
	}
	return callFor[TimelineMessage](ctx, s.client, http.MethodGet, path, "", nil, declare(http.StatusOK))
}

// CreateComment writes a comment on the customer's timeline. The text may
// mention users ("@user@example.com") and refer to resources
// ("#customers-cus_123"), which the API links.
//
// CreateComment is not retried after a server error or a lost connection:
// the API may have recorded the comment already, and a retry would record
// it twice.
func (s *CustomerTimelineService) CreateComment(ctx context.Context, customerID, message string) (*TimelineMessage, *Response, error) {
	path, err := timelinePath(customerID)
	if err != nil {
		return nil, nil, err
	}
	if message == "" {
		return nil, nil, inputError("message", fmt.Errorf("%w: empty comment message", ErrInvalidInput))
	}
	return callFor[TimelineMessage](ctx, s.client, http.MethodPost, path, "", &timelineComment{Message: message}, declare(http.StatusCreated))
}

type timelineComment struct {
	Message string `json:"message"`
}

// CustomEventInput is an event of your own to record on a customer's
// timeline (a message of type TimelineCustomEvent).
type CustomEventInput struct {
	// CustomEventType is the event's type: a name registered first with
	// CreateCustomEventType. An unregistered name is refused by the API.
	CustomEventType string `json:"customEventType"`
	// CustomData is the event's data, attribute by attribute. It is
	// write-only: the API shows it as a two-column table in the message's
	// ExtraData, never as sent.
	CustomData map[string]any `json:"customData,omitempty"`
	// Message is the event's text, if any.
	Message string `json:"message,omitempty"`
}

// customEventBody is what CreateCustomEvent sends.
type customEventBody struct {
	Type TimelineType `json:"type"`
	*CustomEventInput
}

// CreateCustomEvent records an event of your own on the customer's
// timeline.
//
// CreateCustomEvent is not retried after a server error or a lost
// connection: the API may have recorded the event already, and a retry
// would record it twice.
func (s *CustomerTimelineService) CreateCustomEvent(ctx context.Context, customerID string, in *CustomEventInput) (*TimelineMessage, *Response, error) {
	path, err := timelinePath(customerID)
	if err != nil {
		return nil, nil, err
	}
	if in == nil {
		return nil, nil, inputError("in", fmt.Errorf("%w: nil *CustomEventInput", ErrInvalidInput))
	}
	if err := checkEventTypeName("CustomEventInput.CustomEventType", in.CustomEventType); err != nil {
		return nil, nil, inputError("in.CustomEventType", err)
	}
	return callFor[TimelineMessage](ctx, s.client, http.MethodPost, path, "", &customEventBody{TimelineCustomEvent, in}, declare(http.StatusCreated))
}

// Delete deletes a message from the customer's timeline. The API may
// refuse with a 409 (ErrConflict) for messages it keeps.
func (s *CustomerTimelineService) Delete(ctx context.Context, customerID, messageID string) (*Response, error) {
	path, err := timelineMessagePath(customerID, messageID)
	if err != nil {
		return nil, err
	}
	return s.client.do(ctx, http.MethodDelete, path, "", nil, nil, declare(http.StatusNoContent))
}

// CustomEventType is a registered type of custom timeline event, shared by
// the whole organization.
type CustomEventType struct {
	ID          string    `json:"id,omitempty"`
	Name        string    `json:"name"`
	CreatedTime time.Time `json:"createdTime,omitzero"`
	UpdatedTime time.Time `json:"updatedTime,omitzero"`
	Links       Links     `json:"_links,omitempty"`
}

// ListCustomEventTypes returns one page of the organization's custom event
// types.
func (s *CustomerTimelineService) ListCustomEventTypes(ctx context.Context, params *ListParams) ([]*CustomEventType, *Response, error) {
	q, err := encodeOptionalQuery(params)
	if err != nil {
		return nil, nil, err
	}
	return listFor[CustomEventType](ctx, s.client, customEventTypesPath, q)
}

// CreateCustomEventType registers name as a custom event type, for
// CreateCustomEvent. The API has no way to rename or delete one. name must
// not be one of the API's own message types (see TimelineType).
//
// CreateCustomEventType is not retried after a server error or a lost
// connection.
func (s *CustomerTimelineService) CreateCustomEventType(ctx context.Context, name string) (*CustomEventType, *Response, error) {
	if err := checkEventTypeName("custom event type name", name); err != nil {
		return nil, nil, inputError("name", err)
	}
	return callFor[CustomEventType](ctx, s.client, http.MethodPost, customEventTypesPath, "", &nameBody{Name: name}, declare(http.StatusCreated))
}

// GetCustomEventType returns the custom event type with the given ID.
func (s *CustomerTimelineService) GetCustomEventType(ctx context.Context, id string) (*CustomEventType, *Response, error) {
	escaped, err := escapeID("custom event type ID", id)
	if err != nil {
		return nil, nil, inputError("id", err)
	}
	return callFor[CustomEventType](ctx, s.client, http.MethodGet, customEventTypesPath+"/"+escaped, "", nil, declare(http.StatusOK))
}

const customEventTypesPath = "/customer-timeline-custom-events"

// maxNameLength is the longest custom event type or tag name the API
// accepts.
const maxNameLength = 255

func checkEventTypeName(what, name string) error {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return fmt.Errorf("%w: empty %s", ErrInvalidInput, what)
	case n > maxNameLength:
		return fmt.Errorf("%w: %s is longer than %d characters", ErrInvalidInput, what, maxNameLength)
	}
	return nil
}

// listFor gets one page of a list of T.
func listFor[T any](ctx context.Context, c *Client, path, query string) ([]*T, *Response, error) {
	var page []*T
	resp, err := c.do(ctx, http.MethodGet, path, query, nil, &page, declare(http.StatusOK))
	if err != nil {
		return nil, resp, err
	}
	return page, resp, nil
}

// timelinePath is the path of the customer's timeline; its error is the
// InputError of the argument customerID.
func timelinePath(customerID string) (string, error) {
	path, err := customerPath(customerID)
	if err != nil {
		return "", inputError("customerID", err)
	}
	return path + "/timeline", nil
}

func timelineMessagePath(customerID, messageID string) (string, error) {
	path, err := timelinePath(customerID)
	if err != nil {
		return "", err
	}
	escaped, err := escapeSegment("timeline message ID", messageID)
	if err != nil {
		return "", inputError("messageID", err)
	}
	return path + "/" + escaped, nil
}

// escapeSegment escapes s, whose content the API does not restrict, as one
// path segment; it refuses "", "." and "..", which are no segment of their
// own.
func escapeSegment(what, s string) (string, error) {
	if s == "" || s == "." || s == ".." {
		return "", fmt.Errorf("%w: %s %q is not a path segment", ErrInvalidInput, what, s)
	}
	return url.PathEscape(s), nil
}
