package rebillytest

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
)

// Handler is the fake API as an http.Handler: it holds the customers, the
// request log, the faults and the rate limit. Serve it on a listener of
// your own (see ListenLoopback and cmd/rebilly-fake), or use NewServer,
// which does that on 127.0.0.1 and gives you a ready client. A Handler is
// safe for concurrent requests.
type Handler struct {
	cfg    *config
	clock  timeSource
	limits *rateLimits
	faults faultList
	log    requestLog

	// mu guards stores and everything in them. Reads (GET) hold it for
	// reading, so that they run concurrently; writes hold it alone.
	mu     sync.RWMutex
	stores map[string]*store // by organization ID
	// pendingOps counts the asynchronous operations held back by
	// WithLateAsyncOperations, so that requests need not lock to find none.
	pendingOps atomic.Int64

	// closing is closed when the Server shuts down, to end fault latencies.
	closing   chan struct{}
	closeOnce sync.Once
}

// NewHandler returns the fake API configured by opts. It panics on bad
// seeds, naming the option, customer and field, as a test helper should.
func NewHandler(opts ...Option) *Handler {
	cfg := newConfig(opts)
	h := &Handler{cfg: cfg, clock: realTime{}, stores: make(map[string]*store), closing: make(chan struct{}),
		limits: &rateLimits{limit: cfg.rateLimit, window: cfg.rateWindow, byOrg: make(map[string]*rateLimiter)}}
	if cfg.clock != nil {
		h.clock = cfg.clock
	}
	h.log.size = cfg.logSize
	for _, f := range cfg.faults {
		h.faults.add(f)
	}
	h.loadSeeds(cfg)
	return h
}

// now is the time the fake stores and serves: its clock's, in UTC, at
// whole seconds, as the API keeps times.
func (h *Handler) now() time.Time {
	return h.preciseNow().Truncate(time.Second)
}

// preciseNow reads the fake's clock, in UTC and without a monotonic
// reading, for the request log and the rate limit's windows.
func (h *Handler) preciseNow() time.Time {
	return h.clock.Now().UTC().Round(0)
}

// Server is the fake API listening on 127.0.0.1, as httptest.Server is for
// any handler. Its Handler's methods (Requests, Customer, Customers,
// LeadSource, AddFault) inspect and steer it.
type Server struct {
	// URL is the base URL, such as http://127.0.0.1:41234, without a
	// trailing slash. Paths work bare (URL + "/customers") and under an
	// organization (URL + "/organizations/org_1/customers").
	URL string
	*Handler

	ts *httptest.Server
}

// NewServer starts the fake API on a free port of 127.0.0.1. Close it when
// done.
func NewServer(opts ...Option) *Server {
	h := NewHandler(opts...)
	ts := httptest.NewUnstartedServer(h)
	// Faults break connections on purpose; keep the standard library from
	// logging about it.
	ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	ts.Start()
	return &Server{URL: ts.URL, Handler: h, ts: ts}
}

// Close shuts the server down, waiting for requests in flight; requests
// delayed by a Fault's Latency stop waiting and get no answer.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.ts.Close()
}

// Client returns a client of the fake: rebilly.NewClient with
// WithBaseURL(s.URL), the first accepted API key (or, with no keys, the
// first accepted JWT), WithClock when the fake has a Clock, then opts,
// which may override any of those of the same kind (the SDK refuses a JWT
// on top of a key: for a JWT client, configure the fake with WithAPIKeys()
// and WithJWTs). It panics when NewClient fails, as a test helper should.
func (s *Server) Client(opts ...rebilly.Option) *rebilly.Client {
	base := []rebilly.Option{rebilly.WithBaseURL(s.URL)}
	switch {
	case len(s.cfg.apiKeys) > 0:
		base = append(base, rebilly.WithAPIKey(s.cfg.apiKeys[0]))
	case len(s.cfg.jwts) > 0:
		base = append(base, rebilly.WithJWT(s.cfg.jwts[0]))
	}
	if s.cfg.clock != nil {
		base = append(base, rebilly.WithClock(s.cfg.clock))
	}
	c, err := rebilly.NewClient(append(base, opts...)...)
	if err != nil {
		panic("rebillytest: Server.Client: " + err.Error())
	}
	return c
}

// maxBodyBytes bounds a request body.
const maxBodyBytes = 8 << 20

// ServeHTTP answers one request: faults first, then authentication, the
// rate limit and the operation. It logs the request and its answer.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	logging := h.log.size > 0
	var entry Request
	if logging {
		entry = Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: redactedHeader(r.Header), Time: h.preciseNow()}
	}
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	entry.Body = body
	rt := parseRoute(r.URL)

	f := h.faults.take(r.Method, rt.apiPath)
	if f != nil {
		entry.Fault = f.changesAnswer()
		if f.Latency > 0 && !sleepContext(r.Context(), f.Latency, h.closing) {
			h.log.add(entry) // the client went away while we waited
			return
		}
		if f.DropConnection {
			h.log.add(entry)
			dropConnection(w)
			return
		}
	}

	rec := newRecorder()
	switch {
	case f != nil && (f.HTMLErrorPage || f.Status != 0):
		f.answer(rec)
	case readErr != nil:
		writeProblem(rec, newProblem(http.StatusRequestEntityTooLarge, "payload-too-large", "Payload Too Large",
			"The request body is larger than "+strconv.Itoa(maxBodyBytes)+" bytes."))
	default:
		h.serveAPI(rec, r, rt, body)
	}
	if f != nil {
		for k, vs := range f.Header {
			rec.header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
		}
	}
	if f != nil && f.LoseAnswer {
		h.loseAnswer(w, rec, entry)
		return
	}
	h.send(w, rec, f != nil && f.TruncateBody, logging, entry)
}

// send writes the recorded answer, cut in half when truncate is set, and
// logs it first, so that a client that has its answer finds it in the log.
func (h *Handler) send(w http.ResponseWriter, rec *recorder, truncate, logging bool, entry Request) {
	out := rec.body
	status := rec.statusCode()
	hdr := w.Header()
	for k, vs := range rec.header {
		hdr[k] = vs
	}
	if status != http.StatusNoContent && status != http.StatusNotModified {
		hdr.Set("Content-Length", strconv.Itoa(len(out)))
	}
	if truncate {
		out = out[:len(out)/2]
	}
	if logging {
		entry.Status = status
		entry.ResponseHeader = hdr.Clone()
		entry.ResponseBody = append([]byte(nil), out...)
		h.log.add(entry)
	}
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2: abort the stream instead
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
