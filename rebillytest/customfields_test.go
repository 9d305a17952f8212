package rebillytest_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// customField is a custom field definition as the tests read it.
type customField struct {
	Name             string                       `json:"name"`
	Type             string                       `json:"type"`
	Description      *string                      `json:"description"`
	IsEnabled        bool                         `json:"isEnabled"`
	AdditionalSchema map[string]any               `json:"additionalSchema"`
	Links            []struct{ Href, Rel string } `json:"_links"`
}

func TestCustomFieldDefinitions(t *testing.T) {
	srv := newServer(t)
	const channel = `{"type":"string","description":"How to reach them.","name":"ignored",` +
		`"additionalSchema":{"allowedValues":["email","phone"],"required":false}}`

	r := do(t, srv, http.MethodPut, "/custom-fields/customers/preferredCommunicationChannel", channel)
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	url := srv.URL + "/custom-fields/customers/preferredCommunicationChannel"
	assert.Equal(t, url, r.Header.Get("Location"))
	assert.NotEmpty(t, r.Header.Get("X-RateLimit-Remaining"))
	var f customField
	r.decode(t, &f)
	assert.Equal(t, "preferredCommunicationChannel", f.Name, "the name comes from the path")
	assert.Equal(t, "string", f.Type)
	assert.True(t, f.IsEnabled, "isEnabled defaults to true")
	require.NotNil(t, f.Description)
	assert.Equal(t, "How to reach them.", *f.Description)
	assert.Equal(t, []any{"email", "phone"}, f.AdditionalSchema["allowedValues"])
	assert.Equal(t, url, f.Links[0].Href)

	r = do(t, srv, http.MethodPut, "/custom-fields/customers/preferredCommunicationChannel",
		`{"type":"string","additionalSchema":{"allowedValues":["email","phone","post"]}}`)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	assert.Empty(t, r.Header.Get("Location"))
	assert.NotEmpty(t, r.Header.Get("X-RateLimit-Remaining"))
	f = customField{}
	r.decode(t, &f)
	assert.Nil(t, f.Description, "a PUT replaces the definition")
	assert.NotContains(t, f.AdditionalSchema, "required")

	got := do(t, srv, http.MethodGet, "/custom-fields/customers/preferredCommunicationChannel", "")
	require.Equal(t, http.StatusOK, got.Status)
	var again customField
	got.decode(t, &again)
	assert.Equal(t, f, again)
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/custom-fields/customers/none", "").problem(t).Status)
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/custom-fields/orders/preferredCommunicationChannel", "").problem(t).Status,
		"definitions are per resource")

	for _, body := range []string{`{"type":"integer","additionalSchema":{"minimum":1,"maximum":9}}`, `{"type":"boolean"}`,
		`{"type":"date"}`, `{"type":"datetime"}`, `{"type":"number","additionalSchema":{"minimum":0.5}}`,
		`{"type":"array","additionalSchema":{"allowedValues":["a","b"],"default":["a"]}}`,
		`{"type":"monetary","additionalSchema":{"required":true,"default":{"currency":"EUR","amount":25.3}}}`} {
		var d customField
		require.NoError(t, jsonUnmarshal(body, &d))
		r := do(t, srv, http.MethodPut, "/custom-fields/orders/f_"+d.Type, body)
		require.Equal(t, http.StatusCreated, r.Status, "%s: %s", body, r.Body)
	}
	list := do(t, srv, http.MethodGet, "/custom-fields/orders?limit=2&offset=1", "")
	require.Equal(t, http.StatusOK, list.Status)
	var fields []customField
	list.decode(t, &fields)
	require.Len(t, fields, 2)
	assert.Equal(t, []string{"f_boolean", "f_date"}, []string{fields[0].Name, fields[1].Name}, "in creation order")
	assert.Empty(t, list.Header.Get("Pagination-Total"), "the definition declares no pagination headers here")

	for name, tc := range map[string]struct{ path, body, field string }{
		"no type":               {"/custom-fields/customers/x", `{}`, "type"},
		"unknown type":          {"/custom-fields/customers/x", `{"type":"color"}`, "type"},
		"type changed":          {"/custom-fields/customers/preferredCommunicationChannel", `{"type":"array"}`, "type"},
		"member of another":     {"/custom-fields/customers/x", `{"type":"integer","additionalSchema":{"allowedValues":["a"]}}`, "additionalSchema.allowedValues"},
		"bad maxLength":         {"/custom-fields/customers/x", `{"type":"string","additionalSchema":{"maxLength":4001}}`, "additionalSchema.maxLength"},
		"bad pattern":           {"/custom-fields/customers/x", `{"type":"string","additionalSchema":{"pattern":"/[a-/"}}`, "additionalSchema.pattern"},
		"unknown pattern flag":  {"/custom-fields/customers/x", `{"type":"string","additionalSchema":{"pattern":"/a/x"}}`, "additionalSchema.pattern"},
		"minimum over maximum":  {"/custom-fields/customers/x", `{"type":"integer","additionalSchema":{"minimum":5,"maximum":1}}`, "additionalSchema.minimum"},
		"fractional minimum":    {"/custom-fields/customers/x", `{"type":"integer","additionalSchema":{"minimum":1.5}}`, "additionalSchema.minimum"},
		"default of wrong type": {"/custom-fields/customers/x", `{"type":"boolean","additionalSchema":{"default":"yes"}}`, "additionalSchema.default"},
		"default off the list":  {"/custom-fields/customers/x", `{"type":"string","additionalSchema":{"allowedValues":["a"],"default":"b"}}`, "additionalSchema.default"},
		"isEnabled not boolean": {"/custom-fields/customers/x", `{"type":"string","isEnabled":"yes"}`, "isEnabled"},
		"unknown resource":      {"/custom-fields/invoices/x", `{"type":"string"}`, "resource"},
		"name off pattern":      {"/custom-fields/customers/a.b", `{"type":"string"}`, "name"},
		"name too long":         {"/custom-fields/customers/" + longText(61), `{"type":"string"}`, "name"},
	} {
		t.Run(name, func(t *testing.T) {
			p := do(t, srv, http.MethodPut, tc.path, tc.body).problem(t)
			assert.Equal(t, http.StatusUnprocessableEntity, p.Status)
			assert.Equal(t, []string{tc.field}, p.fields())
		})
	}
	assert.Equal(t, []string{"resource"}, do(t, srv, http.MethodGet, "/custom-fields/invoices", "").problem(t).fields())
	assert.Equal(t, http.StatusCreated, do(t, srv, http.MethodPut, "/custom-fields/customers/"+longText(60), `{"type":"string"}`).Status)
}

