package rebilly_test

// Input checks of the new operations: bad input is refused before anything
// is sent, with an error matching ErrInvalidInput that names what was wrong.

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// TestBadIDsAreRefusedByTheNewOperations: every customer ID, tag customer
// ID and custom event type ID goes through the API's ID rule.
func TestBadIDsAreRefusedByTheNewOperations(t *testing.T) {
	ctx := context.Background()
	calls := map[string]func(c *rebilly.Client, id string) error{
		"CreditBalance": func(c *rebilly.Client, id string) error { _, _, err := c.Customers.CreditBalance(ctx, id); return err },
		"SummaryMetrics": func(c *rebilly.Client, id string) error {
			_, _, err := c.Customers.SummaryMetrics(ctx, id)
			return err
		},
		"CreateComplianceScreeningReport": func(c *rebilly.Client, id string) error {
			_, _, err := c.Customers.CreateComplianceScreeningReport(ctx, id)
			return err
		},
		"Timeline.List": func(c *rebilly.Client, id string) error {
			_, _, err := c.CustomerTimeline.List(ctx, id, nil)
			return err
		},
		"Timeline.All": func(c *rebilly.Client, id string) error {
			for _, err := range c.CustomerTimeline.All(ctx, id, nil) {
				return err
			}
			return nil
		},
		"Timeline.Get": func(c *rebilly.Client, id string) error {
			_, _, err := c.CustomerTimeline.Get(ctx, id, "tmln_1")
			return err
		},
		"Timeline.CreateComment": func(c *rebilly.Client, id string) error {
			_, _, err := c.CustomerTimeline.CreateComment(ctx, id, "hi")
			return err
		},
		"Timeline.CreateCustomEvent": func(c *rebilly.Client, id string) error {
			_, _, err := c.CustomerTimeline.CreateCustomEvent(ctx, id, &rebilly.CustomEventInput{CustomEventType: "x"})
			return err
		},
		"Timeline.Delete": func(c *rebilly.Client, id string) error {
			_, err := c.CustomerTimeline.Delete(ctx, id, "tmln_1")
			return err
		},
		"Timeline.GetCustomEventType": func(c *rebilly.Client, id string) error {
			_, _, err := c.CustomerTimeline.GetCustomEventType(ctx, id)
			return err
		},
		"Tags.TagCustomer":   func(c *rebilly.Client, id string) error { _, err := c.Tags.TagCustomer(ctx, "vip", id); return err },
		"Tags.UntagCustomer": func(c *rebilly.Client, id string) error { _, err := c.Tags.UntagCustomer(ctx, "vip", id); return err },
		"Tags.TagCustomers": func(c *rebilly.Client, id string) error {
			_, err := c.Tags.TagCustomers(ctx, "vip", []string{"cus_1", id})
			return err
		},
		"Tags.UntagCustomers": func(c *rebilly.Client, id string) error {
			_, err := c.Tags.UntagCustomers(ctx, "vip", []string{id})
			return err
		},
	}
	for name, call := range calls {
		for _, bad := range badIDs {
			t.Run(name+"/"+bad.name, func(t *testing.T) {
				c, mt := newMockClient(t)
				rec := mockAll(mt, jsonResponder(200, `{}`))
				requireInvalidInput(t, call(c, bad.id), rec.count(), nameOf(bad.id))
			})
		}
	}
}

