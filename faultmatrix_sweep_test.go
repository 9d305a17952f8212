package rebilly_test

// The fault matrix's security sweep.

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// fmSweep searches everything the matrix produces for the credential: the
// errors in every format with their attempts, bodies and headers, the
// responses' headers, the fake's request log (headers and bodies both
// ways), recovered panic messages, and at the end the log output. Texts
// are searched as they come, so that the megabytes of the large-body rows
// are not kept.
type fmSweep struct {
	logs syncBuffer

	mu       sync.Mutex
	findings []string
	scanned  map[string]int // bytes searched, by kind
	redacted int            // "REDACTED" seen in the request log
	results  int
}

func fmNewSweep() *fmSweep { return &fmSweep{scanned: map[string]int{}} }

// scan searches text, of the given kind, from where.
func (s *fmSweep) scan(kind, where, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scanned[kind] += len(text)
	if kind == "request log" {
		s.redacted += strings.Count(text, "REDACTED")
	}
	for _, secret := range []string{fmKey, fmJWT, fmKeyPart, fmJWTPart} {
		if i := strings.Index(text, secret); i >= 0 {
			s.findings = append(s.findings, fmt.Sprintf("the %s of %s holds %q: ...%s...",
				kind, where, secret, text[max(0, i-200):min(len(text), i+len(secret)+100)]))
		}
	}
}

// collect searches one subtest's outcome: the error in every format, the
// attempts' errors, the error's body, header and extra members, the
// response's header, and the fake's request log.
func (s *fmSweep) collect(where string, res fmResult, reqs []rebillytest.Request) {
	var b strings.Builder
	if err := res.err; err != nil {
		fmt.Fprintf(&b, "%v\n%+v\n%s\n%q\n", err, err, err.Error(), err.Error())
		for u := err; u != nil; u = errors.Unwrap(u) {
			fmt.Fprintf(&b, "unwrapped %T: %v\n", u, u)
		}
		if attempts, ok := fmAttempts(err); ok {
			for i, a := range attempts {
				fmt.Fprintf(&b, "attempt %d: %+v\n", i+1, a)
			}
		}
		var apiErr *rebilly.Error
		if errors.As(err, &apiErr) {
			fmt.Fprintf(&b, "body %s\nheader %v\nextra %v\n", apiErr.Body, apiErr.Header, apiErr.Extra)
		}
	}
	if res.resp != nil && res.resp.Response != nil {
		fmt.Fprintf(&b, "response %d %v %+v %+v\n", res.resp.StatusCode, res.resp.Header, res.resp.Pagination, res.resp.RateLimit)
	}
	s.scan("errors and responses", where, b.String())

	var l strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&l, "%s %s?%s %v\n%s\n-> %d %v\n%s\n", r.Method, r.Path, r.RawQuery, r.Header, r.Body, r.Status, r.ResponseHeader, r.ResponseBody)
	}
	s.scan("request log", where, l.String())

	s.mu.Lock()
	defer s.mu.Unlock()
	s.results++
	if res.resp != nil && res.resp.Response != nil && res.resp.Request != nil && fmHoldsSecret(fmt.Sprint(res.resp.Request.Header)) {
		s.findings = append(s.findings, fmt.Sprintf("the *Response of %s holds the credential in Response.Request.Header", where))
	}
}

func fmHoldsSecret(s string) bool {
	for _, secret := range []string{fmKey, fmJWT, fmKeyPart, fmJWTPart} {
		if strings.Contains(s, secret) {
			return true
		}
	}
	return false
}

// check searches the log output and fails on any finding.
func (s *fmSweep) check(t *testing.T) {
	logs := s.logs.String()
	s.scan("log output", "the whole matrix", logs)
	s.mu.Lock()
	findings := slices.Clone(s.findings)
	results, redacted := s.results, s.redacted
	scanned := maps.Clone(s.scanned)
	s.mu.Unlock()

	// The sweep saw real material.
	require.Greater(t, results, 100, "outcomes searched")
	assert.Contains(t, logs, `"msg":"rebilly: attempt"`, "the Debug records were captured")
	assert.Contains(t, logs, `"msg":"rebilly: retrying"`, "the Warn records were captured")
	assert.Greater(t, redacted, 100, "the credential reached the fake, which redacted it in its log")
	for _, kind := range []string{"errors and responses", "request log", "log output"} {
		assert.Greater(t, scanned[kind], 10000, "bytes of %s searched", kind)
	}
	for i, f := range findings {
		if i == 20 {
			t.Errorf("... and %d more findings", len(findings)-i)
			break
		}
		t.Error(f)
	}
}
