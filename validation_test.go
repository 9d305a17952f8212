package rebilly_test

// Input checks: bad input is refused before anything is sent, with an error
// matching ErrInvalidInput that names the bad value.

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

var badIDs = []struct {
	name string
	id   string
}{
	{"empty", ""},
	{"51 characters", strings.Repeat("a", 51)},
	{"slash", "cus/1"},
	{"leading slash", "/cus_1"},
	{"question mark", "cus_1?x=1"},
	{"hash", "cus_1#frag"},
	{"percent", "cus%2F1"},
	{"space", "cus 1"},
	{"plus", "cus+1"},
	{"colon", "cus:1"},
	{"newline", "cus_1\n"},
	{"NUL", "cus\x001"},
	{"tab", "cus\t1"},
	{"DEL", "cus\x7f1"},
	{"non-ASCII letter", "cüs_1"},
	{"non-ASCII digit", "cus_١"},
	{"invalid UTF-8", "cus_\xff"},
	{"dot-dot", ".."},
	{"dot", "."},
}

// requireInvalidInput checks err and that nothing was sent.
func requireInvalidInput(t *testing.T, err error, sent int, mentions ...string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, rebilly.ErrInvalidInput)
	assert.Equal(t, 0, sent, "a request was sent")
	for _, m := range mentions {
		assert.Contains(t, err.Error(), m, "the error does not name the bad value")
	}
}

// nameOf is what an error must contain to name id.
func nameOf(id string) string {
	if id == "" {
		return "empty"
	}
	return strconv.Quote(id)
}

func TestBadIDsAreRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	ops := []struct {
		name string
		call func(c *rebilly.Client, id string) error
	}{
		{"Customers.Get", func(c *rebilly.Client, id string) error {
			_, _, err := c.Customers.Get(ctx, id, nil)
			return err
		}},
		{"Customers.Upsert", func(c *rebilly.Client, id string) error {
			_, _, err := c.Customers.Upsert(ctx, id, &rebilly.CustomerInput{})
			return err
		}},
		{"Customers.MergeDelete id", func(c *rebilly.Client, id string) error {
			_, err := c.Customers.MergeDelete(ctx, id, "cus_keep")
			return err
		}},
		{"Customers.MergeDelete target", func(c *rebilly.Client, id string) error {
			_, err := c.Customers.MergeDelete(ctx, "cus_dup", id)
			return err
		}},
		{"LeadSources.Get", func(c *rebilly.Client, id string) error {
			_, _, err := c.LeadSources.Get(ctx, id)
			return err
		}},
		{"LeadSources.Upsert", func(c *rebilly.Client, id string) error {
			_, _, err := c.LeadSources.Upsert(ctx, id, &rebilly.LeadSourceInput{})
			return err
		}},
		{"LeadSources.Delete", func(c *rebilly.Client, id string) error {
			_, err := c.LeadSources.Delete(ctx, id)
			return err
		}},
	}
	for _, op := range ops {
		for _, bad := range badIDs {
			t.Run(op.name+"/"+bad.name, func(t *testing.T) {
				c, mt := newMockClient(t)
				rec := mockAll(mt, jsonResponder(200, `{}`))
				err := op.call(c, bad.id)
				requireInvalidInput(t, err, rec.count(), nameOf(bad.id))
			})
		}
	}
}

func TestBadParamsAreRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	list := func(p *rebilly.CustomerListParams) func(*rebilly.Client) error {
		return func(c *rebilly.Client) error {
			_, _, err := c.Customers.List(ctx, p)
			return err
		}
	}
	all := func(p *rebilly.CustomerListParams) func(*rebilly.Client) error {
		return func(c *rebilly.Client) error {
			var last error
			n := 0
			for _, err := range c.Customers.All(ctx, p) {
				n++
				last = err
			}
			if n != 1 {
				t.Errorf("All yielded %d times, want the error once", n)
			}
			return last
		}
	}
	get := func(p *rebilly.CustomerGetParams) func(*rebilly.Client) error {
		return func(c *rebilly.Client) error {
			_, _, err := c.Customers.Get(ctx, "cus_1", p)
			return err
		}
	}
	tests := []struct {
		name     string
		call     func(*rebilly.Client) error
		mentions []string
	}{
		{"List limit -1", list(&rebilly.CustomerListParams{Limit: -1}), []string{"Limit", "-1"}},
		{"List limit 1001", list(&rebilly.CustomerListParams{Limit: 1001}), []string{"Limit", "1001"}},
		{"List offset -1", list(&rebilly.CustomerListParams{Offset: -1}), []string{"Offset", "-1"}},
		{"List offset 1001", list(&rebilly.CustomerListParams{Offset: 1001}), []string{"Offset", "1001"}},
		{"List sort item with comma", list(&rebilly.CustomerListParams{Sort: []string{"email", "a,b"}}), []string{"Sort", `"a,b"`}},
		{"List empty sort item", list(&rebilly.CustomerListParams{Sort: []string{""}}), []string{"Sort"}},
		{"List expand item with comma", list(&rebilly.CustomerListParams{Expand: []string{"leadSource,website"}}), []string{"Expand", `"leadSource,website"`}},
		{"List fields item with comma", list(&rebilly.CustomerListParams{Fields: []string{"id,email"}}), []string{"Fields", `"id,email"`}},
		{"Get expand item with comma", get(&rebilly.CustomerGetParams{Expand: []string{"a,b"}}), []string{"Expand", `"a,b"`}},
		{"Get fields item with comma", get(&rebilly.CustomerGetParams{Fields: []string{"id", "x,y"}}), []string{"Fields", `"x,y"`}},
		{"Get empty fields item", get(&rebilly.CustomerGetParams{Fields: []string{""}}), []string{"Fields"}},
		{"All limit 1001", all(&rebilly.CustomerListParams{Limit: 1001}), []string{"Limit", "1001"}},
		{"All offset -5", all(&rebilly.CustomerListParams{Offset: -5}), []string{"Offset", "-5"}},
		{"All sort item with comma", all(&rebilly.CustomerListParams{Sort: []string{"a,b"}}), []string{"Sort", `"a,b"`}},
		{"All fields item with comma", all(&rebilly.CustomerListParams{Fields: []string{"a,b"}}), []string{"Fields", `"a,b"`}},
		{"All malformed filter", all(&rebilly.CustomerListParams{Filter: "email"}), []string{`"email"`}},
		{"All filter with empty value", all(&rebilly.CustomerListParams{Filter: "email:a,,b"}), []string{"email:a,,b"}},
		{"MergeDelete empty target", func(c *rebilly.Client) error {
			_, err := c.Customers.MergeDelete(ctx, "cus_dup", "")
			return err
		}, []string{"target customer ID"}},
		{"MergeDelete into itself", func(c *rebilly.Client) error {
			_, err := c.Customers.MergeDelete(ctx, "cus_same", "cus_same")
			return err
		}, []string{`"cus_same"`}},
		{"Create nil input", func(c *rebilly.Client) error {
			_, _, err := c.Customers.Create(ctx, nil)
			return err
		}, []string{"nil *CustomerInput"}},
		{"Upsert nil input", func(c *rebilly.Client) error {
			_, _, err := c.Customers.Upsert(ctx, "cus_1", nil)
			return err
		}, []string{"nil *CustomerInput"}},
		{"CreateWithNewID nil input", func(c *rebilly.Client) error {
			_, _, err := c.Customers.CreateWithNewID(ctx, nil)
			return err
		}, []string{"nil *CustomerInput"}},
		{"LeadSources.Upsert nil input", func(c *rebilly.Client) error {
			_, _, err := c.LeadSources.Upsert(ctx, "cus_1", nil)
			return err
		}, []string{"nil *LeadSourceInput"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newMockClient(t)
			rec := mockAll(mt, jsonResponder(200, `[]`))
			err := tt.call(c)
			requireInvalidInput(t, err, rec.count(), tt.mentions...)
		})
	}
}

// TestParamBoundsAreAccepted: the ends of the allowed ranges reach the API.
func TestParamBoundsAreAccepted(t *testing.T) {
	for _, p := range []rebilly.CustomerListParams{
		{Limit: 0, Offset: 0}, {Limit: 1000, Offset: 1000}, {Limit: 1, Offset: 1},
	} {
		c, mt := newMockClient(t)
		rec := mockAll(mt, jsonResponder(200, `[]`))
		_, _, err := c.Customers.List(context.Background(), &p)
		require.NoError(t, err, "%+v", p)
		assert.Equal(t, 1, rec.count())
	}
}