// TestBadInputIsRefusedByTheNewOperations: names, resources, bodies, params
// and paths the API would refuse.
func TestBadInputIsRefusedByTheNewOperations(t *testing.T) {
	ctx := context.Background()
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("cus_%d", i)
		}
		return out
	}
	tests := []struct {
		name     string
		call     func(c *rebilly.Client) error
		mentions []string
	}{
		{"message ID empty", func(c *rebilly.Client) error { _, _, err := c.CustomerTimeline.Get(ctx, "cus_1", ""); return err }, []string{"timeline message ID"}},
		{"message ID ..", func(c *rebilly.Client) error { _, err := c.CustomerTimeline.Delete(ctx, "cus_1", ".."); return err }, []string{`".."`}},
		{"empty comment", func(c *rebilly.Client) error {
			_, _, err := c.CustomerTimeline.CreateComment(ctx, "cus_1", "")
			return err
		}, []string{"empty comment"}},
		{"nil custom event", func(c *rebilly.Client) error {
			_, _, err := c.CustomerTimeline.CreateCustomEvent(ctx, "cus_1", nil)
			return err
		}, []string{"nil *CustomEventInput"}},
		{"custom event without a type", func(c *rebilly.Client) error {
			_, _, err := c.CustomerTimeline.CreateCustomEvent(ctx, "cus_1", &rebilly.CustomEventInput{CustomData: map[string]any{"a": 1}})
			return err
		}, []string{"CustomEventType"}},
		{"custom event type name empty", func(c *rebilly.Client) error {
			_, _, err := c.CustomerTimeline.CreateCustomEventType(ctx, "")
			return err
		}, []string{"empty custom event type name"}},
		{"custom event type name of 256", func(c *rebilly.Client) error {
			_, _, err := c.CustomerTimeline.CreateCustomEventType(ctx, strings.Repeat("é", 256))
			return err
		}, []string{"255"}},
		{"timeline limit", func(c *rebilly.Client) error {
			_, _, err := c.CustomerTimeline.List(ctx, "cus_1", &rebilly.TimelineListParams{Limit: 1001})
			return err
		}, []string{"Limit 1001"}},
		{"timeline offset", func(c *rebilly.Client) error {
			_, _, err := c.CustomerTimeline.List(ctx, "cus_1", &rebilly.TimelineListParams{Offset: 1001})
			return err
		}, []string{"Offset 1001"}},
		{"timeline sort item with a comma", func(c *rebilly.Client) error {
			_, _, err := c.CustomerTimeline.List(ctx, "cus_1", &rebilly.TimelineListParams{Sort: []string{"a,b"}})
			return err
		}, []string{"Sort"}},
		{"event type list negative limit", func(c *rebilly.Client) error {
			_, _, err := c.CustomerTimeline.ListCustomEventTypes(ctx, &rebilly.ListParams{Limit: -1})
			return err
		}, []string{"Limit -1"}},
		{"tag list offset", func(c *rebilly.Client) error {
			_, _, err := c.Tags.List(ctx, &rebilly.TagListParams{Offset: -1})
			return err
		}, []string{"Offset -1"}},
		{"tag list sort", func(c *rebilly.Client) error {
			_, _, err := c.Tags.List(ctx, &rebilly.TagListParams{Sort: []string{""}})
			return err
		}, []string{"Sort"}},
		{"tag name empty", func(c *rebilly.Client) error { _, _, err := c.Tags.Get(ctx, ""); return err }, []string{"empty tag name"}},
		{"tag name with a slash", func(c *rebilly.Client) error { _, _, err := c.Tags.Get(ctx, "a/b"); return err }, []string{`"a/b"`}},
		{"tag name with a percent", func(c *rebilly.Client) error { _, err := c.Tags.Delete(ctx, "a%2Fb"); return err }, []string{`"a%2Fb"`}},
		{"tag name with a question mark", func(c *rebilly.Client) error { _, err := c.Tags.TagCustomer(ctx, "a?b", "cus_1"); return err }, []string{`"a?b"`}},
		{"tag name non-ASCII", func(c *rebilly.Client) error { _, err := c.Tags.UntagCustomer(ctx, "vïp", "cus_1"); return err }, []string{`"vïp"`}},
		{"tag name ..", func(c *rebilly.Client) error { _, _, err := c.Tags.Get(ctx, ".."); return err }, []string{`".."`}},
		{"tag name of 256", func(c *rebilly.Client) error { _, _, err := c.Tags.Get(ctx, strings.Repeat("a", 256)); return err }, []string{"255"}},
		{"nil tag input", func(c *rebilly.Client) error { _, _, err := c.Tags.Create(ctx, nil); return err }, []string{"nil *TagInput"}},
		{"tag input with a bad name", func(c *rebilly.Client) error {
			_, _, err := c.Tags.Create(ctx, &rebilly.TagInput{Name: "a,b", Type: rebilly.TagTypeCustomer})
			return err
		}, []string{"TagInput.Name", `"a,b"`}},
		{"tag input without a type", func(c *rebilly.Client) error {
			_, _, err := c.Tags.Create(ctx, &rebilly.TagInput{Name: "vip"})
			return err
		}, []string{"TagInput.Type"}},
		{"rename to a bad name", func(c *rebilly.Client) error { _, _, err := c.Tags.Rename(ctx, "vip", "v/ip"); return err }, []string{"new tag name", `"v/ip"`}},
		{"rename to empty", func(c *rebilly.Client) error { _, _, err := c.Tags.Rename(ctx, "vip", ""); return err }, []string{"empty new tag name"}},
		{"bulk tag without IDs", func(c *rebilly.Client) error { _, err := c.Tags.TagCustomers(ctx, "vip", nil); return err }, []string{"no customer IDs"}},
		{"bulk untag with an empty list", func(c *rebilly.Client) error { _, err := c.Tags.UntagCustomers(ctx, "vip", []string{}); return err }, []string{"no customer IDs"}},
		{"bulk tag with a bad ID past the first chunk", func(c *rebilly.Client) error {
			_, err := c.Tags.TagCustomers(ctx, "vip", append(ids(1500), "bad id"))
			return err
		}, []string{"[1500]", `"bad id"`}},
		{"bulk tag with a bad tag", func(c *rebilly.Client) error { _, err := c.Tags.TagCustomers(ctx, "a#b", ids(1)); return err }, []string{`"a#b"`}},
		{"custom field resource unknown", func(c *rebilly.Client) error { _, _, err := c.CustomFields.List(ctx, "invoices", nil); return err }, []string{`"invoices"`}},
		{"custom field resource empty", func(c *rebilly.Client) error { _, _, err := c.CustomFields.Get(ctx, "", "a"); return err }, []string{`""`}},
		{"custom field resource in another case", func(c *rebilly.Client) error { _, _, err := c.CustomFields.Get(ctx, "Customers", "a"); return err }, []string{`"Customers"`}},
		{"custom field list with a filter", func(c *rebilly.Client) error {
			_, _, err := c.CustomFields.List(ctx, rebilly.CustomFieldResourceCustomers, &rebilly.ListParams{Filter: "type:string"})
			return err
		}, []string{"Filter"}},
		{"custom field list limit", func(c *rebilly.Client) error {
			_, _, err := c.CustomFields.List(ctx, rebilly.CustomFieldResourceCustomers, &rebilly.ListParams{Limit: 1001})
			return err
		}, []string{"Limit 1001"}},
		{"custom field name empty", func(c *rebilly.Client) error { _, _, err := c.CustomFields.Get(ctx, "customers", ""); return err }, []string{"empty custom field name"}},
		{"custom field name with a space", func(c *rebilly.Client) error {
			_, _, err := c.CustomFields.Get(ctx, "customers", "Date of Birth")
			return err
		}, []string{`"Date of Birth"`}},
		{"custom field name with a dot", func(c *rebilly.Client) error { _, _, err := c.CustomFields.Get(ctx, "customers", "a.b"); return err }, []string{`"a.b"`}},
		{"custom field name of 61", func(c *rebilly.Client) error {
			_, _, err := c.CustomFields.Upsert(ctx, "customers", strings.Repeat("a", 61), &rebilly.CustomFieldInput{Type: rebilly.CustomFieldString})
			return err
		}, []string{"60"}},
		{"nil custom field input", func(c *rebilly.Client) error {
			_, _, err := c.CustomFields.Upsert(ctx, "customers", "a", nil)
			return err
		}, []string{"nil *CustomFieldInput"}},
		{"custom field input without a type", func(c *rebilly.Client) error {
			_, _, err := c.CustomFields.Upsert(ctx, "customers", "a", &rebilly.CustomFieldInput{Description: "x"})
			return err
		}, []string{"CustomFieldInput.Type"}},
		{"custom field NullFields naming a field with a value", func(c *rebilly.Client) error {
			_, _, err := c.CustomFields.Upsert(ctx, "customers", "a", &rebilly.CustomFieldInput{Type: "string", Description: "x", NullFields: []string{"Description"}})
			return err
		}, []string{"Description has a value"}},
		{"custom field NullFields naming a field that cannot be null", func(c *rebilly.Client) error {
			_, _, err := c.CustomFields.Upsert(ctx, "customers", "a", &rebilly.CustomFieldInput{Type: "string", NullFields: []string{"Type"}})
			return err
		}, []string{`"Type" is not a field that can be null`}},
		{"Do with an unknown method", func(c *rebilly.Client) error { _, err := c.Do(ctx, "TRACE", "/customers", nil, nil, nil); return err }, []string{`"TRACE"`}},
		{"Do with a lower-case method", func(c *rebilly.Client) error { _, err := c.Do(ctx, "get", "/customers", nil, nil, nil); return err }, []string{`"get"`}},
		{"Do with a relative path", func(c *rebilly.Client) error { _, err := c.Do(ctx, "GET", "customers", nil, nil, nil); return err }, []string{"single '/'"}},
		{"Do with an empty path", func(c *rebilly.Client) error { _, err := c.Do(ctx, "GET", "", nil, nil, nil); return err }, []string{"single '/'"}},
		{"Do with a host", func(c *rebilly.Client) error {
			_, err := c.Do(ctx, "GET", "//evil.example/x", nil, nil, nil)
			return err
		}, []string{"single '/'"}},
		{"Do with a URL", func(c *rebilly.Client) error {
			_, err := c.Do(ctx, "GET", "https://evil.example/customers", nil, nil, nil)
			return err
		}, []string{"single '/'"}},
		{"Do with ..", func(c *rebilly.Client) error {
			_, err := c.Do(ctx, "GET", "/customers/../../x", nil, nil, nil)
			return err
		}, []string{"'..'"}},
		{"Do with an escaped ..", func(c *rebilly.Client) error {
			_, err := c.Do(ctx, "GET", "/customers/%2e%2E/x", nil, nil, nil)
			return err
		}, []string{"'..'"}},
		{"Do with a trailing ..", func(c *rebilly.Client) error {
			_, err := c.Do(ctx, "DELETE", "/customers/..", nil, nil, nil)
			return err
		}, []string{"'..'"}},
		{"Do with .", func(c *rebilly.Client) error { _, err := c.Do(ctx, "GET", "/./customers", nil, nil, nil); return err }, []string{"'.'"}},
		{"Do with a query in the path", func(c *rebilly.Client) error {
			_, err := c.Do(ctx, "GET", "/customers?limit=1", nil, nil, nil)
			return err
		}, []string{"query"}},
		{"Do with a fragment", func(c *rebilly.Client) error { _, err := c.Do(ctx, "GET", "/customers#x", nil, nil, nil); return err }, []string{"fragment"}},
		{"Do with a bad escape", func(c *rebilly.Client) error { _, err := c.Do(ctx, "GET", "/customers/%zz", nil, nil, nil); return err }, []string{"%zz"}},
		{"Do with a control character", func(c *rebilly.Client) error { _, err := c.Do(ctx, "GET", "/customers/\n", nil, nil, nil); return err }, []string{"not a URL path"}},
		{"Do with out not a pointer", func(c *rebilly.Client) error {
			var out map[string]any
			_, err := c.Do(ctx, "GET", "/customers", nil, nil, out)
			return err
		}, []string{"map[string]interface {}"}},
		{"Do with a nil pointer out", func(c *rebilly.Client) error {
			var out *rebilly.Customer
			_, err := c.Do(ctx, "GET", "/customers/c1", url.Values{}, nil, out)
			return err
		}, []string{"*rebilly.Customer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newMockClient(t)
			rec := mockAll(mt, jsonResponder(200, `{}`))
			requireInvalidInput(t, tt.call(c), rec.count(), tt.mentions...)
		})
	}
}

