package rebilly

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// TimelineMessage is one message of a customer's timeline, as the API
// returns it. The customData of a custom event is write-only: it comes back
// as a two-column table in ExtraData.Tables, and a customData member in an
// answer (as a mock such as Prism sends) is not decoded.
type TimelineMessage struct {
	ID string `json:"id,omitempty"`
	// Type says what happened; see TimelineType.
	Type TimelineType `json:"type,omitempty"`
	// CustomEventType is the registered event type of a message of type
	// TimelineCustomEvent; "" for other messages (the API sends null).
	CustomEventType string `json:"customEventType,omitempty"`
	// TriggeredBy says who or what caused the message: "rebilly", "app" or
	// "direct-api".
	TriggeredBy string `json:"triggeredBy,omitempty"`
	// Message is the message's text: a comment's, or the API's
	// description of what happened.
	Message string `json:"message,omitempty"`
	// ExtraData holds the message's tables, links, mentions, author and
	// actions; nil when the API sends none.
	ExtraData *TimelineExtraData `json:"extraData,omitempty"`
	// OccurredTime is when it happened, by the API's clock.
	OccurredTime time.Time `json:"occurredTime,omitzero"`
	Links        Links     `json:"_links,omitempty"`
}

// TimelineType is the type of a timeline message. The API knows about ninety
// types and adds more over time, so any string may come back; the constants
// name the ones about customers and those the SDK writes.
type TimelineType string

// Common timeline message types.
const (
	TimelineCustomerCreated        TimelineType = "customer-created"
	TimelineCustomerCommentCreated TimelineType = "customer-comment-created"
	TimelineCustomerTagged         TimelineType = "customer-tagged"
	TimelineCustomerUntagged       TimelineType = "customer-untagged"
	TimelineCustomerMerged         TimelineType = "customer-merged"
	TimelineCustomFieldsChanged    TimelineType = "custom-fields-changed"
	TimelineLeadSourceChanged      TimelineType = "lead-source-changed"
	// TimelineCustomEvent is an event of yours: see CreateCustomEvent.
	TimelineCustomEvent          TimelineType = "custom-event"
	TimelineCustomEventProcessed TimelineType = "custom-event-processed"
)

// TimelineExtraData is the structured part of a timeline message. It is
// read-only.
type TimelineExtraData struct {
	// Actions are what a user can do about the message in Rebilly's app.
	Actions []TimelineAction `json:"actions,omitempty"`
	// Tables hold the message's details, such as the fields a change
	// changed.
	Tables []TimelineTable `json:"tables,omitempty"`
	Author *TimelineAuthor `json:"author,omitempty"`
	// Mentions maps each user mentioned ("@user@example.com") to the
	// user's ID.
	Mentions map[string]string `json:"mentions,omitempty"`
	// Links are the resources the message refers to.
	Links []TimelineLink `json:"links,omitempty"`
}

// TimelineAction is an action offered on a timeline message. Action names
// it ("redemption-cancel", "resend-email", "ruleset-restore"), and the
// member that action uses is set.
type TimelineAction struct {
	Action       string `json:"action"`
	RedemptionID string `json:"redemptionId,omitempty"` // redemption-cancel
	MessageID    string `json:"messageId,omitempty"`    // resend-email
	Version      *int   `json:"version,omitempty"`      // ruleset-restore
}

// TimelineAuthor is the user who wrote a timeline message.
type TimelineAuthor struct {
	UserFullName string `json:"userFullName,omitempty"`
	UserID       string `json:"userId,omitempty"`
}

// TimelineLink is a resource a timeline message refers to.
type TimelineLink struct {
	// ResourceType is "kyc-document", "invoice", "subscription",
	// "transaction", "email-message", "dispute", "coupon" or "external".
	ResourceType string `json:"resourceType,omitempty"`
	ResourceID   string `json:"resourceId,omitempty"`
	Placeholder  string `json:"placeholder,omitempty"`
	ExternalURL  string `json:"externalUrl,omitempty"`
}

// The kinds of timeline table.
const (
	TimelineTableList         = "list"          // Items
	TimelineTableOneColumn    = "one-column"    // Rows; also spelled "one-columns"
	TimelineTableTwoColumns   = "two-columns"   // Rows
	TimelineTableThreeColumns = "three-columns" // Changes
)

// TimelineTable is a table of a timeline message. Its Type says which of
// Items, Rows and Changes holds its data; a table of a kind the SDK does
// not know keeps its data undecoded in Raw. The API's definition spells
// the one-column kind both "one-column" and "one-columns"; both decode
// into Rows, and Type keeps the spelling that came.
type TimelineTable struct {
	Type   string
	Title  string
	Footer string
	// Items are the entries of a "list" table.
	Items []string
	// Rows are the rows of a "one-column" or "two-columns" table.
	Rows []TimelineRow
	// Changes are the rows of a "three-columns" table: a value before and
	// after a change.
	Changes []TimelineChange
	// Raw is the data of a table of another kind, as sent.
	Raw json.RawMessage
}

// TimelineRow is a row of a one- or two-column table. Value is a string,
// a json.Number or a bool.
type TimelineRow struct {
	Attribute string `json:"attribute"`
	Value     any    `json:"value"`
}

// TimelineChange is a row of a three-column table. The values are strings,
// json.Numbers or bools.
type TimelineChange struct {
	Attribute     string `json:"attribute"`
	PreviousValue any    `json:"previousValue"`
	NewValue      any    `json:"newValue"`
}

// timelineTableJSON is a table as the API sends it.
type timelineTableJSON struct {
	Type   string          `json:"type"`
	Title  string          `json:"title,omitempty"`
	Footer string          `json:"footer,omitempty"`
	Data   json.RawMessage `json:"data,omitempty"`
}

// UnmarshalJSON decodes a table by its type.
func (t *TimelineTable) UnmarshalJSON(data []byte) error {
	var raw timelineTableJSON
	if err := codec.Unmarshal(data, &raw); err != nil {
		return err
	}
	*t = TimelineTable{Type: raw.Type, Title: raw.Title, Footer: raw.Footer}
	if len(raw.Data) == 0 || string(raw.Data) == "null" {
		return nil
	}
	var err error
	switch raw.Type {
	case TimelineTableList:
		err = codec.Unmarshal(raw.Data, &t.Items)
	case TimelineTableOneColumn, "one-columns", TimelineTableTwoColumns:
		err = codec.Unmarshal(raw.Data, &t.Rows)
	case TimelineTableThreeColumns:
		err = codec.Unmarshal(raw.Data, &t.Changes)
	default:
		t.Raw = append(json.RawMessage(nil), raw.Data...)
	}
	if err != nil {
		return fmt.Errorf("timeline table of type %q: %w", raw.Type, err)
	}
	return nil
}

// MarshalJSON encodes a table as the API sends it.
func (t TimelineTable) MarshalJSON() ([]byte, error) {
	out := timelineTableJSON{Type: t.Type, Title: t.Title, Footer: t.Footer, Data: t.Raw}
	var data any
	switch {
	case t.Items != nil:
		data = t.Items
	case t.Rows != nil:
		data = t.Rows
	case t.Changes != nil:
		data = t.Changes
	}
	if data != nil {
		b, err := codec.Marshal(data)
		if err != nil {
			return nil, err
		}
		out.Data = b
	}
	return codec.Marshal(out)
}
