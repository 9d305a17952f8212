package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var baseURLLine = regexp.MustCompile(`base URL: (http://127\.0\.0\.1:\d+)\n`)

// start runs the command in the background and returns its base URL.
func start(t *testing.T, args ...string) (baseURL string, out *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, out, out) }()
	require.Eventually(t, func() bool { return baseURLLine.MatchString(out.String()) }, 10*time.Second, 10*time.Millisecond,
		"the command prints its base URL; output so far: %s", out)
	stop = func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("the command did not stop")
			return nil
		}
	}
	return baseURLLine.FindStringSubmatch(out.String())[1], out, stop
}

func TestServesAndStops(t *testing.T) {
	seed := filepath.Join(t.TempDir(), "seed.jsonl")
	require.NoError(t, os.WriteFile(seed, []byte(`{"id":"from-seed","primaryAddress":{"firstName":"Seeded"}}`+"\n"), 0o600))

	base, out, stop := start(t, "-addr", "127.0.0.1:0", "-key", "sk_cli", "-sample", "-seed", seed, "-rate-limit", "2/1h")
	assert.Contains(t, out.String(), "API key:  sk_cli")

	client, err := rebilly.NewClient(rebilly.WithBaseURL(base), rebilly.WithAPIKey("sk_cli"), rebilly.WithMaxRetries(0))
	require.NoError(t, err)
	ctx := context.Background()
	_, resp, err := client.Customers.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 26, resp.Pagination.Total, "25 sample customers and the seeded one")
	c, _, err := client.Customers.Get(ctx, "from-seed", nil)
	require.NoError(t, err)
	assert.Equal(t, "Seeded", c.FirstName)

	for range 2 {
		_, _, err = client.Customers.Create(ctx, &rebilly.CustomerInput{})
		require.NoError(t, err)
	}
	_, _, err = client.Customers.Create(ctx, &rebilly.CustomerInput{})
	assert.ErrorIs(t, err, rebilly.ErrRateLimited, "-rate-limit 2/1h")

	other, err := rebilly.NewClient(rebilly.WithBaseURL(base), rebilly.WithAPIKey("sk_other"))
	require.NoError(t, err)
	_, _, err = other.Customers.List(ctx, nil)
	assert.ErrorIs(t, err, rebilly.ErrUnauthorized, "only -key is accepted")

	require.NoError(t, stop())
	assert.Contains(t, out.String(), "rebilly-fake: stopped")
	_, _, err = client.Customers.List(ctx, nil)
	assert.Error(t, err, "nothing listens after the stop")
}

// Custom fields need definitions: -sample defines its customers' fields,
// a -seed file's fields are loaded but not defined, so writing such a
// customer back is a 422 until a PUT defines them.
func TestSeededCustomFieldsNeedDefinitions(t *testing.T) {
	seed := filepath.Join(t.TempDir(), "seed.jsonl")
	require.NoError(t, os.WriteFile(seed, []byte(`{"id":"from-seed","customFields":{"crmId":"A-17"}}`+"\n"), 0o600))
	base, _, stop := start(t, "-addr", "127.0.0.1:0", "-sample", "-seed", seed)
	defer func() { require.NoError(t, stop()) }()
	client, err := rebilly.NewClient(rebilly.WithBaseURL(base), rebilly.WithAPIKey(rebillytest.DefaultAPIKey), rebilly.WithMaxRetries(0))
	require.NoError(t, err)
	ctx := context.Background()

	sample, _, err := client.Customers.List(ctx, &rebilly.CustomerListParams{Limit: 1, Filter: "customFields.plan:pro"})
	require.NoError(t, err)
	require.Len(t, sample, 1)
	_, _, err = client.Customers.Upsert(ctx, sample[0].ID, sample[0].Input())
	require.NoError(t, err, "-sample defines plan and seats")

	seeded, _, err := client.Customers.Get(ctx, "from-seed", nil)
	require.NoError(t, err)
	assert.Equal(t, "A-17", seeded.CustomFields["crmId"], "loaded unchecked")
	_, _, err = client.Customers.Upsert(ctx, "from-seed", seeded.Input())
	var apiErr *rebilly.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnprocessableEntity, apiErr.Status)
	require.Len(t, apiErr.InvalidFields, 1)
	assert.Equal(t, "customFields.crmId", apiErr.InvalidFields[0].Field)

	req, err := http.NewRequest(http.MethodPut, base+"/custom-fields/customers/crmId", strings.NewReader(`{"type":"string"}`))
	require.NoError(t, err)
	req.Header.Set("REB-APIKEY", rebillytest.DefaultAPIKey)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	_, _, err = client.Customers.Upsert(ctx, "from-seed", seeded.Input())
	assert.NoError(t, err, "defined, it is accepted")
}

