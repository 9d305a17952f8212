package rebilly

// How Export walks a collection in parallel.
//
// Export cuts the createdTime axis into ranges and walks each by keyset,
// as All walks the whole axis, with one keysetPager per range and a page of
// each range on its way at once, through the walkPages that All uses. Two
// cheap requests (one customer each, oldest first and newest first) find
// the bounds; the span between them is cut at whole seconds into
// Concurrency ranges, so that a group of customers sharing one second is in
// one range, walked as All walks it. The first range starts at the oldest
// customer; the last ends nowhere, so that customers created during the
// walk are not cut off. A range ends before its end: a page that reaches it
// is cut there, and the range is done.
//
// When a range has fetched its last page, its request goes to the widest
// range left (the longest stretch of time between where its pages have got
// to and its end, the newest customer's second standing for the end of the
// open one) that has at least two pages left by the reach of its last page:
// that range is cut in two at the middle second, and the second half
// becomes a range of its own. So one dense range does not leave the
// other requests idle. A page of the cut range that was on its way is cut
// at the new end when it arrives.
//
// Memory: the fetcher holds at most Concurrency pages, on their way or in
// the loop's hands (a range whose next page does not fit waits until the
// page in hand is yielded), and the client decodes one page of the export
// at a time (exportThrottle), so that only one body is held beside them.
//
// The Checkpoint holds every range left: its end and how far its customers
// have been yielded. A range leaves it once its last customer is yielded.
// A cut changes the checkpoint at once; since it cuts ahead of what the
// range has fetched, the customers yielded so far stay where they were.

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"time"
)

// DefaultExportConcurrency is the number of pages Export fetches at once
// when ExportOptions leave it 0: enough to hide most of the latency of a
// page, few enough to be a good citizen of the API.
const DefaultExportConcurrency = 4

// MaxExportConcurrency is the largest Concurrency Export accepts.
const MaxExportConcurrency = 64

// ExportOptions tune Export. Nil options, or zero fields, mean
// DefaultExportConcurrency and a new export.
type ExportOptions struct {
	// Concurrency is how many pages are fetched at once, from 1 to
	// MaxExportConcurrency; 0 means DefaultExportConcurrency. It also bounds
	// the pages the export holds: while the loop handles a page, one fewer
	// is fetched. At 1, Export walks as All does, one page ahead.
	Concurrency int
	// Checkpoint, when not nil, is where the export starts (a new
	// Checkpoint: from the beginning) and records its progress, as AllFrom
	// does with its cp: inside the loop body it already includes the
	// customer just yielded. A checkpoint of All, or of another query, is
	// refused with an error matching ErrCheckpointMismatch.
	Checkpoint *Checkpoint
}

// Export yields every customer params selects, exactly once, in no
// particular order, fetching several pages at once (see ExportOptions):
// the customers All yields, much faster when the API's latency, not the
// loop, is what limits a walk. A customer that exists for the whole export
// is yielded exactly once, even while others are created, upserted or
// merged away; one created during it may be yielded or not.
//
// params.Limit is the page size (DefaultPageSize when 0); params.Sort may
// be empty, "createdTime" or "-createdTime" (the order is not followed),
// params.Offset must be 0, and a createdTime condition of params.Filter
// must be one range; anything else is refused with an error matching
// ErrInvalidInput.
//
// As with All, a failed call yields its error once, an ended ctx yields
// ctx.Err(), and either ends the export, as does a break; Export then
// cancels the pages on their way and returns only once their requests have
// ended. A request refused with 429 (too many requests) holds back every
// request of the export until the API's retry time. Pages are decoded one
// at a time, so that an export holds Concurrency decoded pages and the body
// of the one being decoded at most. When params.Fields is set, Export adds
// createdTime.
func (s *CustomersService) Export(ctx context.Context, params *CustomerListParams, opts *ExportOptions) iter.Seq2[*Customer, error] {
	return func(yield func(*Customer, error) bool) {
		e, err := newExport(params, opts)
		if err != nil {
			yield(nil, err)
			return
		}
		// Concurrency pages held at most, on their way or in hand; at 1,
		// the page in hand and the one ahead, as All.
		f := newFetcher(ctx, s, max(e.concurrency, 2), newExportThrottle(s.client))
		defer f.stop()
		if err := e.start(f); err != nil {
			yield(nil, err)
			return
		}
		running := make([]pager, len(e.running))
		for i, p := range e.running {
			running[i] = p
		}
		s.walkPages(ctx, f, running, e, yield)
	}
}

