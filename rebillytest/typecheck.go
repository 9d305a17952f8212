package rebillytest

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// The first validation pass: JSON types, required members and empty
// strings, on the decoded body.

// typeChecker is the first pass.
type typeChecker struct{ errs fieldErrors }

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number, float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func (t *typeChecker) wrongType(path, want string, got any) {
	t.errs.add(path, "must be "+want+", not "+jsonType(got))
}

// str checks that obj[name], when present, is a string (or null when
// nullable), and not empty when nonEmpty.
// A member of the wrong type is removed (or, in an array, blanked), so
// that the rest of the body can still be decoded and checked.
func (t *typeChecker) str(obj map[string]any, name, path string, nullable, nonEmpty bool) {
	v, ok := obj[name]
	if !ok {
		return
	}
	if !t.strValue(v, join(path, name), nullable, nonEmpty) {
		delete(obj, name)
	}
}

// strValue reports whether v has the right type.
func (t *typeChecker) strValue(v any, path string, nullable, nonEmpty bool) bool {
	switch s := v.(type) {
	case string:
		if nonEmpty && s == "" {
			t.errs.add(path, "must not be empty")
		}
		return true
	case nil:
		if !nullable {
			t.wrongType(path, "a string", v)
			return false
		}
		return true
	}
	if nullable {
		t.wrongType(path, "a string or null", v)
	} else {
		t.wrongType(path, "a string", v)
	}
	return false
}

func (t *typeChecker) required(obj map[string]any, name, path string) bool {
	if _, ok := obj[name]; !ok {
		t.errs.add(join(path, name), "is required")
		return false
	}
	return true
}

func (t *typeChecker) boolean(obj map[string]any, name, path string) {
	if v, ok := obj[name]; ok {
		if _, isBool := v.(bool); !isBool {
			t.wrongType(join(path, name), "a boolean", v)
			delete(obj, name)
		}
	}
}

// object returns obj[name] when it is an object; it reports a wrong type.
func (t *typeChecker) object(obj map[string]any, name, path string, nullable bool) map[string]any {
	v, ok := obj[name]
	if !ok || v == nil && nullable {
		return nil
	}
	m, isObj := v.(map[string]any)
	if !isObj {
		delete(obj, name)
		if nullable {
			t.wrongType(join(path, name), "an object or null", v)
		} else {
			t.wrongType(join(path, name), "an object", v)
		}
	}
	return m
}

func (t *typeChecker) array(obj map[string]any, name, path string, nullable bool) []any {
	v, ok := obj[name]
	if !ok || v == nil && nullable {
		return nil
	}
	a, isArr := v.([]any)
	if !isArr {
		delete(obj, name)
		if nullable {
			t.wrongType(join(path, name), "an array or null", v)
		} else {
			t.wrongType(join(path, name), "an array", v)
		}
	}
	return a
}

// items calls fn with each item of arr that is an object.
func (t *typeChecker) items(arr []any, path string, fn func(obj map[string]any, path string)) {
	for i, item := range arr {
		p := join(path, strconv.Itoa(i))
		obj, ok := item.(map[string]any)
		if !ok {
			t.wrongType(p, "an object", item)
			arr[i] = map[string]any{}
			continue
		}
		fn(obj, p)
	}
}

// customer checks the writable and write-only members of a Customer body.
// Read-only members are ignored, as the API ignores them.
func (t *typeChecker) customer(obj map[string]any) {
	t.str(obj, "websiteId", "", false, false)
	t.str(obj, "paymentToken", "", false, false)
	t.str(obj, "defaultPaymentInstrumentId", "", true, false)
	t.str(obj, "preferredPayoutInstrumentId", "", true, false)
	t.object(obj, "customFields", "", false)
	if addr := t.object(obj, "primaryAddress", "", true); addr != nil {
		t.contact(addr, "primaryAddress")
	}
	t.str(obj, "locale", "", true, false)
	t.items(t.array(obj, "taxNumbers", "", true), "taxNumbers", func(tn map[string]any, p string) {
		if t.required(tn, "type", p) {
			t.str(tn, "type", p, false, false)
		}
		if t.required(tn, "value", p) {
			t.str(tn, "value", p, false, false)
		}
		t.boolean(tn, "isDefault", p)
	})
	if ls := t.object(obj, "leadSource", "", false); ls != nil {
		t.leadSource(ls, "leadSource")
	}
	t.str(obj, "personId", "", true, false)
	emails := t.array(obj, "notificationEmails", "", false)
	for i, v := range emails {
		if !t.strValue(v, join("notificationEmails", strconv.Itoa(i)), false, false) {
			emails[i] = ""
		}
	}
}

func (t *typeChecker) contact(obj map[string]any, path string) {
	// The ECMA pattern ^[\u0000-\uFFFF]+$ of these is enforced only as
	// "not empty", its intent.
	for _, name := range []string{"firstName", "lastName", "organization", "address", "address2", "city", "region", "jobTitle"} {
		t.str(obj, name, path, true, true)
	}
	for _, name := range []string{"country", "postalCode", "dob"} {
		t.str(obj, name, path, true, false)
	}
	for _, list := range []string{"phoneNumbers", "emails"} {
		t.items(t.array(obj, list, path, false), join(path, list), func(item map[string]any, p string) {
			if t.required(item, "label", p) {
				t.str(item, "label", p, false, false)
			}
			if t.required(item, "value", p) {
				t.str(item, "value", p, false, false)
			}
			t.boolean(item, "primary", p)
		})
	}
}

// leadSource checks the writable members of LeadSourceData.
func (t *typeChecker) leadSource(obj map[string]any, path string) {
	for _, name := range []string{"medium", "source", "campaign", "term", "content", "affiliate",
		"subAffiliate", "salesAgent", "clickId", "path", "referrer"} {
		t.str(obj, name, path, true, false)
	}
}
