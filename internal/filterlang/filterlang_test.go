package filterlang_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrebilly/rebilly-go/internal/filterlang"
)

func exact(s string) filterlang.Value { return filterlang.Value{Kind: filterlang.Exact, Text: s} }
func not(v filterlang.Value) filterlang.Value {
	v.Negated = true
	return v
}
func list(s string) filterlang.Value { return filterlang.Value{Kind: filterlang.List, Text: s} }
func rng(from, to string) filterlang.Value {
	return filterlang.Value{Kind: filterlang.Range, From: from, To: to}
}

func TestParseAndRender(t *testing.T) {
	tests := []struct {
		filter string
		want   []filterlang.Condition
	}{
		{"", nil},
		{"firstName:John", []filterlang.Condition{{Field: "firstName", Values: []filterlang.Value{exact("John")}}}},
		{"primaryAddress.firstName:John,Bill", []filterlang.Condition{{Field: "primaryAddress.firstName", Values: []filterlang.Value{exact("John"), exact("Bill")}}}},
		{"firstName:!John,!Bob", []filterlang.Condition{{Field: "firstName", Values: []filterlang.Value{not(exact("John")), not(exact("Bob"))}}}},
		{"firstName:!John,Bob", []filterlang.Condition{{Field: "firstName", Values: []filterlang.Value{not(exact("John")), exact("Bob")}}}},
		{"amount:1..10", []filterlang.Condition{{Field: "amount", Values: []filterlang.Value{rng("1", "10")}}}},
		{"amount:1..", []filterlang.Condition{{Field: "amount", Values: []filterlang.Value{rng("1", "")}}}},
		{"amount:..10", []filterlang.Condition{{Field: "amount", Values: []filterlang.Value{rng("", "10")}}}},
		{"amount:!1..10", []filterlang.Condition{{Field: "amount", Values: []filterlang.Value{not(rng("1", "10"))}}}},
		{"firstName:@myList", []filterlang.Condition{{Field: "firstName", Values: []filterlang.Value{list("myList")}}}},
		{"firstName:!@myList", []filterlang.Condition{{Field: "firstName", Values: []filterlang.Value{not(list("myList"))}}}},
		{"createdTime:2024-01-01T00:00:00Z..2024-02-01T10:11:12.5Z",
			[]filterlang.Condition{{Field: "createdTime", Values: []filterlang.Value{rng("2024-01-01T00:00:00Z", "2024-02-01T10:11:12.5Z")}}}},
		{"updatedTime:2024-01-01T00:00:00+02:00", []filterlang.Condition{{Field: "updatedTime", Values: []filterlang.Value{exact("2024-01-01T00:00:00+02:00")}}}},
		{"firstName:John;lastName:Doe;customFields.tier_1:gold,silver;amount:5..",
			[]filterlang.Condition{
				{Field: "firstName", Values: []filterlang.Value{exact("John")}},
				{Field: "lastName", Values: []filterlang.Value{exact("Doe")}},
				{Field: "customFields.tier_1", Values: []filterlang.Value{exact("gold"), exact("silver")}},
				{Field: "amount", Values: []filterlang.Value{rng("5", "")}},
			}},
		{"email:a.b@example.com", []filterlang.Condition{{Field: "email", Values: []filterlang.Value{exact("a.b@example.com")}}}},
		{"name:with space", []filterlang.Condition{{Field: "name", Values: []filterlang.Value{exact("with space")}}}},
		{"kebab-field:x", []filterlang.Condition{{Field: "kebab-field", Values: []filterlang.Value{exact("x")}}}},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			got, err := filterlang.Parse(tt.filter)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.filter, filterlang.Render(got), "Render(Parse(f)) == f")
			for i, c := range got {
				again, err := filterlang.Parse(c.String())
				require.NoError(t, err)
				assert.Equal(t, []filterlang.Condition{got[i]}, again)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		filter string
		want   string // part of the error
	}{
		{"firstName", `"firstName" has no ':'`},
		{"firstName:John;", `"" has no ':'`},
		{";firstName:John", `"" has no ':'`},
		{":John", "empty filter field name"},
		{"first name:John", `"first name"`},
		{"primaryAddress..city:x", "empty path segment"},
		{".city:x", "empty path segment"},
		{"city.:x", "empty path segment"},
		{"firstName:", "empty value"},
		{"firstName:John,", "empty value"},
		{"firstName:,John", "empty value"},
		{"firstName:!", "empty value"},
		{"firstName:@", "without a list name"},
		{"firstName:!@", "without a list name"},
		{"amount:..", "neither end"},
		{"amount:1..2..3", "more than one '..'"},
		{"amount:1....3", "more than one '..'"},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			got, err := filterlang.Parse(tt.filter)
			require.Error(t, err)
			assert.Nil(t, got)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestRender(t *testing.T) {
	assert.Equal(t, "", filterlang.Render(nil))
	assert.Equal(t, "a:1;b:!@l;c:..9", filterlang.Render([]filterlang.Condition{
		{Field: "a", Values: []filterlang.Value{exact("1")}},
		{Field: "b", Values: []filterlang.Value{not(list("l"))}},
		{Field: "c", Values: []filterlang.Value{rng("", "9")}},
	}))
}

func TestCheckField(t *testing.T) {
	for _, ok := range []string{"a", "firstName", "primaryAddress.city", "customFields.my_field-2", "A9"} {
		assert.NoError(t, filterlang.CheckField(ok), ok)
	}
	for _, bad := range []string{"", ".", "a.", ".a", "a..b", "a b", "a:b", "a;b", "a,b", "a!", "a@b", "é", "a/b"} {
		err := filterlang.CheckField(bad)
		require.Error(t, err, bad)
		if bad != "" {
			assert.Contains(t, err.Error(), `"`+bad+`"`)
		}
	}
}

func TestCheckText(t *testing.T) {
	for _, ok := range []string{"a", "John Smith", "a.b", "x!", "x@y", "-5", "1.5", "Zoë", "李"} {
		assert.NoError(t, filterlang.CheckText(ok), ok)
	}
	for _, tt := range []struct{ text, want string }{
		{"", "empty filter value"},
		{"a:b", `contains ':'`},
		{"a;b", `contains ';'`},
		{"a,b", `contains ','`},
		{"1..2", "'..'"},
		{"..", "'..'"},
		{"!a", `starts with '!'`},
		{"@a", `starts with '@'`},
	} {
		err := filterlang.CheckText(tt.text)
		require.Error(t, err, tt.text)
		assert.Contains(t, err.Error(), tt.want)
		if tt.text != "" {
			assert.Contains(t, err.Error(), `"`+tt.text+`"`)
		}
	}
}
