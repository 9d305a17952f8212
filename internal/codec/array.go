package codec

import (
	"errors"
	"fmt"
	"io"
	"reflect"
)

// decodeArray, for DecodeElements, decodes the JSON array that r holds
// into the slice v points to, one element at a time, as r is read: a page
// of customers is never held whole as bytes, only the element being read
// is (a page of 1,000 is about 2.4 MB of JSON). Each element is decoded by
// Unmarshal, so the result, and whether there is an error, are Unmarshal's
// for the whole array: a value that is not an array (null, say) is decoded
// whole by Unmarshal. A reader error is returned as it is, whatever the
// bytes before it were.
func decodeArray(r io.Reader, v any) error {
	s := reflect.ValueOf(v).Elem()
	a := &arrayReader{r: r, buf: make([]byte, readSize)}
	if !a.skipSpace() {
		return a.ended(io.EOF) // no value, as Unmarshal says
	}
	if a.buf[a.pos] != '[' {
		rest, err := io.ReadAll(a)
		if err != nil {
			return err
		}
		return Unmarshal(rest, v)
	}
	a.pos++
	list := reflect.MakeSlice(s.Type(), 0, 0)
	elem := reflect.New(s.Type().Elem())
	if !a.skipSpace() {
		return a.ended(errUnexpectedEnd)
	}
	if a.buf[a.pos] == ']' {
		a.pos++
	} else {
		for {
			if err := a.element(); err != nil {
				return err
			}
			elem.Elem().SetZero()
			if err := Unmarshal(a.buf[a.start:a.pos], elem.Interface()); err != nil {
				return a.ended(err)
			}
			list = reflect.Append(list, elem.Elem())
			if !a.skipSpace() {
				return a.ended(errUnexpectedEnd)
			}
			c := a.buf[a.pos]
			a.pos++
			if c == ']' {
				break
			}
			if c != ',' {
				return a.ended(fmt.Errorf("invalid character %q after array element", c))
			}
			if !a.skipSpace() {
				return a.ended(errUnexpectedEnd)
			}
		}
	}
	if a.skipSpace() {
		return a.ended(errTrailingData)
	}
	if err := a.ended(nil); err != nil {
		return err
	}
	s.Set(list)
	return nil
}

// readSize is how much decodeArray reads of its reader at a time.
const readSize = 32 << 10

// arrayReader reads a JSON array from r into buf, an element at a time:
// buf[start:end] is what has been read and is still needed, pos the next
// byte to look at.
type arrayReader struct {
	r               io.Reader
	buf             []byte
	start, pos, end int
	err             error // the reader's, once it returned one (io.EOF at the end)
}

// more reports whether a byte is there at pos, reading more of r when
// none is (into the same buffer, moved to its start, or into a larger one
// when the element being read fills it).
func (a *arrayReader) more() bool {
	if a.pos < a.end {
		return true
	}
	if a.err != nil {
		return false
	}
	if a.start > 0 {
		n := copy(a.buf, a.buf[a.start:a.end])
		a.pos -= a.start
		a.end, a.start = n, 0
	}
	if a.end == len(a.buf) {
		a.buf = append(a.buf, make([]byte, len(a.buf))...)
	}
	for a.pos >= a.end && a.err == nil {
		n, err := a.r.Read(a.buf[a.end:])
		a.end += n
		a.err = err
	}
	return a.pos < a.end
}

// Read reads what is left: the bytes buffered from pos, then r's.
func (a *arrayReader) Read(p []byte) (int, error) {
	if a.pos < a.end {
		n := copy(p, a.buf[a.pos:a.end])
		a.pos += n
		return n, nil
	}
	if a.err != nil {
		return 0, a.err
	}
	return a.r.Read(p)
}

// ended is the error of a decoding that stopped with err (nil when it
// did not fail): the reader's error instead, when reading failed (a
// connection cut off, a body over its bound), and err otherwise. A
// decoding that failed before the end of r reads the rest first, so that
// a reader error after the bad bytes still wins, as it does when a body is
// read whole before it is decoded (Decode).
func (a *arrayReader) ended(err error) error {
	if err != nil && a.err == nil {
		if _, readErr := io.Copy(io.Discard, a.r); readErr != nil {
			a.err = readErr
		}
	}
	if a.err != nil && a.err != io.EOF {
		return a.err
	}
	return err
}

// skipSpace moves pos past white space, keeping none of it, and reports
// whether a byte follows it.
func (a *arrayReader) skipSpace() bool {
	for {
		// Nothing before pos is needed any more: white space comes only
		// between the values, never in one.
		a.start = a.pos
		if !a.more() {
			return false
		}
		switch a.buf[a.pos] {
		case ' ', '\t', '\r', '\n':
			a.pos++
		default:
			return true
		}
	}
}

// element moves pos past the element that starts at pos, from start: the
// bytes up to where a valid value would end. Whether they are one is for
// Unmarshal to say.
func (a *arrayReader) element() error {
	a.start = a.pos
	switch a.buf[a.pos] {
	case '{', '[', '"':
		return a.skipNested()
	case ',', ']':
		return a.ended(fmt.Errorf("invalid character %q looking for beginning of value", a.buf[a.pos]))
	}
	for a.more() { // a number or a literal, up to what follows it
		switch a.buf[a.pos] {
		case ',', ']', ' ', '\t', '\r', '\n':
			return nil
		}
		a.pos++
	}
	return a.ended(nil)
}

// skipNested moves pos past the object, array or string that starts at
// pos: to the bracket that closes it, or the closing quote, skipping what
// strings hold.
func (a *arrayReader) skipNested() error {
	depth := 0
	inString, escaped := false, false // escaped: the byte at pos is
	for a.more() {
		buf, i := a.buf[:a.end], a.pos
		if escaped {
			i++
			escaped = false
		}
		for ; i < len(buf); i++ {
			c := buf[i]
			if inString {
				for c != '"' && c != '\\' && i+1 < len(buf) { // the common bytes, quickly
					i++
					c = buf[i]
				}
				switch c {
				case '\\':
					if i+1 == len(buf) {
						escaped = true // the next byte is still to be read
					} else {
						i++
					}
				case '"':
					inString = false
					if depth == 0 {
						a.pos = i + 1
						return nil
					}
				}
				continue
			}
			switch c {
			case '"':
				inString = true
			case '{', '[':
				if depth++; depth >= maxDepth { // the array is one level more
					return a.ended(errors.New("invalid JSON: nested too deeply"))
				}
			case '}', ']':
				if depth--; depth == 0 {
					a.pos = i + 1
					return nil
				}
			}
		}
		a.pos = len(buf)
	}
	return a.ended(errUnexpectedEnd)
}

// streamsArray reports whether DecodeElements decodes a value of type t, a pointer,
// element by element: a pointer to a slice that does not decode itself,
// and is not []byte (a base64 string).
func streamsArray(t reflect.Type) bool {
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Slice || t.Elem().Elem().Kind() == reflect.Uint8 {
		return false
	}
	return !t.Implements(unmarshalerType) && !t.Elem().Implements(unmarshalerType)
}