// TestNameRulesAccept: the names the definition's patterns allow are sent.
func TestNameRulesAccept(t *testing.T) {
	ctx := context.Background()
	c, mt := newMockClient(t)
	rec := mockAll(mt, jsonResponder(200, `{}`))
	for _, name := range []string{"@~-._ +aZ9", "VIP customer", strings.Repeat("a", 255), "a\tb"} {
		_, _, err := c.Tags.Get(ctx, name)
		require.NoError(t, err, name)
	}
	for _, name := range []string{"a", "A-z_09", strings.Repeat("n", 60)} {
		_, _, err := c.CustomFields.Get(ctx, rebilly.CustomFieldResourceDepositRequests, name)
		require.NoError(t, err, name)
	}
	for _, r := range []string{"customers", "payment-instruments", "orders", "subscriptions", "transactions", "websites", "products", "plans", "gateway-accounts", "deposit-requests"} {
		_, _, err := c.CustomFields.Get(ctx, r, "a")
		require.NoError(t, err, r)
	}
	mt.RegisterResponder("POST", testBaseURL+"/tags/vip/customers", rec.wrap(jsonResponder(204, "")))
	_, err := c.Tags.TagCustomers(ctx, "vip", make1000())
	require.NoError(t, err, "1000 IDs in one request")
	got := rec.all()
	assert.Equal(t, "/tags/@~-._%20%2BaZ9", got[0].Path)
	assert.Equal(t, "/tags/VIP%20customer", got[1].Path)
	assert.Equal(t, "/tags/a%09b", got[3].Path)
	assert.Equal(t, 4+3+10+1, len(got))
}