// Altering a field whose values are in use is a 409; its description
// and isEnabled may change.
func TestCustomFieldInUse(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomFields("customers",
		rebillytest.CustomFieldDefinition{Name: "plan", Type: "string", AllowedValues: []string{"gold", "silver"}}))
	assert.Equal(t, http.StatusOK, do(t, srv, http.MethodPut, "/custom-fields/customers/plan",
		`{"type":"string","additionalSchema":{"allowedValues":["gold","silver","bronze"]}}`).Status, "not in use yet")
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPut, "/customers/cus_1", `{"customFields":{"plan":"gold"}}`).Status)

	r := do(t, srv, http.MethodPut, "/custom-fields/customers/plan", `{"type":"string","additionalSchema":{"allowedValues":["gold"]}}`)
	p := r.problem(t)
	assert.Equal(t, http.StatusConflict, p.Status)
	assert.Contains(t, p.Detail, "in use")
	assert.Equal(t, http.StatusOK, do(t, srv, http.MethodPut, "/custom-fields/customers/plan",
		`{"type":"string","description":"Plan.","isEnabled":false,"additionalSchema":{"allowedValues":["gold","silver","bronze"]}}`).Status)

	// Once no customer holds a value, it may change.
	require.Equal(t, http.StatusOK, do(t, srv, http.MethodPut, "/custom-fields/customers/plan",
		`{"type":"string","additionalSchema":{"allowedValues":["gold","silver","bronze"]}}`).Status)
	require.Equal(t, http.StatusOK, do(t, srv, http.MethodPut, "/customers/cus_1", `{}`).Status)
	assert.Equal(t, http.StatusOK, do(t, srv, http.MethodPut, "/custom-fields/customers/plan",
		`{"type":"string","additionalSchema":{"allowedValues":["gold"]}}`).Status)
}

