//go:build go1.24

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

// TestZeroTimesAreLeftOut: from Go 1.24, whose encoding/json honours the
// omitzero tag option, encoding a customer, tag or lead source leaves out
// the times it does not have (a customer fetched with Fields, say), and
// keeps those it has. marshal_go123_test.go pins what Go 1.23 does.
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

// TestEmbeddingACustomerKeepsTheOuterFields: a struct that embeds a
// Customer encodes its own fields too (the models have no MarshalJSON
// method that would be promoted into it).
func TestEmbeddingACustomerKeepsTheOuterFields(t *testing.T) {
	type row struct {
		rebilly.Customer
		Source string `json:"source"`
	}
	out, err := json.Marshal(row{Customer: rebilly.Customer{ID: "cus_1"}, Source: "crm"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"cus_1","paymentCount":0,"invoiceCount":0,"revision":0,"hasFulfilledKyc":false,"source":"crm"}`, string(out))
}
