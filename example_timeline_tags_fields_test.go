package rebilly_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	rebilly "github.com/openrebilly/rebilly-go"
)

func ExampleCustomerTimelineService_CreateComment() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	if _, _, err := client.CustomerTimeline.CreateComment(ctx, "cus_ada", "Called about the invoice; all settled."); err != nil {
		fmt.Println(err)
		return
	}
	// A custom event needs its type registered first, once.
	if _, _, err := client.CustomerTimeline.CreateCustomEventType(ctx, "loyalty-level-changed"); err != nil {
		fmt.Println(err)
		return
	}
	event, _, err := client.CustomerTimeline.CreateCustomEvent(ctx, "cus_ada", &rebilly.CustomEventInput{
		CustomEventType: "loyalty-level-changed",
		CustomData:      map[string]any{"from": "silver", "to": "gold"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// customData comes back as a two-column table.
	for _, row := range event.ExtraData.Tables[0].Rows {
		fmt.Printf("%s: %v\n", row.Attribute, row.Value)
	}

	for m, err := range client.CustomerTimeline.All(ctx, "cus_ada", nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		switch m.Type {
		case rebilly.TimelineCustomEvent:
			fmt.Println(m.Type, m.CustomEventType)
		default:
			fmt.Println(m.Type, m.Message)
		}
	}
	// Output:
	// from: silver
	// to: gold
	// custom-event loyalty-level-changed
	// customer-comment-created Called about the invoice; all settled.
}

func ExampleTagsService_TagCustomer() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// The API does not create tags when tagging: create the tag first.
	if _, _, err := client.Tags.Create(ctx, &rebilly.TagInput{Name: "VIP customer", Type: rebilly.TagTypeCustomer}); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := client.Tags.TagCustomer(ctx, "VIP customer", "cus_ada"); err != nil {
		fmt.Println(err)
		return
	}
	// Bulk tagging is asynchronous in the API: a 204 means scheduled.
	if _, err := client.Tags.TagCustomers(ctx, "VIP customer", []string{"cus_grace", "cus_alan"}); err != nil {
		fmt.Println(err)
		return
	}
	ada, _, err := client.Customers.Get(ctx, "cus_ada", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, tag := range ada.Tags {
		fmt.Println("cus_ada:", tag.Name)
	}
	_, _, err = client.Tags.Create(ctx, &rebilly.TagInput{Name: "vip CUSTOMER", Type: rebilly.TagTypeCustomer})
	fmt.Println("names ignore case:", errors.Is(err, rebilly.ErrConflict))
	// Output:
	// cus_ada: VIP customer
	// names ignore case: true
}

func ExampleCustomFieldsService_Upsert() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// Define a custom field of customers; the API then checks the values.
	field, resp, err := client.CustomFields.Upsert(ctx, rebilly.CustomFieldResourceCustomers, "preferredChannel", &rebilly.CustomFieldInput{
		Type:             rebilly.CustomFieldString,
		Description:      "How the customer likes to be reached",
		AdditionalSchema: &rebilly.CustomFieldSchema{AllowedValues: []string{"email", "phone"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, field.Name, field.Type, field.AdditionalSchema.AllowedValues)

	// Read, modify, write: Upsert replaces every writable field.
	ada, _, err := client.Customers.Get(ctx, "cus_ada", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := ada.Input()
	in.CustomFields = rebilly.CustomFieldValues{"preferredChannel": "email"}
	if _, _, err := client.Customers.Upsert(ctx, "cus_ada", in); err != nil {
		fmt.Println(err)
		return
	}
	in.CustomFields["preferredChannel"] = "pigeon"
	_, _, err = client.Customers.Upsert(ctx, "cus_ada", in)
	var apiErr *rebilly.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Status, apiErr.InvalidFields[0].Field)
	}
	// Output:
	// 201 preferredChannel string [email phone]
	// 422 customFields.preferredChannel
}

func ExampleClient_Do() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client()

	// Any endpoint, with the client's credentials, retries and errors.
	var customer rebilly.Customer
	_, err := client.Do(context.Background(), http.MethodGet, "/customers/"+url.PathEscape("cus_ada"),
		url.Values{"fields": {"id,email"}}, nil, &customer)
	fmt.Println(customer.ID, customer.Email, err)

	_, err = client.Do(context.Background(), http.MethodGet, "/customers/cus_nobody", nil, nil, &customer)
	fmt.Println(errors.Is(err, rebilly.ErrNotFound))
	// Output:
	// cus_ada ada@example.com <nil>
	// true
}
