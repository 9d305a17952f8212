package rebilly_test

// The fault matrix's checks: one small function per aspect of an outcome,
// each run as its own subtest, so that a failure reads
// TestFaultMatrix/<credential>/<row>/<operation>/<aspect>.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// fmOutcome is one operation's run under one row, as the checks see it.
type fmOutcome struct {
	e     *fmEnv
	op    fmOp
	want  fmWant
	res   fmResult
	reqs  []rebillytest.Request // the op's requests the fake logged
	waits []time.Duration       // every wait the client asked the clock for

	elapsed time.Duration // real time the call took
	ctxErr  error         // the call's context's error when it returned
}

// fmAspect is one aspect of an outcome: applies tells whether the row's
// want speaks of it.
type fmAspect struct {
	name    string
	applies func(o *fmOutcome) bool
	check   func(t *testing.T, o *fmOutcome)
}

func fmAlways(*fmOutcome) bool { return true }

func fmWantsError(o *fmOutcome) bool { return !o.want.ok }

// fmAspects are the aspects, in the order they are checked.
var fmAspects = []fmAspect{
	{"requests", fmAlways, fmCheckRequests},
	{"waits", fmAlways, fmCheckWaits},
	{"created", func(o *fmOutcome) bool { return o.op.creates }, fmCheckCreated},
	{"log records", fmAlways, fmCheckLogRecords},
	{"real time", func(o *fmOutcome) bool { return o.e.row.maxElapsed > 0 || o.e.row.ctx == fmCtxDeadline }, fmCheckRealTime},
	{"success", func(o *fmOutcome) bool { return o.want.ok }, fmCheckSuccess},
	{"error matches", fmWantsError, fmCheckErrorMatches},
	{"API error", func(o *fmOutcome) bool { return !o.want.ok && o.want.status != 0 }, fmCheckAPIError},
	{"request error", func(o *fmOutcome) bool { return !o.want.ok && o.want.reqErr }, fmCheckRequestError},
	{"attempts", fmWantsError, fmCheckAttempts},
	{"lost answer", func(o *fmOutcome) bool { return o.res.resp != nil }, fmCheckLostAnswer},
	{"unexpected answer", func(o *fmOutcome) bool { return o.want.unexpected }, fmCheckUnexpected},
}

// fmCheck runs every aspect that applies to o, each as a subtest.
func fmCheck(t *testing.T, o *fmOutcome) {
	t.Helper()
	for _, a := range fmAspects {
		if a.applies(o) {
			t.Run(a.name, func(t *testing.T) { a.check(t, o) })
		}
	}
}

// fmCheckRequests: the server saw the wanted number of the op's requests.
func fmCheckRequests(t *testing.T, o *fmOutcome) {
	assert.Len(t, o.reqs, o.want.requests, "requests of %s %s the fake saw", o.op.method, o.op.faultPath())
}

// fmCheckWaits: the client asked for the wanted waits (a server's hint
// exactly, a backoff within its jitter), and the clock moved by their sum,
// or not at all when the wait was interrupted.
func fmCheckWaits(t *testing.T, o *fmOutcome) {
	e, got := o.e, o.waits
	if assert.Len(t, got, len(o.want.waits), "waits %v", got) {
		for i, w := range o.want.waits {
			if w.n == 0 {
				assert.Equal(t, w.exact, got[i], "wait %d is the server's hint", i+1)
				continue
			}
			d := e.waitMin
			for j := 1; j < w.n && d < e.waitMax; j++ {
				d *= 2
			}
			hi := min(d+d/2, e.waitMax)
			d = min(d, e.waitMax)
			assert.True(t, got[i] >= d && got[i] <= hi, "backoff %d is %v, want between %v and %v", w.n, got[i], d, hi)
		}
	}
	if e.sleeping != nil {
		assert.Zero(t, e.fclock.Slept(), "the blocked wait never completed")
		return
	}
	var sum time.Duration
	for _, d := range got {
		sum += d
	}
	assert.Equal(t, sum, e.fclock.Slept(), "clock.Slept is the sum of the waits")
}

