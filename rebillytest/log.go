package rebillytest

import (
	"net/http"
	"sync"
	"time"
)

// Request is one request the fake received, with the answer it gave.
type Request struct {
	Method   string
	Path     string // as received, with any /organizations/{id} prefix
	RawQuery string
	// Header is the request's header, with the values of REB-APIKEY and
	// Authorization replaced by "REDACTED".
	Header http.Header
	Body   []byte
	// Status is the status answered; 0 when the connection was dropped or
	// the client went away before the answer.
	Status         int
	ResponseHeader http.Header
	// ResponseBody is the body as sent: cut short when a fault truncated
	// it.
	ResponseBody []byte
	// Time is when the request arrived, on the fake's clock.
	Time time.Time
	// Fault is true when a Fault replaced or broke the answer (a latency
	// alone does not count), so the answer is not the API's.
	Fault bool
}

// requestLog keeps the latest requests in a ring.
type requestLog struct {
	mu      sync.Mutex
	size    int
	entries []Request // ring of at most size entries
	next    int       // where the next entry goes once the ring is full
}

func (l *requestLog) add(r Request) {
	if l.size == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) < l.size {
		l.entries = append(l.entries, r)
		return
	}
	l.entries[l.next] = r
	l.next = (l.next + 1) % l.size
}

func (l *requestLog) all() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Request, 0, len(l.entries))
	out = append(out, l.entries[l.next:]...)
	out = append(out, l.entries[:l.next]...)
	for i := range out {
		out[i] = out[i].clone()
	}
	return out
}

func (r Request) clone() Request {
	r.Header = r.Header.Clone()
	r.ResponseHeader = r.ResponseHeader.Clone()
	r.Body = append([]byte(nil), r.Body...)
	r.ResponseBody = append([]byte(nil), r.ResponseBody...)
	return r
}

// Requests returns the requests received, oldest first, as copies: the
// last DefaultRequestLogSize of them unless WithRequestLogSize says
// otherwise. Secrets in the REB-APIKEY and Authorization headers are
// replaced by "REDACTED".
func (h *Handler) Requests() []Request {
	return h.log.all()
}

// redactedHeader copies h with the credentials replaced.
func redactedHeader(h http.Header) http.Header {
	out := h.Clone()
	for _, name := range []string{"Reb-Apikey", "Authorization"} {
		if vs, ok := out[name]; ok {
			red := make([]string, len(vs))
			for i := range red {
				red[i] = "REDACTED"
			}
			out[name] = red
		}
	}
	return out
}
