package rebilly_test

// The machinery of the fault matrix (faultmatrix_test.go): the operations
// it runs, the environment each subtest gets (a rebillytest fake behind a
// front handler for the faults the fake cannot make itself, a client with a
// recording clock), the checks of one outcome, and the security sweep.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// The recognisable credentials of the sweep, and pieces of them that must
// not show up either.
const (
	fmKey       = "sk_live_FAULTMATRIX_SECRET_42"
	fmJWT       = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYXVsdG1hdHJpeCJ9.FAULTMATRIX_JWT_SIGNATURE_42"
	fmKeyPart   = "FAULTMATRIX_SECRET_42"
	fmJWTPart   = "FAULTMATRIX_JWT_SIGNATURE_42"
	fmMarkerKey = "fmMarker"
)

// Client settings of every row unless the row says otherwise.
const (
	fmMaxRetries = 2
	fmWaitMin    = time.Second
	fmWaitMax    = 8 * time.Second
)

// fmStart is the fake clock's start: a whole second, so that Unix-second
// and HTTP-date hints land on it exactly.
var fmStart = time.Date(2025, time.June, 2, 9, 0, 0, 0, time.UTC)

// fmSeq makes markers unique across the whole run.
var fmSeq atomic.Int64

// ---------------------------------------------------------------------
// Operations.

// fmResult is what one operation returned.
type fmResult struct {
	resp *rebilly.Response
	err  error
	id   string // ID of the customer returned, if any
}

// fmOp is one SDK operation of the matrix.
type fmOp struct {
	name   string
	method string
	// path is the request path; "" for CreateWithNewID, whose path holds an
	// ID made inside the SDK (then any /customers/{id}).
	path       string
	idempotent bool // retried after a server error or a lost connection
	body       bool // the success answer has a body (not 204)
	creates    bool // may create a customer carrying the call's marker
	input      bool // sends a body the fake validates
	call       func(ctx context.Context, e *fmEnv) fmResult
}

// faultPath is the rebillytest.Fault path that matches the op's requests.
func (op fmOp) faultPath() string {
	if op.path == "" {
		return "/customers/*"
	}
	return op.path
}

// matches reports whether the fake's log entry r is a request of op.
func (op fmOp) matches(r rebillytest.Request) bool {
	if r.Method != op.method {
		return false
	}
	if op.path != "" {
		return r.Path == op.path
	}
	return strings.HasPrefix(r.Path, "/customers/") && strings.Count(r.Path, "/") == 2
}

// matchesPath checks the Path an error names.
func (op fmOp) matchesPath(p string) bool {
	if op.path == "" {
		return strings.HasPrefix(p, "/customers/cus_") && strings.Count(p, "/") == 2
	}
	return p == op.path
}

func fmCustomerID(c *rebilly.Customer) string {
	if c == nil {
		return ""
	}
	return c.ID
}

// fmCustomerInput is the body of the customer writes, with the call's
// marker; with e.bad it holds two fields the fake refuses.
func fmCustomerInput(e *fmEnv) *rebilly.CustomerInput {
	in := &rebilly.CustomerInput{
		WebsiteID:    "web_fm",
		CustomFields: map[string]any{fmMarkerKey: e.marker},
		PrimaryAddress: &rebilly.Contact{FirstName: "Ada", LastName: "Lovelace",
			Emails: []rebilly.Email{{Label: "main", Value: "ada@example.com", Primary: true}}},
	}
	if e.bad {
		in.Locale = rebilly.Ptr("!")
		in.PrimaryAddress.Emails[0].Value = "not-an-email"
	}
	return in
}

func fmLeadSourceInput(e *fmEnv) *rebilly.LeadSourceInput {
	in := &rebilly.LeadSourceInput{Source: "faultmatrix", Medium: "test", Campaign: e.marker}
	if e.bad {
		in.Referrer = "not a url"
	}
	return in
}

