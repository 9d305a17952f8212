package rebilly_test

// Decoding, checked against the API definition: for every response and
// request schema of every operation, an instance is built from the schema
// (its examples, else a valid value of each property's type and format),
// sent through the SDK, and every field must land in the Go types and come
// out again.

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
)

// extraMember is added to objects whose schema allows other members.
const extraMember = "traceId"

// instanceMaker builds example instances of schemas. With nulls set, every
// nullable property is null.
type instanceMaker struct {
	nulls bool
}

func (m instanceMaker) make(name string, ref *openapi3.SchemaRef) any {
	s := ref.Value
	if len(properties(s)) > 0 {
		return m.object(name, s)
	}
	if s.Example != nil {
		return s.Example
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	if len(s.AllOf) > 0 { // a plain value wrapped in allOf, as websiteId is
		return m.make(name, s.AllOf[0])
	}
	if len(s.AnyOf) > 0 { // a type list, as the 3.0.3 file renders the timeline tables' cells
		return m.make(name, s.AnyOf[0])
	}
	switch firstType(s) {
	case "object": // free-form
		return map[string]any{"key": name + "-value"}
	case "array":
		return []any{m.make(name, s.Items)}
	case "string":
		switch s.Format {
		case "date-time":
			return "2024-05-06T07:08:09Z"
		case "date":
			return "1980-04-01"
		case "email":
			return name + "@example.com"
		case "uri":
			return "https://www.example.com/" + name
		}
		return name + "-value"
	case "integer":
		if s.Min != nil {
			return int(*s.Min)
		}
		return 7
	case "number":
		if s.Format == "integer" {
			return 1999
		}
		return 12.5
	case "boolean":
		return true
	}
	panic(fmt.Sprintf("no instance for schema %q (%v)", name, s.Type))
}

// object builds an instance of an object schema with properties.
func (m instanceMaker) object(name string, s *openapi3.Schema) map[string]any {
	obj := make(map[string]any)
	for pname, p := range properties(s) {
		if m.nulls && nullable(p.Value) {
			obj[pname] = nil
			continue
		}
		obj[pname] = m.make(pname, p)
	}
	if allowsExtra(s) {
		obj[extraMember] = "trace-" + name
	}
	return obj
}

// properties collects the properties of s and of its allOf parts and first
// non-null oneOf branch.
func properties(s *openapi3.Schema) openapi3.Schemas {
	out := openapi3.Schemas{}
	for k, v := range s.Properties {
		out[k] = v
	}
	for _, part := range s.AllOf {
		for k, v := range properties(part.Value) {
			out[k] = v
		}
	}
	if b := nonNullBranch(s); b != nil {
		for k, v := range properties(b.Value) {
			out[k] = v
		}
	}
	return out
}

func allowsExtra(s *openapi3.Schema) bool {
	if h := s.AdditionalProperties.Has; h != nil && *h {
		return true
	}
	for _, part := range s.AllOf {
		if allowsExtra(part.Value) {
			return true
		}
	}
	return false
}

func nonNullBranch(s *openapi3.Schema) *openapi3.SchemaRef {
	for _, b := range s.OneOf {
		if !b.Value.Type.Is("null") {
			return b
		}
	}
	return nil
}

func nullable(s *openapi3.Schema) bool {
	if s.Nullable {
		return true
	}
	for _, b := range s.OneOf {
		if b.Value.Type.Is("null") {
			return true
		}
	}
	return false
}

func firstType(s *openapi3.Schema) string {
	for _, t := range s.Type.Slice() {
		if t != "null" {
			return t
		}
	}
	if b := nonNullBranch(s); b != nil {
		return firstType(b.Value)
	}
	return ""
}

// without returns v, an instance of ref, less the properties (at any depth)
// for which drop is true.
func without(v any, ref *openapi3.SchemaRef, drop func(*openapi3.Schema) bool) any {
	s := ref.Value
	switch v := v.(type) {
	case map[string]any:
		props := properties(s)
		out := make(map[string]any, len(v))
		for k, val := range v {
			p, known := props[k]
			if known && drop(p.Value) {
				continue
			}
			if known {
				val = without(val, p, drop)
			}
			out[k] = val
		}
		return out
	case []any:
		items := s.Items
		if items == nil {
			if b := nonNullBranch(s); b != nil {
				items = b.Value.Items
			}
		}
		out := make([]any, len(v))
		for i, item := range v {
			if items != nil {
				item = without(item, items, drop)
			}
			out[i] = item
		}
		return out
	}
	return v
}

func readOnly(s *openapi3.Schema) bool  { return s.ReadOnly }
func writeOnly(s *openapi3.Schema) bool { return s.WriteOnly }

// normalJSON renders v as JSON with null members removed, for comparing a
// schema instance with what the Go types encode (they leave out what is
// null or empty).
func normalJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var generic any
	require.NoError(t, json.Unmarshal(b, &generic))
	out, err := json.Marshal(dropNulls(generic))
	require.NoError(t, err)
	return string(out)
}

func dropNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, val := range v {
			if val != nil {
				out[k] = dropNulls(val)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, val := range v {
			out[i] = dropNulls(val)
		}
		return out
	}
	return v
}

// validate checks that the instance is valid for its schema, so that the
// generator makes what the API could send.
func validate(t *testing.T, ref *openapi3.SchemaRef, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var generic any
	require.NoError(t, json.Unmarshal(b, &generic))
	require.NoError(t, ref.Value.VisitJSON(generic, openapi3.MultiErrors()), "instance %s", b)
}

type specOperation struct {
	method, path string
	op           *openapi3.Operation
}

func specOperations(t *testing.T, doc *openapi3.T) []specOperation {
	t.Helper()
	var ops []specOperation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops = append(ops, specOperation{method, path, op})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].op.OperationID < ops[j].op.OperationID })
	require.Len(t, ops, 30, "the definition's operations")
	return ops
}

func sortedCodes(responses *openapi3.Responses) []string {
	var codes []string
	for code := range responses.Map() {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	return codes
}

// TestEveryResponseSchemaDecodes serves an instance of each response of each
// operation and checks the SDK's value or error carries all of it.
func TestEveryResponseSchemaDecodes(t *testing.T) {
	doc := loadOpenAPI(t)
	sentinelByStatus := map[int]error{
		401: rebilly.ErrUnauthorized, 403: rebilly.ErrForbidden, 404: rebilly.ErrNotFound,
		409: rebilly.ErrConflict, 422: rebilly.ErrValidation, 429: rebilly.ErrRateLimited,
	}
	for _, so := range specOperations(t, doc) {
		call, ok := opByOperationID(so.op.OperationID)
		if !assert.True(t, ok, "operation %s (%s %s) has no SDK call in the catalogue", so.op.OperationID, so.method, so.path) {
			continue
		}
		for _, code := range sortedCodes(so.op.Responses) {
			status, err := strconv.Atoi(code)
			require.NoError(t, err, "response code %q", code)
			resp := so.op.Responses.Value(code).Value
			var schema *openapi3.SchemaRef
			if mt := resp.Content.Get("application/json"); mt != nil {
				schema = mt.Schema
			}
			for _, nulls := range []bool{false, true} {
				name := fmt.Sprintf("%s/%s", so.op.OperationID, code)
				if nulls {
					name += "/nulls"
				}
				t.Run(name, func(t *testing.T) {
					var instance any
					body := ""
					if schema != nil {
						instance = instanceMaker{nulls: nulls}.make("body", schema)
						validate(t, schema, without(instance, schema, writeOnly))
						b, err := json.Marshal(instance)
						require.NoError(t, err)
						body = string(b)
					}
					var headerPairs []string
					for hname, h := range resp.Headers {
						headerPairs = append(headerPairs, hname, headerExample(h.Value))
					}
					c, mt := newMockClient(t, rebilly.WithMaxRetries(0))
					rec := mockAll(mt, jsonResponder(status, body, headerPairs...))

					res := call.call(context.Background(), c, opInput{})
					got, r, err := res.value, res.resp, res.err
					require.Equal(t, 1, rec.count())
					require.Equal(t, strings.ToUpper(so.method), rec.last(t).Method)
					require.NotNil(t, r, "the *Response comes with the answer")
					checkDeclaredHeaders(t, resp, r, err)

					if status >= 400 {
						assert.ErrorIs(t, err, sentinelByStatus[status])
						var e *rebilly.Error
						require.ErrorAs(t, err, &e)
						// Error.Status is the HTTP status whatever the body
						// says: PutCustomField's 409 uses the generic Error
						// schema, whose example status is 400.
						want := map[string]any{}
						for k, v := range instance.(map[string]any) {
							want[k] = v
						}
						want["status"] = status
						assert.JSONEq(t, normalJSON(t, want), normalJSON(t, problemMembers(e)))
						if allowsExtra(schema.Value) {
							assert.Contains(t, e.Extra, extraMember, "extra problem members are kept")
						}
						return
					}
					require.NoError(t, err)
					assert.Equal(t, status, r.StatusCode)
					if schema == nil {
						return
					}
					want := without(instance, schema, writeOnly)
					assert.JSONEq(t, normalJSON(t, want), normalJSON(t, got), "every field lands in the Go value")
				})
			}
		}
	}
}

// headerExample is the example value of a declared header, as sent.
func headerExample(h *openapi3.Header) string {
	ex := h.Example
	if ex == nil && h.Schema != nil {
		ex = h.Schema.Value.Example
	}
	if f, ok := ex.(float64); ok && f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	if ex == nil {
		return "x"
	}
	return fmt.Sprint(ex)
}

func problemMembers(e *rebilly.Error) map[string]any {
	m := map[string]any{"status": e.Status}
	for k, v := range map[string]string{"type": e.Type, "title": e.Title, "detail": e.Detail, "instance": e.Instance} {
		if v != "" {
			m[k] = v
		}
	}
	if e.InvalidFields != nil {
		m["invalidFields"] = e.InvalidFields
	}
	for k, raw := range e.Extra {
		m[k] = raw
	}
	return m
}

// checkDeclaredHeaders checks the parsed value of each header the response
// declares (served with its example value).
func checkDeclaredHeaders(t *testing.T, resp *openapi3.Response, r *rebilly.Response, err error) {
	t.Helper()
	example := func(name string) int {
		n, convErr := strconv.Atoi(headerExample(resp.Headers[name].Value))
		require.NoError(t, convErr)
		return n
	}
	for name := range resp.Headers {
		switch name {
		case "Pagination-Total":
			assert.Equal(t, example(name), r.Pagination.Total)
		case "Pagination-Limit":
			assert.Equal(t, example(name), r.Pagination.Limit)
		case "Pagination-Offset":
			assert.Equal(t, example(name), r.Pagination.Offset)
		case "X-RateLimit-Limit":
			assert.Equal(t, example(name), r.RateLimit.Limit)
		case "X-RateLimit-Remaining":
			assert.Equal(t, example(name), r.RateLimit.Remaining)
		case "X-RateLimit-Retry-After":
			want := time.Unix(int64(example(name)), 0)
			assert.True(t, want.Equal(r.RateLimit.Reset))
			var e *rebilly.Error
			require.ErrorAs(t, err, &e)
			assert.True(t, want.Equal(e.RetryAfter), "RetryAfter %v, want %v", e.RetryAfter, want)
		case "Location":
			assert.NotEmpty(t, r.Header.Get("Location"))
		default:
			t.Errorf("header %s is declared but not checked", name)
		}
	}
}

// TestEveryRequestSchemaEncodes decodes an instance of each request body's
// writable fields into the SDK's input type, sends it, and checks the body
// on the wire is the instance.
func TestEveryRequestSchemaEncodes(t *testing.T) {
	doc := loadOpenAPI(t)
	type sender func(ctx context.Context, c *rebilly.Client, raw []byte) error
	senders := map[string]sender{
		"PostCustomer": func(ctx context.Context, c *rebilly.Client, raw []byte) error {
			var in rebilly.CustomerInput
			require.NoError(t, json.Unmarshal(raw, &in))
			_, _, err := c.Customers.Create(ctx, &in)
			return err
		},
		"PutCustomer": func(ctx context.Context, c *rebilly.Client, raw []byte) error {
			var in rebilly.CustomerInput
			require.NoError(t, json.Unmarshal(raw, &in))
			_, _, err := c.Customers.Upsert(ctx, "cus_1", &in)
			return err
		},
		"PutCustomerLeadSource": func(ctx context.Context, c *rebilly.Client, raw []byte) error {
			var in rebilly.LeadSourceInput
			require.NoError(t, json.Unmarshal(raw, &in))
			_, _, err := c.LeadSources.Upsert(ctx, "cus_1", &in)
			return err
		},
		"PostCustomerTimeline": func(ctx context.Context, c *rebilly.Client, raw []byte) error {
			var in rebilly.CustomEventInput
			require.NoError(t, json.Unmarshal(raw, &in))
			_, _, err := c.CustomerTimeline.CreateCustomEvent(ctx, "cus_1", &in)
			return err
		},
		"PostCustomerTimelineCustomEventType": func(ctx context.Context, c *rebilly.Client, raw []byte) error {
			var in struct{ Name string }
			require.NoError(t, json.Unmarshal(raw, &in))
			_, _, err := c.CustomerTimeline.CreateCustomEventType(ctx, in.Name)
			return err
		},
		"PostTag": func(ctx context.Context, c *rebilly.Client, raw []byte) error {
			var in rebilly.TagInput
			require.NoError(t, json.Unmarshal(raw, &in))
			_, _, err := c.Tags.Create(ctx, &in)
			return err
		},
		"PatchTag": func(ctx context.Context, c *rebilly.Client, raw []byte) error {
			var in struct{ Name string }
			require.NoError(t, json.Unmarshal(raw, &in))
			_, _, err := c.Tags.Rename(ctx, "old", in.Name)
			return err
		},
		"PostTagCustomerCollection": func(ctx context.Context, c *rebilly.Client, raw []byte) error {
			var in struct{ CustomerIDs []string }
			require.NoError(t, json.Unmarshal(raw, &in))
			_, err := c.Tags.TagCustomers(ctx, "vip", in.CustomerIDs)
			return err
		},
		"DeleteTagCustomerCollection": func(ctx context.Context, c *rebilly.Client, raw []byte) error {
			var in struct{ CustomerIDs []string }
			require.NoError(t, json.Unmarshal(raw, &in))
			_, err := c.Tags.UntagCustomers(ctx, "vip", in.CustomerIDs)
			return err
		},
		"PutCustomField": func(ctx context.Context, c *rebilly.Client, raw []byte) error {
			var in rebilly.CustomFieldInput
			require.NoError(t, json.Unmarshal(raw, &in))
			_, _, err := c.CustomFields.Upsert(ctx, rebilly.CustomFieldResourceCustomers, "field", &in)
			return err
		},
	}
	// fixes make an instance one the SDK's call sends as it is.
	fixes := map[string]func(m map[string]any){
		// CreateCustomEvent is the call that sends every writable member
		// of a timeline message, and always as a custom event of a type.
		"PostCustomerTimeline": func(m map[string]any) {
			m["type"] = "custom-event"
			if m["customEventType"] == nil {
				m["customEventType"] = "loyalty-level-changed"
			}
		},
		// The 3.0.3 file's Tag.id has its readOnly beside a $ref, which
		// 3.0 tools ignore (NOTES 11.4): the ID is read-only all the same.
		"PostTag": func(m map[string]any) { delete(m, "id") },
	}
	seen := 0
	for _, so := range specOperations(t, doc) {
		if so.op.RequestBody == nil {
			continue
		}
		seen++
		send, ok := senders[so.op.OperationID]
		if !assert.True(t, ok, "operation %s has a request body but no sender in this test", so.op.OperationID) {
			continue
		}
		schema := so.op.RequestBody.Value.Content.Get("application/json").Schema
		for _, nulls := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/nulls=%v", so.op.OperationID, nulls), func(t *testing.T) {
				instance := without(instanceMaker{nulls: nulls}.make("body", schema), schema, readOnly)
				if fix := fixes[so.op.OperationID]; fix != nil {
					fix(instance.(map[string]any))
				}
				validate(t, schema, instance)
				raw, err := json.Marshal(instance)
				require.NoError(t, err)

				c, mt := newMockClient(t)
				rec := mockAll(mt, successResponder(t, so.op))
				require.NoError(t, send(context.Background(), c, raw))
				assert.JSONEq(t, normalJSON(t, instance), normalJSON(t, json.RawMessage(rec.last(t).Body)),
					"every writable field is sent as it was given")
			})
		}
	}
	assert.Equal(t, 10, seen, "operations with a request body")
}

