package rebilly_test

// The environment of one fault-matrix subtest: a rebillytest fake behind
// the front handler (faultmatrix_front_test.go), and a client sharing the
// fake's clock, logging as JSON into the subtest's buffer and the sweep.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

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

// fmMarkerField defines the custom field of customerInput's marker: the
// fake, like the API, refuses a custom field without a definition.
func fmMarkerField() rebillytest.Option {
	return rebillytest.WithCustomFields("customers", rebillytest.CustomFieldDefinition{Name: fmMarkerKey, Type: "string"})
}

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
	row   *fmRow
	sweep *fmSweep
	fake  *rebillytest.Handler
	ts    *httptest.Server
	front *fmFront
	// fclock is the one clock of the fake and the client.
	fclock *rebillytest.Clock
	// sleeping is closed when the client starts a wait, for the rows that
	// cancel during it (their waits block until the context ends).
	sleeping <-chan struct{}
	client   *rebilly.Client
	marker   string
	bad      bool
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
			&rebilly.Customer{ID: "cus_fm1", CreatedTime: fmStart.Add(-2 * time.Hour),
				Tags: []rebilly.Tag{{ID: "tag_fm", Name: "fm-tag", Type: rebilly.TagTypeCustomer}}},
			&rebilly.Customer{ID: "cus_fm2", CreatedTime: fmStart.Add(-time.Hour)},
		),
		rebillytest.WithLeadSource("cus_fm1", &rebilly.LeadSourceInput{Source: "seed", Medium: "email"}),
		rebillytest.WithCustomFields(rebilly.CustomFieldResourceOrders, rebillytest.CustomFieldDefinition{Name: "fm_field", Type: "string"}),
		rebillytest.WithCreditBalance("cus_fm1", rebillytest.CreditBalance{Currency: "USD", UnallocatedAmount: 12.5}),
		rebillytest.WithCustomEventTypes(rebillytest.CustomEventTypeSeed{ID: "cet_fm1", Name: "fm-event"}),
		rebillytest.WithTimelineComments("cus_fm1", rebillytest.TimelineCommentSeed{ID: "tmln_fm1", Message: "fault matrix seed"}),
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
	fake, front, ts := startFake(t, row.front, opts...)

	e := &fmEnv{
		row: row, sweep: v.sweep, fake: fake, ts: ts, front: front, fclock: fclock,
		marker:  fmt.Sprintf("fm-%s-%d", v.name, fmSeq.Add(1)),
		logs:    &syncBuffer{},
		bad:     row.bad,
		waitMin: fmWaitMin, waitMax: fmWaitMax,
		seeded: map[string]bool{},
	}
	for _, c := range fake.Customers() {
		e.seeded[c.ID] = true
	}
	if row.ctx == fmCtxCancelInWait {
		e.sleeping = blockSleeps(fclock)
	}
	if row.waitMax > 0 {
		e.waitMin, e.waitMax = row.waitMin, row.waitMax
	}
	base := ts.URL
	if row.refused {
		base = "http://" + closedAddr(t)
	}
	copts := []rebilly.Option{
		v.cred, rebilly.WithBaseURL(base), rebilly.WithClock(fclock),
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
	return selectRequests(all[min(e.baseline, len(all)):], op)
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
	return op.call(ctx, e.client, opInput{marker: e.marker, bad: e.bad}), ""
}
