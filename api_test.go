package rebilly_test

import (
	"reflect"
	"testing"

	rebilly "github.com/openrebilly/rebilly-go"
)

// TestEveryServiceMethodHasAnInterface: every exported method of a service
// is the one method of an interface in api.go, which the service
// implements, so that users can stub any call (see the README).
func TestEveryServiceMethodHasAnInterface(t *testing.T) {
	interfaces := []reflect.Type{
		reflect.TypeFor[rebilly.CustomerLister](),
		reflect.TypeFor[rebilly.CustomerWalker](),
		reflect.TypeFor[rebilly.CustomerResumableWalker](),
		reflect.TypeFor[rebilly.CustomerExporter](),
		reflect.TypeFor[rebilly.CustomerGetter](),
		reflect.TypeFor[rebilly.CustomerCreator](),
		reflect.TypeFor[rebilly.CustomerNewIDCreator](),
		reflect.TypeFor[rebilly.CustomerUpserter](),
		reflect.TypeFor[rebilly.CustomerBulkUpserter](),
		reflect.TypeFor[rebilly.CustomerMergeDeleter](),
		reflect.TypeFor[rebilly.LeadSourceGetter](),
		reflect.TypeFor[rebilly.LeadSourceUpserter](),
		reflect.TypeFor[rebilly.LeadSourceDeleter](),
		reflect.TypeFor[rebilly.CustomerCreditBalanceGetter](),
		reflect.TypeFor[rebilly.CustomerSummaryMetricsGetter](),
		reflect.TypeFor[rebilly.CustomerComplianceScreener](),
		reflect.TypeFor[rebilly.TimelineLister](),
		reflect.TypeFor[rebilly.TimelineWalker](),
		reflect.TypeFor[rebilly.TimelineGetter](),
		reflect.TypeFor[rebilly.TimelineCommenter](),
		reflect.TypeFor[rebilly.TimelineCustomEventCreator](),
		reflect.TypeFor[rebilly.TimelineDeleter](),
		reflect.TypeFor[rebilly.CustomEventTypeLister](),
		reflect.TypeFor[rebilly.CustomEventTypeCreator](),
		reflect.TypeFor[rebilly.CustomEventTypeGetter](),
		reflect.TypeFor[rebilly.TagLister](),
		reflect.TypeFor[rebilly.TagWalker](),
		reflect.TypeFor[rebilly.TagGetter](),
		reflect.TypeFor[rebilly.TagCreator](),
		reflect.TypeFor[rebilly.TagRenamer](),
		reflect.TypeFor[rebilly.TagDeleter](),
		reflect.TypeFor[rebilly.CustomerTagger](),
		reflect.TypeFor[rebilly.CustomerUntagger](),
		reflect.TypeFor[rebilly.CustomerBulkTagger](),
		reflect.TypeFor[rebilly.CustomerBulkUntagger](),
		reflect.TypeFor[rebilly.CustomFieldLister](),
		reflect.TypeFor[rebilly.CustomFieldGetter](),
		reflect.TypeFor[rebilly.CustomFieldUpserter](),
	}
	for _, service := range []reflect.Type{reflect.TypeFor[*rebilly.CustomersService](), reflect.TypeFor[*rebilly.LeadSourceService](),
		reflect.TypeFor[*rebilly.CustomerTimelineService](), reflect.TypeFor[*rebilly.TagsService](), reflect.TypeFor[*rebilly.CustomFieldsService]()} {
		for i := range service.NumMethod() {
			method := service.Method(i)
			found := false
			for _, iface := range interfaces {
				if iface.NumMethod() != 1 {
					t.Fatalf("%v has %d methods, want 1", iface, iface.NumMethod())
				}
				if iface.Method(0).Name == method.Name && service.Implements(iface) {
					found = true
				}
			}
			if !found {
				t.Errorf("%v.%s is in no one-method interface of api.go", service, method.Name)
			}
		}
	}
}
