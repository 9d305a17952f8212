package codec_test

// The codec must decode exactly as encoding/json does (with UseNumber and
// no data after the value), into every type the SDK decodes from the API.
// FuzzMatchesEncodingJSON holds it to that on arbitrary bytes: both
// decoders succeed with deeply equal values, or both fail.

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"testing"
	"testing/iotest"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
)

// referenceDecode is the behaviour the codec must match.
func referenceDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the value")
	}
	return nil
}

// problemShape is the problem document as decodeProblem reads it: first as
// members, then each known member into its field.
type problemShape struct {
	Type, Title, Detail, Instance string
	Status                        int
	InvalidFields                 []rebilly.InvalidField
}

// targets are the types decoded from API answers, each as a fresh pointer.
var targets = []struct {
	name string
	new  func() any
}{
	{"Customer", func() any { return new(rebilly.Customer) }},
	{"[]*Customer", func() any { return new([]*rebilly.Customer) }},
	{"LeadSource", func() any { return new(rebilly.LeadSource) }},
	{"problem members", func() any { return new(map[string]json.RawMessage) }},
	{"problem", func() any { return new(problemShape) }},
	{"any", func() any { return new(any) }},
	{"[]*TimelineMessage", func() any { return new([]*rebilly.TimelineMessage) }},
	{"[]any", func() any { return new([]any) }},
}

func FuzzMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{
		`{"id":"cus_1","createdTime":"2024-01-01T00:00:00Z","customFields":{"n":12345678901234567890,"d":0.10,"x":[1,{"y":null}]}}`,
		`[{"id":"a","primaryAddress":{"emails":[{"label":"m","value":"a@b.c","primary":true}]}},null,{"ID":"b"}]`,
		`{"id":"x","id":"y","Revision":3,"revision":4}`,
		`{"lastPaymentTime":null,"tags":null,"averageValue":{"amount":1e2,"amountUsd":-0.5}}`,
		`{"createdTime":"2024-01-01T00:00:00.123456789+02:00","updatedTime":"2024-01-01T00:00:00Z"}`,
		`{"createdTime":"2024-01-01"}`,
		`{"referrer":"https:\/\/example.com\u2028","original":{"source":"\ud800"}}`,
		"{\"source\":\"\xff\xfe\"}",
		`{"status":422,"invalidFields":[{"field":"a.b","message":"bad"}],"extra":{"k":[true,false]}}`,
		`{"invalidFields":[{"field":1}]}`,
		`{"paymentCount":1.5}`, `{"paymentCount":01}`, `{"amount":1e400}`, `{"a":1} x`, `{"a":`, `  [] `, `null`, `"text"`, `-0`,
		`{"company":{"yearFounded":1999,"employeesCount":null}}`, `{"_embedded":{"leadSource":{"source":"g"}}}`,
		`[1 2]`, `[{},]`, `[,{}]`, `[{}`, `[{}] ]`, `[{"id":"a"},{"paymentCount":"x"},{"id":"b"}]`, `{"a":[]}`, ` null `, `[null]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, tt := range targets {
			want := tt.new()
			wantErr := referenceDecode(data, want)
			// Every way the codec may decode: the fast one, the one it
			// falls back to should go-json's number option stop working,
			// Decode from a reader, and DecodeElements, which decodes a page
			// element by element as it reads, here also a byte at a time.
			for _, path := range []struct {
				name      string
				unmarshal func([]byte, any) error
			}{
				{"Unmarshal", codec.Unmarshal},
				{"the stream fallback", codec.UnmarshalStream},
				{"Decode", func(data []byte, v any) error { return codec.Decode(bytes.NewReader(data), -1, v) }},
				{"DecodeElements", func(data []byte, v any) error { return codec.DecodeElements(bytes.NewReader(data), v) }},
				{"DecodeElements a byte at a time", func(data []byte, v any) error {
					return codec.DecodeElements(iotest.OneByteReader(bytes.NewReader(data)), v)
				}},
			} {
				got := tt.new()
				gotErr := path.unmarshal(data, got)
				if (gotErr == nil) != (wantErr == nil) {
					t.Fatalf("%s, %s: codec error %v, encoding/json error %v, on %q", tt.name, path.name, gotErr, wantErr, data)
				}
				if gotErr == nil && !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, %s: codec decoded\n %#v\nencoding/json decoded\n %#v\nfrom %q", tt.name, path.name, got, want, data)
				}
			}
		}
	})
}

// TestFastPathIsUsed: the types of the API's answers hold no interface
// value that go-json decodes (custom fields decode themselves), so
// Unmarshal takes go-json's fast Unmarshal for them; an interface value
// takes the stream decoder, which has UseNumber.
func TestFastPathIsUsed(t *testing.T) {
	for _, v := range []any{new(rebilly.Customer), new([]*rebilly.Customer), new(rebilly.LeadSource), new(map[string]json.RawMessage)} {
		if codec.HoldsInterface(reflect.TypeOf(v)) {
			t.Errorf("%T takes the slower stream decoder", v)
		}
	}
	for _, v := range []any{new(any), new(map[string]any), new(struct{ X []any })} {
		if !codec.HoldsInterface(reflect.TypeOf(v)) {
			t.Errorf("%T takes go-json's Unmarshal, which would decode its numbers as float64", v)
		}
	}
}

// TestDecodedValuesDoNotShareTheInput: the codec may be given a buffer that
// is reused for the next answer, so nothing it decodes may point into it.
func TestDecodedValuesDoNotShareTheInput(t *testing.T) {
	data := []byte(`[{"id":"cus_1","email":"a@example.com","customFields":{"k":"v","n":1.5},"_embedded":{"leadSource":{"source":"s"}},"primaryAddress":{"city":"Oslo"}}]`)
	var page []*rebilly.Customer
	if err := codec.Unmarshal(data, &page); err != nil {
		t.Fatal(err)
	}
	for i := range data {
		data[i] = 'X'
	}
	c := page[0]
	if c.ID != "cus_1" || c.Email != "a@example.com" || c.PrimaryAddress.City != "Oslo" ||
		c.CustomFields["k"] != "v" || c.CustomFields["n"] != json.Number("1.5") ||
		string(c.Embedded["leadSource"]) != `{"source":"s"}` {
		t.Fatalf("a decoded value changed with the input buffer: %+v", c)
	}
}

// FuzzEncodeMatchesEncodingJSON: whatever value encoding/json decodes from
// the input, the codec encodes it to the same bytes as encoding/json, for
// the types the SDK and rebillytest encode.
func FuzzEncodeMatchesEncodingJSON(f *testing.F) {
	f.Add([]byte(`{"id":"cus_1","createdTime":"2024-01-01T00:00:00.5+02:00","customFields":{"n":12345678901234567890,"d":0.10,"h":"<a&b>\u2028"},"tags":[{"name":"x"}]}`))
	f.Add([]byte(`{"primaryAddress":{"firstName":"Zoë","emails":[{"label":"m","value":"a@b.c","primary":true}]},"locale":"","lifetimeRevenue":{"amount":1e21,"amountUsd":-0.000001}}`))
	f.Add([]byte(`{"source":"g","referrer":"https://x/?a=1&b=2","original":{"medium":"cpc"},"_links":[{"href":"h","rel":"self"}]}`))
	f.Add([]byte(`{"_embedded":{"leadSource":{"a":[1, 2 ,{"b":null}]}},"paymentCount":3}`))
	encodable := []struct {
		name string
		new  func() any
	}{
		{"Customer", func() any { return new(rebilly.Customer) }},
		{"CustomerInput", func() any { return new(rebilly.CustomerInput) }},
		{"LeadSource", func() any { return new(rebilly.LeadSource) }},
		{"[]*Customer", func() any { return new([]*rebilly.Customer) }},
		{"any", func() any { return new(any) }},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, tt := range encodable {
			v := tt.new()
			if referenceDecode(data, v) != nil {
				continue
			}
			want, wantErr := json.Marshal(v)
			got, gotErr := codec.Marshal(v)
			if (gotErr == nil) != (wantErr == nil) {
				t.Fatalf("%s: codec error %v, encoding/json error %v, encoding the value of %q", tt.name, gotErr, wantErr, data)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s: codec encoded\n %s\nencoding/json encoded\n %s\nthe value of %q", tt.name, got, want, data)
			}
		}
	})
}

// TestTruncatedJSONIsNotAReadError: JSON that ends early, with all of the
// data read, is a syntax error on both decode paths, never
// io.ErrUnexpectedEOF, which the SDK takes for a connection cut off and
// retries.
func TestTruncatedJSONIsNotAReadError(t *testing.T) {
	for _, data := range []string{`{"id":"cus_1"`, `[{"id":"a"},`, `{"id":"cus`, `[`} {
		for name, unmarshal := range map[string]func([]byte, any) error{"Unmarshal": codec.Unmarshal, "stream": codec.UnmarshalStream} {
			var v []*rebilly.Customer
			err := unmarshal([]byte(data), &v)
			if err == nil || errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("%s(%q) = %v, want a syntax error", name, data, err)
			}
		}
	}
}