// The ten operations: the eight of the API, plus CreateWithNewID and an
// Upsert of a new fixed ID, the duplicate-safe ways to create.
var (
	fmGet = fmOp{name: "Get", method: "GET", path: "/customers/cus_fm1", idempotent: true, body: true,
		call: func(ctx context.Context, e *fmEnv) fmResult {
			c, resp, err := e.client.Customers.Get(ctx, "cus_fm1", nil)
			return fmResult{resp, err, fmCustomerID(c)}
		}}
	fmList = fmOp{name: "List", method: "GET", path: "/customers", idempotent: true, body: true,
		call: func(ctx context.Context, e *fmEnv) fmResult {
			page, resp, err := e.client.Customers.List(ctx, &rebilly.CustomerListParams{Limit: 10})
			id := ""
			if len(page) > 0 {
				id = page[0].ID
			}
			return fmResult{resp, err, id}
		}}
	fmCreate = fmOp{name: "Create", method: "POST", path: "/customers", body: true, creates: true, input: true,
		call: func(ctx context.Context, e *fmEnv) fmResult {
			c, resp, err := e.client.Customers.Create(ctx, fmCustomerInput(e))
			return fmResult{resp, err, fmCustomerID(c)}
		}}
	fmUpsert = fmOp{name: "Upsert", method: "PUT", path: "/customers/cus_fm1", idempotent: true, body: true, input: true,
		call: func(ctx context.Context, e *fmEnv) fmResult {
			c, resp, err := e.client.Customers.Upsert(ctx, "cus_fm1", fmCustomerInput(e))
			return fmResult{resp, err, fmCustomerID(c)}
		}}
	fmMerge = fmOp{name: "MergeDelete", method: "DELETE", path: "/customers/cus_fm2", idempotent: true,
		call: func(ctx context.Context, e *fmEnv) fmResult {
			resp, err := e.client.Customers.MergeDelete(ctx, "cus_fm2", "cus_fm1")
			return fmResult{resp: resp, err: err}
		}}
	fmLSGet = fmOp{name: "LeadSources.Get", method: "GET", path: "/customers/cus_fm1/lead-source", idempotent: true, body: true,
		call: func(ctx context.Context, e *fmEnv) fmResult {
			_, resp, err := e.client.LeadSources.Get(ctx, "cus_fm1")
			return fmResult{resp: resp, err: err}
		}}
	fmLSUpsert = fmOp{name: "LeadSources.Upsert", method: "PUT", path: "/customers/cus_fm1/lead-source", idempotent: true, body: true, input: true,
		call: func(ctx context.Context, e *fmEnv) fmResult {
			_, resp, err := e.client.LeadSources.Upsert(ctx, "cus_fm1", fmLeadSourceInput(e))
			return fmResult{resp: resp, err: err}
		}}
	fmLSDelete = fmOp{name: "LeadSources.Delete", method: "DELETE", path: "/customers/cus_fm1/lead-source", idempotent: true,
		call: func(ctx context.Context, e *fmEnv) fmResult {
			resp, err := e.client.LeadSources.Delete(ctx, "cus_fm1")
			return fmResult{resp: resp, err: err}
		}}
	fmCreateNewID = fmOp{name: "CreateWithNewID", method: "PUT", idempotent: true, body: true, creates: true, input: true,
		call: func(ctx context.Context, e *fmEnv) fmResult {
			c, resp, err := e.client.Customers.CreateWithNewID(ctx, fmCustomerInput(e))
			return fmResult{resp, err, fmCustomerID(c)}
		}}
	fmUpsertNewID = fmOp{name: "UpsertNewID", method: "PUT", path: "/customers/cus_fm_new", idempotent: true, body: true, creates: true, input: true,
		call: func(ctx context.Context, e *fmEnv) fmResult {
			c, resp, err := e.client.Customers.Upsert(ctx, "cus_fm_new", fmCustomerInput(e))
			return fmResult{resp, err, fmCustomerID(c)}
		}}
)

// Operation sets.
var (
	fmAllOps = []fmOp{fmGet, fmList, fmCreate, fmUpsert, fmMerge, fmLSGet, fmLSUpsert, fmLSDelete, fmCreateNewID, fmUpsertNewID}
	// fmBodyOps answer success with a body: the faults that break or
	// replace a body apply to them.
	fmBodyOps = fmSelect(func(op fmOp) bool { return op.body })
	// fmWriteOps are the operations the fake's rate limit counts.
	fmWriteOps = fmSelect(func(op fmOp) bool { return op.method != "GET" })
	// fmInputOps send a body the fake validates.
	fmInputOps = fmSelect(func(op fmOp) bool { return op.input })
)

