package rebilly

// pager is a way to walk the customers a query selects, a page at a time:
// keysetPager by createdTime, offsetPager by offset.
type pager interface {
	// next returns the params of the next page.
	next() *CustomerListParams
	// take moves the pager past page, and returns the customers of it that
	// no page before held, and whether another page may follow. An error is
	// yielded after those customers, and ends the walk.
	take(page []*Customer, pg Pagination) (fresh []*Customer, more bool, err error)
	// yielded records c, a customer of fresh, in the caller's Checkpoint.
	yielded(c *Customer)
}

// lastPage reports whether a page of n items, asked for with limit, is the
// last one: it is shorter than the page size the API applied. Every walk
// decides it here, Customers.All's and the offset walks of offsetpaging.go.
func lastPage(n, limit int, pg Pagination) bool {
	if pg.Limit > 0 && pg.Limit < limit {
		limit = pg.Limit // the API applied a smaller page size
	}
	return n == 0 || n < limit
}
