package rebilly

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// TagsService calls the API's tag operations: the tags that segment
// customers (and KYC documents and AML checks), and tagging customers with
// them. Customer.Tags is read-only: these calls are the only way to change
// it. Get it from Client.Tags.
type TagsService struct {
	client *Client
}

// TagType is the kind of entity a tag can be put on; the API refuses a tag
// of one type on an entity of another.
type TagType string

// The tag types the API knows.
const (
	TagTypeCustomer    TagType = "customer"
	TagTypeKYCDocument TagType = "kyc-document"
	TagTypeAMLCheck    TagType = "aml-check"
)

// TagInput is a tag to create.
type TagInput struct {
	// Name is the tag's name: unique, ignoring case; letters, digits,
	// whitespace and _ @ ~ - . + only, at most 255 characters.
	Name string `json:"name"`
	// Type is the kind of entity the tag can be put on.
	Type TagType `json:"type"`
}

// TagListParams selects and shapes the tags List and All return. Zero
// values are left out of the request.
type TagListParams struct {
	// Limit is the page size, 0 to 1000; the API's default is 100.
	Limit int `url:"limit,omitempty"`
	// Offset is the position of the first tag to return, 0 to 1000.
	Offset int `url:"offset,omitempty"`
	// Filter selects tags with the API's filter language, as in
	// "type:customer" for the tags customers can carry.
	Filter string `url:"filter,omitempty"`
	// Q matches tags whose name contains it.
	Q string `url:"q,omitempty"`
	// Sort lists fields to sort by, a leading '-' meaning descending.
	Sort []string `url:"sort,omitempty,comma"`
}

func (p *TagListParams) check() error { return checkPageAndSort(p.Limit, p.Offset, p.Sort) }

// MaxBulkTagIDs is the most customer IDs the API takes in one bulk tag or
// untag request; TagCustomers and UntagCustomers send more in chunks of
// this size.
const MaxBulkTagIDs = 1000

// List returns one page of tags, of every type unless params.Filter
// selects one.
func (s *TagsService) List(ctx context.Context, params *TagListParams) ([]*Tag, *Response, error) {
	q, err := encodeOptionalQuery(params)
	if err != nil {
		return nil, nil, err
	}
	return listFor[Tag](ctx, s.client, "/tags", q)
}

// All walks every tag params selects, a page at a time, by offset (see
// CustomerTimelineService.All for what that means while tags are created or
// deleted). A walk that would need a page starting past MaxOffset yields an
// error matching ErrPaginationLimit.
func (s *TagsService) All(ctx context.Context, params *TagListParams) iter.Seq2[*Tag, error] {
	p := TagListParams{}
	if params != nil {
		p = *params
	}
	fetch := func(ctx context.Context, page pageParams) ([]*Tag, *Response, error) {
		p.Limit, p.Offset = page.Limit, page.Offset
		return s.List(ctx, &p)
	}
	return offsetWalk(ctx, pageParams{p.Limit, p.Offset}, fetch, func(t *Tag) string { return t.ID })
}

// Get returns the tag with the given name (names ignore case).
func (s *TagsService) Get(ctx context.Context, name string) (*Tag, *Response, error) {
	path, err := tagPath("name", name)
	if err != nil {
		return nil, nil, err
	}
	return callFor[Tag](ctx, s.client, http.MethodGet, path, "", nil, declare(http.StatusOK))
}

// Create creates a tag. A tag whose name exists already, ignoring case, is
// refused with a 409 (ErrConflict). The API does not create tags when
// tagging: create a tag before you tag customers with it.
//
// Create is not retried after a server error or a lost connection: if the
// API created the tag, the retry would get a 409.
func (s *TagsService) Create(ctx context.Context, in *TagInput) (*Tag, *Response, error) {
	if in == nil {
		return nil, nil, inputError("in", fmt.Errorf("%w: nil *TagInput", ErrInvalidInput))
	}
	if err := checkTagName("TagInput.Name", in.Name); err != nil {
		return nil, nil, inputError("in.Name", err)
	}
	if in.Type == "" {
		return nil, nil, inputError("in.Type", fmt.Errorf("%w: empty TagInput.Type", ErrInvalidInput))
	}
	return callFor[Tag](ctx, s.client, http.MethodPost, "/tags", "", in, declare(http.StatusCreated))
}

// Rename gives the tag name the name newName; its URL changes with it.
// The customers it is on keep it.
//
// Rename is not retried after a server error or a lost connection: if the
// API renamed the tag, the retry would not find it (404).
func (s *TagsService) Rename(ctx context.Context, name, newName string) (*Tag, *Response, error) {
	path, err := tagPath("name", name)
	if err != nil {
		return nil, nil, err
	}
	if err := checkTagName("new tag name", newName); err != nil {
		return nil, nil, inputError("newName", err)
	}
	return callFor[Tag](ctx, s.client, http.MethodPatch, path, "", &nameBody{Name: newName}, declare(http.StatusOK))
}

// nameBody is a request body of a name alone: a tag's new name, a custom
// event type's name.
type nameBody struct {
	Name string `json:"name"`
}

// Delete deletes the tag and takes it off every entity that carries it.
// The API does this asynchronously: the tag may still show on customers
// for a while after Delete returns.
func (s *TagsService) Delete(ctx context.Context, name string) (*Response, error) {
	path, err := tagPath("name", name)
	if err != nil {
		return nil, err
	}
	return s.client.do(ctx, http.MethodDelete, path, "", nil, nil, declare(http.StatusNoContent))
}

