package rebilly_test

// One run of the fault matrix: an operation under a row, or a walk of All
// under churn.

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// fmRunOp runs op under row and checks the outcome.
func fmRunOp(t *testing.T, v *fmVariant, row *fmRow, op fmOp) {
	e := fmNewEnv(t, v, row)
	if row.fault != nil {
		f := *row.fault
		f.Method, f.Path = op.method, op.faultPath()
		e.fake.AddFault(f)
	}
	if row.setup != nil {
		row.setup(t, e)
	}
	e.baseline = len(e.fake.Requests())
	e.logBaseline = len(e.logs.String())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	var wg sync.WaitGroup
	switch row.ctx {
	case fmCtxCancelled:
		cancel()
	case fmCtxCancelOnArrival, fmCtxCancelInWait:
		var signal <-chan struct{} = e.front.arrived
		if row.ctx == fmCtxCancelInWait {
			signal = e.sleeping
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-signal:
				cancel()
			case <-done:
			}
		}()
	case fmCtxDeadline:
		var cancelDeadline context.CancelFunc
		ctx, cancelDeadline = context.WithTimeout(ctx, row.deadline)
		defer cancelDeadline()
	}

	start := time.Now()
	res, panicked := e.call(ctx, op)
	elapsed := time.Since(start)
	ctxErr := ctx.Err()
	close(done)
	wg.Wait()

	want := row.want(op)
	reqs := e.settledRequests(op, want.requests)
	where := v.name + "/" + row.name + "/" + op.name
	v.sweep.collect(where, res, e.fake.Requests())
	if panicked != "" {
		v.sweep.scan("panic message", where, panicked)
		t.Fatalf("the call panicked: %s", panicked)
	}
	fmCheck(t, &fmOutcome{e: e, op: op, want: want, res: res, reqs: reqs, waits: e.fclock.Sleeps(),
		elapsed: elapsed, ctxErr: ctxErr})
	if row.extra != nil {
		t.Run("row's own check", func(t *testing.T) { row.extra(t, e, op, res) })
	}
}

// fmWalkSeed is 300 customers, three to a createdTime, and the merge
// target, older than all of them.
func fmWalkSeed() []rebillytest.Option {
	cs := []*rebilly.Customer{{ID: "cus_w_sink", CreatedTime: fmStart.Add(-100 * time.Hour)}}
	for i := range 300 {
		cs = append(cs, &rebilly.Customer{
			ID:          fmt.Sprintf("cus_w%03d", i),
			CreatedTime: fmStart.Add(-50*time.Hour + time.Duration(i/3)*time.Minute),
		})
	}
	return []rebillytest.Option{rebillytest.WithCustomers(cs...)}
}

// fmRunWalk walks All with a page of 25 and, every 10 customers, creates
// two customers, merges away one the walk has not reached and one it has
// yielded. Every customer present for the whole walk must come exactly
// once, and none twice.
func fmRunWalk(t *testing.T, v *fmVariant, row *fmRow) {
	e := fmNewEnv(t, v, row)
	ctx := context.Background()

	var order []string // the seeded customers in walk order
	for _, c := range e.fake.Customers() {
		order = append(order, c.ID)
	}
	require.Len(t, order, 301)
	require.Equal(t, "cus_w_sink", order[0])
	index := map[string]int{}
	for i, id := range order {
		index[id] = i
	}

	yielded := map[string]int{}
	var seenSeeded []string
	deletedAhead, deletedBehind := map[string]bool{}, map[string]bool{}
	var markers []string
	var last time.Time
	pos, aheadCursor, k := 0, 60, 0
	for c, err := range e.client.Customers.All(ctx, &rebilly.CustomerListParams{Limit: 25}) {
		require.NoError(t, err)
		yielded[c.ID]++
		assert.False(t, c.CreatedTime.Before(last), "All went back in time at %s", c.ID)
		last = c.CreatedTime
		if i, ok := index[c.ID]; ok {
			pos = max(pos, i)
			seenSeeded = append(seenSeeded, c.ID)
		}
		k++
		if k == 60 && row.walk.fault != nil {
			f := *row.walk.fault
			if row.walk.hint {
				f.Header = http.Header{"X-RateLimit-Retry-After": {strconv.FormatInt(e.fclock.Now().Add(3*time.Second).Unix(), 10)}}
			}
			e.fake.AddFault(f)
		}
		if k%10 != 0 {
			continue
		}
		e.fclock.Advance(time.Second)
		for j := range 2 {
			m := fmt.Sprintf("%s-new-%d-%d", e.marker, k, j)
			_, _, err := e.client.Customers.Create(ctx, &rebilly.CustomerInput{CustomFields: map[string]any{fmMarkerKey: m}})
			require.NoError(t, err)
			markers = append(markers, m)
		}
		// One the walk has not reached, well beyond the page in hand.
		for a := max(aheadCursor, pos+60); a < len(order); a++ {
			id := order[a]
			if yielded[id] == 0 && !deletedAhead[id] {
				_, err := e.client.Customers.MergeDelete(ctx, id, "cus_w_sink")
				require.NoError(t, err)
				deletedAhead[id] = true
				aheadCursor = a + 5
				break
			}
		}
		// One it has yielded: the last one, or a few before.
		for back := 1 + (k/10)%5; back <= len(seenSeeded); back++ {
			id := seenSeeded[len(seenSeeded)-back]
			if id != "cus_w_sink" && !deletedBehind[id] {
				_, err := e.client.Customers.MergeDelete(ctx, id, "cus_w_sink")
				require.NoError(t, err)
				deletedBehind[id] = true
				break
			}
		}
	}

	v.sweep.collect(v.name+"/"+row.name, fmResult{}, e.fake.Requests())
	assert.Greater(t, len(deletedAhead), 10, "churn ahead of the walk")
	assert.Greater(t, len(deletedBehind), 20, "churn behind the walk")
	for id, n := range yielded {
		assert.Equal(t, 1, n, "%s yielded %d times", id, n)
	}
	for _, id := range order {
		switch {
		case deletedAhead[id]:
			assert.Zero(t, yielded[id], "%s was merged away before the walk reached it, yet yielded", id)
		default: // present for the whole walk, or yielded before it was merged away
			assert.Equal(t, 1, yielded[id], "%s", id)
		}
	}
	// Every create made exactly one customer.
	count := map[string]int{}
	for _, c := range e.fake.Customers() {
		if m, ok := c.CustomFields[fmMarkerKey].(string); ok {
			count[m]++
		}
	}
	for _, m := range markers {
		assert.Equal(t, 1, count[m], "customers created with marker %s", m)
	}
	// The fault hit a page request, and the walk went on past it.
	pages, faulted := 0, 0
	for _, r := range e.fake.Requests() {
		if r.Method == "GET" && r.Path == "/customers" {
			pages++
			if r.Fault {
				faulted++
			}
		}
	}
	assert.GreaterOrEqual(t, pages, 14, "page requests")
	if row.walk.fault != nil {
		assert.Equal(t, 1, faulted, "page requests the fault broke")
	}
}
