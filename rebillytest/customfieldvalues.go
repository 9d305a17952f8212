package rebillytest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Custom field values of customers, checked against the organization's
// definitions of "customers".

const (
	maxArrayItems      = 1000
	maxArrayItemLength = 255
)

// checkCustomFields checks a customer's customFields against the
// definitions and fills the defaults of missing fields: a name without a
// definition is an error, also when there are no definitions at all. The
// caller holds h.mu.
func (s *store) checkCustomFields(fields map[string]any) (map[string]any, []invalidField) {
	defs := s.fields["customers"]
	var errs fieldErrors
	for _, name := range sortedKeys(fields) {
		path := "customFields." + name
		d, _ := s.customField("customers", name)
		switch {
		case d == nil:
			errs.add(path, "is not a defined custom field of customers (define it with PUT /custom-fields/customers/"+name+")")
		case !d.IsEnabled:
			errs.add(path, "is a disabled custom field")
		default:
			if msg := checkFieldValue(d, fields[name]); msg != "" {
				errs.add(path, msg)
			}
		}
	}
	for _, d := range defs {
		if _, has := fields[d.Name]; has || !d.IsEnabled {
			continue
		}
		if d.AdditionalSchema != nil && d.AdditionalSchema.Default != nil {
			if fields == nil {
				fields = make(map[string]any)
			}
			fields[d.Name] = cloneValue(d.AdditionalSchema.Default)
		} else if d.required() {
			errs.add("customFields."+d.Name, "is required")
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return fields, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkFieldValue reports what is wrong with a value of the field, or "".
func checkFieldValue(d *customFieldDef, v any) string {
	s := d.AdditionalSchema
	if s == nil {
		s = &additionalSchema{}
	}
	switch d.Type {
	case "string":
		str, ok := v.(string)
		if !ok {
			return "must be a string, not " + jsonType(v)
		}
		return checkString(d, s, str)
	case "array":
		list, ok := stringList(v)
		if !ok {
			return "must be an array of strings"
		}
		if len(list) > maxArrayItems {
			return fmt.Sprintf("must hold at most %d values, not %d", maxArrayItems, len(list))
		}
		for i, item := range list {
			if n := utf8.RuneCountInString(item); n > maxArrayItemLength {
				return fmt.Sprintf("value %d must be at most %d characters long, not %d", i, maxArrayItemLength, n)
			}
			if s.AllowedValues != nil && !slices.Contains(s.AllowedValues, item) {
				return fmt.Sprintf("value %d must be one of %s, not %q", i, strings.Join(s.AllowedValues, ", "), item)
			}
		}
	case "integer":
		if !isInt32(v) {
			return "must be an integer from -2147483648 to 2147483647"
		}
		return checkRange(s, v)
	case "number":
		if _, ok := numberValue(v); !ok {
			return "must be a number, not " + jsonType(v)
		}
		return checkRange(s, v)
	case "boolean":
		if _, ok := v.(bool); !ok {
			return "must be a boolean, not " + jsonType(v)
		}
	case "date":
		if str, ok := v.(string); !ok || !parses(time.DateOnly, str) {
			return "must be a date in YYYY-MM-DD format"
		}
	case "datetime":
		if str, ok := v.(string); !ok || !parses(time.RFC3339, str) {
			return "must be a date-time in RFC 3339 format, such as 2025-01-31T12:00:00Z"
		}
	case "monetary":
		return checkMonetary(v)
	}
	return ""
}

func checkString(d *customFieldDef, s *additionalSchema, str string) string {
	if s.AllowedValues != nil && !slices.Contains(s.AllowedValues, str) {
		return fmt.Sprintf("must be one of %s, not %q", strings.Join(s.AllowedValues, ", "), str)
	}
	limit := defaultMaxLength
	if s.MaxLength != nil {
		limit = *s.MaxLength
	}
	if n := utf8.RuneCountInString(str); n > limit {
		return fmt.Sprintf("must be at most %d characters long, not %d", limit, n)
	}
	if d.pattern != nil && !d.pattern.MatchString(str) {
		return "must match the pattern " + *s.Pattern
	}
	return ""
}

func checkRange(s *additionalSchema, v any) string {
	f, _ := numberValue(v)
	if s.Minimum != nil && f < *s.Minimum {
		return fmt.Sprintf("must be at least %v", *s.Minimum)
	}
	if s.Maximum != nil && f > *s.Maximum {
		return fmt.Sprintf("must be at most %v", *s.Maximum)
	}
	return ""
}

func checkMonetary(v any) string {
	const want = `must be an amount of money: {"currency": "EUR", "amount": 25.30}`
	obj, ok := v.(map[string]any)
	if !ok || len(obj) != 2 {
		return want
	}
	cur, ok := obj["currency"].(string)
	if !ok || len(cur) != 3 || !isUpper(cur[0]) || !isUpper(cur[1]) || !isUpper(cur[2]) {
		return want
	}
	if _, ok := numberValue(obj["amount"]); !ok {
		return want
	}
	return ""
}

func parses(layout, s string) bool {
	_, err := time.Parse(layout, s)
	return err == nil
}
