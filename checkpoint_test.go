package rebilly_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// tiedCustomers makes n customers, perTime to each createdTime, so that
// page boundaries fall inside groups of ties, with distinct last names in
// another order than their IDs (n must not be a multiple of 37).
func tiedCustomers(n, perTime int) []*rebilly.Customer {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	out := make([]*rebilly.Customer, n)
	for i := range out {
		out[i] = &rebilly.Customer{
			ID:             fmt.Sprintf("cus_%03d", i),
			CreatedTime:    start.Add(time.Duration(i/perTime) * time.Second),
			PrimaryAddress: &rebilly.Contact{LastName: fmt.Sprintf("L%03d", (i*37)%n)},
		}
	}
	return out
}

// walkIDs runs AllFrom, stopping after stopAfter customers (never when
// negative), and returns the IDs it yielded.
func walkIDs(t *testing.T, c *rebilly.Client, params *rebilly.CustomerListParams, cp *rebilly.Checkpoint, stopAfter int) []string {
	t.Helper()
	var ids []string
	for cus, err := range c.Customers.AllFrom(context.Background(), params, cp) {
		require.NoError(t, err)
		ids = append(ids, cus.ID)
		if len(ids) == stopAfter {
			break
		}
	}
	return ids
}

func TestAllFromResumesWithoutSkippingOrRepeating(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithCustomers(tiedCustomers(120, 5)...))
	defer srv.Close()
	c := srv.Client()

	for _, params := range []rebilly.CustomerListParams{
		{Limit: 7},
		{Limit: 7, Sort: []string{rebilly.Desc("createdTime")}},
		{Limit: 5, Filter: "createdTime:2026-03-01T00:00:03Z.."},
		{Limit: 9, Sort: []string{"lastName"}}, // pages by offset
	} {
		var full []string
		for cus, err := range c.Customers.All(context.Background(), &params) {
			require.NoError(t, err)
			full = append(full, cus.ID)
		}
		require.NotEmpty(t, full)
		for _, stop := range []int{1, 4, 5, 6, 7, 13, 14, 35, len(full) - 1} {
			t.Run(fmt.Sprintf("%v/stop-%d", params, stop), func(t *testing.T) {
				p := params
				var cp rebilly.Checkpoint
				first := walkIDs(t, c, &p, &cp, stop)
				require.Len(t, first, stop)

				text, err := cp.MarshalText()
				require.NoError(t, err)
				var loaded rebilly.Checkpoint
				require.NoError(t, loaded.UnmarshalText(text))

				rest := walkIDs(t, c, &p, &loaded, -1)
				assert.Equal(t, full, append(first, rest...), "checkpoint %s", text)
			})
		}
	}
}

func TestAllFromRefusesAnotherQuery(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithCustomers(tiedCustomers(20, 5)...))
	defer srv.Close()
	c := srv.Client()

	var cp rebilly.Checkpoint
	// A page of 5 for the 3 customers the filter selects is the last one,
	// so no page is fetched ahead that could reach the fake after the break.
	walkIDs(t, c, &rebilly.CustomerListParams{Limit: 5, Filter: "primaryAddress.lastName:L001,L002,L003"}, &cp, 1)

	for _, other := range []rebilly.CustomerListParams{
		{Limit: 3},
		{Limit: 3, Filter: "primaryAddress.lastName:L001"},
		{Limit: 3, Filter: "primaryAddress.lastName:L001,L002,L003", Q: "x"},
		{Limit: 3, Filter: "primaryAddress.lastName:L001,L002,L003", Sort: []string{"-createdTime"}},
	} {
		for _, err := range c.Customers.AllFrom(context.Background(), &other, &cp) {
			assert.ErrorIs(t, err, rebilly.ErrCheckpointMismatch, "%+v", other)
			break
		}
	}
	var n int
	for _, err := range c.Customers.AllFrom(context.Background(), &rebilly.CustomerListParams{Filter: "primaryAddress.lastName:L001,L002,L003", Offset: 1}, &cp) {
		assert.ErrorIs(t, err, rebilly.ErrInvalidInput, "a walk with an Offset cannot resume")
		n++
	}
	assert.Equal(t, 1, n)
	assert.Empty(t, srv.Requests()[1:], "refused walks send nothing")
}

func TestCheckpointText(t *testing.T) {
	var cp rebilly.Checkpoint
	for _, bad := range []string{"", "!!!", "e30", "eyJ2IjoyfQ"} { // "", not base64, {}, {"v":2}
		err := cp.UnmarshalText([]byte(bad))
		assert.ErrorIs(t, err, rebilly.ErrCheckpointMismatch, "%q", bad)
	}
	var zero rebilly.Checkpoint
	text, err := zero.MarshalText()
	require.NoError(t, err)
	require.NoError(t, cp.UnmarshalText(text), "a new checkpoint round-trips")
	assert.Equal(t, string(text), cp.String())
}
