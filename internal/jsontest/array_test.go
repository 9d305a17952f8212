package jsontest

import (
	"io"
	"testing"
	"testing/iotest"
)

func TestArray(t *testing.T) {
	for _, tt := range []struct {
		elem string
		n    int
		want string
	}{
		{`{"a":1}`, 3, `[{"a":1},{"a":1},{"a":1}]`},
		{`7`, 1, `[7]`},
		{`7`, 0, `[]`},
	} {
		got, err := io.ReadAll(Array(tt.elem, tt.n))
		if err != nil || string(got) != tt.want {
			t.Errorf("Array(%q, %d) = %q, %v; want %q", tt.elem, tt.n, got, err, tt.want)
		}
		if err := iotest.TestReader(Array(tt.elem, tt.n), []byte(tt.want)); err != nil {
			t.Errorf("Array(%q, %d): %v", tt.elem, tt.n, err)
		}
	}
}
