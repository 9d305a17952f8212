package rebilly

import (
	"context"
	"iter"
	"net/url"
)

// One small interface per service method, so that code which uses only
// some calls can take just those, and its tests can pass a stub in place of
// the real service. Each service (and *Client, for Do) implements them;
// TestEveryServiceMethodHasAnInterface fails for a method without one.
type (
	// CustomerLister lists one page of customers.
	CustomerLister interface {
		List(ctx context.Context, params *CustomerListParams) ([]*Customer, *Response, error)
	}
	// CustomerWalker walks every customer a query selects.
	CustomerWalker interface {
		All(ctx context.Context, params *CustomerListParams) iter.Seq2[*Customer, error]
	}
	// CustomerResumableWalker walks every customer a query selects from a
	// saved Checkpoint, and keeps the checkpoint up to date.
	CustomerResumableWalker interface {
		AllFrom(ctx context.Context, params *CustomerListParams, cp *Checkpoint) iter.Seq2[*Customer, error]
	}
	// CustomerGetter gets one customer.
	CustomerGetter interface {
		Get(ctx context.Context, id string, params *CustomerGetParams) (*Customer, *Response, error)
	}
	// CustomerCreator creates a customer with an ID the API chooses.
	CustomerCreator interface {
		Create(ctx context.Context, in *CustomerInput) (*Customer, *Response, error)
	}
	// CustomerNewIDCreator creates a customer under a new ID of the SDK's.
	CustomerNewIDCreator interface {
		CreateWithNewID(ctx context.Context, in *CustomerInput) (*Customer, *Response, error)
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
	// CustomerCreditBalanceGetter gets a customer's credit balance.
	CustomerCreditBalanceGetter interface {
		CreditBalance(ctx context.Context, id string) (*CreditBalance, *Response, error)
	}
	// CustomerSummaryMetricsGetter gets a customer's lifetime totals.
	CustomerSummaryMetricsGetter interface {
		SummaryMetrics(ctx context.Context, id string) (*SummaryMetrics, *Response, error)
	}
	// CustomerComplianceScreener creates a customer's compliance screening
	// report.
	CustomerComplianceScreener interface {
		CreateComplianceScreeningReport(ctx context.Context, id string) (*Attachment, *Response, error)
	}
	// TimelineLister lists one page of a customer's timeline.
	TimelineLister interface {
		List(ctx context.Context, customerID string, params *TimelineListParams) ([]*TimelineMessage, *Response, error)
	}
	// TimelineWalker walks a customer's whole timeline.
	TimelineWalker interface {
		All(ctx context.Context, customerID string, params *TimelineListParams) iter.Seq2[*TimelineMessage, error]
	}
	// TimelineGetter gets one timeline message.
	TimelineGetter interface {
		Get(ctx context.Context, customerID, messageID string) (*TimelineMessage, *Response, error)
	}
	// TimelineCommenter writes a comment on a customer's timeline.
	TimelineCommenter interface {
		CreateComment(ctx context.Context, customerID, message string) (*TimelineMessage, *Response, error)
	}
	// TimelineCustomEventCreator records a custom event on a customer's
	// timeline.
	TimelineCustomEventCreator interface {
		CreateCustomEvent(ctx context.Context, customerID string, in *CustomEventInput) (*TimelineMessage, *Response, error)
	}
	// TimelineDeleter deletes a timeline message.
	TimelineDeleter interface {
		Delete(ctx context.Context, customerID, messageID string) (*Response, error)
	}
	// CustomEventTypeLister lists one page of custom event types.
	CustomEventTypeLister interface {
		ListCustomEventTypes(ctx context.Context, params *ListParams) ([]*CustomEventType, *Response, error)
	}
	// CustomEventTypeCreator registers a custom event type.
	CustomEventTypeCreator interface {
		CreateCustomEventType(ctx context.Context, name string) (*CustomEventType, *Response, error)
	}
	// CustomEventTypeGetter gets a custom event type.
	CustomEventTypeGetter interface {
		GetCustomEventType(ctx context.Context, id string) (*CustomEventType, *Response, error)
	}
	// TagLister lists one page of tags.
	TagLister interface {
		List(ctx context.Context, params *TagListParams) ([]*Tag, *Response, error)
	}
	// TagWalker walks every tag a query selects.
	TagWalker interface {
		All(ctx context.Context, params *TagListParams) iter.Seq2[*Tag, error]
	}
	// TagGetter gets a tag by name.
	TagGetter interface {
		Get(ctx context.Context, name string) (*Tag, *Response, error)
	}
	// TagCreator creates a tag.
	TagCreator interface {
		Create(ctx context.Context, in *TagInput) (*Tag, *Response, error)
	}
	// TagRenamer renames a tag.
	TagRenamer interface {
		Rename(ctx context.Context, name, newName string) (*Tag, *Response, error)
	}
	// TagDeleter deletes a tag.
	TagDeleter interface {
		Delete(ctx context.Context, name string) (*Response, error)
	}
	// CustomerTagger puts a tag on a customer.
	CustomerTagger interface {
		TagCustomer(ctx context.Context, tag, customerID string) (*Response, error)
	}
	// CustomerUntagger takes a tag off a customer.
	CustomerUntagger interface {
		UntagCustomer(ctx context.Context, tag, customerID string) (*Response, error)
	}
	// CustomerBulkTagger puts a tag on many customers.
	CustomerBulkTagger interface {
		TagCustomers(ctx context.Context, tag string, customerIDs []string) (*Response, error)
	}
	// CustomerBulkUntagger takes a tag off many customers.
	CustomerBulkUntagger interface {
		UntagCustomers(ctx context.Context, tag string, customerIDs []string) (*Response, error)
	}
	// CustomFieldLister lists the custom field definitions of a resource.
	CustomFieldLister interface {
		List(ctx context.Context, resource string, params *ListParams) ([]*CustomField, *Response, error)
	}
	// CustomFieldGetter gets a custom field definition.
	CustomFieldGetter interface {
		Get(ctx context.Context, resource, name string) (*CustomField, *Response, error)
	}
	// CustomFieldUpserter creates or alters a custom field definition.
	CustomFieldUpserter interface {
		Upsert(ctx context.Context, resource, name string, in *CustomFieldInput) (*CustomField, *Response, error)
	}
	// Doer calls any endpoint of the API.
	Doer interface {
		Do(ctx context.Context, method, path string, query url.Values, in, out any) (*Response, error)
	}
)

var (
	_ CustomerLister          = (*CustomersService)(nil)
	_ CustomerWalker          = (*CustomersService)(nil)
	_ CustomerResumableWalker = (*CustomersService)(nil)
	_ CustomerGetter          = (*CustomersService)(nil)
	_ CustomerCreator         = (*CustomersService)(nil)
	_ CustomerNewIDCreator    = (*CustomersService)(nil)
	_ CustomerUpserter        = (*CustomersService)(nil)
	_ CustomerBulkUpserter    = (*CustomersService)(nil)
	_ CustomerMergeDeleter    = (*CustomersService)(nil)
	_ LeadSourceGetter        = (*LeadSourceService)(nil)
	_ LeadSourceUpserter      = (*LeadSourceService)(nil)
	_ LeadSourceDeleter       = (*LeadSourceService)(nil)

	_ CustomerCreditBalanceGetter  = (*CustomersService)(nil)
	_ CustomerSummaryMetricsGetter = (*CustomersService)(nil)
	_ CustomerComplianceScreener   = (*CustomersService)(nil)
	_ TimelineLister               = (*CustomerTimelineService)(nil)
	_ TimelineWalker               = (*CustomerTimelineService)(nil)
	_ TimelineGetter               = (*CustomerTimelineService)(nil)
	_ TimelineCommenter            = (*CustomerTimelineService)(nil)
	_ TimelineCustomEventCreator   = (*CustomerTimelineService)(nil)
	_ TimelineDeleter              = (*CustomerTimelineService)(nil)
	_ CustomEventTypeLister        = (*CustomerTimelineService)(nil)
	_ CustomEventTypeCreator       = (*CustomerTimelineService)(nil)
	_ CustomEventTypeGetter        = (*CustomerTimelineService)(nil)
	_ TagLister                    = (*TagsService)(nil)
	_ TagWalker                    = (*TagsService)(nil)
	_ TagGetter                    = (*TagsService)(nil)
	_ TagCreator                   = (*TagsService)(nil)
	_ TagRenamer                   = (*TagsService)(nil)
	_ TagDeleter                   = (*TagsService)(nil)
	_ CustomerTagger               = (*TagsService)(nil)
	_ CustomerUntagger             = (*TagsService)(nil)
	_ CustomerBulkTagger           = (*TagsService)(nil)
	_ CustomerBulkUntagger         = (*TagsService)(nil)
	_ CustomFieldLister            = (*CustomFieldsService)(nil)
	_ CustomFieldGetter            = (*CustomFieldsService)(nil)
	_ CustomFieldUpserter          = (*CustomFieldsService)(nil)
	_ Doer                         = (*Client)(nil)
)

// CustomerExporter yields every customer a query selects, several pages at
// a time, in no particular order, resumable from a Checkpoint.
type CustomerExporter interface {
	Export(ctx context.Context, params *CustomerListParams, opts *ExportOptions) iter.Seq2[*Customer, error]
}

var _ CustomerExporter = (*CustomersService)(nil)
