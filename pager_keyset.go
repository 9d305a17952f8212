package rebilly

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/openrebilly/rebilly-go/internal/filterlang"
)

// keysetPager walks by createdTime: each page starts where the one before
// ended (see the comment of pagination.go).
type keysetPager struct {
	base       CustomerListParams     // the caller's params, Sort, Limit and Fields settled
	conds      []filterlang.Condition // the caller's filter, its createdTime range taken out
	descending bool
	from, to   string // the caller's createdTime range, "" for an open end

	// rng is the stretch of the axis the pager walks, in the caller's
	// Checkpoint, where the customers yielded are recorded.
	rng *keysetRange
	// fetched is past the last customer of the pages fetched so far.
	fetched keysetPos
	// pageSpan is the stretch of time the last full page covered: how far a
	// page reaches, where the customers are as dense as there.
	pageSpan time.Duration
	// skip is the Offset of the next page: how many customers at its start
	// earlier pages held (or the caller's Offset, for the first page).
	skip int
	// firstAfterCallerOffset is set while the next page is the first and
	// starts at the caller's Offset.
	firstAfterCallerOffset bool
}

// newKeysetPager returns a keyset pager for base, whose filter is conds, or
// false when the walk cannot page by createdTime: base.Sort is another, or
// the filter's createdTime condition is not one range.
func newKeysetPager(base CustomerListParams, conds []filterlang.Condition) (*keysetPager, bool) {
	k := &keysetPager{base: base, conds: conds}
	switch {
	case len(base.Sort) == 0 || slices.Equal(base.Sort, []string{"createdTime"}):
	case slices.Equal(base.Sort, []string{"-createdTime"}):
		k.descending = true
	default:
		return nil, false
	}
	if !k.takeCreatedTimeRange() {
		return nil, false
	}
	k.base.Sort = []string{Asc("createdTime")}
	if k.descending {
		k.base.Sort = []string{Desc("createdTime")}
	}
	if len(k.base.Fields) > 0 && !slices.Contains(k.base.Fields, "createdTime") {
		k.base.Fields = append(slices.Clip(k.base.Fields), "createdTime")
	}
	return k, true
}

// walk sets the pager to walk rng, from where its customers yielded end.
func (k *keysetPager) walk(rng *keysetRange) {
	k.rng = rng
	k.fetched = rng.yielded.clone()
	k.skip = 0 // the next page starts at the position's createdTime
	if !k.fetched.started {
		k.skip = k.base.Offset
		k.firstAfterCallerOffset = k.base.Offset > 0
	}
}

// takeCreatedTimeRange moves a createdTime condition of the caller's filter
// into from and to. It reports false when the condition is not one range,
// which the pager could not narrow.
func (k *keysetPager) takeCreatedTimeRange() bool {
	for i, c := range k.conds {
		if c.Field != "createdTime" {
			continue
		}
		if len(c.Values) != 1 || c.Values[0].Kind != filterlang.Range || c.Values[0].Negated {
			return false
		}
		from, to := c.Values[0].From, c.Values[0].To
		if from != "" && k.from != "" || to != "" && k.to != "" {
			return false // two ends on one side: which is narrower is not known here
		}
		if from != "" {
			k.from = from
		}
		if to != "" {
			k.to = to
		}
		k.conds = slices.Delete(slices.Clone(k.conds), i, i+1)
		return k.takeCreatedTimeRange() // a second createdTime condition
	}
	return true
}

func (k *keysetPager) next() *CustomerListParams {
	p := k.base
	p.Offset = k.skip
	from, to := k.from, k.to
	if !k.rng.end.IsZero() {
		to = formatTime(k.rng.end) // the customers created at end are dropped
	}
	if k.fetched.started {
		if k.descending {
			to = formatTime(k.fetched.lastTime)
		} else {
			from = formatTime(k.fetched.lastTime)
		}
	}
	conds := k.conds
	if from != "" || to != "" {
		conds = append(slices.Clip(conds), rangeCondition("createdTime", from, to))
	}
	p.Filter = filterlang.Render(conds)
	return &p
}

