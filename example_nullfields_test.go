package rebilly_test

import (
	"context"
	"fmt"
)

// To clear fields, read, modify and write: take the customer's Input, empty
// the fields, and name them in NullFields, which sends them as null.
func ExampleCustomerInput_nullFields() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	c, _, err := client.Customers.Get(ctx, "cus_ada", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := c.Input()
	in.PrimaryAddress.City = ""
	in.PrimaryAddress.NullFields = []string{"City"}
	c, _, err = client.Customers.Upsert(ctx, c.ID, in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %q %s\n", c.PrimaryAddress.FirstName, c.PrimaryAddress.City, c.PrimaryAddress.Country)

	// A field that cannot be null, or one with a value, is refused before
	// anything is sent.
	in.NullFields = []string{"WebsiteID"}
	_, _, err = client.Customers.Upsert(ctx, c.ID, in)
	fmt.Println(err)
	// Output:
	// Ada "" GB
	// rebilly: invalid input: CustomerInput.NullFields: "WebsiteID" is not a field that can be null (those are DefaultPaymentInstrumentID, PreferredPayoutInstrumentID, PrimaryAddress, Locale, TaxNumbers, PersonID)
}
