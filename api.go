package rebilly

import (
	"context"
	"iter"
)

// One small interface per operation, so that code which uses only some
// calls can take just those, and its tests can pass a stub in place of
// the real service. *CustomersService and *LeadSourceService implement them.
type (
	// CustomerLister lists one page of customers.
	CustomerLister interface {
		List(ctx context.Context, params *CustomerListParams) ([]*Customer, *Response, error)
	}
	// CustomerWalker walks every customer a query selects.
	CustomerWalker interface {
		All(ctx context.Context, params *CustomerListParams) iter.Seq2[*Customer, error]
	}
	// CustomerGetter gets one customer.
	CustomerGetter interface {
		Get(ctx context.Context, id string, params *CustomerGetParams) (*Customer, *Response, error)
	}
	// CustomerCreator creates a customer with an ID the API chooses.
	CustomerCreator interface {
		Create(ctx context.Context, in *CustomerInput) (*Customer, *Response, error)
	}
	// CustomerUpserter creates or replaces a customer under a given ID.
	CustomerUpserter interface {
		Upsert(ctx context.Context, id string, in *CustomerInput) (*Customer, *Response, error)
	}
	// CustomerBulkUpserter creates or replaces many customers under given IDs.
	CustomerBulkUpserter interface {
		UpsertMany(ctx context.Context, items []CustomerUpsert, opts *UpsertManyOptions) ([]UpsertResult, error)
	}
	// CustomerMergeDeleter merges a customer into another and deletes it.
	CustomerMergeDeleter interface {
		MergeDelete(ctx context.Context, id, targetCustomerID string) (*Response, error)
	}
	// LeadSourceGetter gets a customer's lead source.
	LeadSourceGetter interface {
		Get(ctx context.Context, customerID string) (*LeadSource, *Response, error)
	}
	// LeadSourceUpserter sets a customer's lead source.
	LeadSourceUpserter interface {
		Upsert(ctx context.Context, customerID string, in *LeadSourceInput) (*LeadSource, *Response, error)
	}
	// LeadSourceDeleter deletes a customer's lead source.
	LeadSourceDeleter interface {
		Delete(ctx context.Context, customerID string) (*Response, error)
	}
)

var (
	_ CustomerLister       = (*CustomersService)(nil)
	_ CustomerWalker       = (*CustomersService)(nil)
	_ CustomerGetter       = (*CustomersService)(nil)
	_ CustomerCreator      = (*CustomersService)(nil)
	_ CustomerUpserter     = (*CustomersService)(nil)
	_ CustomerBulkUpserter = (*CustomersService)(nil)
	_ CustomerMergeDeleter = (*CustomersService)(nil)
	_ LeadSourceGetter     = (*LeadSourceService)(nil)
	_ LeadSourceUpserter   = (*LeadSourceService)(nil)
	_ LeadSourceDeleter    = (*LeadSourceService)(nil)
)

// CustomerExporter yields every customer a query selects, several pages at
// a time, in no particular order, resumable from a Checkpoint.
type CustomerExporter interface {
	Export(ctx context.Context, params *CustomerListParams, opts *ExportOptions) iter.Seq2[*Customer, error]
}

var _ CustomerExporter = (*CustomersService)(nil)
