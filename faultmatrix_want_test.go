package rebilly_test

// The fault matrix's vocabulary for its rows (faultmatrix_test.go): the
// operation sets a row applies to, and the outcome it wants.

import (
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
)

// fmOp and fmResult are the matrix's names for the catalogue's operation
// and result (catalogue_test.go): the rows are written with them.
type (
	fmOp     = operation
	fmResult = opResult
)

// The operation sets of the rows.
var (
	// fmAllOps is every operation of the catalogue.
	fmAllOps = allOps
	// fmBodyOps answer success with a body: the faults that break or
	// replace a body apply to them.
	fmBodyOps = selectOps(allOps, func(op operation) bool { return op.body })
	// fmWriteOps are the operations the fake's rate limit counts.
	fmWriteOps = selectOps(allOps, func(op operation) bool { return op.method != "GET" })
	// fmInputOps send a body the fake validates.
	fmInputOps = selectOps(allOps, func(op operation) bool { return op.input })
)

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
	// lostAnswer is Response.AfterLostAnswer, checked whenever the call
	// returned a *Response.
	lostAnswer bool
	// okStatus is the success's StatusCode when it is not a 2xx (a
	// DELETE's 404 after a lost answer); 0 means any 2xx.
	okStatus int
	// unexpected: the error is an *UnexpectedResponseError, whose Body
	// begins with unexpectedBody.
	unexpected     bool
	unexpectedBody string
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

// fmLost marks w as following a lost answer: Response.AfterLostAnswer.
func fmLost(w fmWant) fmWant {
	w.lostAnswer = true
	return w
}

// fmUnexpected wants a success answer the SDK cannot use, from the first
// request: an *UnexpectedResponseError whose Body begins with bodyHead.
func fmUnexpected(bodyHead string) fmWant {
	return fmReq(1).with(func(w *fmWant) {
		w.is, w.unexpected, w.unexpectedBody = []error{rebilly.ErrUnexpectedResponse}, true, bodyHead
	})
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
