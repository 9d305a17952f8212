package rebilly_test

// The fault matrix: every fault the fake (or a front handler) can make,
// against every operation it applies to, with the exact outcome each must
// have: success or the kind of error, how many requests the server saw,
// how long the client waited on the fake clock, and how many customers a
// create left behind. The whole matrix runs twice, with an API key and with
// a JWT, and a security sweep then searches everything it produced for the
// credential.
//
// This file is the specification: the rows, and the test that runs them.
// The rest of the matrix: faultmatrix_want_test.go (the operation sets and
// the wanted outcome a row states), faultmatrix_run_test.go (one run),
// faultmatrix_env_test.go and faultmatrix_front_test.go (the fake, the front
// handler for the faults the fake cannot make, the client),
// faultmatrix_check_test.go (one check per aspect of an outcome, each its
// own subtest) and faultmatrix_sweep_test.go (the credential sweep).

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// fmCtxMode is what happens to the call's context.
type fmCtxMode int

const (
	fmCtxNone            fmCtxMode = iota
	fmCtxCancelled                 // cancelled before the call
	fmCtxCancelOnArrival           // cancelled once the server has the request
	fmCtxCancelInWait              // cancelled while the client waits to retry
	fmCtxDeadline                  // a deadline of row.deadline
)

// fmRow is one fault and the outcome each operation must have under it.
type fmRow struct {
	name string
	ops  []fmOp
	// fault is added to the fake for the op's method and path.
	fault *rebillytest.Fault
	// front makes a fault the fake cannot.
	front    fmFrontFunc
	seed     func() []rebillytest.Option
	fakeOpts []rebillytest.Option
	// setup runs before the op; requests it sends are not the op's.
	setup            func(t *testing.T, e *fmEnv)
	waitMin, waitMax time.Duration // the client's RetryWait, when set
	timeout          time.Duration // per-attempt http.Client timeout, when set
	maxBody          int64         // WithMaxResponseBytes, when set
	refused          bool          // the client points at a closed port
	bad              bool          // the op sends data the fake refuses
	ctx              fmCtxMode
	deadline         time.Duration
	maxElapsed       time.Duration // real time the call may take, when set

	want  func(op fmOp) fmWant
	extra func(t *testing.T, e *fmEnv, op fmOp, res fmResult)

	walk *fmWalkSpec // set for the All-under-churn rows
}

// fmWalkSpec is a walk of All under churn, with a fault on the list
// request injected once mid-walk.
type fmWalkSpec struct {
	fault *rebillytest.Fault
	// hint adds an X-RateLimit-Retry-After 3 s ahead of the clock.
	hint bool
}

func fmUnix(d time.Duration) string { return strconv.FormatInt(fmStart.Add(d).Unix(), 10) }

// fmWrongShape is valid JSON that no answer type of the SDK decodes.
const fmWrongShape = `{"id":42,"createdTime":42,"type":42,"balances":42,"currency":42}`

