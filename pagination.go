package rebilly

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/openrebilly/rebilly-go/internal/filterlang"
)

// All walks every customer params selects, a page at a time. While the
// loop handles one page, All already fetches the next one (one page ahead
// at most; none after the last page), so the loop rarely waits for the
// API. It stops when the loop breaks, and yields the error and stops when
// a call fails or ctx ends; either way it cancels the page it is fetching
// and returns only once that fetch has ended. An error fetching the next
// page is yielded after every customer of the current one, as without the
// fetch ahead, and an ended ctx stops the walk at the next customer.
//
//	for c, err := range client.Customers.All(ctx, params) {
//		if err != nil { return err }
//		...
//	}
//
// The API refuses offsets above MaxOffset, so All does not page by offset.
// Unless params.Sort says otherwise it sorts by createdTime (oldest first)
// and asks each next page for the customers created at or after the last one
// of the page before, skipping those it has already had. This reaches every
// customer however many there are, and a customer that exists for the whole
// walk is yielded exactly once even while others are created or deleted.
// One limit: when more customers than fit on a page share a createdTime,
// All moves through that group by offset, and deleting a customer of the
// group that it has already fetched, while it does, makes it miss one.
// Sort "-createdTime" walks newest first the same way. A filter may hold a
// createdTime range; All narrows it as it goes.
//
// With any other Sort, or a createdTime filter that is not one range, All
// pages by offset, and yields an error matching ErrPaginationLimit when the
// next page would start past MaxOffset. So it does when params.Offset is set
// and the first page holds customers all created at the same time, since it
// then cannot tell which of them the offset skipped.
//
// params.Limit sets the page size (DefaultPageSize when 0). When
// params.Fields is set, All adds createdTime to it.
func (s *CustomersService) All(ctx context.Context, params *CustomerListParams) iter.Seq2[*Customer, error] {
	return s.AllFrom(ctx, params, &Checkpoint{})
}

// AllFrom is All that can be resumed; like All, it fetches one page ahead.
// It starts after the customers cp says were yielded (from the beginning
// for a new Checkpoint), and after each customer it yields it marks that
// customer done in cp: cp follows the customers yielded, not the pages
// fetched, so the page fetched ahead is not in it. Save cp (it is a text:
// see Checkpoint.MarshalText) as the export goes; after a crash, load it
// and call AllFrom with the same params to carry on without skipping or
// repeating a customer.
//
// A checkpoint belongs to one query: AllFrom refuses, with an error
// matching ErrCheckpointMismatch, one saved for another Filter, Q or Sort.
// A walk with params.Offset set cannot be checkpointed.
func (s *CustomersService) AllFrom(ctx context.Context, params *CustomerListParams, cp *Checkpoint) iter.Seq2[*Customer, error] {
	return func(yield func(*Customer, error) bool) {
		w, err := newWalk(params, cp)
		if err != nil {
			yield(nil, err)
			return
		}
		var ahead *pageFetch // the next page, on its way
		defer func() {
			if ahead != nil {
				ahead.stop()
			}
		}()
		page, resp, err := s.List(ctx, w.request())
		for {
			if err != nil {
				yield(nil, err)
				return
			}
			customers := w.fresh(page)
			more, endErr := w.advance(customers, page, resp.Pagination)
			page = nil
			if more {
				ahead = s.fetchPage(ctx, w.request())
			}
			for i, c := range customers {
				if ctx.Err() != nil {
					yield(nil, ctx.Err())
					return
				}
				w.pos.mark(c)
				// Hold no customer the caller is done with, so that it can
				// be collected while the rest of the page is walked.
				customers[i] = nil
				if !yield(c, nil) {
					return
				}
			}
			if endErr != nil {
				yield(nil, endErr)
				return
			}
			if !more {
				return
			}
			if ctx.Err() != nil {
				yield(nil, ctx.Err())
				return
			}
			page, resp, err = ahead.wait()
			ahead = nil
		}
	}
}

// pageFetch is a page List fetches in a goroutine of its own.
type pageFetch struct {
	cancel   context.CancelFunc
	done     chan pageResult // receives the one result, then nothing
	received bool            // wait has taken the result
}

