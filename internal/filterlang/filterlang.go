// Package filterlang parses and renders the API's filter language:
//
//	field:value                    one value
//	field:a,b                      any of several values
//	field:!a,!b                    none of them
//	field:1..10, field:1.., field:..10   ranges (inclusive; one end may be open)
//	field:@list, field:!@list      any (none) of the values of a stored list
//	a:x;b:y                        several conditions, all of which must hold
//
// The API documents no escaping, so a plain value cannot contain ';' or ',',
// cannot contain "..", and cannot start with '!' or '@'. The first ':' of a
// condition ends the field name, so values such as times may contain ':'.
package filterlang

import (
	"fmt"
	"strings"
)

// Kind says what a Value matches.
type Kind int

// The kinds of value.
const (
	Exact Kind = iota // the field equals Text
	List              // the field equals a value of the stored list named Text
	Range             // the field lies within From..To, either end open when empty
)

// Value is one of the values of a condition.
type Value struct {
	Kind    Kind
	Negated bool
	Text    string // the value (Exact) or the list name (List)
	From    string // Range only
	To      string // Range only
}

// Condition is one field and the values it may (or, negated, may not) take.
type Condition struct {
	Field  string
	Values []Value
}

// Parse splits a filter into its conditions. An empty filter has none.
func Parse(filter string) ([]Condition, error) {
	if filter == "" {
		return nil, nil
	}
	var conds []Condition
	for _, part := range strings.Split(filter, ";") {
		field, rest, ok := strings.Cut(part, ":")
		if !ok {
			return nil, fmt.Errorf("filter condition %q has no ':' between field and value", part)
		}
		if err := CheckField(field); err != nil {
			return nil, err
		}
		cond := Condition{Field: field}
		for _, raw := range strings.Split(rest, ",") {
			v, err := parseValue(raw)
			if err != nil {
				return nil, fmt.Errorf("filter condition %q: %w", part, err)
			}
			cond.Values = append(cond.Values, v)
		}
		conds = append(conds, cond)
	}
	return conds, nil
}

func parseValue(raw string) (Value, error) {
	var v Value
	if strings.HasPrefix(raw, "!") {
		v.Negated = true
		raw = raw[1:]
	}
	switch {
	case raw == "":
		return v, fmt.Errorf("empty value")
	case strings.HasPrefix(raw, "@"):
		v.Kind, v.Text = List, raw[1:]
		if v.Text == "" {
			return v, fmt.Errorf("'@' without a list name")
		}
	case strings.Contains(raw, ".."):
		from, to, _ := strings.Cut(raw, "..")
		if strings.Contains(to, "..") {
			return v, fmt.Errorf("range %q has more than one '..'", raw)
		}
		if from == "" && to == "" {
			return v, fmt.Errorf("range '..' has neither end")
		}
		v.Kind, v.From, v.To = Range, from, to
	default:
		v.Kind, v.Text = Exact, raw
	}
	return v, nil
}

// String renders the condition in the filter language.
func (c Condition) String() string {
	var b strings.Builder
	b.WriteString(c.Field)
	b.WriteByte(':')
	for i, v := range c.Values {
		if i > 0 {
			b.WriteByte(',')
		}
		if v.Negated {
			b.WriteByte('!')
		}
		switch v.Kind {
		case List:
			b.WriteByte('@')
			b.WriteString(v.Text)
		case Range:
			b.WriteString(v.From)
			b.WriteString("..")
			b.WriteString(v.To)
		default:
			b.WriteString(v.Text)
		}
	}
	return b.String()
}

// Render joins conditions into one filter.
func Render(conds []Condition) string {
	parts := make([]string, len(conds))
	for i, c := range conds {
		parts[i] = c.String()
	}
	return strings.Join(parts, ";")
}

// CheckField reports whether name can be used as a field name: letters,
// digits, '_', '-' and '.' between path segments.
func CheckField(name string) error {
	if name == "" {
		return fmt.Errorf("empty filter field name")
	}
	for _, r := range name {
		if !(r == '_' || r == '-' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return fmt.Errorf("filter field name %q: character %q is not allowed", name, r)
		}
	}
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.Contains(name, "..") {
		return fmt.Errorf("filter field name %q has an empty path segment", name)
	}
	return nil
}

// CheckText reports whether s can be sent as a plain value (or a list name,
// or one end of a range) without changing the filter's meaning. It also
// refuses ':', which the API's parser may read as a separator; values with a
// ':' that the SDK renders itself (times) do not go through this check.
func CheckText(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("empty filter value")
	case strings.ContainsAny(s, ":;,"):
		i := strings.IndexAny(s, ":;,")
		return fmt.Errorf("filter value %q contains %q, which the filter language reserves and cannot escape", s, s[i])
	case strings.Contains(s, ".."):
		return fmt.Errorf("filter value %q contains '..', which the filter language reserves for ranges", s)
	case s[0] == '!' || s[0] == '@':
		return fmt.Errorf("filter value %q starts with %q, which the filter language reserves", s, s[0])
	}
	return nil
}