func fmSelect(keep func(fmOp) bool) []fmOp {
	var out []fmOp
	for _, op := range fmAllOps {
		if keep(op) {
			out = append(out, op)
		}
	}
	return out
}

// ---------------------------------------------------------------------
// Expectations.

// fmWait is one expected wait of the client: exact (a server's hint), or
// the jittered backoff before retry n.
type fmWait struct {
	exact time.Duration
	n     int
}

func fmExact(d time.Duration) fmWait { return fmWait{exact: d} }

// fmJitter returns the backoff waits before retries 1..n.
func fmJitter(n int) []fmWait {
	out := make([]fmWait, n)
	for i := range out {
		out[i] = fmWait{n: i + 1}
	}
	return out
}

// fmWant is the exact outcome of one operation under one fault.
type fmWant struct {
	ok     bool
	status int  // a *rebilly.Error with this status
	reqErr bool // a *rebilly.RequestError (and no *rebilly.Error)
	is     []error
	text   string // Error() contains it
	// requests is how many of the op's requests the fake saw.
	requests int
	// attempts is len(Attempts) of the error; -1 means equal to requests.
	attempts int
	// statuses are the Attempts' statuses, when given (0: no response).
	statuses []int
	// attemptErr matches every attempt's Err, when set.
	attemptErr error
	waits      []fmWait
	// created is how many customers with the call's marker the fake holds
	// afterwards, for the operations that create; success means 1.
	created    int
	retryAfter time.Duration // *Error.RetryAfter - fmStart, when not 0
	bodyHas    string        // *Error.Body contains it
	maxBody    int           // len(*Error.Body) is at most this, when not 0
	// minDuration bounds the first attempt's Duration from below.
	minDuration time.Duration
	// timeout: the error is a net.Error that timed out.
	timeout bool
}

// Short constructors; fields are set on the result.
func fmOK(requests int, waits ...fmWait) fmWant {
	return fmWant{ok: true, requests: requests, attempts: -1, waits: waits}
}

func fmAPI(status, requests int, waits ...fmWait) fmWant {
	return fmWant{status: status, requests: requests, attempts: -1, waits: waits}
}

func fmReq(requests int, waits ...fmWait) fmWant {
	return fmWant{reqErr: true, requests: requests, attempts: -1, waits: waits}
}

func (w fmWant) with(f func(*fmWant)) fmWant {
	f(&w)
	return w
}

// fmSentinel is the sentinel a status matches.
func fmSentinel(status int) error {
	switch {
	case status == 429:
		return rebilly.ErrRateLimited
	case status == 404:
		return rebilly.ErrNotFound
	case status == 400 || status == 422:
		return rebilly.ErrValidation
	case status >= 500:
		return rebilly.ErrServer
	}
	return nil
}

// ---------------------------------------------------------------------
// The clock.

// fmClock is the client's clock: it records every wait asked for and
// sleeps on the fake's rebillytest.Clock, or, when block is set, blocks
// until the context ends (the row cancelled during a backoff wait).
type fmClock struct {
	inner *rebillytest.Clock
	block bool

	mu       sync.Mutex
	asked    []time.Duration
	sleeping chan struct{} // closed when a blocking Sleep starts
	once     sync.Once
}

func (c *fmClock) Now() time.Time { return c.inner.Now() }

func (c *fmClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.asked = append(c.asked, d)
	c.mu.Unlock()
	if c.block {
		c.once.Do(func() { close(c.sleeping) })
		<-ctx.Done()
		return ctx.Err()
	}
	return c.inner.Sleep(ctx, d)
}

func (c *fmClock) waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.asked)
}

