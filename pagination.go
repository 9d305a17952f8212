package rebilly

// How All walks a collection.
//
// The API refuses offsets above MaxOffset, so a walk cannot simply page by
// offset. Unless Sort says otherwise, All sorts by createdTime (oldest
// first; "-createdTime" walks newest first the same way) and pages by
// keyset (keysetPager): each next page asks for the customers created at
// or after the last one of the page before, and drops those it already
// had. A page is a prefix of what is left, so a customer that exists for
// the whole walk is yielded exactly once even while others are created or
// deleted. When a whole page shares one createdTime the bound cannot move,
// so the pager moves through that group by offset; deleting a customer of
// the group that it has already fetched, while it does, makes it miss one.
// A createdTime range in the caller's filter is taken out of the filter
// and narrowed as the walk goes.
//
// With any other Sort, or a createdTime filter that is not one range, All
// pages by offset (offsetPager) and stops with ErrPaginationLimit past
// MaxOffset. So does a keyset walk whose first page, after the caller's
// Offset, holds customers all created at the same time: it cannot tell
// which of them the offset skipped.
//
// A pager only decides what to ask for and what of each page is new; the
// requests are made by a fetcher (pagefetch.go), which runs each in a
// goroutine of its own, and walkPages drives both: it asks for the next
// page as soon as one arrives, so one page is on its way while the caller
// handles the one before. Export (export.go) is a third strategy: it walks
// ranges of the createdTime axis with one keysetPager each, several at a
// time, through the same walkPages.
//
// Two positions move during a walk: the pager's (past the pages fetched),
// which moves when a page arrives, and the caller's Checkpoint (past the
// customers yielded), which moves as each customer is yielded. Once every
// customer fetched is yielded, the two agree.

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/openrebilly/rebilly-go/internal/filterlang"
)

// All yields every customer params selects, in the order of params.Sort
// (oldest first when it is empty), a page of params.Limit at a time
// (DefaultPageSize when 0). It goes past the API's offset cap: a customer
// that exists for the whole walk is yielded exactly once, even while others
// are created or deleted, unless params.Sort is neither empty nor
// "createdTime" nor "-createdTime" (All then stops with an error matching
// ErrPaginationLimit at the cap; so it may after params.Offset).
//
// One page is fetched ahead while the loop handles the one before. A failed
// call yields its error, once, after the customers fetched before it; an
// ended ctx yields ctx.Err() at the next customer. Either ends the walk, as
// does a break; All then cancels the page on its way and returns only once
// its request has ended. When params.Fields is set, All adds createdTime.
//
//	for c, err := range client.Customers.All(ctx, params) {
//		if err != nil { return err }
//		...
//	}
func (s *CustomersService) All(ctx context.Context, params *CustomerListParams) iter.Seq2[*Customer, error] {
	return s.AllFrom(ctx, params, &Checkpoint{})
}

// AllFrom is All that can be resumed. It starts after the customers cp
// says were yielded (from the beginning for a new Checkpoint) and marks
// each customer done in cp before it yields it: inside the loop body, cp
// already includes the customer just yielded. cp follows the customers
// yielded, not the pages fetched, so the page fetched ahead is not in it.
// Save cp (see Checkpoint.MarshalText) as the export goes; after a crash,
// load it and call AllFrom with the same params to carry on without
// skipping or repeating a customer.
//
// A checkpoint belongs to one query: AllFrom refuses, with an error
// matching ErrCheckpointMismatch, one saved for another Filter, Q or Sort,
// or by Export. A walk with params.Offset set cannot be resumed.
func (s *CustomersService) AllFrom(ctx context.Context, params *CustomerListParams, cp *Checkpoint) iter.Seq2[*Customer, error] {
	return func(yield func(*Customer, error) bool) {
		p, err := newPager(params, cp)
		if err != nil {
			yield(nil, err)
			return
		}
		s.walkPages(ctx, newFetcher(ctx, s, 2, nil), []pager{p}, nil, yield)
	}
}

