package rebilly_test

import (
	"bytes"
	"encoding/json"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// unmarshalUseNumber is json.Unmarshal with numbers kept as json.Number, so
// that two JSON texts compare by their numbers' text, also beyond float64.
func unmarshalUseNumber(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

// TestCustomFieldsKeepNumbersExactly: custom fields keep every number as
// its text, whichever decoder reads the Customer (the SDK's, or
// encoding/json without UseNumber), and encode it back unchanged.
func TestCustomFieldsKeepNumbersExactly(t *testing.T) {
	body := `{"id":"cus_1","customFields":{"big":12345678901234567890,"cents":0.10,"huge":1e400,"list":[1,{"n":2.50}]}}`
	want := rebilly.CustomFieldValues{
		"big": json.Number("12345678901234567890"), "cents": json.Number("0.10"), "huge": json.Number("1e400"),
		"list": []any{json.Number("1"), map[string]any{"n": json.Number("2.50")}},
	}
	var std rebilly.Customer
	require.NoError(t, json.Unmarshal([]byte(body), &std))
	assert.Equal(t, want, std.CustomFields)

	out, err := json.Marshal(std.CustomFields)
	require.NoError(t, err)
	assert.Equal(t, `{"big":12345678901234567890,"cents":0.10,"huge":1e400,"list":[1,{"n":2.50}]}`, string(out))
	n, ok := new(big.Float).SetString(string(std.CustomFields["big"].(json.Number)))
	require.True(t, ok)
	assert.Equal(t, "12345678901234567890", n.Text('f', 0))
}

// TestCustomFieldsOfTheWrongTypeAreAnError: custom fields that are not an
// object (or null) fail the decode with a type error.
func TestCustomFieldsOfTheWrongTypeAreAnError(t *testing.T) {
	for _, body := range []string{`{"customFields":5}`, `{"customFields":[1]}`, `{"customFields":"x"}`} {
		var c rebilly.Customer
		var typeErr *json.UnmarshalTypeError
		assert.ErrorAs(t, json.Unmarshal([]byte(body), &c), &typeErr, body)
	}
	var c rebilly.Customer
	require.NoError(t, json.Unmarshal([]byte(`{"customFields":null}`), &c))
	assert.Nil(t, c.CustomFields)
}
