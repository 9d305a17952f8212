// Package codec is the one place where the SDK and rebillytest encode and
// decode JSON, so that the codec can be chosen in one place.
//
// Numbers decoded into interface values (custom fields) are kept as
// json.Number, so that they survive a round trip exactly.
package codec

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// Marshal returns the JSON encoding of v.
func Marshal(v any) ([]byte, error) {
	return json.Marshal(v)
}

// Unmarshal decodes the JSON value in data into v.
func Unmarshal(data []byte, v any) error {
	return Decode(bytes.NewReader(data), v)
}

// Decode reads one JSON value from r into v. Anything but white space after
// the value is an error.
func Decode(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	switch _, err := dec.Token(); {
	case err == io.EOF:
		return nil
	case err == nil:
		return errTrailingData
	default:
		var syntaxErr *json.SyntaxError
		if errors.As(err, &syntaxErr) {
			return errTrailingData
		}
		// The reader failed after the value: a connection cut off in
		// trailing white space, or a body over its bound.
		return err
	}
}

var errTrailingData = errors.New("invalid JSON: data after the top-level value")
