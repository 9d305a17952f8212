package rebilly

import (
	"bytes"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// linksInOnePass decodes data when it is the shape the definition gives
// Links, an array of {"href", "rel"} objects whose members are strings
// of printable ASCII without escapes, as the API sends them: ok is false
// for anything else, which Links.UnmarshalJSON then decodes the general
// way. It reads the array in one pass and copies its text once, the
// links' strings being parts of that copy.
func linksInOnePass(data []byte) (links Links, ok bool) {
	s := scanner{data: data}
	if !s.take('[') {
		return nil, false
	}
	if s.take(']') {
		return Links{}, s.end()
	}
	text := string(data)
	links = make(Links, 0, bytes.Count(data, []byte{'{'})) // at least one per link
	for {
		var link Link
		if !s.take('{') {
			return nil, false
		}
		var seenHref, seenRel bool
		for {
			a, b, ok := s.str()
			if !ok || !s.take(':') {
				return nil, false
			}
			va, vb, ok := s.str()
			if !ok {
				return nil, false
			}
			switch text[a:b] {
			case "href":
				if seenHref {
					return nil, false
				}
				seenHref, link.Href = true, text[va:vb]
			case "rel":
				if seenRel {
					return nil, false
				}
				seenRel, link.Rel = true, text[va:vb]
			default:
				return nil, false
			}
			if s.take('}') {
				break
			}
			if !s.take(',') {
				return nil, false
			}
		}
		if link == (Link{}) {
			return nil, false // the general way drops what decodes to a zero Link
		}
		links = append(links, link)
		if s.take(']') {
			return links, s.end()
		}
		if !s.take(',') {
			return nil, false
		}
	}
}

// scanner reads JSON tokens from data, from pos, for linksInOnePass.
type scanner struct {
	data []byte
	pos  int
}

func (s *scanner) space() { s.pos = codec.SkipSpace(s.data, s.pos) }

// take skips white space and then c, if c comes next.
func (s *scanner) take(c byte) bool {
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

// str skips white space and then a string of printable ASCII without
// escapes, and returns where its text starts and ends.
func (s *scanner) str() (start, end int, ok bool) {
	if !s.take('"') {
		return 0, 0, false
	}
	start = s.pos
	for ; s.pos < len(s.data); s.pos++ {
		switch c := s.data[s.pos]; {
		case c == '"':
			s.pos++
			return start, s.pos - 1, true
		case c < 0x20 || c >= 0x7f || c == '\\':
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// end reports whether only white space is left.
func (s *scanner) end() bool {
	s.space()
	return s.pos == len(s.data)
}
