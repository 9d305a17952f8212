package rebilly

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// linksCases are arrays of links: the API's shape, which linksInOnePass
// reads, and near ones, which it leaves to linksFromArray.
var linksCases = []struct {
	data    string
	onePass bool
}{
	{`[{"href":"https://api.test/customers/cus_1","rel":"self"},{"href":"https://api.test/websites/web_1","rel":"website"}]`, true},
	{" [ { \"rel\" : \"self\" , \"href\" : \"/c/1\" } ]\n", true},
	{`[]`, true},
	{`[{"href":"/c/1"}]`, true},
	{`[{"href":"/c/\u0031","rel":"self"}]`, false}, // an escape
	{`[{"href":"/c/é","rel":"self"}]`, false},      // not ASCII
	{`[{"href":"/c/1","rel":"self","title":"x"}]`, false},
	{`[{"HREF":"/c/1","rel":"self"}]`, false}, // encoding/json matches names in any case
	{`[{"href":"/c/1","href":"/c/2"}]`, false},
	{`[{"href":"","rel":""}]`, false}, // a zero Link, which the general way drops
	{`[{"href":null,"rel":"self"}]`, false},
	{`[null,{"href":"/c/1","rel":"self"}]`, false},
	{`[{"href":"/c/1","rel":"self"},]`, false},
	{`[{"href":"/c/1","rel":"self"}] x`, false},
	{`[{"href":"/c/1","rel":"self"}`, false},
	{"[{\"href\":\"/c/\t1\"}]", false}, // a control character: invalid JSON
}

// TestLinksInOnePassDecodesAsTheGeneralWay checks that linksInOnePass
// reads the API's shape, and that what it reads is what linksFromArray
// reads.
func TestLinksInOnePassDecodesAsTheGeneralWay(t *testing.T) {
	for _, c := range linksCases {
		links, ok := linksInOnePass([]byte(c.data))
		assert.Equal(t, c.onePass, ok, "%s", c.data)
		if ok {
			general, err := linksFromArray([]byte(c.data))
			require.NoError(t, err, "%s", c.data)
			assert.Equal(t, general, links, "%s", c.data)
		}
	}
}

// FuzzLinksInOnePass checks that whatever linksInOnePass reads,
// linksFromArray reads the same.
func FuzzLinksInOnePass(f *testing.F) {
	for _, c := range linksCases {
		f.Add([]byte(c.data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		links, ok := linksInOnePass(data)
		if !ok {
			return
		}
		general, err := linksFromArray(data)
		if err != nil {
			t.Fatalf("%q: read in one pass as %v, the general way fails: %v", data, links, err)
		}
		if len(general) != len(links) || (general == nil) != (links == nil) {
			t.Fatalf("%q: one pass %#v, the general way %#v", data, links, general)
		}
		for i := range links {
			if links[i] != general[i] {
				t.Fatalf("%q: one pass %#v, the general way %#v", data, links, general)
			}
		}
	})
}
