package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// exportedIDs reads the IDs of a JSON Lines export.
func exportedIDs(t *testing.T, data []byte) []string {
	t.Helper()
	var ids []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var c rebilly.Customer
		require.NoError(t, json.Unmarshal(sc.Bytes(), &c), "line %q", sc.Text())
		ids = append(ids, c.ID)
	}
	require.NoError(t, sc.Err())
	return ids
}

// TestExportToStdout: at every concurrency, the export holds each customer
// the filter selects once; at concurrency 1, oldest first. Progress tells
// the customers per second.
func TestExportToStdout(t *testing.T) {
	srv := rebillytest.NewServer(rebillytest.WithSampleData())
	defer srv.Close()
	var want []string
	for _, c := range srv.Customers() {
		if cc := c.PrimaryAddress.Country; cc == "US" || cc == "CA" {
			want = append(want, c.ID)
		}
	}
	for _, concurrency := range []int{1, 2, 4, 8} {
		t.Run(fmt.Sprint("concurrency-", concurrency), func(t *testing.T) {
			var stdout, progress bytes.Buffer
			cfg := config{out: "-", pageSize: 4, every: 3, concurrency: concurrency, filter: "primaryAddress.country:US,CA"}
			require.NoError(t, run(context.Background(), srv.Client(), cfg, &stdout, &progress))

			ids := exportedIDs(t, stdout.Bytes())
			if concurrency == 1 {
				assert.Equal(t, want, ids)
			}
			slices.Sort(ids)
			assert.Equal(t, sortedCopy(want), ids)
			assert.Regexp(t, `exported 3 customers \(\d+ customers/s\)`, progress.String())
			assert.Regexp(t, fmt.Sprintf(`done: exported %d customers \(\d+ customers/s\)`, len(want)), progress.String())
		})
	}
}

func sortedCopy(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// failingPages serves the fake, but answers page request number failAt (from
// 1) with 503.
type failingPages struct {
	http.Handler
	mu     sync.Mutex
	pages  int
	failAt int
}

func (f *failingPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == "GET" && r.URL.Path == "/customers" {
		f.mu.Lock()
		f.pages++
		fail := f.pages == f.failAt
		f.mu.Unlock()
		if fail {
			http.Error(w, "injected", http.StatusServiceUnavailable)
			return
		}
	}
	f.Handler.ServeHTTP(w, r)
}

// TestExportResumes stops an export halfway with a server failure, then
// runs it again: the file ends up with every customer exactly once (in
// order at concurrency 1). Before the second run a partial line is
// appended, as a crash in the middle of a write would leave it; the resume
// drops it.
func TestExportResumes(t *testing.T) {
	for _, concurrency := range []int{1, 3} {
		t.Run(fmt.Sprint("concurrency-", concurrency), func(t *testing.T) {
			testExportResumes(t, concurrency)
		})
	}
}

func testExportResumes(t *testing.T, concurrency int) {
	fake := rebillytest.NewHandler(rebillytest.WithSampleData())
	api := &failingPages{Handler: fake, failAt: 6}
	srv := httptest.NewServer(api)
	defer srv.Close()
	client, err := rebilly.NewClient(rebilly.WithAPIKey(rebillytest.DefaultAPIKey), rebilly.WithBaseURL(srv.URL), rebilly.WithMaxRetries(0))
	require.NoError(t, err)

	dir := t.TempDir()
	cfg := config{out: filepath.Join(dir, "all.jsonl"), checkpoint: filepath.Join(dir, "all.checkpoint"), pageSize: 3, every: 2, concurrency: concurrency}
	var progress bytes.Buffer
	runErr := run(context.Background(), client, cfg, nil, &progress)
	require.Error(t, runErr)
	assert.ErrorIs(t, runErr, rebilly.ErrServer)

	first, err := os.ReadFile(cfg.out)
	require.NoError(t, err)
	var want []string
	for _, c := range fake.Customers() {
		want = append(want, c.ID)
	}
	require.Len(t, want, 25)
	done := exportedIDs(t, first)
	require.NotEmpty(t, done)
	require.Less(t, len(done), 25)
	if concurrency == 1 {
		assert.Equal(t, want[:len(done)], done, "the first run wrote the first five pages")
	}
	assert.Contains(t, runErr.Error(), fmt.Sprintf("after %d customers", len(done)))

	f, err := os.OpenFile(cfg.out, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"id":"cus_half-writ`)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	require.NoError(t, run(context.Background(), client, cfg, nil, &progress))
	assert.Contains(t, progress.String(), fmt.Sprintf("resuming: %d customers exported before", len(done)))
	all, err := os.ReadFile(cfg.out)
	require.NoError(t, err)
	got := exportedIDs(t, all)
	if concurrency == 1 {
		assert.Equal(t, want, got)
	}
	assert.Equal(t, sortedCopy(want), sortedCopy(got), "every customer once")
	assert.True(t, bytes.HasPrefix(all, first), "the resumed file starts with what the first run saved")
	assert.Contains(t, progress.String(), "done: exported 25 customers")
}

func TestConfigCheck(t *testing.T) {
	for _, tt := range []struct {
		cfg  config
		want string
	}{
		{config{out: "-", pageSize: 0, every: 1, concurrency: 1}, "-page 0"},
		{config{out: "-", pageSize: 1001, every: 1, concurrency: 1}, "-page 1001"},
		{config{out: "-", pageSize: 10, every: 0, concurrency: 1}, "-progress 0"},
		{config{out: "-", checkpoint: "cp", pageSize: 10, every: 1, concurrency: 1}, "-checkpoint needs -out"},
		{config{out: "-", pageSize: 10, every: 1, concurrency: 0}, "-concurrency 0"},
		{config{out: "-", pageSize: 10, every: 1, concurrency: rebilly.MaxExportConcurrency + 1}, "-concurrency 65"},
	} {
		err := tt.cfg.check()
		require.Error(t, err)
		assert.Contains(t, err.Error(), tt.want)
	}
	assert.NoError(t, config{out: "x.jsonl", checkpoint: "cp", pageSize: 1000, every: 1, concurrency: 8}.check())
}
