package rebilly

import (
	"context"
	"net/http"
)

// LeadSourceService calls the API's lead-source operations: where a
// customer came from (campaign, medium, affiliate and so on). Get it from
// Client.LeadSources.
type LeadSourceService struct {
	client *Client
}

// Get returns the lead source of the customer. A customer without one, or
// one that does not exist, gives an error matching ErrNotFound.
func (s *LeadSourceService) Get(ctx context.Context, customerID string) (*LeadSource, *Response, error) {
	path, err := leadSourcePath(customerID)
	if err != nil {
		return nil, nil, inputError("customerID", err)
	}
	return callFor[LeadSource](ctx, s.client, http.MethodGet, path, "", nil, declare(http.StatusOK))
}

// Upsert sets the customer's lead source, replacing the one it had. The
// API keeps the first lead source ever set in LeadSource.Original.
func (s *LeadSourceService) Upsert(ctx context.Context, customerID string, in *LeadSourceInput) (*LeadSource, *Response, error) {
	path, err := leadSourcePath(customerID)
	if err != nil {
		return nil, nil, inputError("customerID", err)
	}
	body, err := in.body()
	if err != nil {
		return nil, nil, err
	}
	return callFor[LeadSource](ctx, s.client, http.MethodPut, path, "", body, declare(http.StatusCreated))
}

// Delete removes the customer's lead source.
func (s *LeadSourceService) Delete(ctx context.Context, customerID string) (*Response, error) {
	path, err := leadSourcePath(customerID)
	if err != nil {
		return nil, inputError("customerID", err)
	}
	return s.client.do(ctx, http.MethodDelete, path, "", nil, nil, declare(http.StatusNoContent))
}

func leadSourcePath(customerID string) (string, error) {
	path, err := customerPath(customerID)
	if err != nil {
		return "", err
	}
	return path + "/lead-source", nil
}
