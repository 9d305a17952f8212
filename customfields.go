package rebilly

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// CustomFieldsService calls the API's custom field operations: the
// DEFINITIONS of the custom fields a kind of resource carries (name, type,
// constraints). The API checks the values a customer carries in
// Customer.CustomFields (a CustomFieldValues) against the definitions of
// CustomFieldResourceCustomers. Get it from Client.CustomFields.
//
// The API has no way to delete a definition: turn it off with IsEnabled.
type CustomFieldsService struct {
	client *Client
}

// The resources that carry custom fields, for the resource argument of the
// CustomFieldsService.
const (
	CustomFieldResourceCustomers          = "customers"
	CustomFieldResourcePaymentInstruments = "payment-instruments"
	CustomFieldResourceOrders             = "orders"
	CustomFieldResourceSubscriptions      = "subscriptions"
	CustomFieldResourceTransactions       = "transactions"
	CustomFieldResourceWebsites           = "websites"
	CustomFieldResourceProducts           = "products"
	CustomFieldResourcePlans              = "plans"
	CustomFieldResourceGatewayAccounts    = "gateway-accounts"
	CustomFieldResourceDepositRequests    = "deposit-requests"
)

var customFieldResources = []string{
	CustomFieldResourceCustomers, CustomFieldResourcePaymentInstruments, CustomFieldResourceOrders,
	CustomFieldResourceSubscriptions, CustomFieldResourceTransactions, CustomFieldResourceWebsites,
	CustomFieldResourceProducts, CustomFieldResourcePlans, CustomFieldResourceGatewayAccounts,
	CustomFieldResourceDepositRequests,
}

// CustomFieldType is the type of a custom field's values. The API may add
// types: a definition of a type the SDK does not know is kept as it came.
type CustomFieldType string

// The custom field types, with the Go value a customer's CustomFieldValues
// holds for each.
const (
	CustomFieldArray    CustomFieldType = "array"    // []any of strings
	CustomFieldBoolean  CustomFieldType = "boolean"  // bool
	CustomFieldDate     CustomFieldType = "date"     // "YYYY-MM-DD"
	CustomFieldDatetime CustomFieldType = "datetime" // an RFC 3339 string
	CustomFieldInteger  CustomFieldType = "integer"  // a json.Number, 32-bit
	CustomFieldNumber   CustomFieldType = "number"   // a json.Number
	CustomFieldString   CustomFieldType = "string"   // string
	// CustomFieldMonetary values are objects: {"currency": "EUR", "amount": 25.3}.
	CustomFieldMonetary CustomFieldType = "monetary"
)

// CustomField is the definition of a custom field, as the API returns it.
// It holds the members of every type's definition; the ones of other types
// are empty.
type CustomField struct {
	// Name is the field's name, the key of its values; set by the path.
	Name string `json:"name,omitempty"`
	// Type cannot be changed once the field exists.
	Type        CustomFieldType `json:"type"`
	Description string          `json:"description,omitempty"`
	// IsEnabled is true unless the field was turned off (true when the
	// API leaves it out, its default).
	IsEnabled bool `json:"isEnabled"`
	// AdditionalSchema constrains the field's values; nil when none.
	AdditionalSchema *CustomFieldSchema `json:"additionalSchema,omitempty"`
	Links            Links              `json:"_links,omitempty"`
}

// UnmarshalJSON decodes a definition, IsEnabled being true unless sent.
func (f *CustomField) UnmarshalJSON(data []byte) error {
	type plain CustomField
	p := plain{IsEnabled: true}
	if err := codec.Unmarshal(data, &p); err != nil {
		return err
	}
	*f = CustomField(p)
	return nil
}

// CustomFieldSchema constrains a custom field's values. Required and
// Default apply to every type; the others to the types named.
type CustomFieldSchema struct {
	// Required makes the API refuse a resource without a value.
	Required bool `json:"required,omitempty"`
	// Default is the value of a resource that has none, shaped like a
	// value of the field's type.
	Default any `json:"default,omitempty"`
	// AllowedValues lists the values allowed: "string" and "array".
	AllowedValues []string `json:"allowedValues,omitempty"`
	// MaxLength bounds a value's length: "string" (255 unless set, at most
	// 4000).
	MaxLength *int `json:"maxLength,omitempty"`
	// Pattern is a regular expression values must match: "string". The
	// API writes it with delimiters, as in "/^[0-9]+$/".
	Pattern string `json:"pattern,omitempty"`
	// Minimum and Maximum bound values: "integer" and "number".
	Minimum *float64 `json:"minimum,omitempty"`
	Maximum *float64 `json:"maximum,omitempty"`
}

