package codec

// The encode side's one addition to Marshal: structs that name fields to
// send as JSON null, in the google.golang.org/api convention.

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// nullFieldsName is the name of the field that lists, by Go field name, the
// fields of its struct to encode as null.
const nullFieldsName = "NullFields"

// MarshalNulls encodes v as Marshal does, except in structs that have a
// field NullFields []string: there each field that NullFields names is
// encoded as a JSON null, whatever its value and tag options. Such structs
// are found in v itself and in the fields, pointers and slice elements of
// such structs, through any number of pointers and slices; every other
// value (maps and arrays included) is encoded by Marshal.
//
// The structs with NullFields may use only what the SDK's input types use:
// exported fields tagged `json:"name"` or `json:"name,omitempty"`, or
// `json:"-"`; no embedded fields. Anything else is an error, as is a name in
// NullFields that is not a field of its struct.
func MarshalNulls(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := encodeNulls(&buf, reflect.ValueOf(v)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func encodeNulls(buf *bytes.Buffer, v reflect.Value) error {
	if !v.IsValid() || !hasNullFields(v.Type()) {
		return marshalInto(buf, v)
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		return encodeNulls(buf, v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		buf.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeNulls(buf, v.Index(i)); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	default:
		return encodeStruct(buf, v)
	}
}

// encodeStruct encodes v, a struct with a NullFields field, member by
// member.
func encodeStruct(buf *bytes.Buffer, v reflect.Value) error {
	t := v.Type()
	nulls := v.FieldByName(nullFieldsName).Interface().([]string)
	for _, name := range nulls {
		if f, ok := t.FieldByName(name); !ok || !f.IsExported() || name == nullFieldsName {
			return fmt.Errorf("codec: %s.%s names %q, which is not a field to send", t, nullFieldsName, name)
		}
	}
	buf.WriteByte('{')
	first := true
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		if f.Anonymous {
			return fmt.Errorf("codec: %s.%s: embedded fields are not supported with %s", t, f.Name, nullFieldsName)
		}
		if !f.IsExported() {
			continue
		}
		key, opts, _ := strings.Cut(tag, ",")
		if opts != "" && opts != "omitempty" {
			return fmt.Errorf("codec: %s.%s: tag option %q is not supported with %s", t, f.Name, opts, nullFieldsName)
		}
		if key == "" {
			key = f.Name
		}
		fv := v.Field(i)
		null := slices.Contains(nulls, f.Name)
		if !null && opts == "omitempty" && IsEmpty(fv) {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		if err := marshalInto(buf, reflect.ValueOf(key)); err != nil {
			return err
		}
		buf.WriteByte(':')
		if null {
			buf.WriteString("null")
		} else if err := encodeNulls(buf, fv); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

func marshalInto(buf *bytes.Buffer, v reflect.Value) error {
	var x any
	if v.IsValid() {
		x = v.Interface()
	}
	b, err := Marshal(x)
	if err != nil {
		return err
	}
	buf.Write(b)
	return nil
}

// hasNullFields reports whether t is, or points to or holds in a slice, a
// struct with a NullFields []string field of its own (not one promoted from
// an embedded struct).
func hasNullFields(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	f, ok := t.FieldByName(nullFieldsName)
	return ok && len(f.Index) == 1 && f.Type == reflect.TypeOf([]string(nil))
}

// IsEmpty reports whether encoding/json's omitempty leaves v out.
func IsEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool,
		reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}
