package rebilly_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// TestZeroTimesAreLeftOut: encoding a customer, tag or lead source leaves
// out the times it does not have (a customer fetched with Fields, say),
// and keeps those it has, on every Go version the module supports: .ci/run
// runs it with Go 1.23 too, where models_go123.go does what the omitzero
// tag option does from Go 1.24.
func TestZeroTimesAreLeftOut(t *testing.T) {
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name       string
		zero, full any
	}{
		{"Customer", rebilly.Customer{ID: "cus_1", Tags: []rebilly.Tag{{Name: "vip"}}},
			rebilly.Customer{ID: "cus_1", CreatedTime: at, UpdatedTime: at}},
		{"Tag", rebilly.Tag{Name: "vip"}, rebilly.Tag{Name: "vip", CreatedTime: at, UpdatedTime: at}},
		{"LeadSource", rebilly.LeadSource{LeadSourceInput: rebilly.LeadSourceInput{Source: "g"}, Original: &rebilly.LeadSource{}},
			rebilly.LeadSource{CreatedTime: at, UpdatedTime: at}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := json.Marshal(tt.zero)
			require.NoError(t, err)
			assert.NotContains(t, string(out), "Time", "zero times are left out: %s", out)
			assert.NotContains(t, string(out), "0001-01-01")

			out, err = json.Marshal(tt.full)
			require.NoError(t, err)
			var m map[string]any
			require.NoError(t, json.Unmarshal(out, &m))
			assert.Equal(t, "2025-03-01T12:00:00Z", m["createdTime"])
			assert.Equal(t, "2025-03-01T12:00:00Z", m["updatedTime"])

			// And the encoding decodes back to the same value.
			back := reflect.New(reflect.TypeOf(tt.full))
			require.NoError(t, json.Unmarshal(out, back.Interface()))
			assert.Equal(t, tt.full, back.Elem().Interface())
		})
	}
}