func fmRows() []fmRow {
	var rows []fmRow
	// The large-body rows send several MB against a bound of 256 KiB.
	const huge, bound = 4 << 20, 256 << 10

	// Server errors: idempotent calls retry, Create does not.
	for _, s := range []int{500, 502, 503, 504} {
		rows = append(rows,
			fmRow{name: fmt.Sprintf("%d once", s), ops: fmAllOps, fault: &rebillytest.Fault{Status: s, Times: 1},
				want: func(op fmOp) fmWant {
					if !op.idempotent {
						return fmAPI(s, 1)
					}
					return fmOK(2, fmJitter(1)...)
				}},
			fmRow{name: fmt.Sprintf("%d twice", s), ops: fmAllOps, fault: &rebillytest.Fault{Status: s, Times: 2},
				want: func(op fmOp) fmWant {
					if !op.idempotent {
						return fmAPI(s, 1)
					}
					return fmOK(3, fmJitter(2)...)
				}},
			fmRow{name: fmt.Sprintf("%d more times than the retry limit", s), ops: fmAllOps, fault: &rebillytest.Fault{Status: s, Times: 5},
				want: func(op fmOp) fmWant {
					if !op.idempotent {
						return fmAPI(s, 1).with(func(w *fmWant) { w.statuses = []int{s} })
					}
					return fmAPI(s, 3, fmJitter(2)...).with(func(w *fmWant) { w.statuses = []int{s, s, s} })
				}},
		)
	}
	rows = append(rows,
		fmRow{name: "501 is never retried", ops: fmAllOps, fault: &rebillytest.Fault{Status: 501},
			want: func(fmOp) fmWant { return fmAPI(501, 1) }},
		fmRow{name: "503 with Retry-After 2 once", ops: fmAllOps, fault: &rebillytest.Fault{Status: 503, RetryAfter: "2", Times: 1},
			want: func(op fmOp) fmWant {
				if !op.idempotent {
					return fmAPI(503, 1).with(func(w *fmWant) { w.retryAfter = 2 * time.Second })
				}
				return fmOK(2, fmExact(2*time.Second))
			}},
		fmRow{name: "503 always, backoff capped at 1.5s", ops: fmAllOps, fault: &rebillytest.Fault{Status: 503},
			waitMin: time.Second, waitMax: 1500 * time.Millisecond,
			want: func(op fmOp) fmWant {
				if !op.idempotent {
					return fmAPI(503, 1)
				}
				return fmAPI(503, 3, fmJitter(2)...)
			}},
	)

	// Rate limits: every operation, Create included, waits and retries.
	rl := func(name string, f rebillytest.Fault, want func(fmOp) fmWant) fmRow {
		f.Status = http.StatusTooManyRequests
		return fmRow{name: name, ops: fmAllOps, fault: &f, want: want}
	}
	hdr := func(v string) http.Header { return http.Header{"X-RateLimit-Retry-After": {v}} }
	rows = append(rows,
		rl("429 X-RateLimit-Retry-After 7s ahead", rebillytest.Fault{Times: 1, Header: hdr(fmUnix(7 * time.Second))},
			func(fmOp) fmWant { return fmOK(2, fmExact(7*time.Second)) }),
		rl("429 X-RateLimit-Retry-After in the past", rebillytest.Fault{Times: 1, Header: hdr(fmUnix(-time.Hour))},
			func(fmOp) fmWant { return fmOK(2, fmExact(0)) }),
		rl("429 X-RateLimit-Retry-After malformed", rebillytest.Fault{Times: 1, Header: hdr("soon")},
			func(fmOp) fmWant { return fmOK(2, fmJitter(1)...) }),
		rl("429 Retry-After 5 seconds", rebillytest.Fault{Times: 1, RetryAfter: "5"},
			func(fmOp) fmWant { return fmOK(2, fmExact(5*time.Second)) }),
		rl("429 Retry-After HTTP date", rebillytest.Fault{Times: 1, RetryAfter: fmStart.Add(6 * time.Second).Format(http.TimeFormat)},
			func(fmOp) fmWant { return fmOK(2, fmExact(6*time.Second)) }),
		rl("429 Retry-After beyond the wait cap", rebillytest.Fault{Times: 1, RetryAfter: "120"},
			func(fmOp) fmWant {
				return fmAPI(429, 1).with(func(w *fmWant) { w.retryAfter = 2 * time.Minute })
			}),
		rl("429 X-RateLimit-Retry-After beyond the wait cap", rebillytest.Fault{Times: 1, Header: hdr(fmUnix(time.Hour))},
			func(fmOp) fmWant {
				return fmAPI(429, 1).with(func(w *fmWant) { w.retryAfter = time.Hour })
			}),
		rl("429 Retry-After 3 on every attempt", rebillytest.Fault{RetryAfter: "3"},
			func(fmOp) fmWant {
				return fmAPI(429, 3, fmExact(3*time.Second), fmExact(3*time.Second)).with(func(w *fmWant) {
					w.statuses = []int{429, 429, 429}
					w.retryAfter = 9 * time.Second // the last answer came at +6s
				})
			}),
		rl("429 without a hint on every attempt", rebillytest.Fault{},
			func(fmOp) fmWant { return fmAPI(429, 3, fmJitter(2)...) }),
		fmRow{name: "the fake's own rate limit", ops: fmWriteOps,
			fakeOpts: []rebillytest.Option{rebillytest.WithRateLimit(1, 5*time.Second)},
			setup: func(t *testing.T, e *fmEnv) {
				_, _, err := e.client.Customers.Upsert(context.Background(), "cus_fm_rl", &rebilly.CustomerInput{WebsiteID: "web_rl"})
				require.NoError(t, err, "using up the window")
			},
			want: func(fmOp) fmWant { return fmOK(2, fmExact(5*time.Second)) },
			extra: func(t *testing.T, e *fmEnv, op fmOp, res fmResult) {
				reqs := e.requests(op)
				require.Len(t, reqs, 2)
				assert.Equal(t, http.StatusTooManyRequests, reqs[0].Status)
				assert.Equal(t, fmUnix(5*time.Second), reqs[0].ResponseHeader.Get("X-RateLimit-Retry-After"))
				assert.Equal(t, 1, res.resp.RateLimit.Limit)
			}},
	)

	// The transport and the body.
	rows = append(rows,
		fmRow{name: "connection refused", ops: fmAllOps, refused: true,
			want: func(fmOp) fmWant {
				return fmReq(0, fmJitter(2)...).with(func(w *fmWant) {
					w.attempts, w.statuses, w.attemptErr = 3, []int{0, 0, 0}, syscall.ECONNREFUSED
					w.is = []error{syscall.ECONNREFUSED}
				})
			}},
		fmRow{name: "connection dropped before the answer once", ops: fmAllOps, fault: &rebillytest.Fault{DropConnection: true, Times: 1},
			want: func(op fmOp) fmWant {
				if !op.idempotent {
					return fmReq(1).with(func(w *fmWant) { w.statuses = []int{0} })
				}
				// The client cannot tell that the fake did not act.
				return fmLost(fmOK(2, fmJitter(1)...))
			}},
		fmRow{name: "connection dropped before the answer always", ops: fmAllOps, fault: &rebillytest.Fault{DropConnection: true},
			want: func(op fmOp) fmWant {
				if !op.idempotent {
					return fmReq(1)
				}
				return fmReq(3, fmJitter(2)...).with(func(w *fmWant) { w.statuses = []int{0, 0, 0} })
			}},
		fmRow{name: "connection dropped after the server acted once", ops: fmAllOps, front: fmDropAfterActing(1),
			want: func(op fmOp) fmWant {
				switch {
				case !op.idempotent:
					return fmReq(1).with(func(w *fmWant) { w.created = 1 })
				case op.removes:
					// The retry finds the work done: the merge or delete
					// happened, and the caller is told so.
					return fmLost(fmOK(2, fmJitter(1)...)).with(func(w *fmWant) { w.okStatus = http.StatusNotFound })
				}
				return fmLost(fmOK(2, fmJitter(1)...))
			}},
		fmRow{name: "body cut off once", ops: fmBodyOps, fault: &rebillytest.Fault{TruncateBody: true, Times: 1},
			want: func(op fmOp) fmWant {
				if !op.idempotent {
					return fmReq(1).with(func(w *fmWant) {
						w.created, w.text, w.is = 1, "decoding the 201 response", []error{io.ErrUnexpectedEOF}
						if op.method == "PATCH" {
							w.text = "decoding the 200 response"
						}
					})
				}
				return fmLost(fmOK(2, fmJitter(1)...))
			}},
		fmRow{name: "body cut off always", ops: fmBodyOps, fault: &rebillytest.Fault{TruncateBody: true},
			want: func(op fmOp) fmWant {
				if !op.idempotent {
					return fmReq(1).with(func(w *fmWant) { w.created, w.is = 1, []error{io.ErrUnexpectedEOF} })
				}
				return fmLost(fmReq(3, fmJitter(2)...)).with(func(w *fmWant) { w.created, w.is = 1, []error{io.ErrUnexpectedEOF} })
			}},
		fmRow{name: "body slower than the attempt timeout once", ops: fmBodyOps, front: fmSlowBody(1), timeout: 100 * time.Millisecond,
			want: func(op fmOp) fmWant {
				if !op.idempotent {
					return fmReq(1).with(func(w *fmWant) { w.created, w.timeout, w.minDuration = 1, true, 100*time.Millisecond })
				}
				return fmLost(fmOK(2, fmJitter(1)...))
			}},
		fmRow{name: "HTML error page from a proxy", ops: fmAllOps, fault: &rebillytest.Fault{HTMLErrorPage: true},
			want: func(op fmOp) fmWant {
				w := fmAPI(502, 3, fmJitter(2)...)
				if !op.idempotent {
					w = fmAPI(502, 1)
				}
				w.bodyHas = "<h1>502 Bad Gateway</h1>"
				return w
			}},
		fmRow{name: "200 with an empty body", ops: fmBodyOps, front: fmEmptySuccessBody(),
			want: func(fmOp) fmWant {
				return fmUnexpected("").with(func(w *fmWant) {
					w.created, w.text, w.is = 1, "empty body", []error{io.EOF, rebilly.ErrUnexpectedResponse}
				})
			}},
		// Members of a wrong type for every answer's Go type: the customer's
		// and most others' id, a custom field's type, a credit balance's
		// balances, summary metrics' currency.
		fmRow{name: "200 with JSON of the wrong shape", ops: fmBodyOps, front: fmSuccessBody(fmWrongShape),
			want: func(fmOp) fmWant {
				return fmUnexpected(fmWrongShape).with(func(w *fmWant) { w.created, w.text = 1, "decoding the 20" })
			}},
		fmRow{name: "error body of 4 MB", ops: fmAllOps, fault: &rebillytest.Fault{Status: 500}, front: fmHugeErrorBody(huge), maxBody: bound,
			want: func(op fmOp) fmWant {
				w := fmAPI(500, 3, fmJitter(2)...)
				if !op.idempotent {
					w = fmAPI(500, 1)
				}
				w.is, w.maxBody = []error{rebilly.ErrTooLarge}, bound
				return w
			}},
		fmRow{name: "success body of 4 MB", ops: fmBodyOps, front: fmHugeSuccessBody(huge), maxBody: bound,
			want: func(fmOp) fmWant {
				return fmReq(1).with(func(w *fmWant) { w.created, w.is = 1, []error{rebilly.ErrTooLarge} })
			}},
		fmRow{name: "body cut off in its trailing white space once", ops: fmBodyOps, front: fmCutInTrailingSpace(1),
			want: func(op fmOp) fmWant {
				if !op.idempotent {
					return fmReq(1).with(func(w *fmWant) { w.created = 1 })
				}
				return fmLost(fmOK(2, fmJitter(1)...))
			}},
		fmRow{name: "422 with invalid fields after a 429", ops: fmInputOps, bad: true, fault: &rebillytest.Fault{Status: 429, Times: 1},
			want: func(fmOp) fmWant {
				return fmAPI(422, 2, fmJitter(1)...).with(func(w *fmWant) { w.statuses = []int{429, 422} })
			},
			extra: func(t *testing.T, e *fmEnv, op fmOp, res fmResult) {
				var apiErr *rebilly.Error
				require.ErrorAs(t, res.err, &apiErr)
				wantFields := 2
				if op.name == opLSUpsert.name {
					wantFields = 1
				}
				assert.Len(t, apiErr.InvalidFields, wantFields)
				// The whole line, from the problem document the fake sent.
				reqs := e.requests(op)
				require.Len(t, reqs, 2)
				var p struct {
					Title, Detail string
					InvalidFields []rebilly.InvalidField
				}
				require.NoError(t, json.Unmarshal(reqs[1].ResponseBody, &p))
				var fields []string
				for _, f := range p.InvalidFields {
					fields = append(fields, f.Field+": "+f.Message)
				}
				assert.Equal(t, fmt.Sprintf("rebilly: %s %s: 422 %s: %s (invalid fields: %s) after 2 attempts",
					op.method, apiErr.Path, p.Title, p.Detail, strings.Join(fields, "; ")), apiErr.Error())
			}},
	)

	rows = append(rows, fmLostAnswerRows()...)
	rows = append(rows, fmUnexpectedRows()...)

	// The context.
	rows = append(rows,
		fmRow{name: "context cancelled before the call", ops: fmAllOps, ctx: fmCtxCancelled,
			want: func(fmOp) fmWant {
				return fmReq(0).with(func(w *fmWant) {
					w.attempts, w.statuses, w.is = 1, []int{0}, []error{context.Canceled}
				})
			}},
		fmRow{name: "context cancelled during the request", ops: fmAllOps, ctx: fmCtxCancelOnArrival,
			fault: &rebillytest.Fault{Latency: 10 * time.Second, Times: 1}, maxElapsed: 5 * time.Second,
			want: func(fmOp) fmWant {
				return fmReq(1).with(func(w *fmWant) { w.statuses, w.is = []int{0}, []error{context.Canceled} })
			}},
		fmRow{name: "context cancelled during the wait after a 429", ops: fmAllOps, ctx: fmCtxCancelInWait,
			fault: &rebillytest.Fault{Status: 429, Times: 1},
			want: func(fmOp) fmWant {
				return fmAPI(429, 1, fmJitter(1)...).with(func(w *fmWant) { w.is = []error{context.Canceled} })
			}},
		fmRow{name: "context cancelled during the wait after a dropped connection", ops: fmAllOps, ctx: fmCtxCancelInWait,
			fault: &rebillytest.Fault{DropConnection: true, Times: 1},
			want: func(op fmOp) fmWant {
				if !op.idempotent {
					return fmReq(1)
				}
				return fmReq(1, fmJitter(1)...).with(func(w *fmWant) { w.is = []error{context.Canceled} })
			}},
		fmRow{name: "deadline shorter than the next backoff", ops: fmAllOps, ctx: fmCtxDeadline, deadline: 2 * time.Second,
			maxElapsed: time.Second, waitMin: 10 * time.Second, waitMax: time.Minute,
			fault: &rebillytest.Fault{Status: 429},
			want: func(fmOp) fmWant {
				return fmAPI(429, 1).with(func(w *fmWant) { w.is = []error{context.DeadlineExceeded} })
			}},
		fmRow{name: "deadline shorter than the server's Retry-After", ops: fmAllOps, ctx: fmCtxDeadline, deadline: 2 * time.Second,
			maxElapsed: time.Second, waitMin: time.Second, waitMax: time.Hour,
			fault: &rebillytest.Fault{Status: 503, RetryAfter: "300"},
			want: func(op fmOp) fmWant {
				w := fmAPI(503, 1).with(func(w *fmWant) { w.retryAfter = 5 * time.Minute })
				if op.idempotent {
					w.is = []error{context.DeadlineExceeded}
				}
				return w
			},
			extra: func(t *testing.T, _ *fmEnv, op fmOp, res fmResult) {
				if !op.idempotent {
					assert.NotErrorIs(t, res.err, context.DeadlineExceeded, "a 503 to Create is not retried, so the deadline plays no part")
				}
			}},
		fmRow{name: "deadline shorter than the next backoff after connection refused", ops: fmAllOps, ctx: fmCtxDeadline,
			deadline: 2 * time.Second, maxElapsed: time.Second, waitMin: 10 * time.Second, waitMax: time.Minute, refused: true,
			want: func(fmOp) fmWant {
				return fmReq(0).with(func(w *fmWant) {
					w.attempts, w.attemptErr = 1, syscall.ECONNREFUSED
					w.is = []error{context.DeadlineExceeded, syscall.ECONNREFUSED}
				})
			}},
	)

	// All while customers come and go between pages, with a fault on one
	// page request.
	walkFault := func(f rebillytest.Fault) *rebillytest.Fault {
		f.Method, f.Path, f.Times = "GET", "/customers", 1
		return &f
	}
	rows = append(rows,
		fmRow{name: "All under churn", seed: fmWalkSeed, walk: &fmWalkSpec{}},
		fmRow{name: "All under churn, 503 on a page", seed: fmWalkSeed, walk: &fmWalkSpec{fault: walkFault(rebillytest.Fault{Status: 503})}},
		fmRow{name: "All under churn, connection dropped on a page", seed: fmWalkSeed, walk: &fmWalkSpec{fault: walkFault(rebillytest.Fault{DropConnection: true})}},
		fmRow{name: "All under churn, page cut off", seed: fmWalkSeed, walk: &fmWalkSpec{fault: walkFault(rebillytest.Fault{TruncateBody: true})}},
		fmRow{name: "All under churn, 429 with X-RateLimit-Retry-After on a page", seed: fmWalkSeed, walk: &fmWalkSpec{fault: walkFault(rebillytest.Fault{Status: 429}), hint: true}},
	)
	return rows
}