type pageResult struct {
	page     []*Customer
	resp     *Response
	err      error
	panicked any // what the fetch panicked with, if it did
}

// fetchPage starts fetching the page p asks for.
func (s *CustomersService) fetchPage(ctx context.Context, p *CustomerListParams) *pageFetch {
	ctx, cancel := context.WithCancel(ctx)
	f := &pageFetch{cancel: cancel, done: make(chan pageResult, 1)}
	go func() {
		var r pageResult
		defer func() {
			// A panic (in a transport of the caller's, say) goes to the
			// caller's goroutine, where it can be recovered, not here,
			// where it would end the program.
			if v := recover(); v != nil {
				r = pageResult{panicked: v}
			}
			f.done <- r
		}()
		r.page, r.resp, r.err = s.List(ctx, p)
	}()
	return f
}

// wait returns the page once it is there, or panics with the fetch's
// panic.
func (f *pageFetch) wait() ([]*Customer, *Response, error) {
	r := <-f.done
	f.received = true
	f.cancel()
	if r.panicked != nil {
		panic(r.panicked)
	}
	return r.page, r.resp, r.err
}

// stop cancels the fetch and returns once its goroutine has ended. The
// page, or the fetch's panic, is dropped: nobody asked for it.
func (f *pageFetch) stop() {
	f.cancel()
	if !f.received {
		<-f.done
	}
}

// walk is the state of an All between pages. It keeps two positions:
// cursor, where the next request starts, moves on when a page arrives;
// pos, the caller's Checkpoint, moves on with each customer yielded. Once
// every customer of the pages fetched so far is yielded, the two agree.
type walk struct {
	base  CustomerListParams     // the caller's params, with Limit and Fields settled
	conds []filterlang.Condition // the caller's filter, createdTime range removed
	// keyset is set when walking by createdTime; otherwise by offset.
	keyset     bool
	descending bool
	from, to   string // the caller's createdTime range ends, "" when open

	offset   int        // offset of the next request
	cursor   Checkpoint // past the last customer of the pages fetched
	pos      *Checkpoint
	userSkip bool // keyset: the first page started at the caller's Offset
}

func newWalk(params *CustomerListParams, cp *Checkpoint) (*walk, error) {
	if cp == nil {
		return nil, inputError("cp", fmt.Errorf("%w: nil *Checkpoint", ErrInvalidInput))
	}
	w := &walk{pos: cp}
	if params != nil {
		// A copy that shares no slice with the caller's params, which the
		// loop may change while the next page is fetched.
		w.base = *params
		w.base.Sort = slices.Clone(params.Sort)
		w.base.Expand = slices.Clone(params.Expand)
		w.base.Fields = slices.Clone(params.Fields)
	}
	if err := w.base.check(); err != nil {
		return nil, err
	}
	query := queryFingerprint(&w.base)
	if w.base.Limit == 0 {
		w.base.Limit = DefaultPageSize
	}
	w.offset = w.base.Offset
	conds, err := filterlang.Parse(w.base.Filter)
	if err != nil {
		return nil, inputError("params.Filter", fmt.Errorf("%w: %v", ErrInvalidInput, err))
	}
	w.conds = conds

	switch {
	case len(w.base.Sort) == 0 || slices.Equal(w.base.Sort, []string{"createdTime"}):
		w.keyset = true
	case slices.Equal(w.base.Sort, []string{"-createdTime"}):
		w.keyset, w.descending = true, true
	}
	if w.keyset {
		w.keyset = w.takeCreatedTimeRange()
	}
	if w.keyset {
		w.base.Sort = []string{Asc("createdTime")}
		if w.descending {
			w.base.Sort = []string{Desc("createdTime")}
		}
		if len(w.base.Fields) > 0 && !slices.Contains(w.base.Fields, "createdTime") {
			w.base.Fields = append(slices.Clip(w.base.Fields), "createdTime")
		}
		w.userSkip = w.base.Offset > 0
	}
	if err := cp.begin(query, w.keyset, w.base.Offset); err != nil {
		return nil, err
	}
	w.cursor = cp.clone()
	switch {
	case !w.keyset:
		w.offset = cp.next
	case cp.started:
		w.offset = 0 // the next page starts at the bound
	}
	return w, nil
}

