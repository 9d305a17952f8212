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
		reflect.TypeFor[rebilly.CustomerGetter](),
		reflect.TypeFor[rebilly.CustomerCreator](),
		reflect.TypeFor[rebilly.CustomerNewIDCreator](),
		reflect.TypeFor[rebilly.CustomerUpserter](),
		reflect.TypeFor[rebilly.CustomerBulkUpserter](),
		reflect.TypeFor[rebilly.CustomerMergeDeleter](),
		reflect.TypeFor[rebilly.LeadSourceGetter](),
		reflect.TypeFor[rebilly.LeadSourceUpserter](),
		reflect.TypeFor[rebilly.LeadSourceDeleter](),
	}
	for _, service := range []reflect.Type{reflect.TypeFor[*rebilly.CustomersService](), reflect.TypeFor[*rebilly.LeadSourceService]()} {
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
