package rebillytest

import "net/http"

// How the fake's answers are written: JSON bodies, buffered in a recorder
// until the server sends them.

// writeJSON answers with a JSON body.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// recorder buffers a response, so that the server can log it, cut it
// short for a fault, or give it a Content-Length before sending it. Unlike
// an http.ResponseWriter it may keep the slice passed to Write, so callers
// must not change it afterwards (the fake's handlers never do).
type recorder struct {
	header http.Header
	status int
	body   []byte
}

func newRecorder() *recorder { return &recorder{header: make(http.Header)} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if r.body == nil {
		r.body = p[:len(p):len(p)] // a later Write copies
	} else {
		r.body = append(r.body, p...)
	}
	return len(p), nil
}

func (r *recorder) statusCode() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}
