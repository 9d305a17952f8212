// Package jsontest holds what the SDK's tests use to make JSON bodies.
package jsontest

import "io"

// Array returns a reader of a JSON array of n copies of elem (one JSON
// value), made as it is read and without allocating, so that the array
// is in memory whole only if what reads it keeps it.
func Array(elem string, n int) io.Reader { return &arrayReader{elem: elem, n: n} }

type arrayReader struct {
	elem  string
	n     int
	given int    // the pieces begun: "[" or "," with its element, then "]"
	next  string // what is left of the element being read
}

func (a *arrayReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if a.next != "" {
		n := copy(p, a.next)
		a.next = a.next[n:]
		return n, nil
	}
	switch {
	case a.given > a.n:
		return 0, io.EOF
	case a.n == 0:
		p[0] = '['
		a.next = "]"
	case a.given == a.n:
		p[0] = ']'
	case a.given == 0:
		p[0] = '['
		a.next = a.elem
	default:
		p[0] = ','
		a.next = a.elem
	}
	a.given++
	return 1, nil
}