// fmCheckCreated: POST safety and duplicate safety. A creating call leaves
// at most one customer with its marker, exactly one when it succeeded, and
// returns the one stored.
func fmCheckCreated(t *testing.T, o *fmOutcome) {
	got := o.e.created()
	assert.LessOrEqual(t, len(got), 1, "one call created more than one customer: %v", fmIDs(got))
	want := o.want.created
	if o.want.ok {
		want = 1
	}
	assert.Len(t, got, want, "customers created by the call")
	if o.want.ok && len(got) == 1 {
		assert.Equal(t, got[0].ID, o.res.id, "the customer returned is the one stored")
	}
	if o.op.path != "" && o.op.method == "PUT" {
		_, exists := o.e.fake.Customer("cus_fm_new")
		assert.Equal(t, want == 1, exists, "cus_fm_new exists")
	}
}

// fmCheckLogRecords: the subtest's log holds one Debug record for each
// attempt number 1..tries, exactly one each, and one Warn record for each
// retry, after its attempt's Debug record.
func fmCheckLogRecords(t *testing.T, o *fmOutcome) {
	tries := len(o.reqs)
	if a, ok := fmAttempts(o.res.err); ok {
		tries = len(a)
	}
	retries := len(o.waits)
	logs := o.e.logs.String()[o.e.logBaseline:]
	seen := map[int]int{}
	warns := 0
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		if line == "" {
			continue
		}
		var rec struct {
			Msg     string `json:"msg"`
			Attempt int    `json:"attempt"`
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

// fmCheckRealTime: the call returned within the row's bound of real time,
// and a call with a deadline returned before the deadline passed.
func fmCheckRealTime(t *testing.T, o *fmOutcome) {
	if o.e.row.maxElapsed > 0 {
		assert.Less(t, o.elapsed, o.e.row.maxElapsed, "the call took too long in real time")
	}
	if o.e.row.ctx == fmCtxDeadline {
		assert.NoError(t, o.ctxErr, "the call returned at once, not when the deadline passed")
	}
}

// fmCheckSuccess: no error, and a 2xx response, or the wanted status (a
// DELETE's 404 after a lost answer).
func fmCheckSuccess(t *testing.T, o *fmOutcome) {
	if assert.NoError(t, o.res.err) && assert.NotNil(t, o.res.resp) {
		if o.want.okStatus != 0 {
			assert.Equal(t, o.want.okStatus, o.res.resp.StatusCode)
		} else {
			assert.Less(t, o.res.resp.StatusCode, 300)
		}
	}
}

// fmCheckLostAnswer: Response.AfterLostAnswer says whether an earlier
// attempt's answer was lost.
func fmCheckLostAnswer(t *testing.T, o *fmOutcome) {
	assert.Equal(t, o.want.lostAnswer, o.res.resp.AfterLostAnswer, "Response.AfterLostAnswer")
}

// fmCheckUnexpected: an *UnexpectedResponseError with the status the fake
// (or the front) answered, the operation's declared statuses, the first
// bytes of the body, and the *Response of that answer; Error() leaves the
// body out.
func fmCheckUnexpected(t *testing.T, o *fmOutcome) {
	var ue *rebilly.UnexpectedResponseError
	require.ErrorAs(t, o.res.err, &ue)
	require.Len(t, o.reqs, 1)
	assert.Equal(t, o.reqs[0].Status, ue.Status)
	assert.Equal(t, o.op.declared, ue.Declared)
	assert.True(t, strings.HasPrefix(string(ue.Body), o.want.unexpectedBody), "Body %q begins with %q", ue.Body, o.want.unexpectedBody)
	assert.LessOrEqual(t, len(ue.Body), 256)
	if len(ue.Body) > 8 {
		assert.NotContains(t, o.res.err.Error(), string(ue.Body), "Error() leaves the body out")
	}
	if assert.NotNil(t, o.res.resp, "the *Response comes with the error") {
		assert.Equal(t, ue.Status, o.res.resp.StatusCode)
	}
}

// fmCheckErrorMatches: the error matches the status's sentinel, every
// wanted target, the wanted text, and is a timeout when wanted.
func fmCheckErrorMatches(t *testing.T, o *fmOutcome) {
	err := o.res.err
	require.Error(t, err, "the call should have failed")
	if s := fmSentinel(o.want.status); s != nil {
		assert.ErrorIs(t, err, s)
	}
	for _, target := range o.want.is {
		assert.ErrorIs(t, err, target)
	}
	if o.want.text != "" {
		assert.Contains(t, err.Error(), o.want.text)
	}
	if o.want.timeout {
		var ne net.Error
		assert.True(t, errors.As(err, &ne) && ne.Timeout(), "want a timeout: %v", err)
	}
}

// fmCheckAPIError: a *rebilly.Error with the wanted status, the op's method
// and path, the server's hint, the body kept within its bound, and a one-line
// message.
func fmCheckAPIError(t *testing.T, o *fmOutcome) {
	var apiErr *rebilly.Error
	require.ErrorAs(t, o.res.err, &apiErr, "want a *rebilly.Error, got %T: %v", o.res.err, o.res.err)
	w := o.want
	assert.Equal(t, w.status, apiErr.Status, "Status")
	assert.Equal(t, o.op.method, apiErr.Method, "Method")
	assert.True(t, o.op.matchesPath(apiErr.Path), "Path %q", apiErr.Path)
	if w.retryAfter != 0 {
		assert.True(t, fmStart.Add(w.retryAfter).Equal(apiErr.RetryAfter), "RetryAfter %v, want %v", apiErr.RetryAfter, fmStart.Add(w.retryAfter))
	}
	if w.bodyHas != "" {
		assert.Contains(t, string(apiErr.Body), w.bodyHas, "Body is kept")
	}
	if w.maxBody > 0 {
		assert.LessOrEqual(t, len(apiErr.Body), w.maxBody, "Body is bounded")
	}
	fmCheckAPIText(t, apiErr)
}

// fmCheckRequestError: a *rebilly.RequestError (and no *rebilly.Error) with
// the op's method and path and a one-line message.
func fmCheckRequestError(t *testing.T, o *fmOutcome) {
	var apiErr *rebilly.Error
	assert.False(t, errors.As(o.res.err, &apiErr), "want no *rebilly.Error: %v", o.res.err)
	var reqErr *rebilly.RequestError
	require.ErrorAs(t, o.res.err, &reqErr, "want a *rebilly.RequestError, got %T: %v", o.res.err, o.res.err)
	assert.Equal(t, o.op.method, reqErr.Method, "Method")
	assert.True(t, o.op.matchesPath(reqErr.Path), "Path %q", reqErr.Path)
	fmCheckRequestText(t, reqErr)
}

// fmCheckAttempts: one Attempt per try, each a status or a transport error,
// the wait before it, its duration, the wanted statuses and errors.
func fmCheckAttempts(t *testing.T, o *fmOutcome) {
	require.Error(t, o.res.err, "the call should have failed")
	w := o.want
	attempts, _ := fmAttempts(o.res.err)
	n := w.attempts
	if n < 0 {
		n = w.requests
	}
	require.Len(t, attempts, n, "Attempts")
	assert.Zero(t, attempts[0].Wait, "no wait before the first attempt")
	for i, a := range attempts {
		assert.True(t, a.Status != 0 || a.Err != nil, "attempt %d has neither a status nor an error", i+1)
		assert.GreaterOrEqual(t, a.Duration, time.Duration(0), "attempt %d's Duration", i+1)
		assert.Less(t, a.Duration, 10*time.Second, "attempt %d's Duration", i+1)
		if i > 0 && i-1 < len(o.waits) {
			assert.Equal(t, o.waits[i-1], a.Wait, "attempt %d's Wait is the wait before it", i+1)
		}
		if w.statuses != nil && i < len(w.statuses) {
			assert.Equal(t, w.statuses[i], a.Status, "attempt %d's status", i+1)
		}
		if w.attemptErr != nil {
			assert.ErrorIs(t, a.Err, w.attemptErr, "attempt %d", i+1)
		}
		if a.Err != nil {
			assert.NotContains(t, a.Err.Error(), "?", "attempt %d's error repeats the URL", i+1)
		}
	}
	if w.minDuration > 0 {
		assert.GreaterOrEqual(t, attempts[0].Duration, w.minDuration, "the first attempt's Duration")
	}
}

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

// fmCheckRequestText: Error() is one line with method and path, and the
// attempt count at the end.
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
