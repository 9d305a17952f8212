package rebilly

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// CustomerUpsert is one item of UpsertMany: the ID to upsert and what to
// store under it, as Upsert takes them.
type CustomerUpsert struct {
	ID    string
	Input *CustomerInput
}

// UpsertResult is the outcome of one item of UpsertMany, as Upsert would
// have returned it.
type UpsertResult struct {
	// Customer is the customer as stored; nil when Err is set.
	Customer *Customer
	// Response is the API's answer: StatusCode 201 when the customer was
	// created, 200 when it was replaced (or, with AfterLostAnswer set,
	// possibly created by this upsert; see CustomersService.Upsert). It is
	// nil when the item was refused or not started (no request was made)
	// or when no answer came, and is set whenever an answer came, with Err
	// too.
	Response *Response
	// Err is the item's error; nil when it succeeded.
	Err error
}

// UpsertManyOptions tunes UpsertMany. A nil *UpsertManyOptions uses the
// defaults.
type UpsertManyOptions struct {
	// Concurrency is the most upserts in flight at once: 1 or more, or 0
	// for DefaultUpsertConcurrency.
	Concurrency int
}

func (o *UpsertManyOptions) concurrency() (int, error) {
	if o == nil || o.Concurrency == 0 {
		return DefaultUpsertConcurrency, nil
	}
	if o.Concurrency < 0 {
		return 0, inputError("opts.Concurrency", fmt.Errorf("%w: UpsertManyOptions.Concurrency is %d: use 1 or more, or 0 for the default (%d)",
			ErrInvalidInput, o.Concurrency, DefaultUpsertConcurrency))
	}
	return o.Concurrency, nil
}

// UpsertMany upserts each item, as Upsert does, with up to
// opts.Concurrency upserts in flight at once, and returns one result per
// item, in the order of items.
//
// The error is nil when every item succeeded. Otherwise it is the
// errors.Join of the items' errors, each prefixed with the item's index and
// ID and still matching what the item's error matches: errors.Is(err,
// ErrValidation), errors.As(err, &apiErr) and so on. Each result holds its
// item's error unwrapped.
//
// Items are checked before anything is sent: an item with a bad ID or a nil
// Input, or whose ID an earlier item already has, gets an error matching
// ErrInvalidInput and is not sent; the others still are. Repeated IDs are
// refused because concurrent upserts of one ID would leave whichever came
// last.
//
// UpsertMany's writes share the client's rate-limit pacing with every other
// write of the client (see NewClient), so a batch slows down to the API's
// limit instead of being refused. Give long runs a WithRetryWait maximum at
// least as long as the API's rate-limit window, so that a write may wait
// for the window to end.
//
// When ctx ends, no further item is started: the items not started get
// ctx's error, and those in flight end with it. UpsertMany returns only
// once all of its goroutines have. It returns nil results only for a nil
// ctx or bad options, with an error matching ErrInvalidInput.
func (s *CustomersService) UpsertMany(ctx context.Context, items []CustomerUpsert, opts *UpsertManyOptions) ([]UpsertResult, error) {
	if ctx == nil {
		return nil, inputError("ctx", fmt.Errorf("%w: UpsertMany: nil Context", ErrInvalidInput))
	}
	workers, err := opts.concurrency()
	if err != nil {
		return nil, err
	}
	results := make([]UpsertResult, len(items))
	todo := make([]int, 0, len(items)) // the indexes of the items to send
	first := make(map[string]int, len(items))
	for i, it := range items {
		err := inputError(fmt.Sprintf("items[%d].ID", i), checkID("customer ID", it.ID))
		if err == nil && it.Input == nil {
			err = inputError(fmt.Sprintf("items[%d].Input", i), fmt.Errorf("%w: nil *CustomerInput", ErrInvalidInput))
		}
		if err == nil {
			if prev, seen := first[it.ID]; seen {
				err = inputError(fmt.Sprintf("items[%d].ID", i), fmt.Errorf("%w: customer ID %q is also item %d's", ErrInvalidInput, it.ID, prev))
			} else {
				first[it.ID] = i
			}
		}
		if err != nil {
			results[i].Err = err
			continue
		}
		todo = append(todo, i)
	}

	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next int // index into todo of the next item to start
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next == len(todo) {
			return 0, false
		}
		next++
		return todo[next-1], true
	}
	for range min(workers, len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, ok := take(); ok; i, ok = take() {
				r := &results[i]
				if r.Err = ctx.Err(); r.Err != nil {
					continue
				}
				r.Customer, r.Response, r.Err = s.Upsert(ctx, items[i].ID, items[i].Input)
				var inErr *InputError
				if errors.As(r.Err, &inErr) {
					// Upsert names the input "in"; here it is the item's.
					r.Err = inputError(fmt.Sprintf("items[%d].Input", i)+strings.TrimPrefix(inErr.Field, "in"), inErr.Err)
				}
			}
		}()
	}
	wg.Wait()

	var errs []error
	for i, r := range results {
		if r.Err != nil {
			errs = append(errs, fmt.Errorf("item %d (customer ID %q): %w", i, items[i].ID, r.Err))
		}
	}
	return results, errors.Join(errs...)
}
