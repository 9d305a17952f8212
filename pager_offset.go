package rebilly

import "fmt"

// offsetPager walks by offset, for a Sort that keysetPager cannot follow;
// it stops at the API's MaxOffset.
type offsetPager struct {
	base   CustomerListParams // the caller's params, Limit settled
	offset int                // of the next page
	cp     *Checkpoint        // its offset counts the customers yielded
}

func (o *offsetPager) next() *CustomerListParams {
	p := o.base
	p.Offset = o.offset
	return &p
}

func (o *offsetPager) take(page []*Customer, pg Pagination) ([]*Customer, bool, error) {
	if lastPage(len(page), o.base.Limit, pg) {
		return page, false, nil
	}
	o.offset += len(page)
	if o.offset > MaxOffset {
		return page, false, fmt.Errorf("%w: the next page starts at offset %d, past the API's maximum of %d; with Sort %v All can only page by offset (sort by createdTime, or not at all, to walk every customer)",
			ErrPaginationLimit, o.offset, MaxOffset, o.base.Sort)
	}
	return page, true, nil
}

func (o *offsetPager) yielded(*Customer) {
	o.cp.offset++
}
