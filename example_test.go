package rebilly_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// exampleServer starts a fake API holding three customers and the custom
// field crmId (a customer's custom fields must be defined). The examples
// run against it, so `go test` checks their output.
func exampleServer() *rebillytest.Server {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 9, 0, 0, 0, time.UTC) }
	return rebillytest.NewServer(rebillytest.WithCustomFields("customers",
		rebillytest.CustomFieldDefinition{Name: "crmId", Type: "string"}), rebillytest.WithCustomers(
		&rebilly.Customer{ID: "cus_ada", CreatedTime: day(1), PrimaryAddress: &rebilly.Contact{
			FirstName: "Ada", LastName: "Lovelace", City: "London", Country: "GB",
			Emails: []rebilly.Email{{Label: "main", Value: "ada@example.com", Primary: true}}}},
		&rebilly.Customer{ID: "cus_grace", CreatedTime: day(2), PrimaryAddress: &rebilly.Contact{
			FirstName: "Grace", LastName: "Hopper", City: "Arlington", Country: "US",
			Emails: []rebilly.Email{{Label: "main", Value: "grace@example.com", Primary: true}}}},
		&rebilly.Customer{ID: "cus_alan", CreatedTime: day(3), PrimaryAddress: &rebilly.Contact{
			FirstName: "Alan", LastName: "Turing", City: "Manchester", Country: "GB",
			Emails: []rebilly.Email{{Label: "main", Value: "alan@example.com", Primary: true}}}},
	))
}

func ExampleNewClient() {
	client, err := rebilly.NewClient(
		rebilly.WithAPIKey("sk_sandbox_..."),
		rebilly.WithSandbox(),
		rebilly.WithOrganization("org_123"),
	)
	fmt.Println(client != nil, err)

	_, err = rebilly.NewClient(rebilly.WithSandbox())
	fmt.Println(err)
	// Output:
	// true <nil>
	// rebilly: NewClient: no credentials: use WithAPIKey or WithJWT
}

func ExampleCustomersService_List() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()

	customers, resp, err := client.Customers.List(context.Background(), &rebilly.CustomerListParams{
		Filter: "primaryAddress.country:GB",
		Sort:   []string{rebilly.Desc("createdTime")},
		Limit:  10,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range customers {
		fmt.Println(c.ID, c.FirstName, c.LastName)
	}
	fmt.Println("total:", resp.Pagination.Total)
	// Output:
	// cus_alan Alan Turing
	// cus_ada Ada Lovelace
	// total: 2
}

func ExampleCustomersService_All() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()

	// All fetches page after page (here of one customer), one page ahead
	// of the loop.
	for c, err := range client.Customers.All(context.Background(), &rebilly.CustomerListParams{Limit: 1}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(c.ID, c.Email)
	}
	// Output:
	// cus_ada ada@example.com
	// cus_grace grace@example.com
	// cus_alan alan@example.com
}

func ExampleCustomersService_AllFrom() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	params := &rebilly.CustomerListParams{Limit: 2}

	// An export that stops after the first customer, saving where it got to.
	var cp rebilly.Checkpoint
	var saved []byte
	for c, err := range client.Customers.AllFrom(ctx, params, &cp) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("first run:", c.ID)
		saved, _ = cp.MarshalText() // after the customer is safely written
		break
	}

	// Later, perhaps in another process: carry on from the saved text.
	var resumed rebilly.Checkpoint
	if err := resumed.UnmarshalText(saved); err != nil {
		fmt.Println(err)
		return
	}
	for c, err := range client.Customers.AllFrom(ctx, params, &resumed) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("resumed:", c.ID)
	}
	// Output:
	// first run: cus_ada
	// resumed: cus_grace
	// resumed: cus_alan
}

func ExampleCustomersService_Get() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()

	c, _, err := client.Customers.Get(context.Background(), "cus_grace", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.FirstName, c.LastName, c.PrimaryAddress.City)

	_, _, err = client.Customers.Get(context.Background(), "cus_nobody", nil)
	fmt.Println(errors.Is(err, rebilly.ErrNotFound))
	// Output:
	// Grace Hopper Arlington
	// true
}

