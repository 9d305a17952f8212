package rebilly

// What a service method sends as the body of an input: the input checked
// (NullFields), without its read-only members, with the fields NullFields
// names as JSON null.
//
// This happens at send time, in the SDK, rather than in MarshalJSON methods
// on the input types: a method on CustomerInput or Contact would be
// promoted into every struct of a user's that embeds one, and encode that
// struct as the input alone. Encoding an input yourself (json.Marshal)
// therefore gives its plain fields, read-only ones included, and no nulls.

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// The Go fields of each input type that NullFields may name, comma
// separated: its writable members that the definition lets be null.
const (
	customerInputNullable = "DefaultPaymentInstrumentID,PreferredPayoutInstrumentID,PrimaryAddress,Locale,TaxNumbers,PersonID"
	contactNullable       = "FirstName,LastName,Organization,Address,Address2,City,Region,Country,PostalCode,Dob,JobTitle"
	leadSourceNullable    = "Medium,Source,Campaign,Term,Content,Affiliate,SubAffiliate,SalesAgent,ClickID,Path,Referrer"
)

// body returns what Create and Upsert send for in, which the caller calls
// field ("in"). Its error is an *InputError naming field or the NullFields
// at fault ("in.PrimaryAddress.NullFields").
func (in *CustomerInput) body(field string) (any, error) {
	if in == nil {
		return nil, inputError(field, fmt.Errorf("%w: nil *CustomerInput", ErrInvalidInput))
	}
	if err := in.checkNullFields(field); err != nil {
		return nil, err
	}
	out := *in
	out.TaxNumbers = writableTaxNumbers(in.TaxNumbers)
	if in.PrimaryAddress != nil {
		addr := in.PrimaryAddress.writable()
		out.PrimaryAddress = &addr
	}
	if len(in.NullFields) == 0 && (in.PrimaryAddress == nil || len(in.PrimaryAddress.NullFields) == 0) &&
		(in.LeadSource == nil || len(in.LeadSource.NullFields) == 0) {
		return &out, nil
	}
	return encodeNulls(&out)
}

// body returns what LeadSourceService.Upsert sends for in, which the
// caller calls field ("in"). Its error is an *InputError naming field or
// its NullFields.
func (in *LeadSourceInput) body(field string) (any, error) {
	if in == nil {
		return nil, inputError(field, fmt.Errorf("%w: nil *LeadSourceInput", ErrInvalidInput))
	}
	if err := nullFieldsError(nullFieldsCheck{field + ".NullFields", in.checkNullFields("LeadSourceInput")}); err != nil {
		return nil, err
	}
	if len(in.NullFields) == 0 {
		return in, nil
	}
	return encodeNulls(in)
}

func encodeNulls(v any) (any, error) {
	b, err := codec.MarshalNulls(v)
	if err != nil {
		return nil, fmt.Errorf("rebilly: encoding the request body: %w", err)
	}
	return json.RawMessage(b), nil
}

// checkNullFields checks the NullFields of in and of the inputs it holds;
// field is what the caller calls in.
func (in *CustomerInput) checkNullFields(field string) error {
	checks := []nullFieldsCheck{{field + ".NullFields", checkNullFields("CustomerInput", in, in.NullFields, customerInputNullable)}}
	if in.PrimaryAddress != nil {
		checks = append(checks, nullFieldsCheck{field + ".PrimaryAddress.NullFields",
			checkNullFields("CustomerInput.PrimaryAddress", in.PrimaryAddress, in.PrimaryAddress.NullFields, contactNullable)})
	}
	if in.LeadSource != nil {
		checks = append(checks, nullFieldsCheck{field + ".LeadSource.NullFields", in.LeadSource.checkNullFields("CustomerInput.LeadSource")})
	}
	return nullFieldsError(checks...)
}

// nullFieldsCheck is what checkNullFields found wrong with the NullFields
// that field names; err is nil when nothing.
type nullFieldsCheck struct {
	field string
	err   error
}

// nullFieldsError returns nil when every check passed, or else an
// *InputError naming the first NullFields at fault, whose message has
// every fault of every check.
func nullFieldsError(checks ...nullFieldsCheck) error {
	var errs []error
	field := ""
	for _, c := range checks {
		if c.err == nil {
			continue
		}
		if field == "" {
			field = c.field
		}
		errs = append(errs, c.err)
	}
	if len(errs) == 0 {
		return nil
	}
	return inputError(field, fmt.Errorf("%w: %w", ErrInvalidInput, errors.Join(errs...)))
}

func (in *LeadSourceInput) checkNullFields(where string) error {
	return checkNullFields(where, in, in.NullFields, leadSourceNullable)
}

// checkNullFields checks that each of names is one of nullable and an
// empty field of the struct v points to, which where names in the error
// (one line per fault).
func checkNullFields(where string, v any, names []string, nullableList string) error {
	if len(names) == 0 {
		return nil
	}
	nullable := strings.Split(nullableList, ",")
	s := reflect.ValueOf(v).Elem()
	var errs []error
	for _, name := range names {
		switch {
		case !slices.Contains(nullable, name):
			errs = append(errs, fmt.Errorf("%s.NullFields: %q is not a field that can be null (those are %s)", where, name, strings.ReplaceAll(nullableList, ",", ", ")))
		case !codec.IsEmpty(s.FieldByName(name)):
			errs = append(errs, fmt.Errorf("%s.NullFields: %s has a value; leave it empty to send null", where, name))
		}
	}
	return errors.Join(errs...)
}

// writable returns c without its read-only members.
func (c Contact) writable() Contact {
	c.Hash = ""
	return c
}

// writableTaxNumbers returns a copy of numbers without their read-only
// members; nil for nil.
func writableTaxNumbers(numbers []TaxNumber) []TaxNumber {
	if numbers == nil {
		return nil
	}
	out := make([]TaxNumber, len(numbers))
	for i, n := range numbers {
		n.IsValid = nil
		out[i] = n
	}
	return out
}