// takeCreatedTimeRange moves a createdTime condition of the caller's filter
// into from and to. It reports false when the condition is not one range,
// which the keyset walk could not narrow.
func (w *walk) takeCreatedTimeRange() bool {
	for i, c := range w.conds {
		if c.Field != "createdTime" {
			continue
		}
		if len(c.Values) != 1 || c.Values[0].Kind != filterlang.Range || c.Values[0].Negated {
			return false
		}
		from, to := c.Values[0].From, c.Values[0].To
		if from != "" && w.from != "" || to != "" && w.to != "" {
			return false // two ends on one side: which is narrower is not known here
		}
		if from != "" {
			w.from = from
		}
		if to != "" {
			w.to = to
		}
		w.conds = slices.Delete(slices.Clone(w.conds), i, i+1)
		return w.takeCreatedTimeRange() // a second createdTime condition
	}
	return true
}

// request returns the params of the next page.
func (w *walk) request() *CustomerListParams {
	p := w.base
	p.Offset = w.offset
	if !w.keyset {
		return &p
	}
	from, to := w.from, w.to
	if w.cursor.started {
		if w.descending {
			to = formatTime(w.cursor.bound)
		} else {
			from = formatTime(w.cursor.bound)
		}
	}
	conds := w.conds
	if from != "" || to != "" {
		conds = append(slices.Clip(conds), rangeCondition("createdTime", from, to))
	}
	p.Filter = filterlang.Render(conds)
	return &p
}

// fresh returns the customers of page that no page before held: in keyset
// mode, the next page starts at the cursor's bound, so it repeats the
// customers there.
func (w *walk) fresh(page []*Customer) []*Customer {
	if !w.keyset || len(w.cursor.atBound) == 0 {
		return page
	}
	out := page[:0:0]
	for _, c := range page {
		if _, seen := w.cursor.atBound[c.ID]; !seen || !c.CreatedTime.Equal(w.cursor.bound) {
			out = append(out, c)
		}
	}
	return out
}

// advance moves the cursor past page, whose customers not held before are
// fresh, and reports whether another page may follow.
func (w *walk) advance(fresh, page []*Customer, pg Pagination) (bool, error) {
	w.cursor.markPage(fresh)
	limit := w.base.Limit
	if pg.Limit > 0 && pg.Limit < limit {
		limit = pg.Limit // the API applied a smaller page size
	}
	if len(page) == 0 || len(page) < limit {
		return false, nil
	}
	if !w.keyset {
		w.offset += len(page)
		if w.offset > MaxOffset {
			return false, fmt.Errorf("%w: the next page starts at offset %d, past the API's maximum of %d; with Sort %v All can only page by offset (sort by createdTime, or not at all, to walk every customer)",
				ErrPaginationLimit, w.offset, MaxOffset, w.base.Sort)
		}
		return true, nil
	}

	last := page[len(page)-1].CreatedTime
	if last.IsZero() {
		return false, fmt.Errorf("%w: customer %q has no createdTime to page from", ErrPaginationLimit, page[len(page)-1].ID)
	}
	sameTime := page[0].CreatedTime.Equal(last)
	if w.userSkip && sameTime {
		return false, fmt.Errorf("%w: the first page after Offset %d holds customers all created at %s, so All cannot tell which of those the offset skipped; start without Offset",
			ErrPaginationLimit, w.base.Offset, last.Format(time.RFC3339Nano))
	}
	w.userSkip = false
	// The cursor is past every customer of page now, so its bound is last:
	// the next page starts there, and the few customers at the bound that
	// pages so far held are skipped. When a whole page shares one
	// createdTime, the bound cannot move, so skip those by offset.
	w.offset = 0
	if sameTime {
		w.offset = len(w.cursor.atBound)
		if w.offset > MaxOffset {
			return false, fmt.Errorf("%w: more than %d customers share createdTime %s",
				ErrPaginationLimit, MaxOffset, last.Format(time.RFC3339Nano))
		}
	}
	return true, nil
}
