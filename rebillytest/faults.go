package rebillytest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault makes the fake misbehave on matching requests, to test how a client
// copes with errors, slowness and broken connections. Faults are checked
// before anything else (authentication included), in the order they were
// added; the first that matches and is not used up applies, and only it.
type Fault struct {
	// Method matches the request method; "" matches any.
	Method string
	// Path matches the request path without any /organizations/{id}
	// prefix, such as "/customers/cus_1": exactly, or as a prefix when it
	// ends in "*" ("/customers/*"). "" matches any path.
	Path string
	// Times is how many matching requests the fault affects before it is
	// used up; 0 means all of them.
	Times int
	// Status answers with this status and a problem JSON body instead of
	// handling the request.
	Status int
	// RetryAfter is the raw Retry-After header value sent with Status.
	RetryAfter string
	// Header holds extra response headers, such as X-RateLimit-Retry-After.
	Header http.Header
	// Latency waits this long (in real time) before answering, or until the
	// request's context ends. A fault with only Latency set delays normal
	// handling.
	Latency time.Duration
	// DropConnection closes the connection without answering.
	DropConnection bool
	// TruncateBody sends only the first half of the body, with the
	// Content-Length of the whole, then closes the connection.
	TruncateBody bool
	// HTMLErrorPage answers Status (502 when 0) with a text/html page, as a
	// proxy in front of the API would.
	HTMLErrorPage bool
	// LoseAnswer handles the request as usual (the fake acts on it), then
	// closes the connection without sending the answer, as when a
	// connection breaks after the API acted. It cannot be combined with
	// the faults that replace or break the answer (Status, HTMLErrorPage,
	// DropConnection, TruncateBody). The request log shows the status the
	// fake would have answered, and Fault set.
	LoseAnswer bool
}

func (f Fault) check() error {
	switch {
	case f.Times < 0:
		return fmt.Errorf("fault Times %d is negative", f.Times)
	case f.Status != 0 && (f.Status < 200 || f.Status > 599):
		return fmt.Errorf("fault Status %d is not an HTTP status from 200 to 599", f.Status)
	case f.Latency < 0:
		return fmt.Errorf("fault Latency %v is negative", f.Latency)
	case f.LoseAnswer && (f.Status != 0 || f.HTMLErrorPage || f.DropConnection || f.TruncateBody):
		return errors.New("fault LoseAnswer handles the request: it cannot be combined with Status, HTMLErrorPage, DropConnection or TruncateBody")
	case f.Status == 0 && !f.HTMLErrorPage && !f.DropConnection && !f.TruncateBody && !f.LoseAnswer && f.Latency == 0 && len(f.Header) == 0:
		return errors.New("fault does nothing: set Status, Latency, DropConnection, TruncateBody, HTMLErrorPage, LoseAnswer or Header")
	}
	return nil
}

func (f *Fault) matches(method, path string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	switch {
	case f.Path == "":
		return true
	case strings.HasSuffix(f.Path, "*"):
		return strings.HasPrefix(path, strings.TrimSuffix(f.Path, "*"))
	default:
		return path == f.Path
	}
}

// changesAnswer reports whether the fault replaces or breaks the normal
// answer (and not merely delays it or adds headers).
func (f *Fault) changesAnswer() bool {
	return f.Status != 0 || f.HTMLErrorPage || f.DropConnection || f.TruncateBody || f.LoseAnswer
}

// loseAnswer logs the answer the fake recorded, with its status, and
// closes the connection instead of sending it.
func (h *Handler) loseAnswer(w http.ResponseWriter, rec *recorder, entry Request) {
	entry.Status = rec.statusCode()
	h.log.add(entry)
	dropConnection(w)
}

// faultList holds the faults and how many uses each has left.
type faultList struct {
	mu     sync.Mutex
	faults []*activeFault
}

type activeFault struct {
	Fault
	left int // uses left when Times > 0
}

func (l *faultList) add(f Fault) {
	f.Header = f.Header.Clone()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.faults = append(l.faults, &activeFault{Fault: f, left: f.Times})
}

// take returns a copy of the fault that applies to the request, using it
// up once, or nil.
func (l *faultList) take(method, path string) *Fault {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, f := range l.faults {
		if !f.matches(method, path) {
			continue
		}
		if f.Times > 0 {
			f.left--
			if f.left == 0 {
				l.faults = append(l.faults[:i:i], l.faults[i+1:]...)
			}
		}
		out := f.Fault
		return &out
	}
	return nil
}

// AddFault adds a fault to the server, after those already there. It panics
// when the fault is inconsistent (a negative Times or Latency, a Status
// outside 200..599, LoseAnswer with a fault that replaces the answer, or
// nothing to do).
func (h *Handler) AddFault(f Fault) {
	if err := f.check(); err != nil {
		panic("rebillytest: AddFault: " + err.Error())
	}
	h.faults.add(f)
}

// sleepContext waits d in real time. It reports false when ctx ended or
// closing was closed first.
func sleepContext(ctx context.Context, d time.Duration, closing <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-closing:
		return false
	case <-t.C:
		return true
	}
}

// answer writes the fault's own answer: a proxy's HTML page, or a problem
// with the fault's status.
func (f *Fault) answer(w http.ResponseWriter) {
	if f.HTMLErrorPage {
		status := f.Status
		if status == 0 {
			status = http.StatusBadGateway
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write(htmlErrorPage(status))
		return
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	writeProblem(w, faultProblem(f.Status))
}

// faultProblem is the body of a Status fault.
func faultProblem(status int) problem {
	title := http.StatusText(status)
	if title == "" {
		title = "Status " + fmt.Sprint(status)
	}
	return newProblem(status, "injected-fault", title, "rebillytest answered with an injected fault.")
}

// htmlErrorPage is what a proxy in front of the API might answer.
func htmlErrorPage(status int) []byte {
	text := strconv.Itoa(status) + " " + http.StatusText(status)
	return []byte("<!DOCTYPE html>\n<html><head><title>" + text + "</title></head>\n<body><center><h1>" + text +
		"</h1></center><hr><center>rebillytest proxy</center></body></html>\n")
}
