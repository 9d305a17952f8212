package rebillytest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// The timeline operations: GET and POST /customers/{id}/timeline, GET and
// DELETE /customers/{id}/timeline/{messageId}.

// The timeline message types the fake records itself.
const (
	typeCustomerCreated    = "customer-created"
	typeCommentCreated     = "customer-comment-created"
	typeCustomEvent        = "custom-event"
	typeLeadSourceChanged  = "lead-source-changed"
	typeCustomerTagged     = "customer-tagged"
	typeCustomerUntagged   = "customer-untagged"
	typeCustomFieldsChange = "custom-fields-changed"
	typeCustomerMerged     = "customer-merged"
)

// triggeredByAPI is the triggeredBy of every message the fake records:
// everything in it happens through its API.
const triggeredByAPI = "direct-api"

// timelineMessage is one message of a customer's timeline, as the API
// sends it (the fake's own wire shape of CustomerTimeline).
type timelineMessage struct {
	ID              string     `json:"id"`
	Type            string     `json:"type"`
	CustomEventType *string    `json:"customEventType,omitempty"`
	TriggeredBy     string     `json:"triggeredBy"`
	Message         string     `json:"message"`
	ExtraData       *extraData `json:"extraData,omitempty"`
	OccurredTime    time.Time  `json:"occurredTime"`
	Links           []link     `json:"_links,omitempty"`

	customerID string
	n          int64
}

// extraData is the read-only detail of a message; the fake fills only
// tables.
type extraData struct {
	Tables []timelineTable `json:"tables"`
}

// timelineTable is a table of extraData: two-columns ({attribute, value})
// or three-columns ({attribute, previousValue, newValue}) rows.
type timelineTable struct {
	Type string `json:"type"`
	Data []any  `json:"data"`
}

type twoColumnRow struct {
	Attribute string `json:"attribute"`
	Value     any    `json:"value"`
}

type threeColumnRow struct {
	Attribute     string `json:"attribute"`
	PreviousValue any    `json:"previousValue"`
	NewValue      any    `json:"newValue"`
}

func (m *timelineMessage) field(name string) string {
	switch name {
	case "type":
		return m.Type
	case "customEventType":
		if m.CustomEventType != nil {
			return *m.CustomEventType
		}
	case "triggeredBy":
		return m.TriggeredBy
	case "message":
		return m.Message
	case "occurredTime":
		return m.OccurredTime.Format(time.RFC3339)
	}
	return ""
}

func (m *timelineMessage) seq() int64 { return m.n }

// timelineSpec is what GET /customers/{id}/timeline accepts.
var timelineSpec = &listSpec{
	filterable:  []string{"type", "customEventType", "triggeredBy"},
	sortable:    []string{"occurredTime"},
	defaultSort: "-occurredTime",
	search:      []string{"message"},
}

// record adds a message to the customer's timeline. The caller holds h.mu
// for writing.
func (s *store) record(customerID, typ, message string, now time.Time, tables ...timelineTable) *timelineMessage {
	m := &timelineMessage{ID: newID("tmln_"), Type: typ, TriggeredBy: triggeredByAPI, Message: message,
		OccurredTime: now, customerID: customerID, n: s.next()}
	if len(tables) > 0 {
		m.ExtraData = &extraData{Tables: tables}
	}
	s.timelines[customerID] = append(s.timelines[customerID], m)
	return m
}

// presentMessage is the message with its link.
func presentMessage(m *timelineMessage, base string) timelineMessage {
	out := *m
	out.Links = selfLink(messageURL(base, m.customerID, m.ID))
	return out
}

func messageURL(base, customerID, messageID string) string {
	return customerURL(base, customerID) + "/timeline/" + url.PathEscape(messageID)
}

// cell is a JSON value as a table cell, which holds only a string, a
// number or a boolean: null becomes "", and an object or an array its
// JSON text.
func cell(v any) any {
	switch v := v.(type) {
	case nil:
		return ""
	case string, bool, json.Number, float64, int:
		return v
	}
	b, err := codec.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// twoColumns is a two-columns table of an object's members, by name.
func twoColumns(obj map[string]any) timelineTable {
	t := timelineTable{Type: "two-columns", Data: []any{}}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		t.Data = append(t.Data, twoColumnRow{Attribute: k, Value: cell(obj[k])})
	}
	return t
}