func TestRefusesBadInput(t *testing.T) {
	badSeed := filepath.Join(t.TempDir(), "bad.jsonl")
	require.NoError(t, os.WriteFile(badSeed, []byte(`{"id":"a"}`+"\n"+`{"primaryAddress":{"country":"gb"}}`+"\n"), 0o600))

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-addr", "0.0.0.0:8080"}, "not a loopback address"},
		{[]string{"-addr", "192.168.0.10:0"}, "not a loopback address"},
		{[]string{"-addr", ":0"}, "not a loopback address"},
		{[]string{"-addr", "127.0.0.1:0", "-rate-limit", "3000"}, `-rate-limit "3000"`},
		{[]string{"-addr", "127.0.0.1:0", "-rate-limit", "0/10m"}, `-rate-limit "0/10m"`},
		{[]string{"-addr", "127.0.0.1:0", "-rate-limit", "10/soon"}, `-rate-limit "10/soon"`},
		{[]string{"-addr", "127.0.0.1:0", "-seed", badSeed}, "line 2: primaryAddress.country"},
		{[]string{"-addr", "127.0.0.1:0", "-seed", filepath.Join(t.TempDir(), "absent.jsonl")}, "absent.jsonl"},
		{[]string{"-addr", "127.0.0.1:0", "-late-async", "-1s"}, "-late-async -1s"},
		{[]string{"-no-such-flag"}, "flag provided but not defined"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		var out syncBuffer
		err := run(context.Background(), tc.args, &out, &out)
		require.Error(t, err, "%v", tc.args)
		assert.Contains(t, err.Error(), tc.want, "%v", tc.args)
		assert.NotContains(t, out.String(), "base URL", "%v: nothing served", tc.args)
	}
}

func TestParseRateLimit(t *testing.T) {
	limit, window, err := parseRateLimit("3000/10m")
	require.NoError(t, err)
	assert.Equal(t, 3000, limit)
	assert.Equal(t, 10*time.Minute, window)
}

// -late-async holds bulk tagging back for the given time.
func TestLateAsyncFlag(t *testing.T) {
	seed := filepath.Join(t.TempDir(), "seed.jsonl")
	require.NoError(t, os.WriteFile(seed, []byte(`{"id":"cus_1"}`+"\n"), 0o600))
	base, _, stop := start(t, "-addr", "127.0.0.1:0", "-seed", seed, "-late-async", "1h")
	defer func() { require.NoError(t, stop()) }()

	send := func(method, path, body string) (int, string) {
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("REB-APIKEY", rebillytest.DefaultAPIKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	status, _ := send(http.MethodPost, "/tags", `{"name":"vip","type":"customer"}`)
	require.Equal(t, http.StatusCreated, status)
	status, _ = send(http.MethodPost, "/tags/vip/customers", `{"customerIds":["cus_1"]}`)
	require.Equal(t, http.StatusNoContent, status)
	status, body := send(http.MethodGet, "/customers/cus_1", "")
	require.Equal(t, http.StatusOK, status)
	assert.NotContains(t, body, `"tags"`, "the tagging waits an hour")
}
