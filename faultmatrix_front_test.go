package rebilly_test

// The fault matrix's front handler: it stands before the rebillytest fake
// and makes the faults the fake cannot make itself.

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync/atomic"
	"time"
)

// fmFrontFunc answers request number n (from 1) in place of the fake,
// usually after letting the fake handle it into a recorder.
type fmFrontFunc func(w http.ResponseWriter, r *http.Request, fake http.Handler, n int)

// fmFront passes requests to the fake, or to a fmFrontFunc, and tells
// arrived about each request as it comes.
type fmFront struct {
	fake    http.Handler
	custom  fmFrontFunc
	n       atomic.Int32
	arrived chan struct{}
}

func (f *fmFront) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(f.n.Add(1))
	select {
	case f.arrived <- struct{}{}:
	default:
	}
	if f.custom == nil {
		f.fake.ServeHTTP(w, r)
		return
	}
	f.custom(w, r, f.fake, n)
}

// count returns the number of requests that have arrived.
func (f *fmFront) count() int { return int(f.n.Load()) }

// fmAnswer is an answer of the fake, recorded.
type fmAnswer struct {
	status int
	header http.Header
	body   []byte
}

func (a fmAnswer) hasBody() bool {
	return a.status >= 200 && a.status < 300 && a.status != http.StatusNoContent && len(a.body) > 0
}

// fmRecorded lets the fake handle r (it acts, and logs the request) and
// returns its answer.
func fmRecorded(fake http.Handler, r *http.Request) fmAnswer {
	rec := httptest.NewRecorder()
	fake.ServeHTTP(rec, r)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return fmAnswer{status: res.StatusCode, header: res.Header, body: body}
}

// fmWriteHead sends a's header with the given Content-Length (-1: none).
func fmWriteHead(w http.ResponseWriter, a fmAnswer, length int) {
	h := w.Header()
	for k, vs := range a.header {
		h[k] = slices.Clone(vs)
	}
	h.Del("Content-Length")
	if length >= 0 {
		h.Set("Content-Length", strconv.Itoa(length))
	}
	w.WriteHeader(a.status)
}

// fmWriteAll sends a as it is.
func fmWriteAll(w http.ResponseWriter, a fmAnswer) {
	length := len(a.body)
	if a.status == http.StatusNoContent {
		length = -1
	}
	fmWriteHead(w, a, length)
	_, _ = w.Write(a.body)
}

// fmWriteRepeated writes n bytes of b repeated, stopping when the client
// has gone.
func fmWriteRepeated(w io.Writer, b byte, n int) bool {
	chunk := bytes.Repeat([]byte{b}, 64<<10)
	for n > 0 {
		k := min(n, len(chunk))
		if _, err := w.Write(chunk[:k]); err != nil {
			return false
		}
		n -= k
	}
	return true
}

// fmSlowBody: the first `times` answers with a body send their header and
// half the body, then stall until the client gives up (at most 3 s).
func fmSlowBody(times int) fmFrontFunc {
	return fmFirstBodies(times, func(w http.ResponseWriter, r *http.Request, a fmAnswer) {
		fmWriteHead(w, a, len(a.body))
		_, _ = w.Write(a.body[:len(a.body)/2])
		_ = http.NewResponseController(w).Flush()
		stall := time.NewTimer(3 * time.Second)
		defer stall.Stop()
		select {
		case <-r.Context().Done():
		case <-stall.C:
		}
	})
}

// fmHugeErrorBody replaces every error answer of the fake by a problem
// document of size bytes (its detail padded).
func fmHugeErrorBody(size int) fmFrontFunc {
	return func(w http.ResponseWriter, r *http.Request, fake http.Handler, _ int) {
		a := fmRecorded(fake, r)
		if a.status < 300 {
			fmWriteAll(w, a)
			return
		}
		head := `{"status":` + strconv.Itoa(a.status) + `,"title":"Internal Server Error","detail":"`
		tail := `"}`
		a.header.Set("Content-Type", "application/json")
		fmWriteHead(w, a, size)
		if _, err := io.WriteString(w, head); err != nil {
			return
		}
		if fmWriteRepeated(w, 'x', size-len(head)-len(tail)) {
			_, _ = io.WriteString(w, tail)
		}
	}
}

// fmHugeSuccessBody pads every success body to size bytes with white
// space after its first byte: still valid JSON, too large to read.
func fmHugeSuccessBody(size int) fmFrontFunc {
	return func(w http.ResponseWriter, r *http.Request, fake http.Handler, _ int) {
		a := fmRecorded(fake, r)
		if !a.hasBody() {
			fmWriteAll(w, a)
			return
		}
		fmWriteHead(w, a, size)
		if _, err := w.Write(a.body[:1]); err != nil {
			return
		}
		if fmWriteRepeated(w, ' ', size-len(a.body)) {
			_, _ = w.Write(a.body[1:])
		}
	}
}

// fmEmptySuccessBody answers success with an empty body.
func fmEmptySuccessBody() fmFrontFunc {
	return func(w http.ResponseWriter, r *http.Request, fake http.Handler, _ int) {
		a := fmRecorded(fake, r)
		if !a.hasBody() {
			fmWriteAll(w, a)
			return
		}
		fmWriteHead(w, a, 0)
	}
}

// fmSuccessBody answers success with body in place of the fake's: valid
// JSON of the wrong shape, null, and so on.
func fmSuccessBody(body string) fmFrontFunc {
	return func(w http.ResponseWriter, r *http.Request, fake http.Handler, _ int) {
		a := fmRecorded(fake, r)
		if a.hasBody() {
			a.body = []byte(body)
		}
		fmWriteAll(w, a)
	}
}

// fmDropAfterActing lets the fake act on the first `times` requests, then
// closes the connection without an answer.
func fmDropAfterActing(times int) fmFrontFunc {
	return func(w http.ResponseWriter, r *http.Request, fake http.Handler, n int) {
		a := fmRecorded(fake, r)
		if n > times {
			fmWriteAll(w, a)
			return
		}
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		_ = conn.Close()
	}
}

// fmCutInTrailingSpace sends the first `times` success bodies whole, and a
// newline of the 8 bytes of trailing white space the Content-Length
// promises, then closes the connection.
func fmCutInTrailingSpace(times int) fmFrontFunc {
	return fmFirstBodies(times, func(w http.ResponseWriter, _ *http.Request, a fmAnswer) {
		fmWriteHead(w, a, len(a.body)+8)
		_, _ = w.Write(append(a.body, '\n'))
	})
}

// fmFirstBodies lets the fake answer, and hands the first `times` success
// answers with a body to breakBody; it sends the others as they are.
func fmFirstBodies(times int, breakBody func(w http.ResponseWriter, r *http.Request, a fmAnswer)) fmFrontFunc {
	return func(w http.ResponseWriter, r *http.Request, fake http.Handler, n int) {
		a := fmRecorded(fake, r)
		if n > times || !a.hasBody() {
			fmWriteAll(w, a)
			return
		}
		breakBody(w, r, a)
	}
}
