package rebilly_test

import (
	"context"
	"errors"
	"fmt"

	rebilly "github.com/openrebilly/rebilly-go"
)

func ExampleCustomersService_UpsertMany() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()

	items := []rebilly.CustomerUpsert{
		{ID: "cus_ada", Input: &rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{FirstName: "Ada", LastName: "King"}}},
		{ID: "cus_edsger", Input: &rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{FirstName: "Edsger", LastName: "Dijkstra"}}},
		{ID: "cus barbara", Input: &rebilly.CustomerInput{PrimaryAddress: &rebilly.Contact{FirstName: "Barbara", LastName: "Liskov"}}},
	}
	results, err := client.Customers.UpsertMany(context.Background(), items, &rebilly.UpsertManyOptions{Concurrency: 4})
	for i, r := range results {
		if r.Err != nil {
			fmt.Println(i, "not sent:", errors.Is(r.Err, rebilly.ErrInvalidInput))
			continue
		}
		fmt.Println(i, r.Customer.ID, r.Response.StatusCode)
	}
	fmt.Println(err)
	// Output:
	// 0 cus_ada 200
	// 1 cus_edsger 201
	// 2 not sent: true
	// item 2 (customer ID "cus barbara"): rebilly: invalid input: customer ID "cus barbara": character ' ' is not allowed (letters, digits and _ @ ~ - . only)
}
