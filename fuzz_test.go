package rebilly_test

// Fuzz targets for the SDK's input handling: the filter builder, problem
// documents in error answers, the pagination and rate-limit headers, and
// decoding customers and lead sources. Run one with
//
//	go test -run '^$' -fuzz '^FuzzHeaders$' -fuzztime 30s .
//
// or all of them, one after another, with .ci/fuzz.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
	"github.com/openrebilly/rebilly-go/internal/filterlang"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

const (
	// fuzzAPIKey is recognisable, so that a leak of it shows in a message.
	fuzzAPIKey  = "sk_fuzz_RECOGNISABLE-KEY-7f3a9c"
	fuzzBaseURL = "https://api.rebilly.fuzz" // only ever reached through httpmock
)

// fuzzNow is where the fuzz targets' clock starts: a whole second, like an
// HTTP date.
var fuzzNow = time.Date(2025, time.March, 1, 12, 0, 0, 0, time.UTC)

// fuzzClient returns a client whose every request is answered by respond
// (through httpmock, so no goroutine or socket is involved), with
// maxRetries retries and a rebillytest.Clock at fuzzNow, which makes waits
// instant and counts them.
func fuzzClient(t *testing.T, maxRetries int, respond httpmock.Responder) (*rebilly.Client, *rebillytest.Clock) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(respond)
	clock := rebillytest.NewClock(fuzzNow)
	c, err := rebilly.NewClient(
		rebilly.WithAPIKey(fuzzAPIKey),
		rebilly.WithBaseURL(fuzzBaseURL),
		rebilly.WithHTTPClient(&http.Client{Transport: mt}),
		rebilly.WithMaxRetries(maxRetries),
		rebilly.WithClock(clock),
	)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, clock
}

// ---------------------------------------------------------------------------
// FuzzFilterBuilder

