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
// or drops them when they cannot be encoded (the answer then encodes the
// customer afresh and reports the error). The caller holds h.mu for
// writing, or owns the record.
func (r *record) cacheStoredJSON() {
	c := r.c
	c.Links, c.Embedded = nil, nil
	body, err := codec.Marshal(&c)
	if err != nil || len(body) < 2 || body[len(body)-1] != '}' {
		r.storedJSON.Store(nil)
		return
	}
	// Without its closing brace, ready for the links.
	body = body[:len(body)-1]
	r.storedJSON.Store(&body)
}

// presentedJSON returns the customer as encodeCustomer(r, base, nil) does:
// the cached stored fields and the links. The caller holds h.mu, for
// reading at least.
func (r *record) presentedJSON(base string) ([]byte, error) {
	stored := r.storedJSON.Load()
	if stored == nil {
		return encodeCustomer(r, base, nil)
	}
	links, err := codec.Marshal(customerLinks(r, base))
	if err != nil {
		return nil, err
	}
	const member = `,"_links":`
	body := make([]byte, 0, len(*stored)+len(member)+len(links)+1)
	body = append(body, *stored...)
	body = append(body, member...)
	body = append(body, links...)
	return append(body, '}'), nil
}
