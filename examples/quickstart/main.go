// Command quickstart tours the SDK: a duplicate-safe create, a read, a lead
// source, a custom field, a comment on the timeline, a tag, a filtered list,
// a text search, a walk over every match, a merge of two duplicates and
// error handling.
//
//	go run ./examples/quickstart
//
// Without REBILLY_API_KEY it runs against an in-process fake API with sample
// customers; with it, against the real sandbox (REBILLY_LIVE=1 for live).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/examples/internal/connect"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run() error {
	client, description, closeFn, err := connect.Client()
	if err != nil {
		return err
	}
	defer closeFn()
	fmt.Println(description)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// 1. Create a customer without risk of a duplicate: Upsert under the ID
	// your own system uses for them. Running this again updates, not adds.
	const externalID = "quickstart-ada-lovelace"
	ada, resp, err := client.Customers.Upsert(ctx, externalID, &rebilly.CustomerInput{
		PrimaryAddress: &rebilly.Contact{
			FirstName:    "Ada",
			LastName:     "Lovelace",
			Organization: "Analytical Engines Ltd",
			Address:      "12 St James's Square",
			City:         "London",
			PostalCode:   "SW1Y 4JH",
			Country:      "GB",
			Emails:       []rebilly.Email{{Label: "main", Value: "ada@example.com", Primary: true}},
			PhoneNumbers: []rebilly.PhoneNumber{{Label: "main", Value: "+44 20 7946 0000", Primary: true}},
		},
		// plan must be a custom field of customers in the account (the
		// offline fake's sample data defines it).
		CustomFields: map[string]any{"plan": "analytical"},
	})
	if err != nil {
		return fmt.Errorf("upsert: %w", err)
	}
	verb := "updated"
	if resp.StatusCode == 201 {
		verb = "created"
	}
	fmt.Printf("Upsert %s customer %s: %s %s <%s>, revision %d\n", verb, ada.ID, ada.FirstName, ada.LastName, ada.Email, ada.Revision)

	// 2. Read it back.
	got, _, err := client.Customers.Get(ctx, externalID, nil)
	if err != nil {
		return fmt.Errorf("get: %w", err)
	}
	fmt.Printf("Get: %s lives in %s, %s\n", got.ID, got.PrimaryAddress.City, got.PrimaryAddress.Country)

	// 3. Record where the customer came from.
	ls, _, err := client.LeadSources.Upsert(ctx, externalID, &rebilly.LeadSourceInput{
		Source: "newsletter", Medium: "email", Campaign: "spring-launch",
	})
	if err != nil {
		return fmt.Errorf("lead source: %w", err)
	}
	fmt.Printf("Lead source: %s / %s / %s\n", ls.Source, ls.Medium, ls.Campaign)

	// 4. Define a custom field of customers (the API then checks every
	// customer's value against it), and give Ada a value: read, modify,
	// write, since Upsert replaces every writable field.
	field, _, err := client.CustomFields.Upsert(ctx, rebilly.CustomFieldResourceCustomers, "preferredChannel", &rebilly.CustomFieldInput{
		Type:             rebilly.CustomFieldString,
		Description:      "How the customer likes to be reached",
		AdditionalSchema: &rebilly.CustomFieldSchema{AllowedValues: []string{"email", "phone"}},
	})
	switch {
	case errors.Is(err, rebilly.ErrConflict):
		fmt.Println("Custom field: preferredChannel is in use already; kept as it is")
	case err != nil:
		return fmt.Errorf("custom field: %w", err)
	default:
		fmt.Printf("Custom field: %s (%s, one of %v)\n", field.Name, field.Type, field.AdditionalSchema.AllowedValues)
	}
	in := got.Input()
	if in.CustomFields == nil {
		in.CustomFields = rebilly.CustomFieldValues{}
	}
	in.CustomFields["preferredChannel"] = "email"
	if _, _, err := client.Customers.Upsert(ctx, externalID, in); err != nil {
		return fmt.Errorf("set custom field: %w", err)
	}

	// 5. A comment on the customer's timeline, then the latest messages.
	if _, _, err := client.CustomerTimeline.CreateComment(ctx, externalID, "Welcome call done; prefers email."); err != nil {
		return fmt.Errorf("comment: %w", err)
	}
	messages, _, err := client.CustomerTimeline.List(ctx, externalID, &rebilly.TimelineListParams{Limit: 3})
	if err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	for _, m := range messages {
		fmt.Printf("Timeline: %s %q\n", m.Type, m.Message)
	}

	// 6. Tag the customer. The API does not create tags when tagging, and
	// tag names ignore case: create it, and take 409 as "exists already".
	const tag = "quickstart VIP"
	if _, _, err := client.Tags.Create(ctx, &rebilly.TagInput{Name: tag, Type: rebilly.TagTypeCustomer}); err != nil && !errors.Is(err, rebilly.ErrConflict) {
		return fmt.Errorf("create tag: %w", err)
	}
	if _, err := client.Tags.TagCustomer(ctx, tag, externalID); err != nil {
		return fmt.Errorf("tag: %w", err)
	}
	tagged, _, err := client.Customers.Get(ctx, externalID, nil)
	if err != nil {
		return fmt.Errorf("get tagged: %w", err)
	}
	for _, t := range tagged.Tags {
		fmt.Printf("Tag: %s carries %q\n", externalID, t.Name)
	}

	// 7. One page of customers matching a filter, built with the typed builder.
	filter, err := rebilly.Filter{}.Equal("primaryAddress.country", "GB").Build()
	if err != nil {
		return err
	}
	page, resp, err := client.Customers.List(ctx, &rebilly.CustomerListParams{
		Filter: filter, Limit: 5, Sort: []string{rebilly.Desc("createdTime")},
	})
	if err != nil {
		return fmt.Errorf("list: %w", err)
	}
	fmt.Printf("List %q: %d of %d on the first page\n", filter, len(page), resp.Pagination.Total)

	// 8. A partial, case-insensitive text search.
	found, _, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Q: "lovelace"})
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	fmt.Printf("Search %q: %d match\n", "lovelace", len(found))

	// 9. Walk every customer, page by page, however many there are.
	n := 0
	for _, err := range client.Customers.All(ctx, &rebilly.CustomerListParams{Limit: 10}) {
		if err != nil {
			return fmt.Errorf("all: %w", err)
		}
		n++
	}
	fmt.Printf("All: walked %d customers\n", n)

	// 10. Merge a duplicate into Ada: the duplicate is deleted, Ada keeps its data.
	dup, _, err := client.Customers.CreateWithNewID(ctx, &rebilly.CustomerInput{
		PrimaryAddress: &rebilly.Contact{FirstName: "Ada", LastName: "Lovelace"},
	})
	if err != nil {
		return fmt.Errorf("create duplicate: %w", err)
	}
	if _, err := client.Customers.MergeDelete(ctx, dup.ID, externalID); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	fmt.Printf("MergeDelete: merged %s into %s\n", dup.ID, externalID)

	// 11. Errors match sentinels and carry the API's problem details.
	_, _, err = client.Customers.Get(ctx, dup.ID, nil)
	var apiErr *rebilly.Error
	if errors.Is(err, rebilly.ErrNotFound) && errors.As(err, &apiErr) {
		fmt.Printf("Get after merge: not found, as expected (status %d)\n", apiErr.Status)
	} else {
		return fmt.Errorf("get after merge: want not found, got %v", err)
	}
	return nil
}
