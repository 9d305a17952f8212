package rebilly_test

// Decoding of every variant of the new schemas, checked against the API
// definition: the response round trips (openapi_test.go) build one
// instance per schema, which for a oneOf or a discriminated table is its
// first branch only. Here every custom field type, timeline table kind and
// timeline action gets its own instance, made from the definition's
// examples (else a valid value of each property's type), and must come out
// of the Go type as it went in.

import (
	"encoding/json"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// TestEveryVariantOfTheNewSchemasDecodes decodes an instance of each
// variant schema into its Go type and encodes it back.
func TestEveryVariantOfTheNewSchemasDecodes(t *testing.T) {
	doc := loadOpenAPI(t)
	schema := func(name string) *openapi3.SchemaRef {
		ref := doc.Components.Schemas[name]
		require.NotNil(t, ref, "schema %s", name)
		return ref
	}
	type variant struct {
		schema string
		set    map[string]any // members the discriminator needs
		decode func(data []byte) (any, error)
	}
	into := func(newValue func() any) func([]byte) (any, error) {
		return func(data []byte) (any, error) {
			v := newValue()
			return v, json.Unmarshal(data, v)
		}
	}
	customField := into(func() any { return &rebilly.CustomField{} })
	table := into(func() any { return &rebilly.TimelineTable{} })
	action := into(func() any { return &rebilly.TimelineAction{} })
	variants := []variant{
		{"ArrayCustomField", nil, customField},
		{"BooleanCustomField", nil, customField},
		{"DateCustomField", nil, customField},
		{"DateTimeCustomField", nil, customField},
		{"IntegerCustomField", nil, customField},
		{"NumberCustomField", nil, customField},
		{"StringCustomField", nil, customField},
		{"MonetaryCustomField", nil, customField},
		{"ListTimelineTable", map[string]any{"type": "list"}, table},
		{"OneColumnTimelineTable", map[string]any{"type": "one-column"}, table},
		{"OneColumnTimelineTable", map[string]any{"type": "one-columns"}, table},
		{"TwoColumnsTimelineTable", map[string]any{"type": "two-columns"}, table},
		{"ThreeColumnsTimelineTable", map[string]any{"type": "three-columns"}, table},
		{"RedemptionCancelTimelineAction", nil, action},
		{"ResendEmailTimelineAction", nil, action},
		{"RulesetRestoreTimelineAction", nil, action},
		{"CustomerInformation", nil, into(func() any { return &rebilly.SummaryMetrics{} })},
		{"CustomerCreditBalance", nil, into(func() any { return &rebilly.CreditBalance{} })},
		{"Attachment", nil, into(func() any { return &rebilly.Attachment{} })},
		{"CustomerTimelineCustomEvent", nil, into(func() any { return &rebilly.CustomEventType{} })},
		{"Tag", nil, into(func() any { return &rebilly.Tag{} })},
		{"CustomerTimeline", nil, into(func() any { return &rebilly.TimelineMessage{} })},
	}
	for _, v := range variants {
		for _, nulls := range []bool{false, true} {
			name := v.schema
			if typ, ok := v.set["type"]; ok {
				name += "/" + typ.(string)
			}
			if nulls {
				name += "/nulls"
			}
			t.Run(name, func(t *testing.T) {
				ref := schema(v.schema)
				instance := instanceMaker{nulls: nulls}.make("body", ref)
				for k, val := range v.set {
					instance.(map[string]any)[k] = val
				}
				if v.set["type"] != "one-column" {
					// The definition's enum spells this kind "one-columns",
					// its discriminator mapping "one-column": the API may
					// send either (NOTES 11.2), and only the first is valid.
					validate(t, ref, instance)
				}
				data, err := json.Marshal(instance)
				require.NoError(t, err)
				got, err := v.decode(data)
				require.NoError(t, err, "%s", data)
				want := without(instance, ref, writeOnly)
				assert.JSONEq(t, normalJSON(t, want), normalJSON(t, got), "every member lands in the Go value")
			})
		}
	}

	// The definition's examples of table rows, each in a table of its kind.
	for kind, name := range map[string]string{"one-column": "OneColumnTimelineTable", "one-columns": "OneColumnTimelineTable",
		"two-columns": "TwoColumnsTimelineTable", "three-columns": "ThreeColumnsTimelineTable"} {
		t.Run("row example/"+kind, func(t *testing.T) {
			data := properties(schema(name).Value)["data"]
			require.NotNil(t, data, "the %s schema has data", name)
			example := data.Value.Items.Value.Example
			require.NotNil(t, example, "the definition has a row example for %s", name)
			in, err := json.Marshal(map[string]any{"type": kind, "data": []any{example}})
			require.NoError(t, err)
			var tbl rebilly.TimelineTable
			require.NoError(t, json.Unmarshal(in, &tbl))
			assert.Equal(t, 1, len(tbl.Rows)+len(tbl.Changes), "the row lands in Rows or Changes")
			out, err := json.Marshal(tbl)
			require.NoError(t, err)
			assert.JSONEq(t, string(in), string(out))
		})
	}
}
