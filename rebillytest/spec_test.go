package rebillytest_test

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// spec31Path is the authoritative API definition, in OpenAPI 3.1.
const spec31Path = "../../shared/openapi/customer-api.openapi.yaml"

// TestContractFileMatchesTheOpenAPI31File: the contract check reads the
// 3.0.3 rendering of the API definition (see specPath). Rewriting the
// 3.1 file's three 3.1-only forms into their 3.0 equivalents, a type list
// with "null" (3.0: the type and nullable: true), oneOf [X, null] (3.0:
// allOf [X] with nullable: true) and a type list without "null" (3.0:
// anyOf of one schema per type, as in the timeline tables' cells), must
// give exactly the 3.0.3 file, so that checking against one is checking
// against the other.
func TestContractFileMatchesTheOpenAPI31File(t *testing.T) {
	read := func(path string) map[string]any {
		b, err := os.ReadFile(path)
		switch {
		case errors.Is(err, os.ErrNotExist) && !contractTestsRequired():
			t.Skipf("skipping: %s is missing (%v); set REBILLY_CONTRACT_TESTS=1 to make this a failure, as .ci/run does", path, err)
		case err != nil:
			t.Fatalf("%s: %v (REBILLY_CONTRACT_TESTS=1 requires it)", path, err)
		}
		var doc map[string]any
		require.NoError(t, yaml.Unmarshal(b, &doc), path)
		return doc
	}
	v31, v30 := read(spec31Path), read(specPath)
	require.Equal(t, "3.1.1", v31["openapi"])
	require.Equal(t, "3.0.3", v30["openapi"])
	delete(v31, "openapi")
	delete(v30, "openapi")

	got := as30(v31)
	var diffs []string
	compareDocs("", got, v30, &diffs)
	require.Empty(t, diffs, "the 3.0.3 file differs from the 3.1 file")
}

// as30 rewrites the 3.1-only forms of a decoded document into 3.0 ones.
func as30(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = as30(e)
		}
		if types, ok := out["type"].([]any); ok && slices.Contains(types, any("null")) {
			rest := slices.DeleteFunc(slices.Clone(types), func(e any) bool { return e == "null" })
			if len(rest) == 1 {
				out["type"] = rest[0]
			} else {
				out["type"] = rest
			}
			out["nullable"] = true
		}
		if types, ok := out["type"].([]any); ok {
			anyOf := make([]any, len(types))
			for i, t := range types {
				anyOf[i] = map[string]any{"type": t}
			}
			delete(out, "type")
			out["anyOf"] = anyOf
		}
		if one, ok := out["oneOf"].([]any); ok && len(one) == 2 && reflect.DeepEqual(one[1], map[string]any{"type": "null"}) {
			delete(out, "oneOf")
			out["allOf"] = []any{one[0]}
			out["nullable"] = true
			out["type"] = "object"
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = as30(e)
		}
		return out
	}
	return v
}

// compareDocs lists where a and b differ, by path.
func compareDocs(path string, a, b any, diffs *[]string) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		for k, av := range am {
			bv, ok := bm[k]
			if !ok {
				*diffs = append(*diffs, path+"/"+k+": only in the 3.1 file")
				continue
			}
			compareDocs(path+"/"+k, av, bv, diffs)
		}
		for k := range bm {
			if _, ok := am[k]; !ok {
				*diffs = append(*diffs, path+"/"+k+": only in the 3.0.3 file")
			}
		}
		return
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok && len(al) == len(bl) {
		for i := range al {
			compareDocs(fmt.Sprintf("%s/%d", path, i), al[i], bl[i], diffs)
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		*diffs = append(*diffs, fmt.Sprintf("%s: %v in the 3.1 file, %v in the 3.0.3 file", path, a, b))
	}
}
