package rebilly_test

// Shared setup for the tests: a client wired to an httpmock transport (the
// unit tests of exact requests) with a request recorder, a rebillytest fake
// on a loopback server (the stateful and fault tests), the one fake clock
// (rebillytest.Clock), and the OpenAPI file.

import (
	"bytes"
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

const (
	testAPIKey  = "sk_test_SECRET-KEY-0123456789"
	testJWT     = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.SECRET-SIGNATURE"
	testBaseURL = "https://api.rebilly.test" // only ever reached through httpmock

	// openAPIPath is the API definition, beside the repository, in its
	// OpenAPI 3.0.3 rendering (the same content as the 3.1 file): kin-openapi
	// reads 3.1 only from v0.136, which needs Go 1.25, and the module keeps
	// Go 1.23 as its minimum.
	openAPIPath = "../shared/openapi/customer-api.openapi.oas30.yaml"
)

// clockStart is the fake clock's start: a whole second, so that HTTP dates
// (which have second resolution) land on it exactly.
var clockStart = time.Date(2025, time.March, 1, 12, 0, 0, 0, time.UTC)

// newTestClock returns the tests' one fake clock, a rebillytest.Clock at
// clockStart: Sleep returns at once, moving it, and Sleeps lists the waits a
// client asked for.
func newTestClock() *rebillytest.Clock { return rebillytest.NewClock(clockStart) }

// blockSleeps makes every Sleep of clock block until its context ends (a
// wait the caller interrupts; the clock does not move), and returns a
// channel closed when the first such Sleep starts.
func blockSleeps(clock *rebillytest.Clock) <-chan struct{} {
	asleep := make(chan struct{})
	var once sync.Once
	clock.OnSleep(func(ctx context.Context, _ time.Duration) {
		once.Do(func() { close(asleep) })
		<-ctx.Done()
	})
	return asleep
}

// recorded is what an httpmock responder saw of one request.
type recorded struct {
	Method string
	URL    string // the request's URL, with the query
	// Path (escaped) and Query are those a server reads from the request
	// line the client would send.
	Path   string
	Query  map[string][]string
	Header http.Header
	Body   []byte
}

// recorder keeps every request that reaches a responder.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
}

func (r *recorder) add(req *http.Request) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	u, err := url.ParseRequestURI(req.URL.RequestURI())
	if err != nil {
		u = req.URL
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, recorded{
		Method: req.Method, URL: req.URL.String(), Path: u.EscapedPath(), Query: u.Query(),
		Header: req.Header.Clone(), Body: body,
	})
}

// wrap returns a responder that records the request and answers with next.
func (r *recorder) wrap(next httpmock.Responder) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		r.add(req)
		return next(req)
	}
}

func (r *recorder) all() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

func (r *recorder) last(t *testing.T) recorded {
	t.Helper()
	all := r.all()
	require.NotEmpty(t, all, "no request was sent")
	return all[len(all)-1]
}

// newMockClient returns a client whose requests go to an httpmock transport
// for testBaseURL, with the test API key and a fake clock; opts come after
// those defaults and so override them.
func newMockClient(t *testing.T, opts ...rebilly.Option) (*rebilly.Client, *httpmock.MockTransport) {
	t.Helper()
	return newMockClientWith(t, rebilly.WithAPIKey(testAPIKey), opts...)
}

// newMockClientWith is newMockClient with the credential option cred.
func newMockClientWith(t *testing.T, cred rebilly.Option, opts ...rebilly.Option) (*rebilly.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	all := append([]rebilly.Option{
		cred,
		rebilly.WithBaseURL(testBaseURL),
		rebilly.WithHTTPClient(&http.Client{Transport: mt}),
		rebilly.WithClock(newTestClock()),
	}, opts...)
	c, err := rebilly.NewClient(all...)
	require.NoError(t, err)
	return c, mt
}

// mockAll answers every request on mt with resp and records it.
func mockAll(mt *httpmock.MockTransport, resp httpmock.Responder) *recorder {
	rec := &recorder{}
	mt.RegisterNoResponder(rec.wrap(resp))
	return rec
}

