package rebilly_test

// Decoding of the timeline's extraData tables and of custom field
// definitions, and the status an upsert of a definition reports.

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

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