// TagCustomer puts the tag on the customer. A tag or customer that does
// not exist gives an error matching ErrNotFound (the API does not say
// which); a tag of another type than TagTypeCustomer is refused.
//
// TagCustomer is retried like a PUT after a server error or a lost
// connection, though it is a POST: tagging a customer twice leaves it
// tagged once.
func (s *TagsService) TagCustomer(ctx context.Context, tag, customerID string) (*Response, error) {
	path, err := tagCustomerPath(tag, customerID)
	if err != nil {
		return nil, err
	}
	return s.client.do(retrySafe(ctx), http.MethodPost, path, "", nil, nil, declare(http.StatusNoContent))
}

// UntagCustomer takes the tag off the customer.
func (s *TagsService) UntagCustomer(ctx context.Context, tag, customerID string) (*Response, error) {
	path, err := tagCustomerPath(tag, customerID)
	if err != nil {
		return nil, err
	}
	return s.client.do(ctx, http.MethodDelete, path, "", nil, nil, declare(http.StatusNoContent))
}

// TagCustomers puts the tag on every customer of customerIDs.
//
// The API applies it asynchronously: its answer (204) says the tagging is
// scheduled, not done, and it offers no way to learn when it is. What you
// can rely on once TagCustomers returns nil: the API accepted every ID for
// tagging. What you cannot: that Customers.Get or the customer's Tags show
// the tag yet. Customers that carry the tag already are left as they are,
// so repeating the call is harmless (it is retried like a PUT). To know a
// customer is tagged now, use TagCustomer, which is not asynchronous.
//
// The API takes 1 to MaxBulkTagIDs IDs a request; more are sent in chunks
// of MaxBulkTagIDs, one after the other. When a chunk fails, TagCustomers
// stops and its error says which IDs were sent; it wraps the API's error,
// so errors.Is and errors.As see it.
func (s *TagsService) TagCustomers(ctx context.Context, tag string, customerIDs []string) (*Response, error) {
	return s.bulk(ctx, http.MethodPost, tag, customerIDs)
}

// UntagCustomers takes the tag off every customer of customerIDs. It is
// asynchronous and sent in chunks as TagCustomers is; customers that do
// not carry the tag are left as they are. The request is a DELETE with a
// JSON body.
func (s *TagsService) UntagCustomers(ctx context.Context, tag string, customerIDs []string) (*Response, error) {
	return s.bulk(ctx, http.MethodDelete, tag, customerIDs)
}

type bulkTagBody struct {
	CustomerIDs []string `json:"customerIds"`
}

// bulk sends the bulk (un)tagging of customerIDs in chunks.
func (s *TagsService) bulk(ctx context.Context, method, tag string, customerIDs []string) (*Response, error) {
	path, err := tagPath("tag", tag)
	if err != nil {
		return nil, err
	}
	path += "/customers"
	if len(customerIDs) == 0 {
		return nil, inputError("customerIDs", fmt.Errorf("%w: no customer IDs", ErrInvalidInput))
	}
	for i, id := range customerIDs {
		if err := checkID(fmt.Sprintf("customer ID [%d]", i), id); err != nil {
			return nil, inputError(fmt.Sprintf("customerIDs[%d]", i), err)
		}
	}
	var resp *Response
	for start := 0; start < len(customerIDs); start += MaxBulkTagIDs {
		end := min(start+MaxBulkTagIDs, len(customerIDs))
		resp, err = s.client.do(retrySafe(ctx), method, path, "", &bulkTagBody{CustomerIDs: customerIDs[start:end]}, nil, declare(http.StatusNoContent))
		if err != nil {
			if len(customerIDs) <= MaxBulkTagIDs {
				return resp, err
			}
			return resp, fmt.Errorf("rebilly: customer IDs [%d:%d] of %d (those before were sent): %w", start, end, len(customerIDs), err)
		}
	}
	return resp, nil
}

// tagNamePattern is the API's rule for tag names.
var tagNamePattern = regexp.MustCompile(`^[@~\-.\w\s+]+$`)

func checkTagName(what, name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%w: empty %s", ErrInvalidInput, what)
	case utf8.RuneCountInString(name) > maxNameLength:
		return fmt.Errorf("%w: %s is longer than %d characters", ErrInvalidInput, what, maxNameLength)
	case name == "." || name == "..":
		return fmt.Errorf("%w: %s %q is a path segment of its own", ErrInvalidInput, what, name)
	case !tagNamePattern.MatchString(name):
		return fmt.Errorf("%w: %s %q: letters, digits, whitespace and _ @ ~ - . + only", ErrInvalidInput, what, name)
	}
	return nil
}

// tagPath is the path of the tag name, the method's argument field (its
// error is that field's InputError). A '+' is escaped too (as %2B), which
// url.PathEscape leaves: a server that reads it as a space would find
// another tag.
func tagPath(field, name string) (string, error) {
	if err := checkTagName("tag name", name); err != nil {
		return "", inputError(field, err)
	}
	return "/tags/" + strings.ReplaceAll(url.PathEscape(name), "+", "%2B"), nil
}

func tagCustomerPath(tag, customerID string) (string, error) {
	path, err := tagPath("tag", tag)
	if err != nil {
		return "", err
	}
	escaped, err := escapeID("customer ID", customerID)
	if err != nil {
		return "", inputError("customerID", err)
	}
	return path + "/customers/" + escaped, nil
}