// A customer's customFields are checked against the definitions of
// customers: each failure is a 422 naming customFields.<name>.
func TestCustomFieldValuesAreChecked(t *testing.T) {
	lo, hi := 1.0, 100.0
	fmin := 0.5
	srv := newServer(t, rebillytest.WithCustomFields("customers",
		rebillytest.CustomFieldDefinition{Name: "channel", Type: "string", AllowedValues: []string{"email", "phone"}},
		rebillytest.CustomFieldDefinition{Name: "nickname", Type: "string", MaxLength: 5},
		rebillytest.CustomFieldDefinition{Name: "code", Type: "string", Pattern: "/^[0-9]+$/"},
		rebillytest.CustomFieldDefinition{Name: "initials", Type: "string", Pattern: "^[A-Z]+$"},
		rebillytest.CustomFieldDefinition{Name: "folded", Type: "string", Pattern: "/^abc$/i"},
		rebillytest.CustomFieldDefinition{Name: "seats", Type: "integer", Minimum: &lo, Maximum: &hi},
		rebillytest.CustomFieldDefinition{Name: "ratio", Type: "number", Minimum: &fmin},
		rebillytest.CustomFieldDefinition{Name: "vip", Type: "boolean"},
		rebillytest.CustomFieldDefinition{Name: "born", Type: "date"},
		rebillytest.CustomFieldDefinition{Name: "seen", Type: "datetime"},
		rebillytest.CustomFieldDefinition{Name: "labels", Type: "array", AllowedValues: []string{"a", "b"}},
		rebillytest.CustomFieldDefinition{Name: "credit", Type: "monetary"},
		rebillytest.CustomFieldDefinition{Name: "account", Type: "string", Required: true},
		rebillytest.CustomFieldDefinition{Name: "tier", Type: "string", Default: "basic"},
		rebillytest.CustomFieldDefinition{Name: "legacy", Type: "string", Disabled: true, Required: true},
	))
	valid := `"account":"A1","channel":"email","nickname":"Ada","code":"123","initials":"AL","folded":"ABC","seats":100,` +
		`"ratio":0.5,"vip":true,"born":"1815-12-10","seen":"2026-01-05T10:00:00Z","labels":["a","b"],"credit":{"currency":"EUR","amount":25.3}`
	r := do(t, srv, http.MethodPost, "/customers", `{"customFields":{`+valid+`}}`)
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	var c rebilly.Customer
	r.decode(t, &c)
	assert.Equal(t, "basic", c.CustomFields["tier"], "a missing field with a default gets it")
	assert.NotContains(t, c.CustomFields, "legacy", "a disabled field is not required")

	for name, tc := range map[string]struct{ fields, field string }{
		"undefined name":          {`"account":"A1","color":"red"`, "color"},
		"disabled field":          {`"account":"A1","legacy":"x"`, "legacy"},
		"required one missing":    {`"channel":"email"`, "account"},
		"wrong type":              {`"account":5`, "account"},
		"outside allowedValues":   {`"account":"A1","channel":"fax"`, "channel"},
		"over maxLength":          {`"account":"A1","nickname":"Adaline"`, "nickname"},
		"off a delimited pattern": {`"account":"A1","code":"12a"`, "code"},
		"off a bare pattern":      {`"account":"A1","initials":"al"`, "initials"},
		"below minimum":           {`"account":"A1","seats":0`, "seats"},
		"above maximum":           {`"account":"A1","seats":101`, "seats"},
		"not an integer":          {`"account":"A1","seats":1.5`, "seats"},
		"over 32 bits":            {`"account":"A1","seats":4294967296`, "seats"},
		"number below minimum":    {`"account":"A1","ratio":0.25`, "ratio"},
		"not a boolean":           {`"account":"A1","vip":"yes"`, "vip"},
		"not a date":              {`"account":"A1","born":"10/12/1815"`, "born"},
		"not a date-time":         {`"account":"A1","seen":"2026-01-05"`, "seen"},
		"array value off list":    {`"account":"A1","labels":["a","c"]`, "labels"},
		"array of numbers":        {`"account":"A1","labels":[1]`, "labels"},
		"monetary without amount": {`"account":"A1","credit":{"currency":"EUR"}`, "credit"},
		"monetary bad currency":   {`"account":"A1","credit":{"currency":"euro","amount":1}`, "credit"},
	} {
		t.Run(name, func(t *testing.T) {
			for _, req := range []struct{ method, path string }{{http.MethodPost, "/customers"}, {http.MethodPut, "/customers/cus_x"}} {
				p := do(t, srv, req.method, req.path, `{"customFields":{`+tc.fields+`}}`).problem(t)
				assert.Equal(t, http.StatusUnprocessableEntity, p.Status, req.method)
				assert.Equal(t, []string{"customFields." + tc.field}, p.fields(), req.method)
			}
		})
	}
	// An upsert is checked too, and a required field cannot be dropped.
	p := do(t, srv, http.MethodPut, "/customers/"+c.ID, `{"customFields":{"channel":"email"}}`).problem(t)
	assert.Equal(t, []string{"customFields.account"}, p.fields())
	assert.Len(t, srv.Customers(), 1)
}

