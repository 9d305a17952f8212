package rebillytest

import "github.com/openrebilly/rebilly-go/internal/codec"

// The cached answer of a customer. Gets and list pages without fields or
// expand are most of what the fake answers, and encoding a customer costs
// far more than copying its bytes.
//
// A record keeps the JSON of its stored fields, encoded when the record is
// written (derive does it, and every write ends in derive). Only the
// links depend on the request (their base URL) and on what the customer
// refers to, so an answer is the cached bytes with the links added, which
// is what encoding the presented customer gives: _links is the last member
// and _embedded, the only one after it, is left out without expand.

// cacheStoredJSON encodes the record's stored fields for later answers,
// or drops them when they cannot be encoded (answers then encode the
// customer afresh and report the error). The caller holds h.mu for
// writing, or owns the record.
func (r *record) cacheStoredJSON() {
	c := r.c
	c.Links, c.Embedded = nil, nil
	body, err := codec.Marshal(&c)
	if err != nil || len(body) < 2 || body[len(body)-1] != '}' {
		r.storedJSON = nil
		return
	}
	r.storedJSON = body[:len(body)-1] // without its closing brace, ready for the links
}

// appendAnswer appends the customer to dst as encodeCustomer(r, base, sh)
// encodes it: from the cached stored fields, with the links added, when sh
// asks for neither fields nor expand. The caller holds h.mu, for reading
// at least.
func (r *record) appendAnswer(dst []byte, base string, sh *shape) ([]byte, error) {
	if !sh.plain() || r.storedJSON == nil {
		body, err := encodeCustomer(r, base, sh)
		return append(dst, body...), err
	}
	links, err := codec.Marshal(customerLinks(r, base))
	if err != nil {
		return dst, err
	}
	dst = append(dst, r.storedJSON...)
	dst = append(dst, `,"_links":`...)
	dst = append(dst, links...)
	return append(dst, '}'), nil
}
