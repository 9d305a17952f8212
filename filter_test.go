package rebilly_test

// The filter builder: what it renders and what it refuses.

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

func TestFilterRenders(t *testing.T) {
	t0 := time.Date(2024, time.March, 5, 6, 7, 8, 0, time.UTC)
	t1 := time.Date(2024, time.April, 1, 2, 3, 4, 500_000_000, time.FixedZone("CET", 3600))
	tests := []struct {
		name   string
		filter rebilly.Filter
		want   string
	}{
		{"empty", rebilly.Filter{}, ""},
		{"equal", rebilly.Filter{}.Equal("primaryAddress.lastName", "Smith"), "primaryAddress.lastName:Smith"},
		{"equal several", rebilly.Filter{}.Equal("primaryAddress.firstName", "John", "Bill"), "primaryAddress.firstName:John,Bill"},
		{"not equal", rebilly.Filter{}.NotEqual("firstName", "John"), "firstName:!John"},
		{"not equal several", rebilly.Filter{}.NotEqual("firstName", "John", "Bob"), "firstName:!John,!Bob"},
		{"range", rebilly.Filter{}.Range("paymentCount", "1", "10"), "paymentCount:1..10"},
		{"range from", rebilly.Filter{}.Range("paymentCount", "5", ""), "paymentCount:5.."},
		{"range to", rebilly.Filter{}.Range("paymentCount", "", "10"), "paymentCount:..10"},
		{"range of decimals", rebilly.Filter{}.Range("averageValue.amount", "1.5", "2.25"), "averageValue.amount:1.5..2.25"},
		{"time range", rebilly.Filter{}.TimeRange("createdTime", t0, t1), "createdTime:2024-03-05T06:07:08Z..2024-04-01T01:03:04.5Z"},
		{"time range from", rebilly.Filter{}.TimeRange("createdTime", t0, time.Time{}), "createdTime:2024-03-05T06:07:08Z.."},
		{"time range to", rebilly.Filter{}.TimeRange("updatedTime", time.Time{}, t0), "updatedTime:..2024-03-05T06:07:08Z"},
		{"in list", rebilly.Filter{}.InList("email", "vipEmails"), "email:@vipEmails"},
		{"not in list", rebilly.Filter{}.NotInList("email", "blocked"), "email:!@blocked"},
		{"several fields", rebilly.Filter{}.
			Equal("primaryAddress.country", "US", "CA").
			NotEqual("websiteId", "web_1").
			Range("invoiceCount", "1", "").
			TimeRange("createdTime", t0, time.Time{}).
			InList("email", "vip").
			NotInList("primaryAddress.lastName", "spam").
			Equal("customFields.tier", "gold"),
			"primaryAddress.country:US,CA;websiteId:!web_1;invoiceCount:1..;createdTime:2024-03-05T06:07:08Z..;email:@vip;primaryAddress.lastName:!@spam;customFields.tier:gold"},
		{"values the language allows", rebilly.Filter{}.Equal("email", "a.b+c@example.com", "x!y", "a@b", "a.b", "-1", "with space"),
			"email:a.b+c@example.com,x!y,a@b,a.b,-1,with space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.filter.Build()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want, tt.filter.String())
		})
	}
}