// FuzzFilterBuilder builds a filter with one condition from arbitrary field
// and value strings, between two fixed conditions. Either Build refuses it
// with an error that matches ErrInvalidInput and names the field, or the
// filter it returns parses into exactly the three conditions, the middle
// one with the given field and values: no value can add a condition or a
// value, or change a neighbour. Plain names and values (letters, digits,
// '_', '-' and spaces) are never refused.
func FuzzFilterBuilder(f *testing.F) {
	f.Add(uint8(0), "primaryAddress.country", "US", "CA", true)
	f.Add(uint8(1), "email", "someone@example.com", "", false)
	f.Add(uint8(2), "paymentCount", "5", "", false)
	f.Add(uint8(2), "lifetimeRevenue.amount", "1.5", "20.25", false)
	f.Add(uint8(2), "paymentCount", "", "10", false)
	f.Add(uint8(3), "customFields.tier", "vipList", "", false)
	f.Add(uint8(4), "id", "blockedIds", "", false)
	f.Add(uint8(0), "firstName", "a;b:c", "x", true)
	f.Add(uint8(0), "first name", "x", "", false)
	f.Add(uint8(1), "tags", "!x", "@y", true)
	f.Add(uint8(2), "amount", "1..2", "", false)
	f.Add(uint8(0), "createdTime", "2024-01-01T00:00:00Z", "", false)
	f.Fuzz(func(t *testing.T, op uint8, field, a, b string, two bool) {
		values := []string{a}
		if two {
			values = append(values, b)
		}
		built := rebilly.Filter{}.Equal("id", "cus_before")
		var want []filterlang.Value
		var inputs []string // the values Build must accept when plain
		switch op % 5 {
		case 0, 1:
			negated := op%5 == 1
			if negated {
				built = built.NotEqual(field, values...)
			} else {
				built = built.Equal(field, values...)
			}
			for _, v := range values {
				want = append(want, filterlang.Value{Kind: filterlang.Exact, Negated: negated, Text: v})
			}
			inputs = values
		case 2:
			built = built.Range(field, a, b)
			want = []filterlang.Value{{Kind: filterlang.Range, From: a, To: b}}
			for _, end := range []string{a, b} {
				if end != "" {
					inputs = append(inputs, end)
				}
			}
		case 3, 4:
			negated := op%5 == 4
			if negated {
				built = built.NotInList(field, a)
			} else {
				built = built.InList(field, a)
			}
			want = []filterlang.Value{{Kind: filterlang.List, Negated: negated, Text: a}}
			inputs = []string{a}
		}
		built = built.Equal("email", "after@example.com")

		s, err := built.Build()
		if err != nil {
			if !errors.Is(err, rebilly.ErrInvalidInput) {
				t.Fatalf("Build: error %q does not match ErrInvalidInput", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, fmt.Sprintf("%q", field)) && !(field == "" && strings.Contains(msg, "empty")) {
				t.Fatalf("Build: error %q does not name the field %q", err, field)
			}
			if fuzzPlainName(field) && len(inputs) > 0 && fuzzAllPlain(inputs) {
				t.Fatalf("Build refused plain field %q and values %q: %v", field, inputs, err)
			}
			if got := built.String(); got != "invalid filter: "+err.Error() {
				t.Fatalf("String() = %q, not the Build error %q", got, err)
			}
			return
		}

		conds, err := filterlang.Parse(s)
		if err != nil {
			t.Fatalf("Build() = %q, which does not parse: %v", s, err)
		}
		wantConds := []filterlang.Condition{
			{Field: "id", Values: []filterlang.Value{{Kind: filterlang.Exact, Text: "cus_before"}}},
			{Field: field, Values: want},
			{Field: "email", Values: []filterlang.Value{{Kind: filterlang.Exact, Text: "after@example.com"}}},
		}
		if !reflect.DeepEqual(conds, wantConds) {
			t.Fatalf("Build() = %q, which parses to\n %s\nnot the conditions given\n %s", s, fuzzDescribe(conds), fuzzDescribe(wantConds))
		}
		if got := built.String(); got != s {
			t.Fatalf("String() = %q, Build() = %q", got, s)
		}
	})
}

// fuzzDescribe shows conditions with every part of their values, which
// Condition.String would not tell apart.
func fuzzDescribe(conds []filterlang.Condition) string {
	kinds := map[filterlang.Kind]string{filterlang.Exact: "Exact", filterlang.List: "List", filterlang.Range: "Range"}
	parts := make([]string, len(conds))
	for i, c := range conds {
		values := make([]string, len(c.Values))
		for j, v := range c.Values {
			values[j] = fmt.Sprintf("{%s Negated:%v Text:%q From:%q To:%q}", kinds[v.Kind], v.Negated, v.Text, v.From, v.To)
		}
		parts[i] = fmt.Sprintf("%q: %s", c.Field, strings.Join(values, ", "))
	}
	return strings.Join(parts, "; ")
}

// fuzzPlainName is a field name made of letter, digit, '_' and '-'
// segments joined by single dots.
func fuzzPlainName(s string) bool {
	for _, seg := range strings.Split(s, ".") {
		if seg == "" || !fuzzPlainText(seg, false) {
			return false
		}
	}
	return true
}

func fuzzAllPlain(values []string) bool {
	for _, v := range values {
		if v == "" || !fuzzPlainText(v, true) {
			return false
		}
	}
	return true
}

// fuzzPlainText says whether s holds only ASCII letters, digits, '_', '-'
// and, when spaces is set, spaces.
func fuzzPlainText(s string, spaces bool) bool {
	for _, r := range s {
		ok := r == '_' || r == '-' || spaces && r == ' ' ||
			'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		if !ok {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------
// FuzzProblemDecode

var fuzzContentTypes = []struct {
	value string
	json  bool // whether the SDK must read the body as a problem document
}{
	{"application/json", true},
	{"application/problem+json", true},
	{"application/json; charset=utf-8", true},
	{"Application/JSON", true},
	{"text/html; charset=utf-8", false},
	{"text/plain", false},
	{"", false},
	{"application/xml", false},
}

// fuzzOps are the calls FuzzProblemDecode makes: one that decodes a 2xx
// body, a POST, and one with no 2xx body to decode.
var fuzzOps = []operation{opGet, opCreate, opLSDelete}

// FuzzProblemDecode answers a call with an arbitrary status from 300 to
// 599, a content type from fuzzContentTypes and arbitrary body bytes. The
// call must fail with a *rebilly.Error holding that status, the method and
// path, one attempt, and the response. When the body is read as a problem
// document (a JSON content type and a JSON object), every member of it is
// accounted for exactly once: decoded into its field when it has the
// field's type, or else kept raw in Extra with the field left empty
// ("status" is neither: the HTTP status wins); nothing else is in Extra,
// and Body is empty. Any other body is kept whole in Body, with no field
// set. Error() starts with method, path and status, and never holds the API
// key unless the server's own answer did.
func FuzzProblemDecode(f *testing.F) {
	f.Add(404, uint8(0), []byte(`{"type":"https://www.rebilly.com/errors/404","title":"Not Found","status":404,"detail":"No customer with ID cus_1"}`), uint8(0))
	f.Add(422, uint8(1), []byte(`{"title":"Invalid data","invalidFields":[{"field":"primaryAddress.country","message":"is not a country"}],"extra":{"a":[1,2.5e3,null]}}`), uint8(1))
	f.Add(422, uint8(0), []byte(`{"title":7,"detail":null,"invalidFields":"x","instance":"/customers/cus_1"}`), uint8(0))
	f.Add(503, uint8(4), []byte("<html><body>Service Unavailable</body></html>"), uint8(2))
	f.Add(500, uint8(2), []byte(`[1,2,3]`), uint8(0))
	f.Add(429, uint8(0), []byte(`null`), uint8(1))
	f.Add(401, uint8(0), []byte(``), uint8(0))
	f.Add(409, uint8(0), []byte(`{"a":1}{"b":2}`), uint8(2))
	f.Add(302, uint8(6), []byte("moved"), uint8(0))
	f.Add(400, uint8(3), []byte(`{"detail":"sk_fuzz_","title":"RECOGNISABLE"}`), uint8(0))
	f.Fuzz(func(t *testing.T, status int, ctIndex uint8, body []byte, opIndex uint8) {
		status = 300 + int(uint(status)%300)
		ct := fuzzContentTypes[int(ctIndex)%len(fuzzContentTypes)]
		op := fuzzOps[int(opIndex)%len(fuzzOps)]

		var sentKey string
		respond := func(req *http.Request) (*http.Response, error) {
			sentKey = req.Header.Get("REB-APIKEY")
			resp := httpmock.NewBytesResponse(status, body)
			if ct.value != "" {
				resp.Header.Set("Content-Type", ct.value)
			}
			return resp, nil
		}
		c, _ := fuzzClient(t, 0, respond)
		res := op.call(context.Background(), c, opInput{})
		resp, err := res.resp, res.err
		if sentKey != fuzzAPIKey {
			t.Fatalf("the request carried REB-APIKEY %q, not the client's key", sentKey)
		}

		var e *rebilly.Error
		if !errors.As(err, &e) {
			t.Fatalf("%d answer: error %T %v, want a *rebilly.Error", status, err, err)
		}
		if e.Status != status || e.Method != op.method || e.Path != op.path {
			t.Fatalf("Error has status %d, %s %s; want %d, %s %s", e.Status, e.Method, e.Path, status, op.method, op.path)
		}
		if len(e.Attempts) != 1 || e.Attempts[0].Status != status || e.Attempts[0].Err != nil {
			t.Fatalf("Attempts = %+v, want one attempt with status %d", e.Attempts, status)
		}
		if e.Err != nil {
			t.Fatalf("Error.Err = %v, want nil: nothing stopped the SDK early", e.Err)
		}
		if resp == nil || resp.StatusCode != status {
			t.Fatalf("the response does not come with the error: %+v", resp)
		}
		if e.Header.Get("Content-Type") != ct.value {
			t.Fatalf("Error.Header has Content-Type %q, want %q", e.Header.Get("Content-Type"), ct.value)
		}
		fuzzCheckSentinels(t, err, status)
		fuzzCheckProblem(t, e, ct.json, body)

		msg := e.Error()
		if prefix := fmt.Sprintf("rebilly: %s %s: %d", op.method, op.path, status); !strings.HasPrefix(msg, prefix) {
			t.Fatalf("Error() = %q, want it to start with %q", msg, prefix)
		}
		fromServer := string(body) + e.Type + e.Title + e.Detail + e.Instance + fmt.Sprint(e.InvalidFields)
		if strings.Contains(msg, fuzzAPIKey) && !strings.Contains(fromServer, fuzzAPIKey) {
			t.Fatalf("Error() holds the API key: %q", msg)
		}
	})
}

// fuzzCheckSentinels checks which sentinel errors err matches for status.
func fuzzCheckSentinels(t *testing.T, err error, status int) {
	t.Helper()
	for _, s := range []struct {
		sentinel error
		want     bool
	}{
		{rebilly.ErrUnauthorized, status == 401},
		{rebilly.ErrForbidden, status == 403},
		{rebilly.ErrNotFound, status == 404},
		{rebilly.ErrConflict, status == 409},
		{rebilly.ErrValidation, status == 400 || status == 422},
		{rebilly.ErrRateLimited, status == 429},
		{rebilly.ErrServer, status >= 500},
		{rebilly.ErrInvalidInput, false},
		{rebilly.ErrTooLarge, false},
		{context.Canceled, false},
	} {
		if got := errors.Is(err, s.sentinel); got != s.want {
			t.Fatalf("status %d: errors.Is(err, %v) = %v, want %v", status, s.sentinel, got, s.want)
		}
	}
}

// fuzzCheckProblem checks that e accounts for body, read as a problem
// document when isJSON is set and the body is a JSON object.
func fuzzCheckProblem(t *testing.T, e *rebilly.Error, isJSON bool, body []byte) {
	t.Helper()
	var members map[string]json.RawMessage
	if !isJSON || json.Unmarshal(body, &members) != nil || members == nil {
		if !bytes.Equal(e.Body, body) {
			t.Fatalf("the body is not a problem document, but Error.Body = %q, want %q", e.Body, body)
		}
		if e.Type != "" || e.Title != "" || e.Detail != "" || e.Instance != "" || e.InvalidFields != nil || e.Extra != nil {
			t.Fatalf("fields set from a body that is not a problem document (%q): %+v", body, e)
		}
		return
	}
	if len(e.Body) != 0 {
		t.Fatalf("Error.Body = %q for a problem document", e.Body)
	}
	inExtra := 0
	for name, raw := range members {
		var decoded bool // whether the member has its field's type
		var field, want any
		switch name {
		case "status":
			if _, ok := e.Extra[name]; ok {
				t.Fatalf("member status is in Extra")
			}
			continue
		case "type", "title", "detail", "instance":
			var s string
			decoded = json.Unmarshal(raw, &s) == nil
			want = s
			field = map[string]string{"type": e.Type, "title": e.Title, "detail": e.Detail, "instance": e.Instance}[name]
		case "invalidFields":
			var fs []rebilly.InvalidField
			decoded = json.Unmarshal(raw, &fs) == nil
			want, field = fs, e.InvalidFields
		}
		extra, isExtra := e.Extra[name]
		switch {
		case decoded:
			if isExtra {
				t.Fatalf("member %s = %s was decoded and is also in Extra", name, raw)
			}
			if !reflect.DeepEqual(field, want) {
				t.Fatalf("member %s = %s: field holds %#v, want %#v", name, raw, field, want)
			}
		default: // unknown, or of the wrong type
			if !isExtra || !bytes.Equal(extra, raw) {
				t.Fatalf("member %s = %s: Extra holds %q (present: %v), want the member as sent", name, raw, extra, isExtra)
			}
			inExtra++
			if field != nil && !reflect.ValueOf(field).IsZero() {
				t.Fatalf("member %s = %s is not of its field's type and went to Extra, but the field also holds %#v", name, raw, field)
			}
		}
	}
	if len(e.Extra) != inExtra {
		t.Fatalf("Extra has %d members, want %d: %q (body %s)", len(e.Extra), inExtra, e.Extra, body)
	}
}

// ---------------------------------------------------------------------------
// FuzzHeaders

// FuzzHeaders answers a list call with arbitrary Pagination-*,
// X-RateLimit-* and Retry-After values, with status 200, 429 or 503, and
// zero or one retry allowed. Each integer header reads as the exact
// non-negative integer it holds, or as 0 when it holds anything else;
// RateLimit.Reset is the Unix time X-RateLimit-Retry-After holds when it is
// a positive integer, else zero. On 429 and 503, Error.RetryAfter is
// exactly what the headers say (X-RateLimit-Retry-After as a Unix time;
// else Retry-After as seconds from now, or as an HTTP date), or zero when
// neither says anything; the SDK waits exactly until then (never less than
// zero), retries only when that wait is within DefaultRetryWaitMax, and
// without a hint waits a backoff within the defaults.
func FuzzHeaders(f *testing.F) {
	f.Add(uint8(0), "332", "100", "2", "3600", "3599", "1713187500", "", uint8(0))
	f.Add(uint8(1), "", "", "", "10", "0", "1740830430", "", uint8(1))
	f.Add(uint8(1), "", "", "", "", "", "", "120", uint8(1))
	f.Add(uint8(2), "", "", "", "", "", "", "7", uint8(1))
	f.Add(uint8(2), "", "", "", "", "", "", "Sat, 01 Mar 2025 12:00:20 GMT", uint8(1))
	f.Add(uint8(2), "", "", "", "", "", "", "Saturday, 01-Mar-25 12:00:20 GMT", uint8(1))
	f.Add(uint8(2), "", "", "", "", "", "", "Sat Mar  1 12:00:20 2025", uint8(1))
	f.Add(uint8(1), "-1", "+5", "007", "9223372036854775808", "1e3", "-5", "-5", uint8(1))
	f.Add(uint8(1), " 1", "1 ", "0x10", "", "", "0", "0", uint8(1))
	f.Add(uint8(2), "", "", "", "", "", "9223372036854775807", "2147483648", uint8(1))
	f.Add(uint8(2), "", "", "", "", "", "", "Mon, 01 Jan 0001 00:00:00 GMT", uint8(1))
	f.Fuzz(func(t *testing.T, statusIndex uint8, total, limit, offset, rlLimit, rlRemaining, rlRetryAfter, retryAfterHdr string, retries uint8) {
		status := []int{http.StatusOK, http.StatusTooManyRequests, http.StatusServiceUnavailable}[int(statusIndex)%3]
		maxRetries := int(retries % 2)
		header := http.Header{}
		for name, v := range map[string]string{
			"Pagination-Total":        total,
			"Pagination-Limit":        limit,
			"Pagination-Offset":       offset,
			"X-RateLimit-Limit":       rlLimit,
			"X-RateLimit-Remaining":   rlRemaining,
			"X-RateLimit-Retry-After": rlRetryAfter,
			"Retry-After":             retryAfterHdr,
		} {
			// As sent, even when not a valid header value; under the
			// canonical key, as net/http would have read it.
			header[http.CanonicalHeaderKey(name)] = []string{v}
		}
		header.Set("Content-Type", "application/json")
		body := []byte(`[]`)
		if status != http.StatusOK {
			body = []byte(`{"title":"Slow down"}`)
		}
		attempts := 0
		c, clock := fuzzClient(t, maxRetries, func(*http.Request) (*http.Response, error) {
			attempts++
			resp := httpmock.NewBytesResponse(status, body)
			resp.Header = header.Clone()
			return resp, nil
		})

		page, resp, err := c.Customers.List(context.Background(), nil)
		if resp == nil {
			t.Fatalf("no Response (error %v)", err)
		}
		fuzzCheckInt(t, "Pagination-Total", total, resp.Pagination.Total)
		fuzzCheckInt(t, "Pagination-Limit", limit, resp.Pagination.Limit)
		fuzzCheckInt(t, "Pagination-Offset", offset, resp.Pagination.Offset)
		fuzzCheckInt(t, "X-RateLimit-Limit", rlLimit, resp.RateLimit.Limit)
		fuzzCheckInt(t, "X-RateLimit-Remaining", rlRemaining, resp.RateLimit.Remaining)
		var wantReset time.Time
		if n, ok := fuzzHeaderInt(rlRetryAfter, math.MaxInt); ok && n > 0 {
			wantReset = time.Unix(n, 0)
		}
		if !resp.RateLimit.Reset.Equal(wantReset) {
			t.Fatalf("X-RateLimit-Retry-After %q: RateLimit.Reset = %v, want %v", rlRetryAfter, resp.RateLimit.Reset, wantReset)
		}

		if status == http.StatusOK {
			if err != nil || page == nil || len(page) != 0 || attempts != 1 || clock.Slept() != 0 {
				t.Fatalf("200: page %v, error %v, %d attempts, slept %v", page, err, attempts, clock.Slept())
			}
			return
		}

		var e *rebilly.Error
		if !errors.As(err, &e) || e.Status != status {
			t.Fatalf("%d: error %T %v, want a *rebilly.Error with that status", status, err, err)
		}
		// The clock moves only in Sleep, which comes before an attempt, so
		// it reads now what it read when the last answer came.
		wantRA := fuzzRetryAfter(rlRetryAfter, retryAfterHdr, clock.Now())
		if !e.RetryAfter.Equal(wantRA) {
			t.Fatalf("X-RateLimit-Retry-After %q, Retry-After %q at %v: RetryAfter = %v, want %v",
				rlRetryAfter, retryAfterHdr, clock.Now(), e.RetryAfter, wantRA)
		}
		if len(e.Attempts) != attempts {
			t.Fatalf("Error lists %d attempts, the server saw %d", len(e.Attempts), attempts)
		}

		// The first answer's hint was read at fuzzNow.
		firstRA := fuzzRetryAfter(rlRetryAfter, retryAfterHdr, fuzzNow)
		slept := clock.Slept()
		switch {
		case maxRetries == 0:
			if attempts != 1 || slept != 0 {
				t.Fatalf("no retries allowed, yet %d attempts and %v slept", attempts, slept)
			}
		case !firstRA.IsZero() && firstRA.Sub(fuzzNow) > rebilly.DefaultRetryWaitMax:
			if attempts != 1 || slept != 0 {
				t.Fatalf("told to wait until %v (more than %v), yet %d attempts after %v", firstRA, rebilly.DefaultRetryWaitMax, attempts, slept)
			}
		case !firstRA.IsZero():
			if want := max(firstRA.Sub(fuzzNow), 0); attempts != 2 || slept != want || e.Attempts[1].Wait != want {
				t.Fatalf("told to wait until %v: %d attempts, slept %v (attempt says %v), want 2 attempts after %v",
					firstRA, attempts, slept, e.Attempts[1].Wait, want)
			}
		default:
			if hi := rebilly.DefaultRetryWaitMin * 3 / 2; attempts != 2 || slept < rebilly.DefaultRetryWaitMin || slept > hi {
				t.Fatalf("no hint: %d attempts, slept %v, want 2 attempts and a backoff within [%v, %v]",
					attempts, slept, rebilly.DefaultRetryWaitMin, hi)
			}
		}
	})
}

// fuzzHeaderInt reads v as an optionally signed decimal integer, without
// white space, that lies in 0..limit.
func fuzzHeaderInt(v string, limit int64) (int64, bool) {
	digits := v
	if len(digits) > 0 && (digits[0] == '+' || digits[0] == '-') {
		digits = digits[1:]
	}
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, false
	}
	n, ok := new(big.Int).SetString(v, 10)
	if !ok || n.Sign() < 0 || n.Cmp(big.NewInt(limit)) > 0 {
		return 0, false
	}
	return n.Int64(), true
}

func fuzzCheckInt(t *testing.T, name, v string, got int) {
	t.Helper()
	want, _ := fuzzHeaderInt(v, math.MaxInt)
	if int64(got) != want {
		t.Fatalf("%s %q read as %d, want %d", name, v, got, want)
	}
}

// fuzzRetryAfter is when the headers say a request may be retried: the
// Unix time in X-RateLimit-Retry-After, else the seconds (below 2^31) from
// now or the HTTP date in Retry-After, else zero.
func fuzzRetryAfter(rlRetryAfter, retryAfter string, now time.Time) time.Time {
	if rlRetryAfter != "" {
		if ts, ok := fuzzHeaderInt(rlRetryAfter, math.MaxInt64); ok {
			return time.Unix(ts, 0)
		}
	}
	if retryAfter == "" {
		return time.Time{}
	}
	if secs, ok := fuzzHeaderInt(retryAfter, math.MaxInt64); ok && secs < 1<<31 {
		return now.Add(time.Duration(secs) * time.Second)
	}
	// An HTTP date, in any of the three forms net/http reads.
	if t, err := http.ParseTime(retryAfter); err == nil {
		return t
	}
	return time.Time{}
}

// ---------------------------------------------------------------------------
// FuzzDecodeCustomer, FuzzDecodeLeadSource

// FuzzDecodeCustomer decodes arbitrary bytes with internal/codec into a
// rebilly.Customer and into a page ([]*rebilly.Customer); see
// fuzzCheckDecode for the properties.
func FuzzDecodeCustomer(f *testing.F) {
	for _, s := range []string{
		`{"id":"cus_1","email":"ann@example.com","firstName":"Ann","lastName":"Lee","websiteId":"web_1",` +
			`"createdTime":"2024-04-15T13:25:00Z","updatedTime":"2024-04-15T13:25:00.123456789+02:00",` +
			`"customFields":{"tier":"gold","score":12345678901234567890,"ratio":0.1,"nested":{"a":[1,true,null]}},` +
			`"primaryAddress":{"firstName":"Ann","lastName":"Lee","country":"GB","emails":[{"label":"main","value":"ann@example.com","primary":true}],` +
			`"phoneNumbers":[{"label":"mobile","value":"+44 20 7946 0000"}],"hash":"abc"},` +
			`"defaultPaymentInstrument":{"method":"payment-card","paymentInstrumentId":"inst_1"},` +
			`"averageValue":{"currency":"USD","amount":12.5,"amountUsd":12.5},"paymentCount":3,` +
			`"lastPaymentTime":"2024-05-01T00:00:00Z","invoiceCount":2,"revision":7,"hasFulfilledKyc":true,` +
			`"tags":[{"id":"tag_1","name":"vip","type":"customer","createdTime":"2024-01-01T00:00:00Z"}],` +
			`"taxNumbers":[{"type":"eu-vat","value":"GB123","isDefault":true,"isValid":false}],` +
			`"company":{"name":"Acme","yearFounded":1999,"employeesCount":12},` +
			`"notificationEmails":["billing@example.com"],"_links":[{"href":"https://x/customers/cus_1","rel":"self"}],` +
			`"_embedded":{"leadSource":{"medium":"email", "source": "newsletter"}}}`,
		`{}`,
		`{"customFields":{"big":1e400}}`,
		`{"createdTime":"0001-01-01T00:00:00Z","lastPaymentTime":null,"email":null}`,
		`{"paymentCount":1.5}`,
		`{"id":"cus_1"} trailing`,
		`[{"id":"cus_1"},null,{"id":"cus_2","customFields":{"n":-0}}]`,
		`{"_embedded":{"x":"\u003c\u2028\ud800"}}`,
		`{"ID":"case","firstname":"fold"}`,
		`null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCheckDecode[rebilly.Customer](t, data)
		fuzzCheckDecode[[]*rebilly.Customer](t, data)
	})
}

// FuzzDecodeLeadSource decodes arbitrary bytes with internal/codec into a
// rebilly.LeadSource; see fuzzCheckDecode for the properties.
func FuzzDecodeLeadSource(f *testing.F) {
	for _, s := range []string{
		`{"medium":"email","source":"newsletter","campaign":"spring","term":"t","content":"c","affiliate":"a",` +
			`"subAffiliate":"s","salesAgent":"Bob","clickId":"x1","path":"/signup","referrer":"https://example.com/",` +
			`"createdTime":"2024-04-15T13:25:00Z","updatedTime":"2024-04-16T13:25:00-07:00",` +
			`"_links":[{"href":"https://x/customers/cus_1/lead-source","rel":"self"}],` +
			`"original":{"medium":"ppc","createdTime":"2023-01-01T00:00:00Z","original":null}}`,
		`{}`,
		`{"original":{"original":{"original":{}}}}`,
		`{"createdTime":"2024-13-01T00:00:00Z"}`,
		`{"medium":1}`,
		`{"Medium":"case","MEDIUM":"fold"}`,
		`{"medium":"a","medium":"b"}`,
		`{"medium":"\ud83d\ude00\u00e9\xff"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCheckDecode[rebilly.LeadSource](t, data)
	})
}

// fuzzCheckDecode decodes data into a T with codec.Unmarshal. It must not
// panic, and must succeed exactly when encoding/json's Unmarshal does, but
// for one designed difference: codec keeps numbers in interface values
// (custom fields) as json.Number, so one out of float64's range decodes
// with codec only. After a successful decode, encoding and decoding again
// gives the same JSON; and when encoding/json decoded too, its value
// encodes to the same JSON document (numbers compared as float64).
func fuzzCheckDecode[T any](t *testing.T, data []byte) {
	t.Helper()
	var v T
	err := codec.Unmarshal(data, &v)
	var std T
	stdErr := json.Unmarshal(data, &std)
	if (err == nil) != (stdErr == nil) {
		var typeErr *json.UnmarshalTypeError
		numberOutOfRange := err == nil && errors.As(stdErr, &typeErr) &&
			typeErr.Type.Kind() == reflect.Float64 && strings.HasPrefix(typeErr.Value, "number")
		if !numberOutOfRange {
			t.Fatalf("decoding %q into %T: codec error %v, encoding/json error %v", data, v, err, stdErr)
		}
	}
	if err != nil {
		return
	}

	first, err := codec.Marshal(v)
	if err != nil {
		t.Fatalf("encoding the %T decoded from %q: %v", v, data, err)
	}
	var again T
	if err := codec.Unmarshal(first, &again); err != nil {
		t.Fatalf("decoding %s, which encoded a decoded %T: %v", first, v, err)
	}
	second, err := codec.Marshal(again)
	if err != nil {
		t.Fatalf("encoding the %T decoded from %s: %v", again, first, err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("round trip of %q changed the value:\n first %s\nsecond %s", data, first, second)
	}

	if stdErr != nil {
		return
	}
	stdJSON, err := json.Marshal(std)
	if err != nil {
		t.Fatalf("encoding the %T encoding/json decoded from %q: %v", std, data, err)
	}
	var a, b any
	if unmarshalUseNumber(first, &a) != nil || unmarshalUseNumber(stdJSON, &b) != nil || !reflect.DeepEqual(a, b) {
		t.Fatalf("codec and encoding/json decode %q differently:\n codec %s\n  json %s", data, first, stdJSON)
	}
}
