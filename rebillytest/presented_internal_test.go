package rebillytest

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
)

// TestCachedAnswersMatchEncoding: list pages and gets, answered from the
// records' cached JSON, are byte for byte what encoding the customers
// afresh gives (a page as one encoded array, as the fake made it before
// the cache), before and after each kind of write, under two base URLs.
// Expanded pages, which are encoded afresh, still match the one array.
func TestCachedAnswersMatchEncoding(t *testing.T) {
	srv := NewServer(
		WithGeneratedCustomers(40),
		WithCustomers(&rebilly.Customer{ID: "cus_plain"}, &rebilly.Customer{ID: "cus_other"}),
		WithLeadSource(GeneratedID(3), &rebilly.LeadSourceInput{Source: "ads", Campaign: "spring"}),
		WithPaymentInstruments(PaymentInstrument{ID: "inst_known", Method: "ach"}),
		WithCustomFields("customers", CustomFieldDefinition{Name: "tier", Type: "string"}),
		WithRequestLogSize(0),
	)
	defer srv.Close()
	send := func(method, path, body string) []byte {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("REB-APIKEY", DefaultAPIKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode >= 300 {
			t.Fatalf("%s %s: status %d, %v: %s", method, path, resp.StatusCode, err, got)
		}
		return got
	}
	// check asks for every customer, as a page and one by one, twice (the
	// first answer may fill the cache, the second is read from it), and
	// compares each answer with a fresh encoding.
	check := func(step string) {
		t.Helper()
		// The bare paths last, as the writes below use them: a write must
		// not leave behind the answer cached for its base.
		for _, prefix := range []string{"/organizations/" + DefaultOrganizationID, ""} {
			base := srv.URL + prefix
			srv.mu.RLock()
			recs := srv.storeFor(DefaultOrganizationID).ordered
			wantPage := slowPage(t, recs, base, nil)
			expandAll := &shape{expand: expandLeadSource | expandWebsite | expandPaymentInstrument}
			wantExpanded := slowPage(t, recs, base, expandAll)
			wantOne := make(map[string][]byte, len(recs))
			for _, rec := range recs {
				if rec.storedJSON == nil {
					t.Fatalf("after %s: customer %s has no cached JSON: answers would not come from the cache", step, rec.c.ID)
				}
				body, err := encodeCustomer(rec, base, nil)
				if err != nil {
					t.Fatal(err)
				}
				wantOne[rec.c.ID] = body
			}
			srv.mu.RUnlock()
			for range 2 {
				if got := send(http.MethodGet, prefix+"/customers?sort=createdTime&limit=1000", ""); !bytes.Equal(got, wantPage) {
					t.Fatalf("after %s, under %q: the page differs from a fresh encoding:\n got %.300s\nwant %.300s", step, base, got, wantPage)
				}
				if got := send(http.MethodGet, prefix+"/customers?sort=createdTime&limit=1000&expand=leadSource,website,defaultPaymentInstrument", ""); !bytes.Equal(got, wantExpanded) {
					t.Fatalf("after %s, under %q: the expanded page differs from a fresh encoding:\n got %.300s\nwant %.300s", step, base, got, wantExpanded)
				}
				for id, want := range wantOne {
					if got := send(http.MethodGet, prefix+"/customers/"+id, ""); !bytes.Equal(got, want) {
						t.Fatalf("after %s, under %q: GET %s differs from a fresh encoding:\n got %s\nwant %s", step, base, id, got, want)
					}
				}
			}
		}
	}

	// written sends a write answered with a customer, and compares the
	// answer with a fresh encoding.
	written := func(method, path, body string) {
		t.Helper()
		got := send(method, path, body)
		var c struct{ ID string }
		if err := codec.Unmarshal(got, &c); err != nil {
			t.Fatal(err)
		}
		srv.mu.RLock()
		want, err := encodeCustomer(srv.storeFor(DefaultOrganizationID).byID[c.ID], srv.URL, nil)
		srv.mu.RUnlock()
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s %s answered\n%s\nnot a fresh encoding (%v)\n%s", method, path, got, err, want)
		}
	}

	check("seeding")
	written(http.MethodPost, "/customers", `{"primaryAddress":{"firstName":"Ann","lastName":"Lee","emails":[{"label":"main","value":"ann@example.com","primary":true}]}}`)
	check("a create")
	written(http.MethodPut, "/customers/cus_new", `{"websiteId":"web_1","leadSource":{"source":"mail"}}`)
	check("an upsert that creates")
	written(http.MethodPut, "/customers/cus_plain", `{"primaryAddress":{"firstName":"Bo","lastName":"Ng"},"customFields":{"tier":"gold"}}`)
	check("an upsert that replaces")
	written(http.MethodPut, "/customers/cus_other", `{"defaultPaymentInstrumentId":"inst_known"}`)
	check("an upsert that sets a payment instrument")
	written(http.MethodPut, "/customers/cus_other", `{"paymentToken":"tok_1"}`)
	check("an upsert with a payment token")
	send(http.MethodPut, "/customers/cus_plain/lead-source", `{"source":"partner"}`)
	check("a lead source set")
	send(http.MethodPut, "/customers/cus_plain/lead-source", `{"source":"partner","medium":"email"}`)
	check("a lead source replaced")
	send(http.MethodDelete, "/customers/"+GeneratedID(3)+"/lead-source", "")
	check("a lead source deleted")
	send(http.MethodDelete, "/customers/"+GeneratedID(5)+"?targetCustomerId=cus_plain", "")
	check("a merge")
}

// slowPage encodes a page as the fake did before answers were cached: the
// presented customers as one array.
func slowPage(t testing.TB, recs []*record, base string, sh *shape) []byte {
	t.Helper()
	out := make([]*rebilly.Customer, len(recs))
	for i, rec := range recs {
		c, err := presentCustomer(rec, base, sh)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = c
	}
	body, err := codec.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// BenchmarkEncodePage measures the server's work for one page of 100
// generated customers: path=cached is what the fake does now, path=fresh
// encodes the presented customers as one array, as it did before the
// cache. It runs only with -bench:
//
//	go test -run '^$' -bench EncodePage -benchmem -count 5 ./rebillytest/
func BenchmarkEncodePage(b *testing.B) {
	h := NewHandler(WithGeneratedCustomers(100), WithRequestLogSize(0))
	page := h.storeFor(DefaultOrganizationID).ordered
	const base = "http://127.0.0.1:8080"
	b.Run("path=cached", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := encodePage(page, base, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("path=fresh", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			slowPage(b, page, base, nil)
		}
	})
}
