package filterlang_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/openrebilly/rebilly-go/internal/filterlang"
)

// FuzzFilterParse checks Parse on arbitrary text. Parse must never panic,
// and it must accept exactly the filters the package documentation
// describes (fuzzAccepts, written without looking at Parse). What it
// accepts must have one condition per ';' and one value per ',', each
// within the language's rules, and must be in canonical form: the language
// has no white space, quoting or escaping, so every list of conditions has
// exactly one spelling, and Render gives back the input byte for byte.
// Rendering and parsing again gives the same conditions.
func FuzzFilterParse(f *testing.F) {
	for _, s := range []string{
		"",
		"firstName:John",
		"primaryAddress.firstName:John,Bill",
		"firstName:!John,!Bob;lastName:Doe",
		"amount:1..10",
		"amount:1..",
		"amount:..10",
		"amount:!1..10",
		"amount:1...5",
		"firstName:@myList,!@other",
		"createdTime:2024-01-01T00:00:00Z..2024-02-01T10:11:12.5Z",
		"updatedTime:2024-01-01T00:00:00+02:00",
		"email:!!x",
		"a:b;;c:d",
		"a:..",
		"a:1..2..3",
		"a:@",
		"a:!",
		".a:b",
		"a..b:c",
		"noColon",
		"é:x",
		"a:b,",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		conds, err := filterlang.Parse(s)
		if want := fuzzAccepts(s); (err == nil) != want {
			t.Fatalf("Parse(%q): error %v, but the language says valid=%v", s, err, want)
		}
		if err != nil {
			if conds != nil {
				t.Fatalf("Parse(%q) failed (%v) but returned conditions %+v", s, err, conds)
			}
			if err.Error() == "" {
				t.Fatalf("Parse(%q) failed with an empty message", s)
			}
			return
		}
		if s == "" {
			if conds != nil {
				t.Fatalf(`Parse("") = %+v, want no conditions`, conds)
			}
			return
		}

		parts := strings.Split(s, ";")
		if len(conds) != len(parts) {
			t.Fatalf("Parse(%q) gave %d conditions for %d ';'-separated parts", s, len(conds), len(parts))
		}
		for i, c := range conds {
			_, rest, _ := strings.Cut(parts[i], ":")
			if want := strings.Count(rest, ",") + 1; len(c.Values) != want {
				t.Fatalf("Parse(%q): condition %d has %d values, want %d", s, i, len(c.Values), want)
			}
			if err := filterlang.CheckField(c.Field); err != nil {
				t.Fatalf("Parse(%q): condition %d has a field CheckField refuses: %v", s, i, err)
			}
			for j, v := range c.Values {
				if msg := fuzzBadValue(v); msg != "" {
					t.Fatalf("Parse(%q): condition %d value %d %+v: %s", s, i, j, v, msg)
				}
			}
		}

		out := filterlang.Render(conds)
		if out != s {
			t.Fatalf("Render(Parse(%q)) = %q, want the input (the canonical form)", s, out)
		}
		again, err := filterlang.Parse(out)
		if err != nil {
			t.Fatalf("Parse(Render(Parse(%q))) = %q fails: %v", s, out, err)
		}
		if !reflect.DeepEqual(again, conds) {
			t.Fatalf("round trip of %q changed the conditions:\n got %+v\nwant %+v", s, again, conds)
		}
	})
}

// fuzzAccepts says whether s is a filter according to the package
// documentation: conditions separated by ';', each a field name (letters,
// digits, '_', '-' and '.' between non-empty segments), ':' and values
// separated by ','; a value is an optional '!' and then "@name", a range
// with one ".." and at least one end, or plain text.
func fuzzAccepts(s string) bool {
	if s == "" {
		return true
	}
	for _, part := range strings.Split(s, ";") {
		colon := strings.IndexByte(part, ':')
		if colon < 0 || !fuzzFieldName(part[:colon]) {
			return false
		}
		for _, v := range strings.Split(part[colon+1:], ",") {
			if len(v) > 0 && v[0] == '!' {
				v = v[1:]
			}
			switch {
			case v == "", v == "@", v == "..":
				return false
			case v[0] == '@':
				// a list name may hold anything but the separators
			case strings.Count(v, "..") > 1:
				return false
			}
		}
	}
	return true
}

func fuzzFieldName(name string) bool {
	for _, seg := range strings.Split(name, ".") {
		if seg == "" {
			return false
		}
		for _, r := range seg {
			ok := r == '_' || r == '-' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
			if !ok {
				return false
			}
		}
	}
	return true
}

// fuzzBadValue says what is wrong with a parsed value, or "" when it keeps
// the rules that make its rendering unambiguous.
func fuzzBadValue(v filterlang.Value) string {
	for _, s := range []string{v.Text, v.From, v.To} {
		if strings.ContainsAny(s, ";,") {
			return "holds a separator"
		}
	}
	switch v.Kind {
	case filterlang.Exact:
		switch {
		case v.From != "" || v.To != "":
			return "an exact value with range ends"
		case v.Text == "":
			return "empty text"
		case v.Text[0] == '@':
			return "exact text that reads as a list"
		case !v.Negated && v.Text[0] == '!':
			return "exact text that reads as negated"
		case strings.Contains(v.Text, ".."):
			return "exact text that reads as a range"
		}
	case filterlang.List:
		if v.Text == "" || v.From != "" || v.To != "" {
			return "a list without a name, or with range ends"
		}
	case filterlang.Range:
		switch {
		case v.Text != "":
			return "a range with text"
		case v.From == "" && v.To == "":
			return "a range with neither end"
		case strings.Contains(v.From, "..") || strings.Contains(v.To, ".."):
			return "a range end holding '..'"
		case strings.HasSuffix(v.From, "."):
			// From.."..".To would then hold ".." earlier than the range's
			// own, and read back differently.
			return "a range start ending in '.'"
		case strings.HasPrefix(v.From, "@"):
			return "a range that reads as a list"
		case !v.Negated && strings.HasPrefix(v.From, "!"):
			return "a range that reads as negated"
		}
	default:
		return "unknown kind"
	}
	return ""
}
