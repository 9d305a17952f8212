package rebilly

import "context"

// fetcher makes the page requests of a walk, each in a goroutine of its
// own, so that pages arrive while the caller handles the ones before. A
// walk has at most one page on its way per pager, and holds at most
// maxPages pages: on their way, arrived, or in the caller's hands.
type fetcher struct {
	s        *CustomersService
	ctx      context.Context // the walk's, cancelled by stop
	cancel   context.CancelFunc
	throttle *exportThrottle // Export's; nil for All
	maxPages int
	// results receives each page once it is there; its buffer has room for
	// every page on its way, so that no request waits to hand its page over.
	results  chan pageResult
	inFlight int // requests started whose page wait has not taken
}

// pageResult is a page the fetcher got for a pager, or why it did not.
type pageResult struct {
	pager    pager
	page     []*Customer
	resp     *Response
	err      error
	panicked any // what the request panicked with, if it did
}

// newFetcher returns a fetcher that holds up to maxPages pages; throttle,
// when not nil, paces their requests (see exportThrottle).
func newFetcher(ctx context.Context, s *CustomersService, maxPages int, throttle *exportThrottle) *fetcher {
	ctx, cancel := context.WithCancel(context.WithValue(ctx, walkKey{}, true))
	if throttle != nil {
		ctx = throttle.watch(ctx)
	}
	return &fetcher{s: s, ctx: ctx, cancel: cancel, throttle: throttle, maxPages: maxPages, results: make(chan pageResult, maxPages)}
}

// start fetches the next page of p.
func (f *fetcher) start(p pager) {
	params := p.next()
	f.inFlight++
	go func() {
		r := pageResult{pager: p}
		defer func() {
			// A panic (in a transport of the caller's, say) goes to the
			// caller's goroutine, where it can be recovered, not here,
			// where it would end the program.
			if v := recover(); v != nil {
				r = pageResult{pager: p, panicked: v}
			}
			f.results <- r
		}()
		if err := f.throttle.wait(f.ctx); err != nil {
			r.err = err
			return
		}
		r.page, r.resp, r.err = f.s.List(f.ctx, params)
	}()
}

// startAll starts the next page of the pagers of ready, in turn, while the
// pages held (those on their way, and inHand more) stay within maxPages. It
// returns the pagers it could not start yet.
func (f *fetcher) startAll(ready []pager, inHand int) []pager {
	for len(ready) > 0 && f.inFlight+inHand < f.maxPages {
		f.start(ready[0])
		ready = ready[1:]
	}
	return ready
}

// wait returns the next page to arrive, or panics with its request's
// panic.
func (f *fetcher) wait() pageResult {
	r := <-f.results
	f.inFlight--
	if r.panicked != nil {
		panic(r.panicked)
	}
	return r
}

// stop cancels the requests in flight and returns once they have ended.
// Their pages, or panics, are dropped: nobody asked for them.
func (f *fetcher) stop() {
	f.cancel()
	for ; f.inFlight > 0; f.inFlight-- {
		<-f.results
	}
}

// walkKey is the context key that marks the requests of a walk (All,
// AllFrom, Export), whose pages the client decodes as they are read, an
// element at a time (codec.DecodeElements), so that a page's body is never
// held whole nor copied: a walk holds several pages at once, for long,
// and waits on the API more than on decoding, so it is its memory that
// counts. A List, one page the caller asked for whole, is decoded the
// faster way (codec.Decode), which takes about a quarter less time on a
// page of customers and holds the body twice while it decodes.
type walkKey struct{}

// inWalk reports whether ctx is a walk's (see walkKey).
func inWalk(ctx context.Context) bool {
	in, _ := ctx.Value(walkKey{}).(bool)
	return in
}