// export is the state of one Export: its ranges, and the pagers walking
// them. It is the rebalancer of its walkPages.
type export struct {
	cp          *Checkpoint
	query       keysetPager // the caller's query: every range's pager is a copy
	concurrency int
	// horizon is just past the newest customer when the export began: where
	// the open-ended range's width is measured to.
	horizon time.Time
	running []*keysetPager // pagers with pages left to fetch
	waiting []*keysetPager // pagers of a resumed export beyond concurrency
}

func newExport(params *CustomerListParams, opts *ExportOptions) (*export, error) {
	var o ExportOptions
	if opts != nil {
		o = *opts
	}
	switch {
	case o.Concurrency < 0 || o.Concurrency > MaxExportConcurrency:
		return nil, inputError("opts.Concurrency", fmt.Errorf("%w: Export Concurrency %d is outside 0..%d", ErrInvalidInput, o.Concurrency, MaxExportConcurrency))
	case o.Concurrency == 0:
		o.Concurrency = DefaultExportConcurrency
	}
	if o.Checkpoint == nil {
		o.Checkpoint = &Checkpoint{}
	}
	var p CustomerListParams
	if params != nil {
		p = *params
	}
	if len(p.Sort) > 0 && !slices.Equal(p.Sort, []string{"createdTime"}) && !slices.Equal(p.Sort, []string{"-createdTime"}) {
		return nil, inputError("params.Sort", fmt.Errorf("%w: Export follows no Sort, and walks by createdTime: Sort %v must be empty", ErrInvalidInput, p.Sort))
	}
	if p.Offset != 0 {
		return nil, inputError("params.Offset", fmt.Errorf("%w: Export cannot start at an Offset (%d)", ErrInvalidInput, p.Offset))
	}
	p.Sort = nil
	base, conds, query, err := walkParams(&p)
	if err != nil {
		return nil, err
	}
	k, ok := newKeysetPager(base, conds)
	if !ok {
		return nil, inputError("params.Filter", fmt.Errorf("%w: Export needs the filter's createdTime condition to be one range, as in createdTime:FROM..TO (All pages by offset over any other)", ErrInvalidInput))
	}
	if err := o.Checkpoint.begin(query, byRanges, 0); err != nil {
		return nil, err
	}
	return &export{cp: o.Checkpoint, query: *k, concurrency: o.Concurrency}, nil
}

// start plans the ranges of a new export, finds the horizon of one that is
// resumed, and sets the pagers that run first.
func (e *export) start(f *fetcher) error {
	if e.concurrency == 1 && !e.cp.planned {
		// One open range, from the start: the walk All makes.
		e.cp.ranges, e.cp.planned = []*keysetRange{{}}, true
	}
	if e.concurrency > 1 && (!e.cp.planned || len(e.cp.ranges) > 0) {
		oldest, newest, err := e.bounds(f, !e.cp.planned)
		if err != nil {
			return err
		}
		if !e.cp.planned {
			e.cp.ranges, e.cp.planned = e.plan(oldest, newest), true
		}
		if newest != nil {
			e.horizon = newest.CreatedTime.Truncate(time.Second).Add(time.Second)
		}
	}
	for _, r := range e.cp.ranges {
		p := e.query
		p.walk(r)
		if len(e.running) < e.concurrency {
			e.running = append(e.running, &p)
		} else {
			e.waiting = append(e.waiting, &p)
		}
	}
	for len(e.running) > 0 && len(e.running) < e.concurrency {
		p := e.split()
		if p == nil {
			break
		}
		e.running = append(e.running, p)
	}
	return nil
}

