package codec_test

import (
	"reflect"
	"testing"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
)

// FuzzUnmarshalAnyMatchesEncodingJSON: UnmarshalAny decodes as
// encoding/json does into an interface value with UseNumber, or fails where
// it fails.
func FuzzUnmarshalAnyMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{
		`{"n":12345678901234567890,"d":0.10,"x":[1,{"y":null}],"t":true,"f":false}`,
		`{"a":1,"a":2}`, `{}`, `[]`, ` [ 1 , -0.5e+3 , "s" ] `, `"\u00e9\ud800\n"`, "\"\xff\"", `-`, `01`, `1.`, `1e`,
		`.5`, `{"a" 1}`, `{"a":1,}`, `[1,]`, `tru`, `nul`, `{"a":1} x`, "\"a\tb\"", `"\x"`, `"\u12"`, `1E-07`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want any
		wantErr := referenceDecode(data, &want)
		got, gotErr := codec.UnmarshalAny(data)
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("UnmarshalAny error %v, encoding/json error %v, on %q", gotErr, wantErr, data)
		}
		if gotErr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("UnmarshalAny decoded\n %#v\nencoding/json decoded\n %#v\nfrom %q", got, want, data)
		}
	})
}

// TestCustomFieldsDecodeAsEncodingJSON: a Customer's custom fields decode
// themselves (CustomFieldValues.UnmarshalJSON) under the codec as under
// encoding/json, also where a Customer repeats them or they are not an
// object.
func TestCustomFieldsDecodeAsEncodingJSON(t *testing.T) {
	for _, data := range []string{
		`{"customFields":{"n":12345678901234567890,"d":0.10,"x":[1,{"y":null}]}}`,
		`{"customFields":{"a":1},"customFields":{"b":2}}`,
		`{"customFields":{"a":1},"customFields":null}`,
		`{"customFields":null}`, `{"customFields":{}}`, `{"customFields":5}`, `{"customFields":[1]}`,
		`{"customFields":"x"}`, `{"customFields":{"a":01}}`, `{"customFields":{"a":"\u00e9\ud800"}}`,
	} {
		want := new(rebilly.Customer)
		wantErr := referenceDecode([]byte(data), want)
		got := new(rebilly.Customer)
		gotErr := codec.Unmarshal([]byte(data), got)
		if (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: codec error %v, encoding/json error %v", data, gotErr, wantErr)
			continue
		}
		if gotErr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%s: codec decoded %#v, encoding/json %#v", data, got.CustomFields, want.CustomFields)
		}
	}
}