// An undefined name is a 422 naming customFields.<name>, also while the
// organization has no definition at all (the fake's assumption, in the
// package doc); a definition made through the API lets it in.
func TestCustomFieldValuesWithoutDefinitions(t *testing.T) {
	srv := newServer(t)
	for _, req := range []struct{ method, path string }{{http.MethodPost, "/customers"}, {http.MethodPut, "/customers/cus_x"}} {
		p := do(t, srv, req.method, req.path, `{"customFields":{"plan":"gold","anything":[1,{"x":true}]}}`).problem(t)
		assert.Equal(t, http.StatusUnprocessableEntity, p.Status, req.method)
		assert.Equal(t, []string{"customFields.anything", "customFields.plan"}, p.fields(), req.method)
	}
	assert.Empty(t, srv.Customers(), "nothing is stored")
	assert.Equal(t, []string{"customFields.plan"},
		do(t, srv, http.MethodPost, "/organizations/org_a/customers", `{"customFields":{"plan":"gold"}}`).problem(t).fields(),
		"in every organization")
	assert.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/customers", `{"customFields":{}}`).Status, "no custom fields need no definitions")

	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPut, "/custom-fields/customers/plan", `{"type":"string"}`).Status)
	assert.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/customers", `{"customFields":{"plan":"gold"}}`).Status)
	p := do(t, srv, http.MethodPost, "/customers", `{"customFields":{"plan":"gold","anything":1}}`).problem(t)
	assert.Equal(t, []string{"customFields.anything"}, p.fields())
	assert.Equal(t, []string{"customFields.plan"},
		do(t, srv, http.MethodPost, "/organizations/org_a/customers", `{"customFields":{"plan":"gold"}}`).problem(t).fields(),
		"a definition made through the API is its organization's only")
}

// WithSampleData defines the custom fields its customers carry, so that
// a sample customer can be written back as it is.
func TestSampleDataDefinesItsCustomFields(t *testing.T) {
	srv := newServer(t, rebillytest.WithSampleData())
	client := srv.Client()
	ctx := context.Background()
	for _, c := range srv.Customers() {
		_, _, err := client.Customers.Upsert(ctx, c.ID, c.Input())
		require.NoError(t, err, c.ID)
	}
	r := do(t, srv, http.MethodGet, "/custom-fields/customers", "")
	require.Equal(t, http.StatusOK, r.Status)
	var fields []customField
	r.decode(t, &fields)
	require.Len(t, fields, 2)
	assert.Equal(t, "plan", fields[0].Name)
	assert.Equal(t, "seats", fields[1].Name)
	p := do(t, srv, http.MethodPost, "/customers", `{"customFields":{"seats":0}}`).problem(t)
	assert.Equal(t, []string{"customFields.seats"}, p.fields())

	// WithCustomFields replaces a sample definition of the same name.
	srv2 := newServer(t, rebillytest.WithSampleData(), rebillytest.WithCustomFields("customers",
		rebillytest.CustomFieldDefinition{Name: "plan", Type: "string", AllowedValues: []string{"pro"}}))
	p = do(t, srv2, http.MethodPost, "/customers", `{"customFields":{"plan":"enterprise"}}`).problem(t)
	assert.Equal(t, []string{"customFields.plan"}, p.fields())
}

