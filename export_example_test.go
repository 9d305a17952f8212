package rebilly_test

import (
	"context"
	"fmt"
	"slices"

	rebilly "github.com/openrebilly/rebilly-go"
)

func ExampleCustomersService_Export() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()

	// Export fetches several pages at once (here 4, of one customer each)
	// and yields the customers in no particular order. The checkpoint,
	// saved with cp.MarshalText after any customer, resumes the export
	// with the same params.
	var cp rebilly.Checkpoint
	var ids []string
	params := &rebilly.CustomerListParams{Limit: 1}
	for c, err := range client.Customers.Export(context.Background(), params, &rebilly.ExportOptions{Concurrency: 4, Checkpoint: &cp}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	fmt.Println(ids)
	// Output:
	// [cus_ada cus_alan cus_grace]
}