// CustomFieldInput is the definition of a custom field to create or alter
// with Upsert. Its name is Upsert's argument.
type CustomFieldInput struct {
	// Type is the type of the field's values; it cannot be changed once
	// the field exists.
	Type        CustomFieldType `json:"type"`
	Description string          `json:"description,omitempty"`
	// IsEnabled turns the field off when false; nil leaves the API's
	// default (true).
	IsEnabled        *bool              `json:"isEnabled,omitempty"`
	AdditionalSchema *CustomFieldSchema `json:"additionalSchema,omitempty"`

	// NullFields names Go fields of this struct to send as JSON null:
	// Description and AdditionalSchema, the fields the API lets be null. A
	// field named here must be empty. Naming another field, or one with a
	// value, is an error matching ErrInvalidInput, before anything is sent.
	NullFields []string `json:"-"`
}

// customFieldInputNullable are the fields CustomFieldInput.NullFields may
// name.
const customFieldInputNullable = "Description,AdditionalSchema"

// body returns what Upsert sends for in, which the caller calls field
// ("in"). Its error is an *InputError naming field, its Type or its
// NullFields.
func (in *CustomFieldInput) body(field string) (any, error) {
	if in == nil {
		return nil, inputError(field, fmt.Errorf("%w: nil *CustomFieldInput", ErrInvalidInput))
	}
	if in.Type == "" {
		return nil, inputError(field+".Type", fmt.Errorf("%w: empty CustomFieldInput.Type", ErrInvalidInput))
	}
	check := checkNullFields("CustomFieldInput", in, in.NullFields, customFieldInputNullable)
	if err := nullFieldsError(nullFieldsCheck{field + ".NullFields", check}); err != nil {
		return nil, err
	}
	if len(in.NullFields) == 0 {
		return in, nil
	}
	return encodeNulls(in)
}

// List returns the definitions of the custom fields of resource (one of
// the CustomFieldResource constants). The API pages the list by
// params.Limit and params.Offset, and takes no Filter; it may send no
// Pagination headers.
func (s *CustomFieldsService) List(ctx context.Context, resource string, params *ListParams) ([]*CustomField, *Response, error) {
	path, err := customFieldsPath(resource)
	if err != nil {
		return nil, nil, err
	}
	if params != nil && params.Filter != "" {
		return nil, nil, inputError("params.Filter", fmt.Errorf("%w: the custom field list takes no Filter", ErrInvalidInput))
	}
	q, err := encodeOptionalQuery(params)
	if err != nil {
		return nil, nil, err
	}
	return listFor[CustomField](ctx, s.client, path, q)
}

// Get returns the definition of the custom field name of resource.
func (s *CustomFieldsService) Get(ctx context.Context, resource, name string) (*CustomField, *Response, error) {
	path, err := customFieldPath(resource, name)
	if err != nil {
		return nil, nil, err
	}
	return callFor[CustomField](ctx, s.client, http.MethodGet, path, "", nil, declare(http.StatusOK))
}

// Upsert creates the custom field name of resource (Response.StatusCode
// 201) or alters it (200). The API refuses to change a field's Type, and
// refuses with a 409 (ErrConflict) to alter a field whose values are in
// use. Like every PUT, it is retried after a server error or a lost
// connection.
func (s *CustomFieldsService) Upsert(ctx context.Context, resource, name string, in *CustomFieldInput) (*CustomField, *Response, error) {
	path, err := customFieldPath(resource, name)
	if err != nil {
		return nil, nil, err
	}
	body, err := in.body("in")
	if err != nil {
		return nil, nil, err
	}
	return callFor[CustomField](ctx, s.client, http.MethodPut, path, "", body, declare(http.StatusOK, http.StatusCreated))
}

// maxCustomFieldNameLength is the longest custom field name the API
// accepts.
const maxCustomFieldNameLength = 60

// customFieldNamePattern is the API's rule for custom field names.
var customFieldNamePattern = regexp.MustCompile(`^[\w-]+$`)

func customFieldsPath(resource string) (string, error) {
	if !slices.Contains(customFieldResources, resource) {
		return "", inputError("resource", fmt.Errorf("%w: resource %q has no custom fields (use a CustomFieldResource constant)", ErrInvalidInput, resource))
	}
	return "/custom-fields/" + resource, nil
}

func customFieldPath(resource, name string) (string, error) {
	path, err := customFieldsPath(resource)
	if err != nil {
		return "", err
	}
	switch {
	case name == "":
		err = fmt.Errorf("%w: empty custom field name", ErrInvalidInput)
	case len(name) > maxCustomFieldNameLength:
		err = fmt.Errorf("%w: custom field name %q is longer than %d characters", ErrInvalidInput, name, maxCustomFieldNameLength)
	case !customFieldNamePattern.MatchString(name):
		err = fmt.Errorf("%w: custom field name %q: letters, digits, _ and - only", ErrInvalidInput, name)
	}
	if err != nil {
		return "", inputError("name", err)
	}
	return path + "/" + name, nil
}
