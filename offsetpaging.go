package rebilly

// A walk of a list by offset, for the lists whose items cannot be paged by
// a sort key as Customers.All pages customers: the timeline (no field is
// sortable) and tags. It is a small stand-in for a pager strategy of the
// pagination package.

import (
	"context"
	"fmt"
	"iter"
)

// pageParams are the paging fields of a list's parameters, which an offset
// walk moves.
type pageParams struct {
	Limit  int
	Offset int
}

// checkPage checks a list request's limit and offset against the API's
// bounds.
func checkPage(limit, offset int) error {
	if limit < 0 || limit > MaxLimit {
		return inputError("params.Limit", fmt.Errorf("%w: Limit %d is outside 0..%d", ErrInvalidInput, limit, MaxLimit))
	}
	if offset < 0 || offset > MaxOffset {
		return inputError("params.Offset", fmt.Errorf("%w: Offset %d is outside 0..%d", ErrInvalidInput, offset, MaxOffset))
	}
	return nil
}

// checkPageAndSort checks a list request's limit, offset and sort fields.
func checkPageAndSort(limit, offset int, sort []string) error {
	if err := checkPage(limit, offset); err != nil {
		return err
	}
	return checkLists(map[string][]string{"Sort": sort})
}

// offsetWalk yields every item of the pages fetch returns, from page.Offset
// on, page.Limit items a page (DefaultPageSize when 0). It stops after a
// page shorter than the page size the API applied (lastPage), or once the
// Pagination-Total header (when the answer has one) says no item is left.
// An item whose id was already yielded is skipped: new items at the head
// of the list push the ones already fetched down, and the next page would
// repeat them.
//
// The API refuses offsets above MaxOffset: when the next page would start
// past it, the walk yields an error matching ErrPaginationLimit.
func offsetWalk[T any](ctx context.Context, page pageParams, fetch func(context.Context, pageParams) ([]*T, *Response, error), id func(*T) string) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		if page.Limit == 0 {
			page.Limit = DefaultPageSize
		}
		seen := make(map[string]bool)
		for {
			items, resp, err := fetch(ctx, page)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, item := range items {
				if key := id(item); key != "" {
					if seen[key] {
						continue
					}
					seen[key] = true
				}
				if !yield(item, nil) {
					return
				}
			}
			next := page.Offset + len(items)
			total, hasTotal := headerCount(resp.Header, "Pagination-Total")
			if lastPage(len(items), page.Limit, resp.Pagination) || hasTotal && next >= total {
				return
			}
			if next > MaxOffset {
				yield(nil, fmt.Errorf("%w: the next page would start at offset %d, past the API's %d", ErrPaginationLimit, next, MaxOffset))
				return
			}
			if ctx.Err() != nil {
				yield(nil, ctx.Err())
				return
			}
			page.Offset = next
		}
	}
}
