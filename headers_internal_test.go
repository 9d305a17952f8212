package rebilly

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestHeaderNamesReadAreCanonical holds every header name the SDK reads
// through headerInt, headerCount and canonicalHeader to its canonical form:
// those look the name up as it is written (see canonicalHeader), so a name
// spelled otherwise would never be found. It reads the package's source,
// and refuses what it cannot check: a name that is not a string literal,
// and a reader used other than by calling it (kept in a variable, say).
func TestHeaderNamesReadAreCanonical(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	readers := map[string]bool{"headerInt": true, "headerCount": true, "canonicalHeader": true}
	fset := token.NewFileSet()
	calls := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		// The identifiers naming a reader that are accounted for: where
		// it is declared, and where it is called.
		checked := map[*ast.Ident]bool{}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				checked[fd.Name] = true
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := ast.Unparen(call.Fun).(*ast.Ident)
			if !ok || !readers[fn.Name] {
				return true
			}
			checked[fn] = true
			pos := fset.Position(call.Pos())
			if inReader(f, call.Pos(), readers) {
				return true // headerInt handing its parameter on
			}
			if len(call.Args) != 2 {
				t.Errorf("%s: %s is given %d arguments, not (h, name)", pos, fn.Name, len(call.Args))
				return true
			}
			lit, ok := call.Args[1].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: %s is given a header name that is not a string literal", pos, fn.Name)
				return true
			}
			calls++
			header, _ := strconv.Unquote(lit.Value)
			if canonical := http.CanonicalHeaderKey(header); canonical != header {
				t.Errorf("%s: %s(%q): write it %q, or it is never found", pos, fn.Name, header, canonical)
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && readers[id.Name] && !checked[id] {
				t.Errorf("%s: %s is used other than by calling it, so the names it reads cannot be checked", fset.Position(id.Pos()), id.Name)
			}
			return true
		})
	}
	if calls < 6 {
		t.Fatalf("found %d calls reading a header; the Response alone makes 6", calls)
	}
}

// inReader reports whether pos is in the body of one of the readers
// themselves, where the name is their parameter, handed on.
func inReader(f *ast.File, pos token.Pos, readers map[string]bool) bool {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && fd.Body.Pos() <= pos && pos < fd.Body.End() {
			return readers[fd.Name.Name]
		}
	}
	return false
}

// BenchmarkNewResponse reads the six headers every answer's Response
// parses, from an answer that has none of them, as most do.
func BenchmarkNewResponse(b *testing.B) {
	r := &http.Response{Header: http.Header{"Content-Type": {"application/json"}, "Content-Length": {"431"}, "Date": {"Thu, 03 Dec 2026 12:40:50 GMT"}}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if resp := newResponse(r); resp.Pagination.Total != 0 {
			b.Fatal(resp.Pagination)
		}
	}
}