// ---------------------------------------------------------------------
// The front handler: faults the fake cannot make.

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
	return func(w http.ResponseWriter, r *http.Request, fake http.Handler, n int) {
		a := fmRecorded(fake, r)
		if n > times || !a.hasBody() {
			fmWriteAll(w, a)
			return
		}
		fmWriteHead(w, a, len(a.body))
		_, _ = w.Write(a.body[:len(a.body)/2])
		_ = http.NewResponseController(w).Flush()
		stall := time.NewTimer(3 * time.Second)
		defer stall.Stop()
		select {
		case <-r.Context().Done():
		case <-stall.C:
		}
	}
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

// fmWrongShapeBody answers success with valid JSON of the wrong shape.
func fmWrongShapeBody() fmFrontFunc {
	return func(w http.ResponseWriter, r *http.Request, fake http.Handler, _ int) {
		a := fmRecorded(fake, r)
		if a.hasBody() {
			a.body = []byte(`{"id":42,"createdTime":42}`)
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
	return func(w http.ResponseWriter, r *http.Request, fake http.Handler, n int) {
		a := fmRecorded(fake, r)
		if n > times || !a.hasBody() {
			fmWriteAll(w, a)
			return
		}
		fmWriteHead(w, a, len(a.body)+8)
		_, _ = w.Write(append(a.body, '\n'))
	}
}

// ---------------------------------------------------------------------
// The environment of one subtest.

// fmVariant is one run of the whole matrix: a credential, the fake's
// matching configuration, and the sweep of everything the run produced.
// Every client of the run logs at Debug level, as JSON, into the sweep.
type fmVariant struct {
	name     string
	cred     rebilly.Option
	fakeAuth []rebillytest.Option
	sweep    *fmSweep
}

type fmEnv struct {
	row    *fmRow
	sweep  *fmSweep
	fake   *rebillytest.Handler
	ts     *httptest.Server
	front  *fmFront
	fclock *rebillytest.Clock
	clock  *fmClock
	client *rebilly.Client
	marker string
	bad    bool
	// baseline is the number of log entries before the op ran (a row's
	// setup may send requests of its own).
	baseline int
	// logs is this subtest's share of the SDK's log output; logBaseline is
	// its length before the op ran.
	logs             *syncBuffer
	logBaseline      int
	waitMin, waitMax time.Duration
	seeded           map[string]bool
}

func fmSeedOptions() []rebillytest.Option {
	return []rebillytest.Option{
		rebillytest.WithCustomers(
			&rebilly.Customer{ID: "cus_fm1", CreatedTime: fmStart.Add(-2 * time.Hour)},
			&rebilly.Customer{ID: "cus_fm2", CreatedTime: fmStart.Add(-time.Hour)},
		),
		rebillytest.WithLeadSource("cus_fm1", &rebilly.LeadSourceInput{Source: "seed", Medium: "email"}),
	}
}

func fmNewEnv(t *testing.T, v *fmVariant, row *fmRow) *fmEnv {
	t.Helper()
	fclock := rebillytest.NewClock(fmStart)
	opts := []rebillytest.Option{rebillytest.WithClock(fclock)}
	opts = append(opts, v.fakeAuth...)
	if row.seed != nil {
		opts = append(opts, row.seed()...)
	} else {
		opts = append(opts, fmSeedOptions()...)
	}
	opts = append(opts, row.fakeOpts...)
	fake := rebillytest.NewHandler(opts...)
	front := &fmFront{fake: fake, custom: row.front, arrived: make(chan struct{}, 64)}
	ts := httptest.NewUnstartedServer(front)
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // the faults break connections on purpose
	ts.Start()
	t.Cleanup(ts.Close)

	e := &fmEnv{
		row: row, sweep: v.sweep, fake: fake, ts: ts, front: front, fclock: fclock,
		clock:   &fmClock{inner: fclock, block: row.ctx == fmCtxCancelInWait, sleeping: make(chan struct{})},
		marker:  fmt.Sprintf("fm-%s-%d", v.name, fmSeq.Add(1)),
		logs:    &syncBuffer{},
		bad:     row.bad,
		waitMin: fmWaitMin, waitMax: fmWaitMax,
		seeded: map[string]bool{},
	}
	for _, c := range fake.Customers() {
		e.seeded[c.ID] = true
	}
	if row.waitMax > 0 {
		e.waitMin, e.waitMax = row.waitMin, row.waitMax
	}
	base := ts.URL
	if row.refused {
		base = "http://" + closedAddr(t)
	}
	copts := []rebilly.Option{
		v.cred, rebilly.WithBaseURL(base), rebilly.WithClock(e.clock),
		rebilly.WithLogger(slog.New(slog.NewJSONHandler(io.MultiWriter(&v.sweep.logs, e.logs), &slog.HandlerOptions{Level: slog.LevelDebug}))),
		rebilly.WithMaxRetries(fmMaxRetries), rebilly.WithRetryWait(e.waitMin, e.waitMax),
	}
	if row.timeout > 0 {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		t.Cleanup(tr.CloseIdleConnections)
		copts = append(copts, rebilly.WithHTTPClient(&http.Client{Timeout: row.timeout, Transport: tr}))
	}
	if row.maxBody > 0 {
		copts = append(copts, rebilly.WithMaxResponseBytes(row.maxBody))
	}
	c, err := rebilly.NewClient(copts...)
	require.NoError(t, err)
	e.client = c
	return e
}

// requests returns the fake's log entries of op since the baseline.
func (e *fmEnv) requests(op fmOp) []rebillytest.Request {
	all := e.fake.Requests()
	var out []rebillytest.Request
	for _, r := range all[min(e.baseline, len(all)):] {
		if op.matches(r) {
			out = append(out, r)
		}
	}
	return out
}

// settledRequests waits (briefly, in real time) until the fake has logged
// at least want requests of op: a request whose client went away is
// logged when the fake notices. It returns what it saw.
func (e *fmEnv) settledRequests(op fmOp, want int) []rebillytest.Request {
	deadline := time.Now().Add(2 * time.Second)
	for {
		got := e.requests(op)
		if len(got) >= want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// created returns the customers that carry the call's marker and were not
// seeded.
func (e *fmEnv) created() []*rebilly.Customer {
	var out []*rebilly.Customer
	for _, c := range e.fake.Customers() {
		if c.CustomFields[fmMarkerKey] == e.marker && !e.seeded[c.ID] {
			out = append(out, c)
		}
	}
	return out
}

func fmIDs(cs []*rebilly.Customer) []string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// call runs op, recovering a panic into its message.
func (e *fmEnv) call(ctx context.Context, op fmOp) (res fmResult, panicked string) {
	defer func() {
		if r := recover(); r != nil {
			panicked = fmt.Sprint(r)
		}
	}()
	return op.call(ctx, e), ""
}

// ---------------------------------------------------------------------
// Checks.

// fmAttempts returns the Attempts of an SDK error.
func fmAttempts(err error) ([]rebilly.Attempt, bool) {
	var apiErr *rebilly.Error
	if errors.As(err, &apiErr) {
		return apiErr.Attempts, true
	}
	var reqErr *rebilly.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.Attempts, true
	}
	return nil, false
}

// fmCheck compares one outcome with want.
func fmCheck(t *testing.T, e *fmEnv, op fmOp, w fmWant, res fmResult, reqs []rebillytest.Request) {
	t.Helper()
	// The server's count.
	assert.Len(t, reqs, w.requests, "requests of %s %s the fake saw", op.method, op.faultPath())

	// The client's waits, and the fake clock.
	asked := e.clock.waits()
	fmCheckWaits(t, e, w.waits, asked)
	var sum time.Duration
	for _, d := range asked {
		sum += d
	}
	if e.clock.block {
		assert.Zero(t, e.fclock.Slept(), "the blocked wait never completed")
	} else {
		assert.Equal(t, sum, e.fclock.Slept(), "clock.Slept is the sum of the waits")
	}

	// POST safety and duplicate safety.
	if op.creates {
		got := e.created()
		assert.LessOrEqual(t, len(got), 1, "one call created more than one customer: %v", fmIDs(got))
		want := w.created
		if w.ok {
			want = 1
		}
		assert.Len(t, got, want, "customers created by the call")
		if w.ok && len(got) == 1 {
			assert.Equal(t, got[0].ID, res.id, "the customer returned is the one stored")
		}
		if op.path != "" && op.method == "PUT" {
			_, exists := e.fake.Customer("cus_fm_new")
			assert.Equal(t, want == 1, exists)
		}
	}

	// One Debug record per attempt, one Warn record per retry.
	tries := len(reqs)
	if a, ok := fmAttempts(res.err); ok {
		tries = len(a)
	}
	fmCheckLogRecords(t, e, tries, len(asked))

	if w.ok {
		if assert.NoError(t, res.err) && assert.NotNil(t, res.resp) {
			assert.Less(t, res.resp.StatusCode, 300)
		}
		return
	}
	if !assert.Error(t, res.err, "the call should have failed") {
		return
	}
	err := res.err
	if s := fmSentinel(w.status); s != nil {
		assert.ErrorIs(t, err, s)
	}
	for _, target := range w.is {
		assert.ErrorIs(t, err, target)
	}
	if w.text != "" {
		assert.Contains(t, err.Error(), w.text)
	}
	var apiErr *rebilly.Error
	var reqErr *rebilly.RequestError
	isAPI := errors.As(err, &apiErr)
	switch {
	case w.status != 0:
		if !assert.True(t, isAPI, "want a *rebilly.Error, got %T: %v", err, err) {
			return
		}
		assert.Equal(t, w.status, apiErr.Status)
		assert.Equal(t, op.method, apiErr.Method)
		assert.True(t, op.matchesPath(apiErr.Path), "path %q", apiErr.Path)
		if w.retryAfter != 0 {
			assert.True(t, fmStart.Add(w.retryAfter).Equal(apiErr.RetryAfter), "RetryAfter %v, want %v", apiErr.RetryAfter, fmStart.Add(w.retryAfter))
		}
		if w.bodyHas != "" {
			assert.Contains(t, string(apiErr.Body), w.bodyHas, "Body is kept")
		}
		if w.maxBody > 0 {
			assert.LessOrEqual(t, len(apiErr.Body), w.maxBody)
		}
		fmCheckAPIText(t, apiErr)
	case w.reqErr:
		assert.False(t, isAPI, "want no *rebilly.Error: %v", err)
		if !assert.True(t, errors.As(err, &reqErr), "want a *rebilly.RequestError, got %T: %v", err, err) {
			return
		}
		assert.Equal(t, op.method, reqErr.Method)
		assert.True(t, op.matchesPath(reqErr.Path), "path %q", reqErr.Path)
		fmCheckRequestText(t, reqErr)
	}
	if w.timeout {
		var ne net.Error
		assert.True(t, errors.As(err, &ne) && ne.Timeout(), "want a timeout: %v", err)
	}

	// Attempts: one per try, each a status or a transport error, the wait
	// before it, its duration.
	attempts, _ := fmAttempts(err)
	n := w.attempts
	if n < 0 {
		n = w.requests
	}
	if !assert.Len(t, attempts, n, "Attempts") {
		return
	}
	assert.Zero(t, attempts[0].Wait, "no wait before the first attempt")
	for i, a := range attempts {
		assert.True(t, a.Status != 0 || a.Err != nil, "attempt %d has neither a status nor an error", i+1)
		assert.GreaterOrEqual(t, a.Duration, time.Duration(0))
		assert.Less(t, a.Duration, 10*time.Second)
		if i > 0 && i-1 < len(asked) {
			assert.Equal(t, asked[i-1], a.Wait, "attempt %d's Wait is the wait before it", i+1)
		}
		if w.statuses != nil && i < len(w.statuses) {
			assert.Equal(t, w.statuses[i], a.Status, "attempt %d's status", i+1)
		}
		if w.attemptErr != nil {
			assert.ErrorIs(t, a.Err, w.attemptErr, "attempt %d", i+1)
		}
		if a.Err != nil {
			assert.NotContains(t, a.Err.Error(), "?", "an attempt's error repeats the URL")
		}
	}
	if w.minDuration > 0 {
		assert.GreaterOrEqual(t, attempts[0].Duration, w.minDuration)
	}
}

// fmCheckLogRecords checks the subtest's log records: a Debug record for
// each attempt number 1..tries, exactly one each, and a Warn record for
// each retry.
func fmCheckLogRecords(t *testing.T, e *fmEnv, tries, retries int) {
	t.Helper()
	logs := e.logs.String()[e.logBaseline:]
	seen := map[int]int{}
	warns := 0
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		if line == "" {
			continue
		}
		var rec struct {
			Msg     string `json:"msg"`
			Attempt int    `json:"attempt"`
			Status  int    `json:"status"`
			Error   string `json:"error"`
		}
		if !assert.NoError(t, json.Unmarshal([]byte(line), &rec), "a log record that is not JSON: %s", line) {
			continue
		}
		switch rec.Msg {
		case "rebilly: attempt":
			seen[rec.Attempt]++
			assert.Equal(t, 1, seen[rec.Attempt], "attempt %d has more than one Debug record: %s", rec.Attempt, line)
		case "rebilly: retrying":
			warns++
			assert.Equal(t, 1, seen[rec.Attempt], "the Warn record of attempt %d comes before its Debug record: %s", rec.Attempt, line)
		}
	}
	assert.Len(t, seen, tries, "attempts with a Debug record:\n%s", logs)
	for n := 1; n <= tries; n++ {
		assert.NotZero(t, seen[n], "no Debug record for attempt %d", n)
	}
	assert.Equal(t, retries, warns, "Warn records, one per retry")
}

func fmCheckWaits(t *testing.T, e *fmEnv, want []fmWait, got []time.Duration) {
	t.Helper()
	if !assert.Len(t, got, len(want), "waits %v", got) {
		return
	}
	for i, w := range want {
		if w.n == 0 {
			assert.Equal(t, w.exact, got[i], "wait %d is the server's hint", i+1)
			continue
		}
		d := e.waitMin
		for j := 1; j < w.n && d < e.waitMax; j++ {
			d *= 2
		}
		d = min(d, e.waitMax)
		assert.True(t, got[i] >= d/2 && got[i] <= d, "backoff %d is %v, want between %v and %v", w.n, got[i], d/2, d)
	}
}

// fmCheckAPIText: Error() is one line with method, path, status, title or
// status text, detail, invalid fields and the attempt count.
func fmCheckAPIText(t *testing.T, e *rebilly.Error) {
	t.Helper()
	msg := e.Error()
	assert.NotContains(t, msg, "\n", "Error() is one line")
	assert.True(t, strings.HasPrefix(msg, fmt.Sprintf("rebilly: %s %s: %d ", e.Method, e.Path, e.Status)), "Error() = %q", msg)
	title := e.Title
	if title == "" {
		title = http.StatusText(e.Status)
	}
	assert.Contains(t, msg, title)
	if e.Detail != "" {
		assert.Contains(t, msg, e.Detail)
	}
	for _, f := range e.InvalidFields {
		assert.Contains(t, msg, f.Field+": "+f.Message)
	}
	if n := len(e.Attempts); n > 1 {
		assert.Contains(t, msg, fmt.Sprintf(" after %d attempts", n))
	} else {
		assert.NotContains(t, msg, "attempts")
	}
	assert.Equal(t, msg, fmt.Sprintf("%+v", e), "%+v adds nothing")
}

func fmCheckRequestText(t *testing.T, e *rebilly.RequestError) {
	t.Helper()
	msg := e.Error()
	assert.NotContains(t, msg, "\n", "Error() is one line")
	assert.True(t, strings.HasPrefix(msg, fmt.Sprintf("rebilly: %s %s: ", e.Method, e.Path)), "Error() = %q", msg)
	if n := len(e.Attempts); n > 1 {
		assert.True(t, strings.HasSuffix(msg, fmt.Sprintf(" (after %d attempts)", n)), "Error() = %q", msg)
	} else {
		assert.NotContains(t, msg, "attempts")
	}
}

// ---------------------------------------------------------------------
// The security sweep.

// fmSweep searches everything the matrix produces for the credential: the
// errors in every format with their attempts, bodies and headers, the
// responses' headers, the fake's request log (headers and bodies both
// ways), recovered panic messages, and at the end the log output. Texts
// are searched as they come, so that the megabytes of the large-body rows
// are not kept.
type fmSweep struct {
	logs syncBuffer

	mu       sync.Mutex
	findings []string
	scanned  map[string]int // bytes searched, by kind
	redacted int            // "REDACTED" seen in the request log
	results  int
}

func fmNewSweep() *fmSweep { return &fmSweep{scanned: map[string]int{}} }

// scan searches text, of the given kind, from where.
func (s *fmSweep) scan(kind, where, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scanned[kind] += len(text)
	if kind == "request log" {
		s.redacted += strings.Count(text, "REDACTED")
	}
	for _, secret := range []string{fmKey, fmJWT, fmKeyPart, fmJWTPart} {
		if i := strings.Index(text, secret); i >= 0 {
			s.findings = append(s.findings, fmt.Sprintf("the %s of %s holds %q: ...%s...",
				kind, where, secret, text[max(0, i-200):min(len(text), i+len(secret)+100)]))
		}
	}
}

// collect searches one subtest's outcome: the error in every format, the
// attempts' errors, the error's body, header and extra members, the
// response's header, and the fake's request log.
func (s *fmSweep) collect(where string, res fmResult, reqs []rebillytest.Request) {
	var b strings.Builder
	if err := res.err; err != nil {
		fmt.Fprintf(&b, "%v\n%+v\n%s\n%q\n", err, err, err.Error(), err.Error())
		for u := err; u != nil; u = errors.Unwrap(u) {
			fmt.Fprintf(&b, "unwrapped %T: %v\n", u, u)
		}
		if attempts, ok := fmAttempts(err); ok {
			for i, a := range attempts {
				fmt.Fprintf(&b, "attempt %d: %+v\n", i+1, a)
			}
		}
		var apiErr *rebilly.Error
		if errors.As(err, &apiErr) {
			fmt.Fprintf(&b, "body %s\nheader %v\nextra %v\n", apiErr.Body, apiErr.Header, apiErr.Extra)
		}
	}
	if res.resp != nil && res.resp.Response != nil {
		fmt.Fprintf(&b, "response %d %v %+v %+v\n", res.resp.StatusCode, res.resp.Header, res.resp.Pagination, res.resp.RateLimit)
	}
	s.scan("errors and responses", where, b.String())

	var l strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&l, "%s %s?%s %v\n%s\n-> %d %v\n%s\n", r.Method, r.Path, r.RawQuery, r.Header, r.Body, r.Status, r.ResponseHeader, r.ResponseBody)
	}
	s.scan("request log", where, l.String())

	s.mu.Lock()
	defer s.mu.Unlock()
	s.results++
	if res.resp != nil && res.resp.Response != nil && res.resp.Request != nil && fmHoldsSecret(fmt.Sprint(res.resp.Request.Header)) {
		s.findings = append(s.findings, fmt.Sprintf("the *Response of %s holds the credential in Response.Request.Header", where))
	}
}