func ExampleCustomersService_Create() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()

	c, resp, err := client.Customers.Create(context.Background(), &rebilly.CustomerInput{
		PrimaryAddress: &rebilly.Contact{
			FirstName: "Katherine", LastName: "Johnson",
			Emails: []rebilly.Email{{Label: "main", Value: "katherine@example.com", Primary: true}},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, strings.HasPrefix(c.ID, "cus_"), c.Email, c.Revision)
	// Output:
	// 201 true katherine@example.com 1
}

func ExampleCustomersService_Upsert() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// The ID is your own, so repeating the call cannot make a second customer.
	in := &rebilly.CustomerInput{
		PrimaryAddress: &rebilly.Contact{FirstName: "Mary", LastName: "Jackson"},
		CustomFields:   map[string]any{"crmId": "A-17"},
	}
	for range 2 {
		c, resp, err := client.Customers.Upsert(ctx, "crm-A-17", in)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(resp.StatusCode, c.ID, c.FirstName, c.Revision)
	}
	// Output:
	// 201 crm-A-17 Mary 1
	// 200 crm-A-17 Mary 2
}

func ExampleCustomersService_CreateWithNewID() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()

	c, resp, err := client.Customers.CreateWithNewID(context.Background(), &rebilly.CustomerInput{
		PrimaryAddress: &rebilly.Contact{FirstName: "Dorothy", LastName: "Vaughan"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Request.Method, resp.StatusCode, len(c.ID), c.LastName)
	// Output:
	// PUT 201 30 Vaughan
}

func ExampleCustomersService_MergeDelete() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// cus_alan is merged into cus_ada and deleted.
	resp, err := client.Customers.MergeDelete(ctx, "cus_alan", "cus_ada")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode)
	_, _, err = client.Customers.Get(ctx, "cus_alan", nil)
	fmt.Println(errors.Is(err, rebilly.ErrNotFound))
	// Output:
	// 204
	// true
}

func ExampleLeadSourceService_Upsert() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	for _, campaign := range []string{"spring", "summer"} {
		ls, _, err := client.LeadSources.Upsert(ctx, "cus_ada", &rebilly.LeadSourceInput{
			Source: "newsletter", Medium: "email", Campaign: campaign,
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		// Original keeps the first lead source ever set.
		fmt.Println(ls.Campaign, ls.Original.Campaign)
	}
	// Output:
	// spring spring
	// summer spring
}

func ExampleLeadSourceService_Get() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	_, _, err := client.LeadSources.Get(ctx, "cus_grace")
	fmt.Println(errors.Is(err, rebilly.ErrNotFound))

	if _, _, err := client.LeadSources.Upsert(ctx, "cus_grace", &rebilly.LeadSourceInput{Affiliate: "partner-7"}); err != nil {
		fmt.Println(err)
		return
	}
	ls, _, err := client.LeadSources.Get(ctx, "cus_grace")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ls.Affiliate)
	// Output:
	// true
	// partner-7
}

func ExampleLeadSourceService_Delete() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	if _, _, err := client.LeadSources.Upsert(ctx, "cus_alan", &rebilly.LeadSourceInput{Source: "ads"}); err != nil {
		fmt.Println(err)
		return
	}
	resp, err := client.LeadSources.Delete(ctx, "cus_alan")
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _, err = client.LeadSources.Get(ctx, "cus_alan")
	fmt.Println(resp.StatusCode, errors.Is(err, rebilly.ErrNotFound))
	// Output:
	// 204 true
}

func ExampleFilter() {
	since := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	f, err := rebilly.Filter{}.
		Equal("primaryAddress.country", "GB", "US").
		NotEqual("primaryAddress.city", "Arlington").
		TimeRange("createdTime", since, time.Time{}).
		Build()
	fmt.Println(f, err)

	_, err = rebilly.Filter{}.Equal("lastName", "Smith;Jones").Build()
	fmt.Println(err)
	// Output:
	// primaryAddress.country:GB,US;primaryAddress.city:!Arlington;createdTime:2026-01-02T00:00:00Z.. <nil>
	// rebilly: invalid input: filter field "lastName": filter value "Smith;Jones" contains ';', which the filter language reserves and cannot escape
}

func ExampleError() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()

	_, _, err := client.Customers.Upsert(context.Background(), "cus_ada", &rebilly.CustomerInput{
		PrimaryAddress: &rebilly.Contact{Country: "Britain"},
	})
	var apiErr *rebilly.Error
	if errors.Is(err, rebilly.ErrValidation) && errors.As(err, &apiErr) {
		for _, f := range apiErr.InvalidFields {
			fmt.Println(apiErr.Status, f.Field)
		}
	}
	// Output:
	// 422 primaryAddress.country
}
