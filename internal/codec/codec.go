// Package codec is the one place where the SDK and rebillytest encode and
// decode JSON, so that the codec is chosen in one place.
//
// It uses github.com/goccy/go-json, which encodes and decodes as
// encoding/json does (FuzzMatchesEncodingJSON holds it to that) about four
// times faster; see the README for the figures. Numbers decoded into
// interface values (custom fields) are kept as json.Number, so that they
// survive a round trip exactly, and anything but white space after the
// value is an error. Only go-json's public API is used: types that hold
// interface values are decoded by its Decoder, which has UseNumber, and the
// others (a Customer, whose custom fields decode themselves through
// UnmarshalAny) by its faster Unmarshal.
package codec

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"sync"

	gojson "github.com/goccy/go-json"
)

// Marshal returns the JSON encoding of v.
func Marshal(v any) ([]byte, error) {
	return gojson.Marshal(v)
}

// Unmarshal decodes the JSON value in data into v. Empty data (or only
// white space) is io.EOF, as for a stream with no value.
func Unmarshal(data []byte, v any) error {
	if len(bytes.TrimLeft(data, " \t\r\n")) == 0 {
		return io.EOF
	}
	if !holdsInterface(reflect.TypeOf(v)) {
		return gojson.Unmarshal(data, v)
	}
	return unmarshalStream(data, v)
}

// unmarshalStream is Unmarshal through go-json's Decoder, which is slower
// but has UseNumber.
func unmarshalStream(data []byte, v any) error {
	dec := gojson.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			// The data is all there: it is the JSON that ends early, not a
			// connection, as Unmarshal would say.
			return errUnexpectedEnd
		}
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errTrailingData
	}
	return nil
}

// Decode reads all of r and decodes it into v, as Unmarshal does. size is
// how long r is expected to be (an HTTP Content-Length), or -1 when not
// known. A reader error (a connection cut off, a body over its bound) is
// returned as it is, so that callers can tell it from a body that is not
// JSON.
//
// The bytes read are not kept: go-json copies them, and decoded values hold
// copies of their strings, as with encoding/json. This is the fastest way
// to decode a body; DecodeElements holds less of it.
func Decode(r io.Reader, size int64, v any) error {
	data, err := readAll(r, size)
	if err != nil {
		return err
	}
	return Unmarshal(data, v)
}

// readAll reads r to its end. A size between 1 and maxPresized sizes the
// buffer: one byte more than size, for the read that finds the end, so
// that a body as long as it was said to be is read into one allocation of
// its length. A longer one is read whole all the same.
func readAll(r io.Reader, size int64) ([]byte, error) {
	if size <= 0 || size > maxPresized {
		var buf bytes.Buffer
		_, err := buf.ReadFrom(r)
		return buf.Bytes(), err
	}
	buf := make([]byte, 0, size+1)
	for len(buf) < cap(buf) {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	rest := bytes.NewBuffer(buf) // longer than it was said to be
	_, err := rest.ReadFrom(r)
	return rest.Bytes(), err
}

// DecodeElements is Decode for a body held as little as possible: when v
// points to a slice (a page), the array is decoded as it is read, one
// element at a time (see decodeArray), so that its bytes are never held
// whole nor copied whole; other values are decoded by Decode. Into an
// empty slice (as the SDK's always is), it decodes what Decode decodes,
// and fails when Decode fails; a slice that holds elements is replaced,
// where Decode, as encoding/json, decodes into the elements it holds. It
// takes about a quarter longer than Decode on a page of customers (it
// finds where each element ends before go-json decodes it).
func DecodeElements(r io.Reader, v any) error {
	if t := reflect.TypeOf(v); t != nil && streamsArray(t) && !reflect.ValueOf(v).IsNil() {
		return decodeArray(r, v)
	}
	return Decode(r, -1, v)
}

// maxPresized bounds the buffer Decode sizes by the size it is told before
// reading: a Content-Length is the server's word, not yet a body.
const maxPresized = 8 << 20

var (
	errTrailingData  = errors.New("invalid JSON: data after the top-level value")
	errUnexpectedEnd = errors.New("unexpected end of JSON input")
)

// holdsInterface reports whether a value of type t can hold an interface
// value that go-json would decode (one no UnmarshalJSON method decodes), in
// which a number must be decoded as json.Number: go-json's Unmarshal has no
// option for that, its Decoder has UseNumber. The answer is kept per type.
func holdsInterface(t reflect.Type) bool {
	if known, ok := interfaceTypes.Load(t); ok {
		return known.(bool)
	}
	holds := reachesInterface(t, map[reflect.Type]bool{})
	interfaceTypes.Store(t, holds)
	return holds
}

var interfaceTypes sync.Map // reflect.Type -> bool

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func reachesInterface(t reflect.Type, seen map[reflect.Type]bool) bool {
	if t == nil || seen[t] {
		return false
	}
	seen[t] = true
	if t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType) {
		return false // it decodes itself
	}
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return reachesInterface(t.Elem(), seen)
	case reflect.Map:
		return reachesInterface(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); (f.IsExported() || f.Anonymous) && reachesInterface(f.Type, seen) {
				return true
			}
		}
	}
	return false
}
