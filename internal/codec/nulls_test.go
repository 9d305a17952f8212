package codec_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
)

// TestMarshalNulls: named fields are null, in field order, nested inputs
// included; NullFields itself is not encoded.
func TestMarshalNulls(t *testing.T) {
	in := &rebilly.CustomerInput{
		WebsiteID: "web_1",
		PrimaryAddress: &rebilly.Contact{
			FirstName: "Ada", NullFields: []string{"City", "LastName"},
			Emails: []rebilly.Email{{Label: "main", Value: "a@example.com"}},
		},
		LeadSource: &rebilly.LeadSourceInput{Source: "g", NullFields: []string{"Medium"}},
		NullFields: []string{"PersonID", "Locale"},
	}
	out, err := codec.MarshalNulls(in)
	require.NoError(t, err)
	assert.Equal(t, `{"websiteId":"web_1",`+
		`"primaryAddress":{"firstName":"Ada","lastName":null,"city":null,"emails":[{"label":"main","value":"a@example.com"}]},`+
		`"locale":null,"leadSource":{"medium":null,"source":"g"},"personId":null}`, string(out))
}

// TestMarshalNullsRefusesWhatItCannotEncode: a name that is no field, and
// struct features MarshalNulls does not implement, are errors, not a body
// that differs from encoding/json's.
func TestMarshalNullsRefusesWhatItCannotEncode(t *testing.T) {
	type inner struct{ A string }
	for name, v := range map[string]any{
		"unknown name":      &rebilly.LeadSourceInput{NullFields: []string{"Nope"}},
		"NullFields itself": &rebilly.LeadSourceInput{NullFields: []string{"NullFields"}},
		"unexported field":  &struct{ a, NullFields []string }{NullFields: []string{"a"}},
		"embedded field": &struct {
			inner
			NullFields []string `json:"-"`
		}{},
		"string option": &struct {
			N          int      `json:"n,string"`
			NullFields []string `json:"-"`
		}{},
	} {
		_, err := codec.MarshalNulls(v)
		assert.Error(t, err, name)
	}
}

// FuzzMarshalNullsMatchesEncodingJSON: for any input encoding/json decodes,
// MarshalNulls encodes it as encoding/json does when NullFields are empty,
// byte for byte; and when every empty field (of the input, its primary
// address and its lead source) is named in NullFields, it encodes the same
// members plus those fields as null.
func FuzzMarshalNullsMatchesEncodingJSON(f *testing.F) {
	f.Add([]byte(`{"websiteId":"w","primaryAddress":{"firstName":"Zoë","emails":[{"label":"m","value":"a@b.c","primary":true}]},"locale":"fr","customFields":{"n":1.50,"h":"<a&b>"}}`))
	f.Add([]byte(`{"taxNumbers":[{"type":"eu-vat","value":"x","isValid":true}],"leadSource":{"source":"g","referrer":"https://x/?a=1&b=2"},"notificationEmails":[]}`))
	f.Add([]byte(`{"primaryAddress":{},"leadSource":{},"defaultPaymentInstrumentId":"","personId":"\u2028"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var in rebilly.CustomerInput
		if referenceDecode(data, &in) != nil {
			return
		}
		want, err := json.Marshal(&in)
		require.NoError(t, err)
		got, err := codec.MarshalNulls(&in)
		require.NoError(t, err)
		if !bytes.Equal(got, want) {
			t.Fatalf("no NullFields: MarshalNulls encoded\n %s\nencoding/json encoded\n %s", got, want)
		}

		wantMembers := members(t, want)
		in.NullFields = nameEmptyFields(t, &in, wantMembers)
		if in.PrimaryAddress != nil {
			in.PrimaryAddress.NullFields = nameEmptyFields(t, in.PrimaryAddress, wantMembers["primaryAddress"].(map[string]any))
		}
		if in.LeadSource != nil {
			in.LeadSource.NullFields = nameEmptyFields(t, in.LeadSource, wantMembers["leadSource"].(map[string]any))
		}
		got, err = codec.MarshalNulls(&in)
		require.NoError(t, err)
		if gotMembers := members(t, got); !reflect.DeepEqual(gotMembers, wantMembers) {
			t.Fatalf("with NullFields: MarshalNulls encoded\n %s\nwant the members of\n %s\nand nulls: %#v", got, want, wantMembers)
		}
	})
}

// nameEmptyFields returns the Go names of the fields of *v that members
// (its encoding/json encoding) leaves out, and adds each to members as null.
func nameEmptyFields(t *testing.T, v any, members map[string]any) []string {
	var names []string
	s := reflect.ValueOf(v).Elem()
	for i := range s.NumField() {
		f := s.Type().Field(i)
		key, _, _ := bytes.Cut([]byte(f.Tag.Get("json")), []byte(","))
		if string(key) == "-" || !codec.IsEmpty(s.Field(i)) {
			continue
		}
		if _, present := members[string(key)]; present {
			t.Fatalf("%s is empty but encoded", f.Name)
		}
		members[string(key)] = nil
		names = append(names, f.Name)
	}
	return names
}

func members(t *testing.T, data []byte) map[string]any {
	var m map[string]any
	require.NoError(t, referenceDecode(data, &m), "%s", data)
	return m
}