func make1000() []string {
	out := make([]string, 1000)
	for i := range out {
		out[i] = fmt.Sprintf("cus_%04d", i)
	}
	return out
}

// TestNewOperationsNameTheRefusedArgument: refused input is an
// *InputError whose Field names the argument as the method calls it.
func TestNewOperationsNameTheRefusedArgument(t *testing.T) {
	ctx := context.Background()
	c, mt := newMockClient(t)
	rec := mockAll(mt, jsonResponder(200, `{}`))
	tests := map[string]error{
		"id":         func() error { _, _, err := c.Customers.CreditBalance(ctx, ""); return err }(),
		"customerID": func() error { _, _, err := c.CustomerTimeline.Get(ctx, "a b", "m"); return err }(),
		"messageID":  func() error { _, err := c.CustomerTimeline.Delete(ctx, "cus_1", ".."); return err }(),
		"message":    func() error { _, _, err := c.CustomerTimeline.CreateComment(ctx, "cus_1", ""); return err }(),
		"in.CustomEventType": func() error {
			_, _, err := c.CustomerTimeline.CreateCustomEvent(ctx, "cus_1", &rebilly.CustomEventInput{})
			return err
		}(),
		"params.Limit": func() error { _, _, err := c.Tags.List(ctx, &rebilly.TagListParams{Limit: -1}); return err }(),
		"params.Sort": func() error {
			_, _, err := c.CustomerTimeline.List(ctx, "cus_1", &rebilly.TimelineListParams{Sort: []string{""}})
			return err
		}(),
		"name":           func() error { _, _, err := c.Tags.Get(ctx, "a/b"); return err }(),
		"newName":        func() error { _, _, err := c.Tags.Rename(ctx, "a", ""); return err }(),
		"tag":            func() error { _, err := c.Tags.TagCustomer(ctx, "", "cus_1"); return err }(),
		"customerIDs[1]": func() error { _, err := c.Tags.UntagCustomers(ctx, "vip", []string{"cus_1", ""}); return err }(),
		"in.Type":        func() error { _, _, err := c.Tags.Create(ctx, &rebilly.TagInput{Name: "a"}); return err }(),
		"resource":       func() error { _, _, err := c.CustomFields.List(ctx, "invoices", nil); return err }(),
		"in.NullFields": func() error {
			_, _, err := c.CustomFields.Upsert(ctx, "orders", "a", &rebilly.CustomFieldInput{Type: "string", NullFields: []string{"Type"}})
			return err
		}(),
		"path": func() error { _, err := c.Do(ctx, "GET", "/../x", nil, nil, nil); return err }(),
		"out":  func() error { _, err := c.Do(ctx, "GET", "/x", nil, nil, 3); return err }(),
	}
	for field, err := range tests {
		var ie *rebilly.InputError
		if assert.ErrorAs(t, err, &ie, field) {
			assert.Equal(t, field, ie.Field)
			assert.ErrorIs(t, err, rebilly.ErrInvalidInput)
		}
	}
	assert.Zero(t, rec.count())
}