// jsonResponder answers with status, a JSON body and the given header pairs.
func jsonResponder(status int, body string, headerPairs ...string) httpmock.Responder {
	return typedResponder(status, "application/json", body, headerPairs...)
}

// declaredResponder answers a JSON body with a success status that every
// operation of the request's method declares: 201 to POST and PUT (an
// upsert's "created"), 204 without a body to DELETE, 200 otherwise.
func declaredResponder(body string) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		switch req.Method {
		case http.MethodPost, http.MethodPut:
			return jsonResponder(http.StatusCreated, body)(req)
		case http.MethodDelete:
			return httpmock.NewStringResponse(http.StatusNoContent, ""), nil
		}
		return jsonResponder(http.StatusOK, body)(req)
	}
}

func typedResponder(status int, contentType, body string, headerPairs ...string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(status, body)
		if contentType != "" {
			resp.Header.Set("Content-Type", contentType)
		}
		for i := 0; i+1 < len(headerPairs); i += 2 {
			resp.Header.Add(headerPairs[i], headerPairs[i+1])
		}
		return resp, nil
	}
}

// sequence answers the nth request with responders[n], repeating the last.
func sequence(responders ...httpmock.Responder) httpmock.Responder {
	var mu sync.Mutex
	n := 0
	return func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		i := min(n, len(responders)-1)
		n++
		mu.Unlock()
		return responders[i](req)
	}
}

// startFake serves a rebillytest fake, which accepts testAPIKey unless opts
// say otherwise and defines the marker's custom field (fmMarkerField), on a
// loopback httptest server behind an fmFront: the front counts and
// announces the requests as they arrive, and custom, when not nil, answers
// in the fake's place (for the faults the fake cannot make).
func startFake(t *testing.T, custom fmFrontFunc, opts ...rebillytest.Option) (*rebillytest.Handler, *fmFront, *httptest.Server) {
	t.Helper()
	fake := rebillytest.NewHandler(append([]rebillytest.Option{rebillytest.WithAPIKeys(testAPIKey), fmMarkerField()}, opts...)...)
	front := &fmFront{fake: fake, custom: custom, arrived: make(chan struct{}, 64)}
	srv := httptest.NewUnstartedServer(front)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // faults break connections on purpose
	srv.Start()
	t.Cleanup(srv.Close)
	return fake, front, srv
}

// newServerClient returns a client for srv with the test API key and a fake
// clock; opts override those.
func newServerClient(t *testing.T, srv *httptest.Server, opts ...rebilly.Option) *rebilly.Client {
	t.Helper()
	return newServerClientWith(t, srv, rebilly.WithAPIKey(testAPIKey), opts...)
}

// newServerClientWith is newServerClient with the credential option cred.
func newServerClientWith(t *testing.T, srv *httptest.Server, cred rebilly.Option, opts ...rebilly.Option) *rebilly.Client {
	t.Helper()
	all := append([]rebilly.Option{
		cred,
		rebilly.WithBaseURL(srv.URL),
		rebilly.WithClock(newTestClock()),
	}, opts...)
	c, err := rebilly.NewClient(all...)
	require.NoError(t, err)
	return c
}

// writeJSON answers with status and a JSON body.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// problem renders a problem-details body.
func problem(status int, title, detail string) string {
	return `{"status":` + strconv.Itoa(status) + `,"type":"https://www.rebilly.com/errors/` + strconv.Itoa(status) +
		`","title":"` + title + `","detail":"` + detail + `"}`
}

// loadOpenAPI loads the API definition, a contract test's input: see
// needForContract.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	_, err := os.Stat(openAPIPath)
	needForContract(t, "the API definition "+openAPIPath+" (it sits beside the repository, in shared/)", err)
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromFile(openAPIPath)
	require.NoError(t, err)
	require.NoError(t, doc.Validate(loader.Context))
	return doc
}

// noSecrets fails when s holds the test API key or JWT.
func noSecrets(t *testing.T, s string) {
	t.Helper()
	for _, secret := range []string{testAPIKey, testJWT, "SECRET"} {
		if strings.Contains(s, secret) {
			t.Errorf("text holds a credential (%q): %s", secret, s)
		}
	}
}
