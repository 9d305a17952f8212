package rebilly

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/openrebilly/rebilly-go/internal/filterlang"
)

// Filter builds a value for CustomerListParams.Filter in the API's filter
// language. The zero value is an empty filter; each method returns a new
// Filter with one more condition, and all conditions must hold:
//
//	f, err := rebilly.Filter{}.
//		Equal("primaryAddress.country", "US", "CA").
//		TimeRange("createdTime", since, time.Time{}).
//		Build()
//
// Values are matched exactly, ignoring case; use CustomerListParams.Q for
// partial matches. The language has no escaping, so Build refuses values that
// contain ':', ';', ',' or "..", or start with '!' or '@', naming the value.
// A filter string written by hand can still be put in the params directly.
type Filter struct {
	conds []filterlang.Condition
	errs  []error
}

// Equal requires field to equal one of values.
func (f Filter) Equal(field string, values ...string) Filter {
	return f.values(field, false, values)
}

// NotEqual requires field to equal none of values.
func (f Filter) NotEqual(field string, values ...string) Filter {
	return f.values(field, true, values)
}

func (f Filter) values(field string, negated bool, values []string) Filter {
	if len(values) == 0 {
		return f.fail(fmt.Errorf("filter field %q: no values", field))
	}
	c := filterlang.Condition{Field: field}
	for _, v := range values {
		if err := filterlang.CheckText(v); err != nil {
			return f.fail(fmt.Errorf("filter field %q: %w", field, err))
		}
		c.Values = append(c.Values, filterlang.Value{Kind: filterlang.Exact, Negated: negated, Text: v})
	}
	return f.add(c)
}

// Range requires field to lie between from and to, both included. An empty
// end is open: Range("paymentCount", "5", "") means at least 5. Besides the
// values Build refuses anywhere, it refuses a from that ends in '.' and a to
// that starts with '.', which the ".." between them would swallow.
func (f Filter) Range(field, from, to string) Filter {
	if from == "" && to == "" {
		return f.fail(fmt.Errorf("filter field %q: a range needs at least one end", field))
	}
	for _, end := range []string{from, to} {
		if end != "" {
			if err := filterlang.CheckText(end); err != nil {
				return f.fail(fmt.Errorf("filter field %q: %w", field, err))
			}
		}
	}
	// "5." + ".." would render "5...", which reads as 5 to ".".
	if strings.HasSuffix(from, ".") || strings.HasPrefix(to, ".") {
		return f.fail(fmt.Errorf("filter field %q: range %q..%q: a start ending in '.' or an end starting with '.' cannot be told apart from the '..' between them", field, from, to))
	}
	return f.add(rangeCondition(field, from, to))
}

// TimeRange requires the date-time field to lie between from and to, both
// included. A zero time is an open end.
func (f Filter) TimeRange(field string, from, to time.Time) Filter {
	if from.IsZero() && to.IsZero() {
		return f.fail(fmt.Errorf("filter field %q: a range needs at least one end", field))
	}
	return f.add(rangeCondition(field, formatTime(from), formatTime(to)))
}

// InList requires field to equal one of the values of the list named list,
// stored in Rebilly.
func (f Filter) InList(field, list string) Filter {
	return f.list(field, list, false)
}

// NotInList requires field to equal none of the values of the stored list.
func (f Filter) NotInList(field, list string) Filter {
	return f.list(field, list, true)
}

func (f Filter) list(field, list string, negated bool) Filter {
	if err := filterlang.CheckText(list); err != nil {
		return f.fail(fmt.Errorf("filter field %q: list name: %w", field, err))
	}
	return f.add(filterlang.Condition{Field: field, Values: []filterlang.Value{{Kind: filterlang.List, Negated: negated, Text: list}}})
}

// Build returns the filter string, or an error naming every field and value
// the language cannot express. An empty Filter builds "".
func (f Filter) Build() (string, error) {
	if len(f.errs) > 0 {
		return "", fmt.Errorf("%w: %w", ErrInvalidInput, errors.Join(f.errs...))
	}
	return filterlang.Render(f.conds), nil
}

// String returns the filter as Build does, or a description of its errors.
func (f Filter) String() string {
	s, err := f.Build()
	if err != nil {
		return "invalid filter: " + err.Error()
	}
	return s
}

func (f Filter) add(c filterlang.Condition) Filter {
	if err := filterlang.CheckField(c.Field); err != nil {
		return f.fail(err)
	}
	// Clip so that two Filters built from one never share appended items.
	f.conds = append(slices.Clip(f.conds), c)
	return f
}

func (f Filter) fail(err error) Filter {
	f.errs = append(slices.Clip(f.errs), err)
	return f
}

func rangeCondition(field, from, to string) filterlang.Condition {
	return filterlang.Condition{Field: field, Values: []filterlang.Value{{Kind: filterlang.Range, From: from, To: to}}}
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
