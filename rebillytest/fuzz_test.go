package rebillytest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"testing"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// fuzzServe sends one request for path and the raw query (sent as it is)
// straight to h's ServeHTTP (no socket, no goroutine) and returns the
// answer.
func fuzzServe(h http.Handler, method, path, rawQuery string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.URL.RawQuery = rawQuery
	req.RequestURI = req.URL.RequestURI()
	req.Header.Set("REB-APIKEY", rebillytest.DefaultAPIKey)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// fuzzCheckProblem checks that an error answer is a problem document whose
// status member is the HTTP status, with a title, and for 422 with the
// invalid fields named.
func fuzzCheckProblem(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("%d answer has Content-Type %q", w.Code, ct)
	}
	var p struct {
		Status        int    `json:"status"`
		Type          string `json:"type"`
		Title         string `json:"title"`
		InvalidFields []struct {
			Field   string `json:"field"`
			Message string `json:"message"`
		} `json:"invalidFields"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatalf("%d answer is not a problem document: %v: %s", w.Code, err, w.Body)
	}
	if p.Status != w.Code || p.Type == "" || p.Title == "" {
		t.Fatalf("%d answer: problem %+v", w.Code, p)
	}
	if w.Code == http.StatusUnprocessableEntity {
		if len(p.InvalidFields) == 0 {
			t.Fatalf("422 without invalidFields: %s", w.Body)
		}
		for _, f := range p.InvalidFields {
			if f.Field == "" || f.Message == "" {
				t.Fatalf("422 with an incomplete invalid field: %s", w.Body)
			}
		}
	}
}

// FuzzFakeListQuery sends GET /customers to the fake, seeded with its 25
// sample customers, with arbitrary filter, q, sort, fields and expand
// values: once for every match (limit=1000) and once for one page of it.
// The fake must never fail (5xx) or panic, and must treat both requests
// alike: both 200 or both 422 with a problem document. On 200, the
// customers have distinct IDs, Pagination-Total counts every match,
// Pagination-Limit and -Offset echo the request, and the page is exactly
// the slice of the full answer it asked for: the order is total, so pages
// neither overlap nor leave gaps. A raw query string, sent as is, gets 200
// or a problem document, never a failure.
func FuzzFakeListQuery(f *testing.F) {
	f.Add("primaryAddress.country:GB,US", "", "", "", "", uint8(0), uint8(5), "")
	f.Add("", "example", "-createdTime", "", "", uint8(3), uint8(4), "")
	f.Add("paymentCount:5..;lifetimeRevenue.amount:..5000", "", "primaryAddress.lastName,-id", "id,email,primaryAddress.city", "", uint8(2), uint8(10), "")
	f.Add("createdTime:2025-01-01T00:00:00Z..2025-02-01T00:00:00Z", "", "createdTime", "", "leadSource", uint8(0), uint8(7), "")
	f.Add("tags.name:!vip", "grace", "email", "", "leadSource", uint8(1), uint8(1), "")
	f.Add("customFields.plan:pro", "", "customFields.seats,-createdTime", "", "", uint8(4), uint8(3), "")
	f.Add("firstName:@myList", "", "", "", "", uint8(0), uint8(1), "")
	f.Add("nope:1", "", "nosuch", "", "everything", uint8(0), uint8(1), "limit=5&offset=2")
	f.Add("", "", "", "", "", uint8(0), uint8(1), "filter=a;b&limit=x&%zz")
	f.Fuzz(func(t *testing.T, filter, q, sort, fields, expand string, offset, limit uint8, raw string) {
		params := url.Values{}
		for name, v := range map[string]string{"filter": filter, "q": q, "sort": sort, "fields": fields, "expand": expand} {
			if v != "" {
				params.Set(name, v)
			}
		}
		off, lim := int(offset%30), 1+int(limit%30)
		params.Set("limit", "1000")
		all := fuzzServe(fuzzSample, http.MethodGet, "/customers", params.Encode(), nil)
		params.Set("limit", strconv.Itoa(lim))
		params.Set("offset", strconv.Itoa(off))
		page := fuzzServe(fuzzSample, http.MethodGet, "/customers", params.Encode(), nil)

		if all.Code != page.Code {
			t.Fatalf("%s: status %d for every match, %d for a page", params.Encode(), all.Code, page.Code)
		}
		switch all.Code {
		case http.StatusOK:
		case http.StatusUnprocessableEntity:
			fuzzCheckProblem(t, all)
			fuzzCheckProblem(t, page)
			if !bytes.Equal(all.Body.Bytes(), page.Body.Bytes()) {
				t.Fatalf("%s: the two requests were refused differently:\n%s\n%s", params.Encode(), all.Body, page.Body)
			}
			return
		default:
			t.Fatalf("%s: status %d: %s", params.Encode(), all.Code, all.Body)
		}

		allIDs := fuzzIDs(t, all, 0, 1000)
		pageIDs := fuzzIDs(t, page, off, lim)
		if total := all.Header().Get("Pagination-Total"); total != strconv.Itoa(len(allIDs)) || page.Header().Get("Pagination-Total") != total {
			t.Fatalf("%s: Pagination-Total %q and %q for %d matches", params.Encode(), total, page.Header().Get("Pagination-Total"), len(allIDs))
		}
		want := allIDs[min(off, len(allIDs)):min(off+lim, len(allIDs))]
		if !reflect.DeepEqual(pageIDs, want) && !(len(pageIDs) == 0 && len(want) == 0) {
			t.Fatalf("%s: page %v, want %v, the slice [%d:%d] of %v", params.Encode(), pageIDs, want, off, off+lim, allIDs)
		}

		if raw != "" {
			w := fuzzServe(fuzzSample, http.MethodGet, "/customers", raw, nil)
			switch {
			case w.Code == http.StatusOK:
				fuzzIDs(t, w, -1, -1)
			case w.Code == http.StatusUnprocessableEntity:
				fuzzCheckProblem(t, w)
			default:
				t.Fatalf("raw query %q: status %d: %s", raw, w.Code, w.Body)
			}
		}
	})
}

// fuzzSample is the sample-data fake that FuzzFakeListQuery only reads,
// with the request log off.
var fuzzSample = rebillytest.NewHandler(rebillytest.WithSampleData(), rebillytest.WithRequestLogSize(0))

// fuzzIDs reads the IDs of a 200 list answer and checks its headers:
// offset and limit are echoed (when not negative), and the page holds no
// more than limit customers, each with an ID of its own.
func fuzzIDs(t *testing.T, w *httptest.ResponseRecorder, offset, limit int) []string {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("200 answer has Content-Type %q", ct)
	}
	if offset >= 0 {
		if got := w.Header().Get("Pagination-Offset"); got != strconv.Itoa(offset) {
			t.Fatalf("Pagination-Offset %q, want %d", got, offset)
		}
		if got := w.Header().Get("Pagination-Limit"); got != strconv.Itoa(limit) {
			t.Fatalf("Pagination-Limit %q, want %d", got, limit)
		}
	}
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(w.Body.Bytes(), &items); err != nil || items == nil {
		t.Fatalf("200 answer is not a JSON array of objects: %v: %s", err, w.Body)
	}
	if limit >= 0 && len(items) > limit {
		t.Fatalf("%d customers for limit %d", len(items), limit)
	}
	ids := make([]string, len(items))
	seen := map[string]bool{}
	for i, item := range items {
		if err := json.Unmarshal(item["id"], &ids[i]); err != nil || ids[i] == "" || seen[ids[i]] {
			t.Fatalf("customer %d has no ID of its own (%s): %s", i, item["id"], w.Body)
		}
		seen[ids[i]] = true
		if _, err := codec.Marshal(item); err != nil {
			t.Fatalf("customer %d: %v", i, err)
		}
	}
	var page []*rebilly.Customer
	if err := codec.Unmarshal(w.Body.Bytes(), &page); err != nil {
		t.Fatalf("the SDK cannot decode the page: %v: %s", err, w.Body)
	}
	return ids
}

// FuzzFakeCreateCustomer posts arbitrary bytes to POST /customers of an
// empty fake. The fake must never fail (5xx) or panic: it answers 201 or a
// 422 problem document that names the invalid fields. After 201 the
// answer decodes into a rebilly.Customer; Location names the new
// customer; GET of it gives the same document; the list holds it alone;
// and PUT of the same body to it is a 200 that changes only revision and
// updatedTime.
func FuzzFakeCreateCustomer(f *testing.F) {
	for _, s := range []string{
		`{}`,
		`{"primaryAddress":{"firstName":"Ada","lastName":"Lovelace","country":"GB","emails":[{"label":"main","value":"ada@example.com","primary":true}],` +
			`"phoneNumbers":[{"label":"work","value":"+44 20 7946 0011"}]},"websiteId":"web_1","locale":"en-GB",` +
			`"customFields":{"plan":"pro","seats":12,"ratio":0.25,"tags":["a","b"],"meta":{"x":null}},` +
			`"taxNumbers":[{"type":"eu-vat","value":"GB123456789","isDefault":true}],"notificationEmails":["billing@example.com"],` +
			`"leadSource":{"source":"google","medium":"cpc","campaign":"spring"},"paymentToken":"tok_1","personId":"per_1"}`,
		`{"defaultPaymentInstrumentId":null,"preferredPayoutInstrumentId":"inst_1"}`,
		`{"primaryAddress":{"country":"ZZ","emails":[{"value":"not an email"}]}}`,
		`{"customFields":{"n":1e400}}`,
		`{"locale":5,"taxNumbers":"x"}`,
		`{"id":"cus_mine","email":"read-only@example.com","revision":99}`,
		`[]`,
		`not json`,
		``,
		`{"a":1}{"b":2}`,
	} {
		f.Add([]byte(s))
	}
	clock := rebillytest.NewClock(time.Date(2025, time.March, 1, 12, 0, 0, 0, time.UTC))
	f.Fuzz(func(t *testing.T, body []byte) {
		h := rebillytest.NewHandler(rebillytest.WithClock(clock), rebillytest.WithRequestLogSize(0))
		created := fuzzServe(h, http.MethodPost, "/customers", "", body)
		switch created.Code {
		case http.StatusCreated:
		case http.StatusUnprocessableEntity:
			fuzzCheckProblem(t, created)
			return
		default:
			t.Fatalf("POST %q: status %d: %s", body, created.Code, created.Body)
		}

		var c rebilly.Customer
		if err := codec.Unmarshal(created.Body.Bytes(), &c); err != nil {
			t.Fatalf("the SDK cannot decode the created customer: %v: %s", err, created.Body)
		}
		loc, err := url.Parse(created.Header().Get("Location"))
		if err != nil || c.ID == "" || loc.Path != "/customers/"+url.PathEscape(c.ID) {
			t.Fatalf("Location %q (%v) for customer %q", created.Header().Get("Location"), err, c.ID)
		}
		got := fuzzServe(h, http.MethodGet, loc.Path, "", nil)
		if got.Code != http.StatusOK || !bytes.Equal(got.Body.Bytes(), created.Body.Bytes()) {
			t.Fatalf("GET %s: %d %s\nwant 200 %s", loc.Path, got.Code, got.Body, created.Body)
		}
		list := fuzzServe(h, http.MethodGet, "/customers", "", nil)
		if ids := fuzzIDs(t, list, 0, 100); !reflect.DeepEqual(ids, []string{c.ID}) {
			t.Fatalf("the list holds %v, want just %s", ids, c.ID)
		}

		clock.Advance(time.Second)
		again := fuzzServe(h, http.MethodPut, loc.Path, "", body)
		if again.Code != http.StatusOK {
			t.Fatalf("PUT %s of the body that created it: %d %s", loc.Path, again.Code, again.Body)
		}
		var u rebilly.Customer
		if err := codec.Unmarshal(again.Body.Bytes(), &u); err != nil {
			t.Fatalf("the SDK cannot decode the upserted customer: %v: %s", err, again.Body)
		}
		if u.Revision != c.Revision+1 || !u.UpdatedTime.After(c.UpdatedTime) {
			t.Fatalf("upsert: revision %d -> %d, updatedTime %v -> %v", c.Revision, u.Revision, c.UpdatedTime, u.UpdatedTime)
		}
		u.Revision, u.UpdatedTime = c.Revision, c.UpdatedTime
		// A payment token makes a new payment instrument each time (and a
		// new link to it).
		var in rebilly.CustomerInput
		if codec.Unmarshal(body, &in) == nil && in.PaymentToken != "" &&
			c.DefaultPaymentInstrument != nil && u.DefaultPaymentInstrument != nil {
			u.DefaultPaymentInstrument, u.Links = c.DefaultPaymentInstrument, c.Links
		}
		if a, b := fuzzJSON(t, c), fuzzJSON(t, u); a != b {
			t.Fatalf("upsert of the same body changed more than revision and updatedTime:\ncreated %s\nupdated %s", a, b)
		}
	})
}

func fuzzJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := codec.Marshal(v)
	if err != nil {
		t.Fatalf("encoding %T: %v", v, err)
	}
	return string(b)
}