// successResponder answers with the operation's first success status in
// the definition, with a body of {} when that answer has content.
func successResponder(t *testing.T, op *openapi3.Operation) httpmock.Responder {
	t.Helper()
	for _, code := range sortedCodes(op.Responses) {
		status, err := strconv.Atoi(code)
		if err != nil || status < 200 || status > 299 {
			continue
		}
		if op.Responses.Value(code).Value.Content.Get("application/json") == nil {
			return jsonResponder(status, "")
		}
		return jsonResponder(status, `{}`)
	}
	t.Fatalf("operation %s declares no success status", op.OperationID)
	return nil
}

// customerSchemas returns the Customer and LeadSource schemas.
func customerSchemas(t *testing.T) (customer, leadSource *openapi3.SchemaRef) {
	t.Helper()
	doc := loadOpenAPI(t)
	customer = doc.Components.Schemas["Customer"]
	leadSource = doc.Components.Schemas["LeadSource"]
	require.NotNil(t, customer)
	require.NotNil(t, leadSource)
	return customer, leadSource
}

// decodeCustomer decodes a response instance the way the SDK does.
func decodeCustomer(t *testing.T, instance any) *rebilly.Customer {
	t.Helper()
	b, err := json.Marshal(instance)
	require.NoError(t, err)
	c, mt := newMockClient(t)
	mockAll(mt, jsonResponder(200, string(b)))
	cus, _, err := c.Customers.Get(context.Background(), "cus_1", nil)
	require.NoError(t, err)
	return cus
}

