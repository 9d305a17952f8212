package rebilly_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// A merge whose answer is lost after the API merged: the retry finds the
// duplicate gone (404), which is what was asked, so MergeDelete succeeds
// and the Response says that its answer followed a lost one.
func ExampleResponse_afterLostAnswer() {
	srv := rebillytest.NewServer(
		rebillytest.WithClock(rebillytest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))),
		rebillytest.WithCustomers(&rebilly.Customer{ID: "cus_dup"}, &rebilly.Customer{ID: "cus_keep"}),
		rebillytest.WithFault(rebillytest.Fault{Method: "DELETE", LoseAnswer: true, Times: 1}),
	)
	defer srv.Close()

	resp, err := srv.Client().Customers.MergeDelete(context.Background(), "cus_dup", "cus_keep")
	fmt.Println(err, resp.StatusCode, resp.AfterLostAnswer)
	// Output: <nil> 404 true
}

// Input the SDK refuses before sending names its field.
func ExampleInputError() {
	client, _ := rebilly.NewClient(rebilly.WithAPIKey("sk_test_example"))
	_, resp, err := client.Customers.List(context.Background(), &rebilly.CustomerListParams{Limit: 5000})

	var inErr *rebilly.InputError
	fmt.Println(resp == nil, errors.Is(err, rebilly.ErrInvalidInput), errors.As(err, &inErr) && inErr.Field == "params.Limit")
	fmt.Println(err)
	// Output:
	// true true true
	// rebilly: invalid input: Limit 5000 is outside 0..1000
}
