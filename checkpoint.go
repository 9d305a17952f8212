package rebilly

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// Checkpoint records how far a walk of AllFrom has got, so that an export
// that stops halfway can resume without skipping or repeating a customer.
// The zero value starts a new walk. It is opaque: save it with MarshalText
// (a short ASCII text) and load it with UnmarshalText. It belongs to the
// Filter, Q and Sort of the walk that filled it.
type Checkpoint struct {
	query   string // fingerprint of the walk's query; "" before it starts
	keyset  bool
	started bool                // keyset: bound is set
	bound   time.Time           // keyset: createdTime of the last customer yielded
	atBound map[string]struct{} // keyset: IDs yielded whose createdTime is bound
	next    int                 // offset walk: offset of the next customer
}

// checkpointText is the saved form of a Checkpoint.
type checkpointText struct {
	Version int        `json:"v"`
	Query   string     `json:"q"`
	Keyset  bool       `json:"k,omitempty"`
	Started bool       `json:"s,omitempty"`
	Bound   *time.Time `json:"b,omitempty"`
	AtBound []string   `json:"ids,omitempty"`
	Next    int        `json:"n,omitempty"`
}

// MarshalText saves the checkpoint as text.
func (cp *Checkpoint) MarshalText() ([]byte, error) {
	t := checkpointText{Version: 1, Query: cp.query, Keyset: cp.keyset, Started: cp.started, Next: cp.next}
	if cp.started {
		t.Bound = &cp.bound
	}
	for id := range cp.atBound {
		t.AtBound = append(t.AtBound, id)
	}
	slices.Sort(t.AtBound)
	b, err := codec.Marshal(t)
	if err != nil {
		return nil, err
	}
	out := make([]byte, base64.RawURLEncoding.EncodedLen(len(b)))
	base64.RawURLEncoding.Encode(out, b)
	return out, nil
}

// UnmarshalText loads a checkpoint saved by MarshalText.
func (cp *Checkpoint) UnmarshalText(text []byte) error {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimSpace(string(text)))
	if err != nil {
		return fmt.Errorf("%w: not a saved checkpoint: %v", ErrCheckpointMismatch, err)
	}
	var t checkpointText
	if err := codec.Unmarshal(b, &t); err != nil {
		return fmt.Errorf("%w: not a saved checkpoint: %v", ErrCheckpointMismatch, err)
	}
	if t.Version != 1 || t.Next < 0 || t.Started && t.Bound == nil {
		return fmt.Errorf("%w: not a checkpoint this version of the SDK saved", ErrCheckpointMismatch)
	}
	*cp = Checkpoint{query: t.Query, keyset: t.Keyset, started: t.Started, next: t.Next}
	if t.Bound != nil {
		cp.bound = *t.Bound
	}
	if len(t.AtBound) > 0 {
		cp.atBound = make(map[string]struct{}, len(t.AtBound))
		for _, id := range t.AtBound {
			cp.atBound[id] = struct{}{}
		}
	}
	return nil
}

// String returns the checkpoint's text, as MarshalText does.
func (cp *Checkpoint) String() string {
	b, err := cp.MarshalText()
	if err != nil {
		return "invalid checkpoint: " + err.Error()
	}
	return string(b)
}

// begin ties a new checkpoint to the walk's query, or checks that a saved
// one belongs to it.
func (cp *Checkpoint) begin(query string, keyset bool, offset int) error {
	if cp.query == "" {
		*cp = Checkpoint{query: query, keyset: keyset, next: offset}
		return nil
	}
	if cp.query != query || cp.keyset != keyset {
		return fmt.Errorf("%w: it was saved by a walk with another Filter, Q or Sort", ErrCheckpointMismatch)
	}
	if offset > 0 {
		return inputError("params.Offset", fmt.Errorf("%w: a walk with Offset %d cannot be resumed from a checkpoint", ErrInvalidInput, offset))
	}
	return nil
}

// mark records c as done: in keyset mode, the bound moves to c's
// createdTime and c joins the IDs there; in offset mode, the next offset
// moves on.
func (cp *Checkpoint) mark(c *Customer) {
	if !cp.keyset {
		cp.next++
		return
	}
	if !cp.started || !c.CreatedTime.Equal(cp.bound) {
		cp.started, cp.bound = true, c.CreatedTime
		if cp.atBound == nil {
			cp.atBound = make(map[string]struct{})
		}
		clear(cp.atBound) // a new bound: reuse the map rather than make one per customer
	}
	cp.atBound[c.ID] = struct{}{}
}

// markPage records the customers of cs as done, in order, as mark would
// one by one. In keyset mode only the last run of customers sharing a
// createdTime can stay at the bound, so only those are looked at.
func (cp *Checkpoint) markPage(cs []*Customer) {
	if !cp.keyset {
		cp.next += len(cs)
		return
	}
	if len(cs) == 0 {
		return
	}
	last := cs[len(cs)-1].CreatedTime
	run := len(cs) - 1 // cs[run:] share last
	for run > 0 && cs[run-1].CreatedTime.Equal(last) {
		run--
	}
	if run > 0 || !cp.started || !last.Equal(cp.bound) {
		cp.started, cp.bound, cp.atBound = true, last, make(map[string]struct{}, len(cs)-run)
	}
	for _, c := range cs[run:] {
		cp.atBound[c.ID] = struct{}{}
	}
}

// clone returns a copy of cp that shares nothing with it.
func (cp *Checkpoint) clone() Checkpoint {
	out := *cp
	out.atBound = maps.Clone(cp.atBound)
	return out
}

// queryFingerprint identifies what a walk selects and in which order.
func queryFingerprint(p *CustomerListParams) string {
	h := sha256.New()
	for _, part := range []string{p.Filter, p.Q, strings.Join(p.Sort, ",")} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}