func fmHoldsSecret(s string) bool {
	for _, secret := range []string{fmKey, fmJWT, fmKeyPart, fmJWTPart} {
		if strings.Contains(s, secret) {
			return true
		}
	}
	return false
}

// check searches the log output and fails on any finding.
func (s *fmSweep) check(t *testing.T) {
	logs := s.logs.String()
	s.scan("log output", "the whole matrix", logs)
	s.mu.Lock()
	findings := slices.Clone(s.findings)
	results, redacted := s.results, s.redacted
	scanned := maps.Clone(s.scanned)
	s.mu.Unlock()

	// The sweep saw real material.
	require.Greater(t, results, 100, "outcomes searched")
	assert.Contains(t, logs, `"msg":"rebilly: attempt"`, "the Debug records were captured")
	assert.Contains(t, logs, `"msg":"rebilly: retrying"`, "the Warn records were captured")
	assert.Greater(t, redacted, 100, "the credential reached the fake, which redacted it in its log")
	for _, kind := range []string{"errors and responses", "request log", "log output"} {
		assert.Greater(t, scanned[kind], 10000, "bytes of %s searched", kind)
	}
	for i, f := range findings {
		if i == 20 {
			t.Errorf("... and %d more findings", len(findings)-i)
			break
		}
		t.Error(f)
	}
}
