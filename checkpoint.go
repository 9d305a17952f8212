package rebilly

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// Checkpoint records how far a walk of AllFrom or Export has got, so that
// an export that stops halfway can resume without skipping or repeating a
// customer. The zero value starts a new walk. It is opaque: save it with
// MarshalText (a short ASCII text) and load it with UnmarshalText. It
// belongs to the Filter, Q and Sort of the walk that filled it, and to the
// kind of walk: AllFrom refuses one of Export, and Export one of AllFrom.
type Checkpoint struct {
	query string   // fingerprint of the walk's query; "" before it starts
	kind  walkKind // which walk fills it
	// offset is, for a walk by offset, the offset of the next customer.
	offset int
	// keyset is, for a walk by createdTime, what is left of the axis.
	keyset keysetRange
	// ranges are, for Export, what is left of each range it walks; none is
	// left once every one is done. planned is set once they are chosen.
	ranges  []*keysetRange
	planned bool
}

// walkKind tells the walks apart, which page in different ways.
type walkKind uint8

const (
	byOffset      walkKind = iota // All with another Sort: by offset
	byCreatedTime                 // All: by createdTime (keyset)
	byRanges                      // Export: ranges of createdTime, by keyset
)

// checkpointText is the saved form of a Checkpoint.
type checkpointText struct {
	Version int         `json:"v"`
	Query   string      `json:"q"`
	Keyset  bool        `json:"k,omitempty"` // byCreatedTime
	Next    int         `json:"n,omitempty"` // byOffset: offset
	posText             // byCreatedTime: keyset.yielded
	Ranges  []rangeText `json:"r,omitempty"` // byRanges
	Planned bool        `json:"p,omitempty"` // byRanges
}

// posText is the saved form of a keysetPos.
type posText struct {
	Started bool       `json:"s,omitempty"`
	Bound   *time.Time `json:"b,omitempty"`
	AtBound []string   `json:"ids,omitempty"`
}

// rangeText is the saved form of a keysetRange.
type rangeText struct {
	posText
	End *time.Time `json:"e,omitempty"`
}

func (p *keysetPos) text() posText {
	t := posText{Started: p.started}
	if p.started {
		t.Bound = &p.lastTime
	}
	for id := range p.idsAtLastTime {
		t.AtBound = append(t.AtBound, id)
	}
	slices.Sort(t.AtBound)
	return t
}

func (t *posText) pos() (keysetPos, error) {
	if t.Started != (t.Bound != nil) || !t.Started && len(t.AtBound) > 0 {
		return keysetPos{}, fmt.Errorf("%w: not a checkpoint this version of the SDK saved", ErrCheckpointMismatch)
	}
	p := keysetPos{started: t.Started}
	if t.Bound != nil {
		p.lastTime = *t.Bound
	}
	if len(t.AtBound) > 0 {
		p.idsAtLastTime = make(map[string]struct{}, len(t.AtBound))
		for _, id := range t.AtBound {
			p.idsAtLastTime[id] = struct{}{}
		}
	}
	return p, nil
}

// MarshalText saves the checkpoint as text.
func (cp *Checkpoint) MarshalText() ([]byte, error) {
	t := checkpointText{Version: 1, Query: cp.query, Planned: cp.planned}
	switch cp.kind {
	case byOffset:
		t.Next = cp.offset
	case byCreatedTime:
		t.Keyset, t.posText = true, cp.keyset.yielded.text()
	case byRanges:
		t.Ranges = make([]rangeText, 0, len(cp.ranges))
		for _, r := range cp.ranges {
			rt := rangeText{posText: r.yielded.text()}
			if !r.end.IsZero() {
				rt.End = &r.end
			}
			t.Ranges = append(t.Ranges, rt)
		}
	}
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
	if t.Version != 1 || t.Next < 0 || t.Keyset && (t.Planned || t.Ranges != nil) {
		return fmt.Errorf("%w: not a checkpoint this version of the SDK saved", ErrCheckpointMismatch)
	}
	loaded := Checkpoint{query: t.Query, offset: t.Next, planned: t.Planned}
	switch {
	case t.Keyset:
		loaded.kind = byCreatedTime
		if loaded.keyset.yielded, err = t.posText.pos(); err != nil {
			return err
		}
	case t.Planned || t.Ranges != nil:
		loaded.kind = byRanges
		for _, rt := range t.Ranges {
			r := &keysetRange{}
			if r.yielded, err = rt.posText.pos(); err != nil {
				return err
			}
			if rt.End != nil {
				r.end = *rt.End
			}
			loaded.ranges = append(loaded.ranges, r)
		}
	}
	*cp = loaded
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

// begin ties a new checkpoint to the walk's query and kind, or checks that
// a saved one belongs to them.
func (cp *Checkpoint) begin(query string, kind walkKind, offset int) error {
	if cp.query == "" {
		*cp = Checkpoint{query: query, kind: kind, offset: offset}
		return nil
	}
	if (cp.kind == byRanges) != (kind == byRanges) {
		return fmt.Errorf("%w: it was saved by %s, not %s", ErrCheckpointMismatch, cp.kind, kind)
	}
	if cp.query != query || cp.kind != kind {
		return fmt.Errorf("%w: it was saved by a walk with another Filter, Q or Sort", ErrCheckpointMismatch)
	}
	if offset > 0 {
		return inputError("params.Offset", fmt.Errorf("%w: a walk with Offset %d cannot be resumed from a checkpoint", ErrInvalidInput, offset))
	}
	return nil
}

func (k walkKind) String() string {
	if k == byRanges {
		return "Export"
	}
	return "AllFrom"
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
