package rebilly

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// Embedded holds the related objects the API embeds in a resource when it
// is fetched with Expand, keyed by relation ("leadSource", "website",
// "defaultPaymentInstrument"), each as the raw JSON the API sent.
//
// The API has documented two shapes for it, and Embedded decodes both: an
// object keyed by relation (the current definition), and an array of such
// objects (the older API reference), whose members are merged into one map,
// a later member winning for a relation named twice. Within an array,
// members that are not objects are dropped. Any other JSON value (null, a
// string, a number, true or false) decodes to a nil Embedded without error,
// so that an unexpected shape never fails the resource it comes with, nor a
// page of them. Invalid JSON is still an error.
type Embedded map[string]json.RawMessage

// UnmarshalJSON decodes data in any of the shapes the type's doc names.
func (e *Embedded) UnmarshalJSON(data []byte) error {
	*e = nil
	switch jsonKind(data) {
	case '{':
		var m map[string]json.RawMessage
		if err := codec.Unmarshal(data, &m); err != nil {
			return err
		}
		*e = m
	case '[':
		var members []json.RawMessage
		if err := codec.Unmarshal(data, &members); err != nil {
			return err
		}
		for _, member := range members {
			if jsonKind(member) != '{' {
				continue
			}
			var m map[string]json.RawMessage
			if err := codec.Unmarshal(member, &m); err != nil {
				return err
			}
			if *e == nil {
				*e = make(Embedded, len(m))
			}
			for rel, v := range m {
				(*e)[rel] = v
			}
		}
	default:
		return checkValid(data)
	}
	return nil
}

// Links are the links of a resource to related resources.
//
// The definition sends them as an array of {"href", "rel"} objects, and
// Links decodes that. So that an unexpected shape never fails the resource
// it comes with, nor a page of them, Links also keeps what it can of other
// shapes, without error: an object keyed by relation (as HAL writes links),
// each value an object with "href" or an array of them, becomes one Link per
// href, Rel being the key; in an array, members that are not objects are
// dropped, and an "href" or "rel" that is not a string is read as "". Any
// other JSON value (null, a string, a number, true or false) decodes to nil
// Links. Invalid JSON is still an error.
type Links []Link

// UnmarshalJSON decodes data in any of the shapes the type's doc names.
func (l *Links) UnmarshalJSON(data []byte) error {
	*l = nil
	switch jsonKind(data) {
	case '[':
		links, ok := linksInOnePass(data)
		if ok {
			*l = links
			return nil
		}
		links, err := linksFromArray(data)
		*l = links
		return err
	case '{':
		var byRel map[string]json.RawMessage
		if err := codec.Unmarshal(data, &byRel); err != nil {
			return err
		}
		var links Links
		for _, rel := range slices.Sorted(maps.Keys(byRel)) {
			var err error
			if links, err = appendLinks(links, byRel[rel], rel); err != nil {
				return err
			}
		}
		*l = links
		return nil
	default:
		return checkValid(data)
	}
}

// linksFromArray decodes an array of links, whatever its members hold.
func linksFromArray(data []byte) (Links, error) {
	// The defined shape first, in one go-json pass (escapes and all); a
	// zero Link may stand for a null member, which the slower pass drops.
	var plain []Link
	if codec.Unmarshal(data, &plain) == nil && !slices.Contains(plain, Link{}) {
		return plain, nil
	}
	return appendLinks(nil, data, "")
}

// appendLinks appends to links the link object in data, or each link
// object of the array in data. rel, when not "", replaces the links' own
// "rel".
func appendLinks(links Links, data []byte, rel string) (Links, error) {
	if jsonKind(data) != '[' {
		link, ok, err := decodeLink(data, rel)
		if ok {
			links = append(links, link)
		}
		return links, err
	}
	var members []json.RawMessage
	if err := codec.Unmarshal(data, &members); err != nil {
		return links, err
	}
	for _, member := range members {
		link, ok, err := decodeLink(member, rel)
		if err != nil {
			return links, err
		}
		if ok {
			links = append(links, link)
		}
	}
	return links, nil
}

// decodeLink reads one link object; ok is false for a JSON value that is
// not an object. rel, when not "", replaces the link's own "rel".
func decodeLink(data []byte, rel string) (link Link, ok bool, err error) {
	if jsonKind(data) != '{' {
		return Link{}, false, checkValid(data)
	}
	var m map[string]json.RawMessage
	if err := codec.Unmarshal(data, &m); err != nil {
		return Link{}, false, err
	}
	link.Href = jsonString(m["href"])
	link.Rel = jsonString(m["rel"])
	if rel != "" {
		link.Rel = rel
	}
	return link, true, nil
}

// jsonString returns the string data holds, or "" when it holds another
// JSON value.
func jsonString(data json.RawMessage) string {
	var s string
	if jsonKind(data) != '"' || codec.Unmarshal(data, &s) != nil {
		return ""
	}
	return s
}

// jsonKind returns the first byte of the JSON value in data, after white
// space: '{', '[', '"', 'n' (null), 't', 'f', a digit or '-'; 0 when data
// is only white space.
func jsonKind(data []byte) byte {
	for _, b := range data {
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return b
	}
	return 0
}

// checkValid returns an error when data is not one valid JSON value.
func checkValid(data []byte) error {
	if !json.Valid(data) {
		return fmt.Errorf("rebilly: invalid JSON %.40q", data)
	}
	return nil
}
