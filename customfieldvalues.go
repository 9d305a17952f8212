package rebilly

import (
	"encoding/json"
	"maps"
	"reflect"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// CustomFieldValues are a customer's custom fields: values of any JSON type, by
// field name. Decoded from the API, objects are map[string]any, arrays
// []any, and numbers json.Number, so that a number survives a round trip
// exactly (12345678901234567890 and 0.10 stay as they were sent).
type CustomFieldValues map[string]any

// UnmarshalJSON decodes a JSON object (or null, for no fields) into f,
// keeping numbers as json.Number. Members are added to what f holds, as
// encoding/json adds them to a map.
func (f *CustomFieldValues) UnmarshalJSON(data []byte) error {
	v, err := codec.UnmarshalAny(data)
	if err != nil {
		return err
	}
	switch v := v.(type) {
	case nil:
		*f = nil
	case map[string]any:
		if *f == nil {
			*f = v
		} else {
			maps.Copy(*f, v)
		}
	default:
		return &json.UnmarshalTypeError{Value: valueKind(v), Type: reflect.TypeFor[CustomFieldValues]()}
	}
	return nil
}

// valueKind names the JSON type of a value UnmarshalAny returned.
func valueKind(v any) string {
	switch v.(type) {
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "bool"
	}
	return "value"
}