func TestCustomerFieldTypes(t *testing.T) {
	customerSchema, _ := customerSchemas(t)
	instance := without(instanceMaker{}.make("body", customerSchema), customerSchema, writeOnly).(map[string]any)
	instance["customFields"] = map[string]any{"foo": "bar", "big": json.Number("12345678901234567890"), "ratio": json.Number("0.1"), "flag": true}
	instance["averageValue"] = map[string]any{"currency": "EUR", "amount": 12.75, "amountUsd": 13.9}
	instance["_embedded"] = map[string]any{"website": map[string]any{"id": "web_1", "nested": []any{1, "x"}}}
	cus := decodeCustomer(t, instance)

	require.NotNil(t, cus.AverageValue)
	assert.Equal(t, 12.75, cus.AverageValue.Amount, "money amounts are floats")
	assert.Equal(t, 13.9, cus.AverageValue.AmountUSD)
	assert.Equal(t, json.Number("12345678901234567890"), cus.CustomFields["big"], "custom-field numbers stay exact")
	assert.Equal(t, json.Number("0.1"), cus.CustomFields["ratio"])
	assert.Equal(t, true, cus.CustomFields["flag"])
	assert.JSONEq(t, `{"id":"web_1","nested":[1,"x"]}`, string(cus.Embedded["website"]), "_embedded entries stay raw")

	out, err := json.Marshal(cus)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"big":12345678901234567890`)
}

// TestCustomerInput: Input returns the writable fields a customer was
// decoded with, less the read-only ones, with the default payment
// instrument's ID, and shares nothing that the caller might change with the
// customer.
func TestCustomerInput(t *testing.T) {
	customerSchema, _ := customerSchemas(t)
	// wantInput is the writable part of a customer instance.
	wantInput := func(instance any) any {
		want := without(instance, customerSchema, readOnly).(map[string]any)
		if pi, ok := instance.(map[string]any)["defaultPaymentInstrument"].(map[string]any); ok {
			want["defaultPaymentInstrumentId"] = pi["paymentInstrumentId"]
		}
		return want
	}
	for _, nulls := range []bool{false, true} {
		instance := without(instanceMaker{nulls: nulls}.make("body", customerSchema), customerSchema, writeOnly)
		cus := decodeCustomer(t, instance)
		assert.JSONEq(t, normalJSON(t, wantInput(instance)), normalJSON(t, cus.Input()), "nulls=%v", nulls)
	}

	// Sending Input back sends exactly those fields.
	instance := without(instanceMaker{}.make("body", customerSchema), customerSchema, writeOnly)
	cus := decodeCustomer(t, instance)
	require.NotNil(t, cus.DefaultPaymentInstrument)
	c, mt := newMockClient(t)
	rec := mockAll(mt, jsonResponder(200, `{}`))
	_, _, err := c.Customers.Upsert(context.Background(), cus.ID, cus.Input())
	require.NoError(t, err)
	assert.JSONEq(t, normalJSON(t, wantInput(instance)), string(rec.last(t).Body))
	assert.Contains(t, string(rec.last(t).Body), `"defaultPaymentInstrumentId":"`+cus.DefaultPaymentInstrument.PaymentInstrumentID+`"`,
		"a read-modify-write keeps the default payment instrument")

	// Changing the input leaves the customer as it was.
	in := cus.Input()
	require.NotNil(t, in.PrimaryAddress)
	in.PrimaryAddress.FirstName = "Changed"
	require.NotEmpty(t, in.TaxNumbers)
	in.TaxNumbers[0].Value = "Changed"
	assert.NotEqual(t, "Changed", cus.PrimaryAddress.FirstName)
	assert.NotEqual(t, "Changed", cus.TaxNumbers[0].Value)
	in.CustomFields["added"] = "x"
	assert.NotContains(t, cus.CustomFields, "added")
	require.NotEmpty(t, in.NotificationEmails)
	in.NotificationEmails[0] = "changed@example.com"
	assert.NotEqual(t, "changed@example.com", cus.NotificationEmails[0])
	require.NotEmpty(t, in.PrimaryAddress.Emails)
	in.PrimaryAddress.Emails[0].Value = "changed@example.com"
	assert.NotEqual(t, "changed@example.com", cus.PrimaryAddress.Emails[0].Value)
	require.NotEmpty(t, in.PrimaryAddress.PhoneNumbers)
	in.PrimaryAddress.PhoneNumbers[0].Value = "0"
	assert.NotEqual(t, "0", cus.PrimaryAddress.PhoneNumbers[0].Value)
	assert.NotEmpty(t, cus.PrimaryAddress.Hash, "Input does not clear the customer's own hash")
}

func TestEmbeddedLeadSource(t *testing.T) {
	customerSchema, leadSourceSchema := customerSchemas(t)
	for _, nulls := range []bool{false, true} {
		ls := instanceMaker{nulls: nulls}.make("leadSource", leadSourceSchema)
		instance := without(instanceMaker{}.make("body", customerSchema), customerSchema, writeOnly).(map[string]any)
		instance["_embedded"] = map[string]any{"leadSource": ls}
		got, err := decodeCustomer(t, instance).EmbeddedLeadSource()
		require.NoError(t, err)
		require.NotNil(t, got)
		assert.JSONEq(t, normalJSON(t, ls), normalJSON(t, got), "nulls=%v", nulls)
	}

	for _, tt := range []struct {
		name     string
		embedded any
	}{
		{"no _embedded", nil},
		{"other embeds only", map[string]any{"website": map[string]any{"id": "web_1"}}},
		{"null lead source", map[string]any{"leadSource": nil}},
	} {
		instance := map[string]any{"id": "cus_1"}
		if tt.embedded != nil {
			instance["_embedded"] = tt.embedded
		}
		got, err := decodeCustomer(t, instance).EmbeddedLeadSource()
		assert.NoError(t, err, tt.name)
		assert.Nil(t, got, tt.name)
	}

	cus := decodeCustomer(t, map[string]any{"id": "cus_77", "_embedded": map[string]any{"leadSource": "not an object"}})
	got, err := cus.EmbeddedLeadSource()
	assert.Nil(t, got)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"cus_77"`)
}

// TestWriteOnlyFieldsAreNotDecodedIntoCustomer: a response carrying
// write-only fields (as Prism's examples do) still decodes.
func TestWriteOnlyFieldsAreNotDecodedIntoCustomer(t *testing.T) {
	customerSchema, _ := customerSchemas(t)
	instance := instanceMaker{}.make("body", customerSchema)
	cus := decodeCustomer(t, instance)
	assert.Equal(t, "cus_0YV7DDSDD1C8DA64KHH2W33CPF", cus.ID)
	out, err := json.Marshal(cus)
	require.NoError(t, err)
	var top map[string]any
	require.NoError(t, json.Unmarshal(out, &top))
	for _, w := range []string{"paymentToken", "defaultPaymentInstrumentId", "leadSource"} {
		assert.NotContains(t, top, w)
	}
}
