package rebillytest

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/filterlang"
)

// The filter and q parameters of GET /customers, compiled into matchers.

// condition is one compiled filter condition: a customer matches when one
// of its values matches a positive value (if there are any) and none
// matches a negated one.
type condition struct {
	field    filterField
	pos, neg []func(v any) bool
}

func (c *condition) matches(cu *rebilly.Customer) bool {
	vals := c.field.values(cu)
	if len(c.pos) > 0 && !anyMatch(vals, c.pos) {
		return false
	}
	return len(c.neg) == 0 || !anyMatch(vals, c.neg)
}

func anyMatch(vals []any, matchers []func(any) bool) bool {
	for _, v := range vals {
		for _, m := range matchers {
			if m(v) {
				return true
			}
		}
	}
	return false
}

func (lq *listQuery) parseFilter(filter string) error {
	conds, err := filterlang.Parse(filter)
	if err != nil {
		return err
	}
	for _, fc := range conds {
		field, ok := lookupFilterField(fc.Field)
		if !ok {
			return fmt.Errorf("unknown field %q", fc.Field)
		}
		if fc.Field == "createdTime" && len(fc.Values) == 1 && fc.Values[0].Kind == filterlang.Range && !fc.Values[0].Negated {
			if err := lq.narrow(fc.Values[0]); err != nil {
				return err
			}
			continue
		}
		negated, err := negation(fc.Values)
		if err != nil {
			return fmt.Errorf("field %q: %w", fc.Field, err)
		}
		c := condition{field: field}
		for _, v := range fc.Values {
			m, err := compileValue(field.kind, v)
			if err != nil {
				return fmt.Errorf("field %q: %w", fc.Field, err)
			}
			if negated {
				c.neg = append(c.neg, m)
			} else {
				c.pos = append(c.pos, m)
			}
		}
		lq.conds = append(lq.conds, c)
	}
	return nil
}

// negation reports whether a condition's values are negated. Both forms
// of the filter guides negate every value: the current one's
// firstName:!John,!Bob and the older one's firstName:!John,Bob, where the
// '!' of the first value applies to the list. A list whose first value is
// not negated but a later one is (firstName:John,!Bob) is refused, since
// neither guide gives it a meaning.
func negation(values []filterlang.Value) (bool, error) {
	if len(values) == 0 || values[0].Negated {
		return len(values) > 0, nil
	}
	for _, v := range values[1:] {
		if v.Negated {
			return false, fmt.Errorf("mixes plain and negated values: a '!' negates the whole list only on its first value "+
				"(write !%s,!%s to exclude both, or split the condition)", valueText(values[0]), valueText(v))
		}
	}
	return false, nil
}

// valueText is a filter value as written, without its '!'.
func valueText(v filterlang.Value) string {
	switch v.Kind {
	case filterlang.Range:
		return v.From + ".." + v.To
	case filterlang.List:
		return "@" + v.Text
	}
	return v.Text
}

// narrow intersects the createdTime window with a range.
func (lq *listQuery) narrow(v filterlang.Value) error {
	from, to, err := timeRange(v)
	if err != nil {
		return fmt.Errorf("field \"createdTime\": %w", err)
	}
	if !from.IsZero() && (lq.from.IsZero() || from.After(lq.from)) {
		lq.from = from
	}
	if !to.IsZero() && (lq.to.IsZero() || to.Before(lq.to)) {
		lq.to = to
	}
	return nil
}

// parseTime reads a date-time filter value at whole seconds, the precision
// at which the API keeps times: a fraction of a second is dropped, so
// 2026-01-02T15:04:05.9Z means 15:04:05.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date-time, such as 2026-01-02T15:04:05Z", s)
	}
	return wholeSeconds(t), nil
}

func timeRange(v filterlang.Value) (from, to time.Time, err error) {
	if v.From != "" {
		if from, err = parseTime(v.From); err != nil {
			return
		}
	}
	if v.To != "" {
		to, err = parseTime(v.To)
	}
	return
}