// fmLostAnswerRows: the fake acts on a request and the answer is lost.
// The retry of a DELETE then finds nothing (404), which is the success the
// caller asked for; the retry of an upsert finds the customer it created
// (200). Either way the Response says the answer followed a lost one.
func fmLostAnswerRows() []fmRow {
	return []fmRow{
		{name: "answer lost once after the server acted", ops: fmAllOps, fault: &rebillytest.Fault{LoseAnswer: true, Times: 1},
			want: func(op fmOp) fmWant {
				switch {
				case !op.idempotent:
					return fmReq(1).with(func(w *fmWant) { w.created, w.statuses = 1, []int{0} })
				case op.removes:
					// An untag's retry finds nothing to do and answers 204.
					return fmLost(fmOK(2, fmJitter(1)...)).with(func(w *fmWant) { w.okStatus = http.StatusNotFound })
				}
				return fmLost(fmOK(2, fmJitter(1)...))
			},
			extra: func(t *testing.T, e *fmEnv, op fmOp, res fmResult) {
				reqs := e.requests(op)
				if !op.idempotent {
					require.Len(t, reqs, 1)
					assert.True(t, reqs[0].Fault, "the answer was lost")
					return
				}
				require.Len(t, reqs, 2)
				assert.True(t, reqs[0].Fault, "the first answer was lost")
				statuses := []int{reqs[0].Status, reqs[1].Status}
				switch op.name {
				case opMerge.name:
					_, exists := e.fake.Customer("cus_fm2")
					assert.False(t, exists, "the merge happened")
					assert.Equal(t, []int{http.StatusNoContent, http.StatusNotFound}, statuses)
				case opLSDelete.name:
					_, exists := e.fake.LeadSource("cus_fm1")
					assert.False(t, exists, "the lead source is gone")
					assert.Equal(t, []int{http.StatusNoContent, http.StatusNotFound}, statuses)
				case opTimelineDelete.name, opTagDelete.name:
					// The first attempt deleted the comment (the tag); the
					// retry found nothing.
					assert.Equal(t, []int{http.StatusNoContent, http.StatusNotFound}, statuses)
				case opCreateNewID.name, opUpsertNewID.name:
					// The lost answer was the creation; the retry replaced
					// what the call itself had created.
					assert.Equal(t, []int{http.StatusCreated, http.StatusOK}, statuses)
					assert.Equal(t, http.StatusOK, res.resp.StatusCode)
				case opUpsert.name:
					assert.Equal(t, http.StatusOK, res.resp.StatusCode)
				}
			}},
		{name: "answer lost always after the server acted", ops: fmAllOps, fault: &rebillytest.Fault{LoseAnswer: true},
			want: func(op fmOp) fmWant {
				if !op.idempotent {
					return fmReq(1).with(func(w *fmWant) { w.created, w.statuses = 1, []int{0} })
				}
				return fmReq(3, fmJitter(2)...).with(func(w *fmWant) { w.created, w.statuses = 1, []int{0, 0, 0} })
			}},
		{name: "404 on the first attempt of a DELETE", ops: []fmOp{opMerge, opLSDelete, opTimelineDelete, opTagDelete}, fault: &rebillytest.Fault{Status: http.StatusNotFound, Times: 1},
			want: func(fmOp) fmWant { return fmAPI(http.StatusNotFound, 1) }},
		{name: "404 after a 503 on a DELETE", ops: []fmOp{opMerge, opLSDelete, opTimelineDelete, opTagDelete},
			// Neither cus_fm2, a lead source, the comment nor the tag
			// exists. The 503 is an answer, not a lost one, so the retry's
			// 404 stands.
			seed: func() []rebillytest.Option {
				return []rebillytest.Option{rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_fm1", CreatedTime: fmStart})}
			},
			fault: &rebillytest.Fault{Status: http.StatusServiceUnavailable, Times: 1},
			want: func(fmOp) fmWant {
				return fmAPI(http.StatusNotFound, 2, fmJitter(1)...).with(func(w *fmWant) { w.statuses = []int{503, 404} })
			}},
	}
}

// fmUnexpectedRows: success answers the SDK cannot use. None is retried,
// and each comes back as an *UnexpectedResponseError with the status and
// the first bytes of the body, along with the *Response.
func fmUnexpectedRows() []fmRow {
	declares := func(op fmOp, status int) bool { return slices.Contains(op.declared, status) }
	undeclared := func(status int) []fmOp {
		return selectOps(fmAllOps, func(op fmOp) bool { return !declares(op, status) })
	}
	always := func(bodyHead string) func(fmOp) fmWant {
		return func(fmOp) fmWant { return fmUnexpected(bodyHead) }
	}
	return []fmRow{
		{name: "202, which no operation declares", ops: undeclared(202), fault: &rebillytest.Fault{Status: 202}, // Client.Do takes it
			want: always(`{"status":202,`)},
		{name: "200 where the operation does not declare it", ops: undeclared(200), fault: &rebillytest.Fault{Status: 200},
			want: always(`{"status":200,`)},
		{name: "201 where the operation does not declare it", ops: undeclared(201), fault: &rebillytest.Fault{Status: 201},
			want: always(`{"status":201,`)},
		{name: "204 without a body", ops: fmAllOps, fault: &rebillytest.Fault{Status: 204},
			want: func(op fmOp) fmWant {
				if declares(op, 204) {
					return fmOK(1)
				}
				return fmUnexpected("")
			}},
		{name: "HTML page with status 200 from a proxy", ops: fmAllOps, fault: &rebillytest.Fault{HTMLErrorPage: true, Status: 200},
			want: always("<!DOCTYPE html>\n<html><head><title>200 OK</title>")},
		{name: "200 with null", ops: fmBodyOps, front: fmSuccessBody("null"),
			want: func(fmOp) fmWant {
				return fmUnexpected("null").with(func(w *fmWant) { w.created, w.text = 1, "null body" })
			}},
	}
}

// TestFaultMatrix runs every row against every operation it applies to,
// once with an API key and once with a JWT, then sweeps for the
// credential.
func TestFaultMatrix(t *testing.T) {
	variants := []*fmVariant{
		{name: "apikey", cred: rebilly.WithAPIKey(fmKey), fakeAuth: []rebillytest.Option{rebillytest.WithAPIKeys(fmKey)}},
		{name: "jwt", cred: rebilly.WithJWT(fmJWT), fakeAuth: []rebillytest.Option{rebillytest.WithAPIKeys(), rebillytest.WithJWTs(fmJWT)}},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			v.sweep = fmNewSweep()
			rows := fmRows()
			require.Greater(t, len(rows), 40)
			for i := range rows {
				row := &rows[i]
				t.Run(row.name, func(t *testing.T) {
					if row.walk != nil {
						t.Run("All", func(t *testing.T) { fmRunWalk(t, v, row) })
						return
					}
					require.NotEmpty(t, row.ops)
					for _, op := range row.ops {
						t.Run(op.name, func(t *testing.T) { fmRunOp(t, v, row, op) })
					}
				})
			}
			t.Run("security sweep", func(t *testing.T) {
				v.sweep.check(t)
			})
		})
	}
}