func TestFilterRefuses(t *testing.T) {
	tests := []struct {
		name   string
		filter rebilly.Filter
		names  string // what the error must quote
	}{
		{"colon", rebilly.Filter{}.Equal("email", "a:b"), `"a:b"`},
		{"semicolon", rebilly.Filter{}.Equal("email", "a;b"), `"a;b"`},
		{"comma", rebilly.Filter{}.Equal("firstName", "Smith, John"), `"Smith, John"`},
		{"dot-dot", rebilly.Filter{}.Equal("email", "a..b"), `"a..b"`},
		{"leading bang", rebilly.Filter{}.Equal("firstName", "!John"), `"!John"`},
		{"leading at", rebilly.Filter{}.NotEqual("firstName", "@list"), `"@list"`},
		{"empty value", rebilly.Filter{}.Equal("firstName", ""), "empty filter value"},
		{"one bad value of several", rebilly.Filter{}.Equal("firstName", "ok", "bad;"), `"bad;"`},
		{"no values", rebilly.Filter{}.Equal("firstName"), `"firstName"`},
		{"no values, negated", rebilly.Filter{}.NotEqual("firstName"), `"firstName"`},
		{"empty field", rebilly.Filter{}.Equal("", "x"), "empty filter field name"},
		{"field with colon", rebilly.Filter{}.Equal("a:b", "x"), `"a:b"`},
		{"field with space", rebilly.Filter{}.Equal("first name", "x"), `"first name"`},
		{"field with empty segment", rebilly.Filter{}.Equal("primaryAddress..city", "x"), `"primaryAddress..city"`},
		{"field ending in dot", rebilly.Filter{}.Equal("primaryAddress.", "x"), `"primaryAddress."`},
		{"range with no ends", rebilly.Filter{}.Range("paymentCount", "", ""), `"paymentCount"`},
		{"range end with dot-dot", rebilly.Filter{}.Range("paymentCount", "1..2", ""), `"1..2"`},
		{"range end with colon", rebilly.Filter{}.Range("createdTime", "2024-01-01T00:00:00Z", ""), `"2024-01-01T00:00:00Z"`},
		{"range end with comma", rebilly.Filter{}.Range("paymentCount", "", "1,5"), `"1,5"`},
		{"range on a bad field", rebilly.Filter{}.Range("a b", "1", "2"), `"a b"`},
		{"time range with no ends", rebilly.Filter{}.TimeRange("createdTime", time.Time{}, time.Time{}), `"createdTime"`},
		{"list name with comma", rebilly.Filter{}.InList("email", "a,b"), `"a,b"`},
		{"list name with leading at", rebilly.Filter{}.NotInList("email", "@a"), `"@a"`},
		{"empty list name", rebilly.Filter{}.InList("email", ""), "empty filter value"},
		{"list on an empty field", rebilly.Filter{}.InList("", "vip"), "empty filter field name"},
		{"error after good conditions", rebilly.Filter{}.Equal("a", "1").Equal("b", "x;y").Equal("c", "3"), `"x;y"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.filter.Build()
			require.Error(t, err)
			assert.Empty(t, got)
			assert.ErrorIs(t, err, rebilly.ErrInvalidInput)
			assert.Contains(t, err.Error(), tt.names)
			assert.Contains(t, tt.filter.String(), "invalid filter")
		})
	}
}

func TestFilterNamesEveryError(t *testing.T) {
	_, err := rebilly.Filter{}.Equal("a", "x;1").NotEqual("b", "y,2").InList("c", "").Build()
	require.Error(t, err)
	for _, s := range []string{`"x;1"`, `"y,2"`, "empty filter value", `"a"`, `"b"`, `"c"`} {
		assert.Contains(t, err.Error(), s)
	}
}

// TestFiltersFromOneBaseShareNothing: each method returns a new Filter, and
// Filters built from one base never see each other's conditions or errors.
func TestFiltersFromOneBaseShareNothing(t *testing.T) {
	base := rebilly.Filter{}.Equal("a", "1").Equal("b", "2").Equal("c", "3") // spare capacity after three appends
	f1 := base.Equal("d", "4")
	f2 := base.Equal("e", "5")
	f3 := base.Equal("f", "bad;")
	f4 := base.Range("g", "1", "")

	assertBuilds(t, "a:1;b:2;c:3", base)
	assertBuilds(t, "a:1;b:2;c:3;d:4", f1)
	assertBuilds(t, "a:1;b:2;c:3;e:5", f2)
	assertBuilds(t, "a:1;b:2;c:3;g:1..", f4)
	_, err := f3.Build()
	assert.Error(t, err)

	// Errors do not leak either.
	bad := rebilly.Filter{}.Equal("x", "1;").Equal("y", "2;").Equal("z", "3;")
	b1 := bad.Equal("p", "p;")
	b2 := bad.Equal("q", "q;")
	_, err1 := b1.Build()
	_, err2 := b2.Build()
	require.Error(t, err1)
	require.Error(t, err2)
	assert.NotContains(t, err1.Error(), `"q;"`)
	assert.NotContains(t, err2.Error(), `"p;"`)

	// Many derivations from a base with spare capacity.
	for i := 0; i < 10; i++ {
		v := strconv.Itoa(i)
		assertBuilds(t, "a:1;b:2;c:3;k:"+v, base.Equal("k", v))
	}
}

func assertBuilds(t *testing.T, want string, f rebilly.Filter) {
	t.Helper()
	got, err := f.Build()
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestSortHelpers(t *testing.T) {
	assert.Equal(t, "createdTime", rebilly.Asc("createdTime"))
	assert.Equal(t, "-createdTime", rebilly.Desc("createdTime"))
	assert.Equal(t, "-averageValue.amount", rebilly.Desc("averageValue.amount"))
}
