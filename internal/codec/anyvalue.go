package codec

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"
)

// UnmarshalAny decodes the JSON value in data as encoding/json decodes it
// into an interface value with UseNumber: objects as map[string]any, arrays
// as []any, numbers as the json.Number of their text, so that they are kept
// exactly. It is for the types that decode such values themselves (custom
// fields), so that go-json's Unmarshal, which has no such option, decodes
// the rest.
//
// Strings without escapes, names and numbers are parts of one copy of data,
// made at the start, rather than a copy each.
func UnmarshalAny(data []byte) (any, error) {
	p := anyParser{data: data, text: string(data)}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.data) {
		return nil, errTrailingData
	}
	return v, nil
}

// maxDepth is how deeply arrays and objects may nest, as in encoding/json.
const maxDepth = 10000

// anyParser reads one JSON value from data, from pos.
type anyParser struct {
	data []byte
	text string // a copy of data
	pos  int
}

func (p *anyParser) syntaxError(what string) error {
	if p.pos >= len(p.data) {
		return errUnexpectedEnd
	}
	return fmt.Errorf("invalid JSON at offset %d: %s", p.pos, what)
}

func (p *anyParser) skipSpace() { p.pos = SkipSpace(p.data, p.pos) }

// SkipSpace returns the position of the first byte of data from pos on
// that is not JSON white space, or len(data).
func SkipSpace(data []byte, pos int) int {
	for pos < len(data) {
		switch data[pos] {
		case ' ', '\t', '\n', '\r':
			pos++
		default:
			return pos
		}
	}
	return pos
}

func (p *anyParser) value(depth int) (any, error) {
	if p.pos >= len(p.data) {
		return nil, errUnexpectedEnd
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		return p.string()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, p.syntaxError("not the start of a value")
}

func (p *anyParser) literal(word string) error {
	if len(p.data)-p.pos < len(word) {
		p.pos = len(p.data)
		return errUnexpectedEnd
	}
	if string(p.data[p.pos:p.pos+len(word)]) != word {
		return p.syntaxError("not " + word)
	}
	p.pos += len(word)
	return nil
}

func (p *anyParser) object(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errors.New("invalid JSON: nested too deeply")
	}
	p.pos++ // {
	m := make(map[string]any)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return m, nil
	}
	for {
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.syntaxError("not the start of a name")
		}
		name, err := p.string()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.syntaxError("no ':' after a name")
		}
		p.pos++
		p.skipSpace()
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		m[name] = v
		if end, err := p.afterItem('}'); end || err != nil {
			return m, err
		}
	}
}

func (p *anyParser) array(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errors.New("invalid JSON: nested too deeply")
	}
	p.pos++ // [
	a := []any{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return a, nil
	}
	for {
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		if end, err := p.afterItem(']'); end || err != nil {
			return a, err
		}
	}
}

// afterItem reads what follows a member of an object or an element of an
// array: a ',' and the space after it, or closer, which ends the object or
// array (end is then true).
func (p *anyParser) afterItem(closer byte) (end bool, err error) {
	p.skipSpace()
	if p.pos >= len(p.data) {
		return false, errUnexpectedEnd
	}
	switch p.data[p.pos] {
	case ',':
		p.pos++
		p.skipSpace()
		return false, nil
	case closer:
		p.pos++
		return true, nil
	}
	return false, p.syntaxError("no ',' or '" + string(closer) + "' after an item")
}

// string reads a JSON string. One without escapes, in valid UTF-8, is
// taken as it is from text; any other is decoded by go-json, which reads escapes and
// replaces invalid UTF-8 as encoding/json does.
func (p *anyParser) string() (string, error) {
	start := p.pos
	p.pos++ // "
	plain := true
	for {
		if p.pos >= len(p.data) {
			return "", errUnexpectedEnd
		}
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			if plain && utf8.Valid(p.data[start+1:p.pos-1]) {
				return p.text[start+1 : p.pos-1], nil
			}
			var s string
			if err := gojson.Unmarshal(p.data[start:p.pos], &s); err != nil {
				return "", err
			}
			return s, nil
		case c == '\\':
			plain = false
			p.pos += 2 // the escape's second byte is checked by go-json
		case c < 0x20:
			return "", p.syntaxError("control character in a string")
		default:
			p.pos++
		}
	}
}

// number reads a JSON number: -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?
func (p *anyParser) number() (any, error) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(p.data) && p.data[p.pos] == '0':
		p.pos++
	case p.digits() == 0:
		return nil, p.syntaxError("no digit in a number")
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if p.digits() == 0 {
			return nil, p.syntaxError("no digit after '.' in a number")
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			return nil, p.syntaxError("no digit in a number's exponent")
		}
	}
	return json.Number(p.text[start:p.pos]), nil
}

// digits skips the digits at pos and says how many there were.
func (p *anyParser) digits() int {
	start := p.pos
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		p.pos++
	}
	return p.pos - start
}
