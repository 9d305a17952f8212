package rebillytest

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
)

// Validation happens in two passes. The first walks the decoded JSON and
// checks types, required members and empty strings, which a Go struct
// cannot see. The second checks the content of the typed values (lengths
// in characters, patterns, formats, enums); seeds go through it too.

var (
	idPattern         = regexp.MustCompile(`^[@~\-.\w]+$`)
	postalCodePattern = regexp.MustCompile(`^[\w\s\-]+$`)
	tagNamePattern    = regexp.MustCompile(`^[@~\-.\w\s+]+$`)
	// localePattern accepts RFC 5646 tags loosely: a 2-3 letter language
	// and optional subtags, with '-' or '_'.
	localePattern = regexp.MustCompile(`^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$`)
	// emailShape is the shape JSON Schema validators commonly require on
	// top of RFC 5322 parsing.
	emailShape = regexp.MustCompile(`^[^@\s]+@[^@<>",\s]+$`)
)

func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }

// maxIDLength is the longest resource ID the API accepts.
const maxIDLength = 50

// fieldErrors collects invalidFields entries.
type fieldErrors []invalidField

func (e *fieldErrors) add(field, message string) {
	*e = append(*e, invalidField{Field: field, Message: message})
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// checkID reports what is wrong with a resource ID, or "".
func checkID(id string) string {
	switch {
	case id == "":
		return "must not be empty"
	case utf8.RuneCountInString(id) > maxIDLength:
		return fmt.Sprintf("must be at most %d characters long", maxIDLength)
	case !idPattern.MatchString(id):
		return `must contain only letters, digits and the characters _ @ ~ - . (pattern ^[@~\-\.\w]+$)`
	}
	return ""
}

// decodeObject decodes a request body that must be a JSON object.
func decodeObject(body []byte) (map[string]any, []invalidField) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, []invalidField{{Field: "body", Message: "is required: send a JSON object"}}
	}
	var v any
	if err := codec.Unmarshal(body, &v); err != nil {
		return nil, []invalidField{{Field: "body", Message: "is not valid JSON: " + err.Error()}}
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, []invalidField{{Field: "body", Message: "must be a JSON object"}}
	}
	return obj, nil
}

// parseCustomerBody validates a Customer request body and decodes its
// writable and write-only members. clearDefaultPI reports an explicit
// "defaultPaymentInstrumentId": null.
func parseCustomerBody(body []byte) (in *rebilly.CustomerInput, clearDefaultPI bool, errs []invalidField) {
	obj, errs := decodeObject(body)
	if errs != nil {
		return nil, false, errs
	}
	v, present := obj["defaultPaymentInstrumentId"]
	clearDefaultPI = present && v == nil
	var t typeChecker
	t.customer(obj)
	in = new(rebilly.CustomerInput)
	if err := decodeSanitized(obj, in); err != nil {
		return nil, false, []invalidField{{Field: "body", Message: "cannot be read as a customer: " + err.Error()}}
	}
	var c contentChecker
	c.writable(in)
	if errs := mergeErrors(t.errs, c.errs); len(errs) > 0 {
		return nil, false, errs
	}
	return in, clearDefaultPI, nil
}

// decodeSanitized decodes obj, which the type pass has cleaned, into v.
func decodeSanitized(obj map[string]any, v any) error {
	b, err := codec.Marshal(obj)
	if err != nil {
		return err
	}
	return codec.Unmarshal(b, v)
}

// mergeErrors appends to the type errors the content errors of fields that
// have none, so that each field is reported once.
func mergeErrors(typeErrs, contentErrs []invalidField) []invalidField {
	out := typeErrs
	for _, ce := range contentErrs {
		covered := false
		for _, te := range typeErrs {
			if ce.Field == te.Field || strings.HasPrefix(ce.Field, te.Field+".") {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, ce)
		}
	}
	return out
}

// parseLeadSourceBody validates a LeadSource request body and decodes its
// writable members.
func parseLeadSourceBody(body []byte) (*rebilly.LeadSourceInput, []invalidField) {
	obj, errs := decodeObject(body)
	if errs != nil {
		return nil, errs
	}
	var t typeChecker
	t.leadSource(obj, "")
	in := new(rebilly.LeadSourceInput)
	if err := decodeSanitized(obj, in); err != nil {
		return nil, []invalidField{{Field: "body", Message: "cannot be read as a lead source: " + err.Error()}}
	}
	var c contentChecker
	c.leadSource(in, "")
	if errs := mergeErrors(t.errs, c.errs); len(errs) > 0 {
		return nil, errs
	}
	return in, nil
}
