package rebillytest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A query string that does not parse is refused, not read with the broken
// part dropped: dropping "filter=a:b;" would answer every customer.
func TestUnparsableQueryIsRefused(t *testing.T) {
	srv := newServer(t)
	for _, path := range []string{
		"/customers?filter=lastName:Nobody;",
		"/customers?filter=%zz",
		"/customers/cus_1?fields=id;email",
		"/customers/cus_1?targetCustomerId=%zz",
	} {
		method := http.MethodGet
		if path == "/customers/cus_1?targetCustomerId=%zz" {
			method = http.MethodDelete
		}
		r := do(t, srv, method, path, "")
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, "%s %s: %s", method, path, r.Body)
		assert.Equal(t, []string{"query"}, r.problem(t).fields())
	}
}

func TestNonFiniteNumbersInFiltersAreRefused(t *testing.T) {
	srv := newServer(t)
	for _, filter := range []string{"paymentCount:NaN..", "paymentCount:..Inf", "paymentCount:-Inf..0"} {
		r := do(t, srv, http.MethodGet, "/customers?filter="+filter, "")
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, "%s: %s", filter, r.Body)
		assert.Equal(t, []string{"filter"}, r.problem(t).fields())
	}
}