// rebalancer changes the set of pagers of a walk as pagers finish; nil for
// a walk of one pager.
type rebalancer interface {
	// fetchedAll is told that p has fetched its last page, and returns a
	// pager to start in its place, or nil.
	fetchedAll(p pager) pager
	// yieldedAll is told that the last customer of p is yielded.
	yieldedAll(p pager)
}

// walkPages runs pagers: each asks for its next page as soon as one
// arrives, as far as f's bound on the pages held allows, and the customers
// of each page are yielded as it arrives. It returns when every pager is
// done, the loop breaks, a call fails or ctx ends, and only once no
// request is in flight.
func (s *CustomersService) walkPages(ctx context.Context, f *fetcher, pagers []pager, rb rebalancer, yield func(*Customer, error) bool) {
	defer f.stop()
	ready := pagers // pagers whose next page is still to be asked for
	for {
		ready = f.startAll(ready, 0)
		if f.inFlight == 0 {
			return
		}
		if ctx.Err() != nil {
			yield(nil, ctx.Err())
			return
		}
		r := f.wait()
		if r.err != nil {
			yield(nil, r.err)
			return
		}
		fresh, more, endErr := r.pager.take(r.page, r.resp.Pagination)
		r.page = nil
		switch {
		case more:
			ready = append(ready, r.pager)
		case endErr == nil && rb != nil:
			if p := rb.fetchedAll(r.pager); p != nil {
				ready = append(ready, p)
			}
		}
		ready = f.startAll(ready, 1) // the pages ahead, while this one is yielded
		if !yieldPage(ctx, fresh, r.pager, yield) {
			return
		}
		if endErr != nil {
			yield(nil, endErr)
			return
		}
		if !more && rb != nil {
			rb.yieldedAll(r.pager)
		}
	}
}

// yieldPage yields the customers of a page, recording each in p's
// Checkpoint first. It reports false when the walk must end: the loop broke
// or ctx ended (whose error it yields).
func yieldPage(ctx context.Context, customers []*Customer, p pager, yield func(*Customer, error) bool) bool {
	for i, c := range customers {
		if ctx.Err() != nil {
			yield(nil, ctx.Err())
			return false
		}
		p.yielded(c)
		// Hold no customer the caller is done with, so that it can be
		// collected while the rest of the page is walked.
		customers[i] = nil
		if !yield(c, nil) {
			return false
		}
	}
	return true
}

// newPager returns the pager of a walk of params that resumes from cp.
func newPager(params *CustomerListParams, cp *Checkpoint) (pager, error) {
	if cp == nil {
		return nil, inputError("cp", fmt.Errorf("%w: nil *Checkpoint", ErrInvalidInput))
	}
	base, conds, query, err := walkParams(params)
	if err != nil {
		return nil, err
	}
	if k, ok := newKeysetPager(base, conds); ok {
		if err := cp.begin(query, byCreatedTime, base.Offset); err != nil {
			return nil, err
		}
		k.walk(&cp.keyset)
		return k, nil
	}
	if err := cp.begin(query, byOffset, base.Offset); err != nil {
		return nil, err
	}
	return &offsetPager{base: base, offset: cp.offset, cp: cp}, nil
}

// walkParams copies the caller's params for a walk, sharing no slice with
// them (the loop may change them while the next page is fetched), checks
// them and settles the page size. It returns them with their filter parsed
// and the fingerprint of the query.
func walkParams(params *CustomerListParams) (CustomerListParams, []filterlang.Condition, string, error) {
	var base CustomerListParams
	if params != nil {
		base = *params
		base.Sort = slices.Clone(params.Sort)
		base.Expand = slices.Clone(params.Expand)
		base.Fields = slices.Clone(params.Fields)
	}
	if err := base.check(); err != nil {
		return base, nil, "", err
	}
	query := queryFingerprint(&base)
	if base.Limit == 0 {
		base.Limit = DefaultPageSize
	}
	conds, err := filterlang.Parse(base.Filter)
	if err != nil {
		return base, nil, "", inputError("params.Filter", fmt.Errorf("%w: %v", ErrInvalidInput, err))
	}
	return base, conds, query, nil
}
