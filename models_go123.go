//go:build !go1.24

package rebilly

import (
	"time"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// The models leave zero times out of their JSON with the omitzero tag
// option, which encoding/json (and the codec, which follows it) honours
// from Go 1.24. Built with Go 1.23, these methods do the same, so that
// the encoding is the same on every Go version the module supports. (On
// Go 1.24 and later they are not built: a MarshalJSON method makes encoding
// a page of customers about 1.7 times slower.)

// MarshalJSON encodes c, leaving out zero times, such as those of a
// customer fetched with CustomerListParams.Fields.
func (c Customer) MarshalJSON() ([]byte, error) {
	type plain Customer // without this method
	return codec.Marshal(struct {
		plain
		CreatedTime *time.Time `json:"createdTime,omitempty"`
		UpdatedTime *time.Time `json:"updatedTime,omitempty"`
	}{plain(c), nonZero(c.CreatedTime), nonZero(c.UpdatedTime)})
}

// MarshalJSON encodes t, leaving out zero times.
func (t Tag) MarshalJSON() ([]byte, error) {
	type plain Tag
	return codec.Marshal(struct {
		plain
		CreatedTime *time.Time `json:"createdTime,omitempty"`
		UpdatedTime *time.Time `json:"updatedTime,omitempty"`
	}{plain(t), nonZero(t.CreatedTime), nonZero(t.UpdatedTime)})
}

// MarshalJSON encodes ls, leaving out zero times.
func (ls LeadSource) MarshalJSON() ([]byte, error) {
	type plain LeadSource
	return codec.Marshal(struct {
		plain
		CreatedTime *time.Time `json:"createdTime,omitempty"`
		UpdatedTime *time.Time `json:"updatedTime,omitempty"`
	}{plain(ls), nonZero(ls.CreatedTime), nonZero(ls.UpdatedTime)})
}

// nonZero returns nil for the zero time.
func nonZero(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