// WithGeneratedCustomers defines the custom fields its customers carry,
// so that a generated customer can be read, changed and written back.
func TestGeneratedCustomersDefineTheirCustomFields(t *testing.T) {
	srv := newServer(t, rebillytest.WithGeneratedCustomers(60))
	client := srv.Client()
	ctx := context.Background()
	for _, c := range srv.Customers() {
		in := c.Input()
		in.CustomFields["seats"] = 7
		got, _, err := client.Customers.Upsert(ctx, c.ID, in)
		require.NoError(t, err, c.ID)
		assert.Equal(t, len(c.CustomFields), len(got.CustomFields), c.ID)
	}
	generated := []string{"plan", "seats", "externalId", "score", "crmId", "segment", "marketingOptIn",
		"accountManager", "contractValue", "renewsOn", "notes"}
	assert.Equal(t, generated, customerFieldNames(t, srv))
	assert.Equal(t, []string{"customFields.undefined"},
		do(t, srv, http.MethodPost, "/customers", `{"customFields":{"undefined":1}}`).problem(t).fields(), "no other name")

	// With WithSampleData too, plan and seats are defined once.
	both := newServer(t, rebillytest.WithSampleData(), rebillytest.WithGeneratedCustomers(1))
	assert.Equal(t, generated, customerFieldNames(t, both))
}

// customerFieldNames lists the names of the customers custom fields.
func customerFieldNames(t *testing.T, srv *rebillytest.Server) []string {
	t.Helper()
	r := do(t, srv, http.MethodGet, "/custom-fields/customers", "")
	require.Equal(t, http.StatusOK, r.Status)
	var fields []customField
	r.decode(t, &fields)
	names := []string{}
	for _, f := range fields {
		names = append(names, f.Name)
	}
	return names
}

func TestWithCustomFieldsPanics(t *testing.T) {
	for name, tc := range map[string]struct {
		f    func()
		want string
	}{
		"unknown resource": {func() { rebillytest.WithCustomFields("invoices") }, `rebillytest: WithCustomFields("invoices"): the resource must be one of`},
		"bad name": {func() {
			rebillytest.WithCustomFields("customers", rebillytest.CustomFieldDefinition{Name: "a b", Type: "string"})
		}, `field "a b": the name must contain only`},
		"bad type": {func() {
			rebillytest.WithCustomFields("customers", rebillytest.CustomFieldDefinition{Name: "a", Type: "color"})
		}, `field "a": type: must be one of`},
		"seeded twice": {func() {
			rebillytest.NewHandler(rebillytest.WithCustomFields("customers", rebillytest.CustomFieldDefinition{Name: "a", Type: "string"}),
				rebillytest.WithCustomFields("customers", rebillytest.CustomFieldDefinition{Name: "a", Type: "date"}))
		}, `the field "a" is seeded twice`},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Contains(t, panicMessage(t, tc.f), tc.want)
		})
	}
}

// Seeded definitions are in every organization; those made through the
// API only in their own.
func TestCustomFieldsPerOrganization(t *testing.T) {
	srv := newServer(t, rebillytest.WithCustomFields("customers", rebillytest.CustomFieldDefinition{Name: "plan", Type: "string"}))
	require.Equal(t, http.StatusCreated, do(t, srv, http.MethodPut, "/organizations/org_a/custom-fields/customers/seats", `{"type":"integer"}`).Status)
	assert.Equal(t, http.StatusOK, do(t, srv, http.MethodGet, "/organizations/org_b/custom-fields/customers/plan", "").Status)
	assert.Equal(t, http.StatusNotFound, do(t, srv, http.MethodGet, "/organizations/org_b/custom-fields/customers/seats", "").problem(t).Status)
	assert.Equal(t, http.StatusCreated, do(t, srv, http.MethodPost, "/organizations/org_a/customers", `{"customFields":{"seats":3}}`).Status)
	assert.Equal(t, []string{"customFields.seats"},
		do(t, srv, http.MethodPost, "/organizations/org_b/customers", `{"customFields":{"seats":3}}`).problem(t).fields())
}

func jsonUnmarshal(s string, v any) error { return codec.Unmarshal([]byte(s), v) }