// fieldChanges is a three-columns table of the custom fields that differ
// between before and after, by name; ok is false when none do.
func fieldChanges(before, after map[string]any) (t timelineTable, ok bool) {
	t = timelineTable{Type: "three-columns", Data: []any{}}
	names := slices.Sorted(maps.Keys(before))
	for k := range after {
		if _, seen := before[k]; !seen {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, k := range names {
		old, had := before[k]
		now, has := after[k]
		if had == has && jsonEqual(old, now) {
			continue
		}
		t.Data = append(t.Data, threeColumnRow{Attribute: k, PreviousValue: cell(old), NewValue: cell(now)})
	}
	return t, len(t.Data) > 0
}

func jsonEqual(a, b any) bool {
	ja, errA := codec.Marshal(a)
	jb, errB := codec.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// messageOf returns the customer's message, or answers 404. The caller
// holds h.mu.
func (s *store) messageOf(w http.ResponseWriter, customerID, messageID string) (*timelineMessage, int, bool) {
	if _, ok := s.found(w, customerID); !ok {
		return nil, 0, false
	}
	for i, m := range s.timelines[customerID] {
		if m.ID == messageID {
			return m, i, true
		}
	}
	writeProblem(w, notFound("Customer "+customerID+" has no timeline message "+messageID+"."))
	return nil, 0, false
}

func (h *Handler) listTimeline(w http.ResponseWriter, c *call) {
	sl, ok := parseListRequest(w, c, timelineSpec)
	if !ok {
		return
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	s := h.storeFor(c.org())
	if _, ok := s.found(w, c.id); !ok {
		return
	}
	base := c.base()
	writeListPage(w, s.timelines[c.id], sl, func(m *timelineMessage) timelineMessage { return presentMessage(m, base) })
}

// parseListRequest parses a small list's query, or answers 422.
func parseListRequest(w http.ResponseWriter, c *call, spec *listSpec) (*smallList, bool) {
	q, bad := queryOf(c.r)
	if bad != nil {
		writeProblem(w, *bad)
		return nil, false
	}
	sl, errs := parseSmallList(q, spec)
	if errs != nil {
		writeProblem(w, invalid("The request has invalid query parameters.", errs...))
		return nil, false
	}
	return sl, true
}

func (h *Handler) getTimelineMessage(w http.ResponseWriter, c *call) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	m, _, ok := h.storeFor(c.org()).messageOf(w, c.id, c.sub)
	if !ok {
		return
	}
	writeValue(w, http.StatusOK, presentMessage(m, c.base()))
}

// deleteTimelineMessage deletes a comment or a custom event. Messages the
// system recorded cannot be deleted: 409.
func (h *Handler) deleteTimelineMessage(w http.ResponseWriter, c *call) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.storeFor(c.org())
	m, i, ok := s.messageOf(w, c.id, c.sub)
	if !ok {
		return
	}
	if m.Type != typeCommentCreated && m.Type != typeCustomEvent {
		writeProblem(w, conflict("Timeline message "+m.ID+" ("+m.Type+") was recorded by the system; only comments and custom events can be deleted."))
		return
	}
	s.timelines[c.id] = slices.Delete(s.timelines[c.id], i, i+1)
	w.WriteHeader(http.StatusNoContent)
}

// createTimelineMessage records a comment (a body with message and no
// type, or type customer-comment-created) or a custom event (type
// custom-event, a registered customEventType, and customData, which the
// answer shows as a two-columns table).
func (h *Handler) createTimelineMessage(w http.ResponseWriter, c *call) {
	in, errs := parseTimelineBody(c.body)
	if errs != nil {
		writeProblem(w, invalid("The timeline message has invalid data.", errs...))
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.writableStore(c.org())
	if _, ok := s.found(w, c.id); !ok {
		return
	}
	now := h.now()
	var m *timelineMessage
	if in.Type == typeCustomEvent {
		et := s.eventType(in.CustomEventType)
		if et == nil {
			writeProblem(w, invalidParam("customEventType", fmt.Sprintf("must be a registered custom event type: %q is not (register it with POST /customer-timeline-custom-events)", in.CustomEventType)))
			return
		}
		var tables []timelineTable
		if in.CustomData != nil {
			tables = append(tables, twoColumns(in.CustomData))
		}
		m = s.record(c.id, typeCustomEvent, in.Message, now, tables...)
		name := et.Name
		m.CustomEventType = &name
	} else {
		m = s.record(c.id, typeCommentCreated, in.Message, now)
	}
	writeCreatedValue(w, messageURL(c.base(), c.id, m.ID), presentMessage(m, c.base()))
}

// timelineInput is the writable part of a timeline message.
type timelineInput struct {
	Type            string
	Message         string
	CustomEventType string
	CustomData      map[string]any
}

// parseTimelineBody checks a timeline message body. Read-only members
// (id, triggeredBy, extraData, occurredTime, _links) are ignored.
func parseTimelineBody(body []byte) (*timelineInput, []invalidField) {
	obj, errs := decodeObject(body)
	if errs != nil {
		return nil, errs
	}
	var t typeChecker
	t.str(obj, "type", "", false, true)
	t.str(obj, "message", "", false, false)
	t.str(obj, "customEventType", "", true, true)
	if v, ok := obj["customData"]; ok {
		if _, isObj := v.(map[string]any); !isObj {
			t.wrongType("customData", "an object", v)
			delete(obj, "customData")
		}
	}
	if len(t.errs) > 0 {
		return nil, t.errs
	}
	in := &timelineInput{}
	in.Type, _ = obj["type"].(string)
	in.Message, _ = obj["message"].(string)
	in.CustomEventType, _ = obj["customEventType"].(string)
	in.CustomData, _ = obj["customData"].(map[string]any)
	switch in.Type {
	case "", typeCommentCreated:
		in.Type = typeCommentCreated
		if strings.TrimSpace(in.Message) == "" {
			t.errs.add("message", "is required: a comment is a message (or send type custom-event with a customEventType)")
		}
		if in.CustomEventType != "" || in.CustomData != nil {
			t.errs.add("type", "must be custom-event when customEventType or customData is sent")
		}
	case typeCustomEvent:
		if in.CustomEventType == "" {
			t.errs.add("customEventType", "is required with type custom-event")
		} else if n := utf8.RuneCountInString(in.CustomEventType); n > 255 {
			t.errs.add("customEventType", fmt.Sprintf("must be at most 255 characters long, not %d", n))
		}
	default:
		t.errs.add("type", fmt.Sprintf("cannot be %q: a client may post a comment (no type, or %s) or a %s; the system records the other types",
			in.Type, typeCommentCreated, typeCustomEvent))
	}
	if len(t.errs) > 0 {
		return nil, t.errs
	}
	return in, nil
}