// bounds fetches the newest customer the query selects and, when
// withOldest is set, the oldest, at once; each is nil when none is
// selected.
func (e *export) bounds(f *fetcher, withOldest bool) (oldest, newest *Customer, err error) {
	newestFirst := &boundRequest{params: e.query.base, sort: Desc("createdTime")}
	oldestFirst := &boundRequest{params: e.query.base, sort: Asc("createdTime")}
	f.start(newestFirst)
	if withOldest {
		f.start(oldestFirst)
	}
	for f.inFlight > 0 {
		r := f.wait()
		if r.err != nil {
			return nil, nil, r.err
		}
		var first *Customer
		if len(r.page) > 0 {
			first = r.page[0]
		}
		if r.pager == newestFirst {
			newest = first
		} else {
			oldest = first
		}
	}
	return oldest, newest, nil
}

// plan cuts the axis from oldest to newest into ranges of about equal
// width, at whole seconds; none when no customer is selected.
func (e *export) plan(oldest, newest *Customer) []*keysetRange {
	if oldest == nil || newest == nil {
		return nil
	}
	from := oldest.CreatedTime
	step := newest.CreatedTime.Sub(from) / time.Duration(e.concurrency)
	ranges := []*keysetRange{{yielded: startingAt(from)}}
	for i := 1; i < e.concurrency; i++ {
		cut := from.Add(time.Duration(i) * step).Truncate(time.Second)
		last := ranges[len(ranges)-1]
		if !cut.After(last.yielded.lastTime) {
			continue // a range is at least a second wide
		}
		last.end = cut
		ranges = append(ranges, &keysetRange{yielded: startingAt(cut)})
	}
	return ranges
}

// fetchedAll gives the request of p, which has fetched its last page, to a
// waiting range, or else to the second half of the widest range left.
func (e *export) fetchedAll(p pager) pager {
	e.running = slices.DeleteFunc(e.running, func(q *keysetPager) bool { return q == p })
	var next *keysetPager
	if len(e.waiting) > 0 {
		next, e.waiting = e.waiting[0], e.waiting[1:]
	} else if next = e.split(); next == nil {
		return nil
	}
	e.running = append(e.running, next)
	return next
}

// yieldedAll drops the range of p, whose customers are all yielded, from
// the checkpoint.
func (e *export) yieldedAll(p pager) {
	done := p.(*keysetPager).rng
	e.cp.ranges = slices.DeleteFunc(e.cp.ranges, func(r *keysetRange) bool { return r == done })
}

// split cuts the widest running range in two at its middle second, and
// returns the pager of the second half, a new range of the checkpoint; nil
// when no range is two seconds wide. A range that its last page says has
// less than two pages left is not cut: its second half would cost a request
// of its own, and the page on its way would be cut short, for no time won.
func (e *export) split() *keysetPager {
	var widest *keysetPager
	var width time.Duration
	for _, p := range e.running {
		if w := e.width(p); w > width && w > 2*p.pageSpan {
			widest, width = p, w
		}
	}
	if widest == nil {
		return nil
	}
	from := widest.fetched.lastTime
	cut := from.Add(width / 2).Truncate(time.Second)
	if !cut.After(from) {
		cut = from.Truncate(time.Second).Add(time.Second)
	}
	end := widest.rng.end
	if end.IsZero() {
		end = e.horizon
	}
	if !cut.Before(end) {
		return nil
	}
	r := &keysetRange{yielded: startingAt(cut), end: widest.rng.end}
	widest.rng.end = cut
	e.cp.ranges = append(e.cp.ranges, r)
	p := e.query
	p.walk(r)
	return &p
}

// width is the stretch of time left to p's range: from where its pages
// have got to, to its end (the horizon for the open-ended range).
func (e *export) width(p *keysetPager) time.Duration {
	if !p.fetched.started {
		return 0 // the range of an export of Concurrency 1, never cut
	}
	end := p.rng.end
	if end.IsZero() {
		end = e.horizon
	}
	return end.Sub(p.fetched.lastTime)
}

// boundRequest is the pager of a request for the first customer of the
// query in one order, made to find the bounds of an export.
type boundRequest struct {
	params CustomerListParams
	sort   string
}

func (b *boundRequest) next() *CustomerListParams {
	p := b.params
	p.Limit, p.Sort, p.Expand, p.Fields = 1, []string{b.sort}, nil, []string{"createdTime"}
	return &p
}

func (b *boundRequest) take([]*Customer, Pagination) ([]*Customer, bool, error) {
	return nil, false, nil
}

func (b *boundRequest) yielded(*Customer) {}