func parseNumber(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return f, nil
}

// compileValue turns one filter value into a matcher for the field's kind.
func compileValue(kind valueKind, v filterlang.Value) (func(any) bool, error) {
	if v.Kind == filterlang.List {
		return nil, fmt.Errorf("value list @%s: the fake has no stored lists", v.Text)
	}
	switch kind {
	case kindText:
		if v.Kind == filterlang.Range {
			lo, hi := strings.ToLower(v.From), strings.ToLower(v.To)
			return func(x any) bool { return inTextRange(x.(string), lo, hi) }, nil
		}
		return func(x any) bool { return strings.EqualFold(x.(string), v.Text) }, nil
	case kindNumber:
		if v.Kind == filterlang.Range {
			lo, hi, err := numberRange(v)
			if err != nil {
				return nil, err
			}
			return func(x any) bool { f := x.(float64); return f >= lo && f <= hi }, nil
		}
		want, err := parseNumber(v.Text)
		if err != nil {
			return nil, err
		}
		return func(x any) bool { return x.(float64) == want }, nil
	case kindTime:
		if v.Kind == filterlang.Range {
			from, to, err := timeRange(v)
			if err != nil {
				return nil, err
			}
			return func(x any) bool {
				t := x.(time.Time)
				return (from.IsZero() || !t.Before(from)) && (to.IsZero() || !t.After(to))
			}, nil
		}
		want, err := parseTime(v.Text)
		if err != nil {
			return nil, err
		}
		return func(x any) bool { return x.(time.Time).Equal(want) }, nil
	case kindBool:
		if v.Kind == filterlang.Range {
			return nil, fmt.Errorf("a boolean field has no ranges")
		}
		text := strings.ToLower(v.Text)
		if text != "true" && text != "false" {
			return nil, fmt.Errorf("%q is not true or false", v.Text)
		}
		want := text == "true"
		return func(x any) bool { return x.(bool) == want }, nil
	}
	return compileDynamic(v), nil
}

func inTextRange(s, lo, hi string) bool {
	s = strings.ToLower(s)
	return (lo == "" || s >= lo) && (hi == "" || s <= hi)
}

func numberRange(v filterlang.Value) (lo, hi float64, err error) {
	lo, hi = math.Inf(-1), math.Inf(1)
	if v.From != "" {
		if lo, err = parseNumber(v.From); err != nil {
			return
		}
	}
	if v.To != "" {
		hi, err = parseNumber(v.To)
	}
	return
}

// compileDynamic matches a custom field, whose type is whatever JSON the
// customer holds: numbers compare as numbers when the filter value is one,
// strings ignoring case, booleans as true/false.
func compileDynamic(v filterlang.Value) func(any) bool {
	if v.Kind == filterlang.Range {
		lo, hi, numErr := numberRange(v)
		tlo, thi := strings.ToLower(v.From), strings.ToLower(v.To)
		return func(x any) bool {
			if f, ok := asNumber(x); ok {
				return numErr == nil && f >= lo && f <= hi
			}
			if s, ok := x.(string); ok {
				return inTextRange(s, tlo, thi)
			}
			return false
		}
	}
	want, numErr := strconv.ParseFloat(v.Text, 64)
	return func(x any) bool {
		switch x := x.(type) {
		case string:
			return strings.EqualFold(x, v.Text)
		case bool:
			return strings.EqualFold(strconv.FormatBool(x), v.Text)
		}
		f, ok := asNumber(x)
		return ok && numErr == nil && f == want
	}
}

func asNumber(x any) (float64, bool) {
	switch x := x.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

func (lq *listQuery) matches(rec *record) bool {
	if lq.q != "" && !strings.Contains(rec.search, lq.q) {
		return false
	}
	for i := range lq.conds {
		if !lq.conds[i].matches(&rec.c) {
			return false
		}
	}
	return true
}
