package rebillytest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
)

// TestReadsRunConcurrently: while a read holds the store, another read is
// answered, and a write waits until the read is done.
func TestReadsRunConcurrently(t *testing.T) {
	srv := NewServer(WithCustomers(&rebilly.Customer{ID: "cus_1"}))
	defer srv.Close()
	send := func(method, path, body string) <-chan int {
		out := make(chan int, 1)
		go func() {
			req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
			if err != nil {
				out <- -1
				return
			}
			req.Header.Set("REB-APIKEY", DefaultAPIKey)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				out <- -1
				return
			}
			resp.Body.Close()
			out <- resp.StatusCode
		}()
		return out
	}

	srv.mu.RLock() // a read in progress
	for _, path := range []string{"/customers/cus_1", "/customers?limit=1", "/customers/cus_1/lead-source"} {
		select {
		case status := <-send(http.MethodGet, path, ""):
			if status != http.StatusOK && status != http.StatusNotFound {
				t.Errorf("GET %s: status %d", path, status)
			}
		case <-time.After(10 * time.Second):
			srv.mu.RUnlock()
			t.Fatalf("GET %s waited for another read", path)
		}
	}
	write := send(http.MethodPut, "/customers/cus_2", `{}`)
	select {
	case status := <-write:
		srv.mu.RUnlock()
		t.Fatalf("a write was answered (%d) while a read held the store", status)
	case <-time.After(100 * time.Millisecond):
	}
	srv.mu.RUnlock()
	if status := <-write; status != http.StatusCreated {
		t.Fatalf("the write, once the read ended: status %d", status)
	}
}
