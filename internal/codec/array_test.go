package codec_test

import (
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
	"github.com/openrebilly/rebilly-go/internal/jsontest"
)

// DecodeElements reads an array into a slice element by element: decoding
// a 20 MB array of values that take no memory allocates less than the
// array's size (a small part of it, more under the race detector, which
// empties go-json's pool of buffers at random). Read whole first, as
// Decode reads it, then copied by go-json, it would allocate twice that.
func TestDecodeArrayIsNotHeldWhole(t *testing.T) {
	elem := `{"a":"` + strings.Repeat("x", 10_000) + `"}`
	const n = 2_000
	var v []struct{}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	require.NoError(t, codec.DecodeElements(jsontest.Array(elem, n), &v))
	runtime.ReadMemStats(&after)
	require.Len(t, v, n)
	size := n * (len(elem) + 1)
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, allocated, uint64(size), "decoding %d bytes allocated %d", size, allocated)
}

// A reader error while an array is decoded is that error, wherever it
// comes: in an element, in a string, between elements, after the array.
func TestDecodeArrayPassesReaderErrors(t *testing.T) {
	boom := errors.New("connection reset")
	for _, head := range []string{
		``, `  `, `[`, `[{"id":"cus_1"`, `[{"id":"cus_1","email":"a\`, `[{"id":"cus_1"}`, `[{"id":"cus_1"},`,
		`[{"id":"cus_1"}]`, `[{"id":"cus_1"}]  `, `[12`, `[{"id":"cus_1"}, {"tags":[{"name":"x"`,
		// the body goes wrong before the reader fails: the reader's error
		// still wins, as when the body is read whole first, so that a
		// body cut off on the way is retried as one
		`[1]x`, `[,`, `[1 x`, `[{"paymentCount":"x"}`, `x`, `[{"id":1}]`,
	} {
		var page []*rebilly.Customer
		err := codec.DecodeElements(io.MultiReader(strings.NewReader(head), errReader{boom}), &page)
		assert.ErrorIs(t, err, boom, "after %q", head)
	}
}

// The elements of an array are decoded from one buffer, which is read
// into again: nothing decoded may point into it.
func TestDecodeArrayValuesOutliveTheBuffer(t *testing.T) {
	elem := `{"id":"cus_1","email":"a@example.com","customFields":{"k":"v"},"_embedded":{"leadSource":{"source":"s"}},"_links":[{"rel":"self","href":"/customers/cus_1"}]}`
	var page []*rebilly.Customer
	require.NoError(t, codec.DecodeElements(jsontest.Array(elem, 2000), &page))
	require.Len(t, page, 2000)
	for _, c := range []*rebilly.Customer{page[0], page[999], page[1999]} {
		assert.Equal(t, "cus_1", c.ID)
		assert.Equal(t, "a@example.com", c.Email)
		assert.Equal(t, rebilly.CustomFieldValues{"k": "v"}, c.CustomFields)
		assert.JSONEq(t, `{"source":"s"}`, string(c.Embedded["leadSource"]))
		assert.Equal(t, rebilly.Links{{Href: "/customers/cus_1", Rel: "self"}}, c.Links)
	}
}

// White space is not kept either: 20 MB of it before and after an array
// are read through the same small buffer.
func TestDecodeArrayKeepsNoWhiteSpace(t *testing.T) {
	space := strings.Repeat(" ", 20<<20)
	body := io.MultiReader(strings.NewReader(space), jsontest.Array(`{"id":"cus_1"}`, 3), strings.NewReader(space))
	var page []*rebilly.Customer
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	require.NoError(t, codec.DecodeElements(body, &page))
	runtime.ReadMemStats(&after)
	require.Len(t, page, 3)
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, allocated, uint64(len(space)/4), "decoding 40 MB of mostly white space allocated %d", allocated)
}
