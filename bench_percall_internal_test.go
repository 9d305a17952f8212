package rebilly

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// memTransport answers every request with the same answer, at once and
// without a network, so that a benchmark through it measures the work of
// the client above it and nothing else.
type memTransport struct {
	header http.Header
	body   []byte
}

func (m *memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: m.header, Body: io.NopCloser(bytes.NewReader(m.body)), ContentLength: int64(len(m.body)), Request: req}, nil
}

// minimalCustomerJSON is a customer with its required members only, as
// the API answers it (431 bytes).
const minimalCustomerJSON = `{"id":"cus_minimal00000001","websiteId":"web_1","createdTime":"2024-05-01T10:00:00Z",` +
	`"updatedTime":"2024-05-01T10:00:00Z","customFields":{"crmId":"crm-1"},"paymentCount":0,"invoiceCount":0,` +
	`"revision":1,"hasFulfilledKyc":false,"organizationId":"org_1","locale":"en-US","_links":[` +
	`{"href":"https://api.test/customers/cus_minimal00000001","rel":"self"},{"href":"https://api.test/websites/web_1","rel":"website"}]}`

// BenchmarkPerCallWork is a Get of a minimal customer with no network and
// no server under the client (memTransport): the time and allocations of
// the client's own work per call, which a loopback benchmark
// (BenchmarkGetMinimal) shows only beside the round trip and its noise.
//
//   - impl=floor is net/http's Client and the SDK's decoding, nothing else:
//     a request built with http.NewRequestWithContext, the same headers,
//     Do, and codec.Decode into a Customer.
//   - impl=sdk is Customers.Get on the SDK's own HTTP client, its
//     transport's timeout in place.
//   - impl=sdk-notimeout is the same without the per-attempt timeout, as
//     when the caller's context ends first or with WithHTTPClient.
func BenchmarkPerCallWork(b *testing.B) {
	answer := &memTransport{
		header: http.Header{"Content-Type": {"application/json"}, "Content-Length": {"431"}},
		body:   []byte(minimalCustomerJSON),
	}
	ctx := context.Background()
	const base = "https://api.test"
	sdk := func(b *testing.B, timeout bool) *Client {
		c, err := NewClient(WithAPIKey("the-key"), WithBaseURL(base))
		if err != nil {
			b.Fatal(err)
		}
		t := c.httpClient.Transport.(*sdkTransport)
		t.next = answer
		if !timeout {
			c.attemptTimers = nil
		}
		return c
	}
	run := func(b *testing.B, get func() (*Customer, error)) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			c, err := get()
			if err != nil || c.ID != "cus_minimal00000001" {
				b.Fatalf("got %v, %v", c, err)
			}
		}
	}
	b.Run("impl=floor", func(b *testing.B) {
		hc := &http.Client{Transport: answer}
		run(b, func() (*Customer, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/customers/cus_minimal00000001", nil)
			if err != nil {
				return nil, err
			}
			req.Header.Set("REB-APIKEY", "the-key")
			req.Header.Set("Accept", "application/json")
			req.Header.Set("User-Agent", "hand-written/1.0")
			resp, err := hc.Do(req)
			if err != nil {
				return nil, err
			}
			defer resp.Body.Close()
			var c Customer
			return &c, codec.Decode(resp.Body, resp.ContentLength, &c)
		})
	})
	for _, v := range []struct {
		name    string
		timeout bool
	}{{"sdk", true}, {"sdk-notimeout", false}} {
		b.Run("impl="+v.name, func(b *testing.B) {
			c := sdk(b, v.timeout)
			run(b, func() (*Customer, error) {
				cu, _, err := c.Customers.Get(ctx, "cus_minimal00000001", nil)
				return cu, err
			})
		})
	}
}