func (k *keysetPager) take(page []*Customer, pg Pagination) ([]*Customer, bool, error) {
	fresh := page
	if len(k.fetched.idsAtLastTime) > 0 {
		// The page starts at the position's createdTime, so it repeats the
		// customers there that earlier pages held.
		fresh = page[:0:0]
		for _, c := range page {
			if !k.fetched.passed(c) {
				fresh = append(fresh, c)
			}
		}
	}
	pastEnd := false
	if end := k.rng.end; !end.IsZero() {
		// Ascending: the customers at or past end, if any, are the last.
		i := slices.IndexFunc(fresh, func(c *Customer) bool { return !c.CreatedTime.Before(end) })
		if i >= 0 {
			fresh, pastEnd = fresh[:i], true
		}
	}
	k.fetched.markPage(fresh)
	if pastEnd || lastPage(len(page), k.base.Limit, pg) {
		return fresh, false, nil
	}

	last := page[len(page)-1].CreatedTime
	if last.IsZero() {
		return fresh, false, fmt.Errorf("%w: customer %q has no createdTime to page from", ErrPaginationLimit, page[len(page)-1].ID)
	}
	sameTime := page[0].CreatedTime.Equal(last)
	k.pageSpan = last.Sub(page[0].CreatedTime).Abs()
	if k.firstAfterCallerOffset && sameTime {
		return fresh, false, fmt.Errorf("%w: the first page after Offset %d holds customers all created at %s, so All cannot tell which of those the offset skipped; start without Offset",
			ErrPaginationLimit, k.base.Offset, last.Format(time.RFC3339Nano))
	}
	k.firstAfterCallerOffset = false
	// fetched is past every customer of page now, at last: the next page
	// starts there, and drops the customers at last that it already had.
	// When a whole page shares one createdTime, the position cannot move,
	// so the next page skips those by offset.
	k.skip = 0
	if sameTime {
		k.skip = len(k.fetched.idsAtLastTime)
		if k.skip > MaxOffset {
			return fresh, false, fmt.Errorf("%w: more than %d customers share createdTime %s",
				ErrPaginationLimit, MaxOffset, last.Format(time.RFC3339Nano))
		}
	}
	return fresh, true, nil
}

func (k *keysetPager) yielded(c *Customer) {
	k.rng.yielded.mark(c)
}

// keysetRange is a stretch of the createdTime axis walked by keyset: what
// is left of it starts past yielded and ends before end (exclusive; zero
// when it is open-ended).
type keysetRange struct {
	yielded keysetPos
	end     time.Time
}

// keysetPos is a place on the createdTime axis, in the direction of the
// walk: past every customer created before lastTime, and past those created
// at lastTime whose IDs are in idsAtLastTime. Before started, it is the
// start of the walk.
type keysetPos struct {
	started       bool
	lastTime      time.Time
	idsAtLastTime map[string]struct{}
}

// startingAt is the position just before the customers created at t.
func startingAt(t time.Time) keysetPos {
	return keysetPos{started: true, lastTime: t}
}

// passed reports whether c was already passed: it was created at lastTime
// and is one of the customers recorded there.
func (p *keysetPos) passed(c *Customer) bool {
	_, ok := p.idsAtLastTime[c.ID]
	return ok && c.CreatedTime.Equal(p.lastTime)
}

// mark moves the position past c, the next customer of the walk.
func (p *keysetPos) mark(c *Customer) {
	if !p.started || !c.CreatedTime.Equal(p.lastTime) {
		p.started, p.lastTime = true, c.CreatedTime
		clear(p.idsAtLastTime) // a new time: reuse the map rather than make one per customer
	}
	if p.idsAtLastTime == nil {
		p.idsAtLastTime = make(map[string]struct{})
	}
	p.idsAtLastTime[c.ID] = struct{}{}
}

// markPage moves the position past cs, in order, as mark would one by one.
// Only the last run of customers sharing a createdTime can stay at
// lastTime, so only those are looked at.
func (p *keysetPos) markPage(cs []*Customer) {
	if len(cs) == 0 {
		return
	}
	last := cs[len(cs)-1].CreatedTime
	run := len(cs) - 1 // cs[run:] share last
	for run > 0 && cs[run-1].CreatedTime.Equal(last) {
		run--
	}
	if run > 0 || !p.started || !last.Equal(p.lastTime) {
		p.started, p.lastTime, p.idsAtLastTime = true, last, make(map[string]struct{}, len(cs)-run)
	}
	if p.idsAtLastTime == nil {
		p.idsAtLastTime = make(map[string]struct{}, len(cs)-run)
	}
	for _, c := range cs[run:] {
		p.idsAtLastTime[c.ID] = struct{}{}
	}
}

// clone returns a copy of p that shares nothing with it.
func (p keysetPos) clone() keysetPos {
	p.idsAtLastTime = maps.Clone(p.idsAtLastTime)
	return p
}
