//go:build !go1.24

package rebilly_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// TestZeroTimesOnGo123: Go 1.23's encoding/json ignores the omitzero tag
// option, so there zero times are encoded as the zero time, as the models'
// doc comments say. (The SDK adds no MarshalJSON method to change that: a
// MarshalJSON method on Customer would be promoted into every struct that
// embeds one, and encode that struct as the customer alone.) Embedding a
// Customer keeps the embedding struct's own fields.
func TestZeroTimesOnGo123(t *testing.T) {
	out, err := json.Marshal(rebilly.Customer{ID: "cus_1"})
	require.NoError(t, err)
	assert.Contains(t, string(out), `"createdTime":"0001-01-01T00:00:00Z"`)

	type row struct {
		rebilly.Customer
		Source string `json:"source"`
	}
	out, err = json.Marshal(row{Customer: rebilly.Customer{ID: "cus_1"}, Source: "crm"})
	require.NoError(t, err)
	assert.Contains(t, string(out), `"source":"crm"`)
}
