package rebillytest

import (
	"fmt"
	"time"
)

// The API's asynchronous operations (DeleteTag, and tagging or untagging
// customers in bulk) answer 204 when the work "has been scheduled". The
// fake applies them at once unless WithLateAsyncOperations delays them.

// pendingOp is an accepted asynchronous operation, applied when due.
type pendingOp struct {
	due   time.Time
	apply func(now time.Time)
}

// WithLateAsyncOperations makes the asynchronous operations (DELETE
// /tags/{tag}, and POST and DELETE /tags/{tag}/customers) take effect d
// after they were accepted, on the fake's clock, instead of at once: until
// then the tag is still there and the customers keep (or lack) it. An
// operation that is due is applied at the start of the next request
// (before that request is served), so with a Clock (see WithClock) a test
// steps over the delay with Clock.Advance(d) and any request; without one,
// d is real time. CompleteAsyncOperations applies them all at once.
// Operations apply in the order they were accepted. The snapshots
// (Customer, Customers, Organization) show the state as it is, without
// applying what is due.
//
// Without this option they apply before the 204 is sent; the real API
// gives no such promise, so code that must not assume it is better tested
// with this option.
func WithLateAsyncOperations(d time.Duration) Option {
	if d <= 0 {
		panic(fmt.Sprintf("rebillytest: WithLateAsyncOperations(%v): need a positive delay", d))
	}
	return func(c *config) { c.asyncDelay = d }
}

// schedule applies op now, or, with WithLateAsyncOperations, records it
// for later. The caller holds h.mu for writing.
func (h *Handler) schedule(s *store, op func(now time.Time)) {
	if h.cfg.asyncDelay == 0 {
		op(h.now())
		return
	}
	s.pending = append(s.pending, pendingOp{due: h.preciseNow().Add(h.cfg.asyncDelay), apply: op})
	h.pendingOps.Add(1)
}

// applyDue applies the asynchronous operations that are due, in every
// organization; all of them when all is set.
func (h *Handler) applyDue(all bool) {
	if h.pendingOps.Load() == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.preciseNow()
	for _, s := range h.stores {
		n := 0
		for n < len(s.pending) && (all || !s.pending[n].due.After(now)) {
			s.pending[n].apply(h.now())
			n++
		}
		s.pending = s.pending[n:]
		h.pendingOps.Add(-int64(n))
	}
}

// CompleteAsyncOperations applies every asynchronous operation that
// WithLateAsyncOperations holds back, whether due or not.
func (h *Handler) CompleteAsyncOperations() { h.applyDue(true) }
