// Command rebilly-fake serves rebillytest, the in-process fake of Rebilly's
// Customers API, on a loopback port, for programs in other languages, for
// curl, and for trying the API without an account.
//
//	go run ./cmd/rebilly-fake -addr 127.0.0.1:8080 -key KEY -sample -seed customers.jsonl -rate-limit 3000/10m -late-async 5s
//
// -late-async makes the API's asynchronous operations (deleting a tag,
// tagging and untagging customers in bulk) take effect that long after
// their 204, as rebillytest.WithLateAsyncOperations does; by default they
// apply at once.
//
// A customer's custom fields need definitions, as in the API: a customer
// written with an undefined one is a 422 naming customFields.<name>. -sample
// defines those of the sample customers (plan and seats). Customers of a
// -seed file are loaded with their custom fields unchecked, and no
// definitions are made for them: define them with PUT
// /custom-fields/customers/{name} before writing customers with them.
//
// It prints the base URL and the API key, and stops on SIGINT or SIGTERM.
// It listens only on loopback addresses.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/openrebilly/rebilly-go/rebillytest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "rebilly-fake:", err)
		}
		os.Exit(2)
	}
}

// run serves the fake until ctx ends. It writes the base URL and key to
// out once it listens.
func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("rebilly-fake", flag.ContinueOnError)
	fs.SetOutput(errOut)
	addr := fs.String("addr", "127.0.0.1:8080", "loopback `host:port` to listen on (port 0 picks a free one)")
	key := fs.String("key", rebillytest.DefaultAPIKey, "the REB-APIKEY value to accept")
	sample := fs.Bool("sample", false, "seed 25 sample customers")
	seed := fs.String("seed", "", "seed customers from a JSON Lines `file`, one customer per line "+
		"(their custom fields are not defined: PUT /custom-fields/customers/{name} defines them)")
	rate := fs.String("rate-limit", "", "limit non-GET requests of each organization, as `N/duration` (e.g. 3000/10m, the sandbox's; default "+
		strconv.Itoa(rebillytest.DefaultRateLimit)+"/"+rebillytest.DefaultRateLimitWindow.String()+")")
	lateAsync := fs.Duration("late-async", 0, "apply deleting a tag and bulk tagging this `duration` after they are accepted (default: at once)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}

	opts := []rebillytest.Option{rebillytest.WithAPIKeys(*key)}
	if *sample {
		opts = append(opts, rebillytest.WithSampleData())
	}
	if *seed != "" {
		seeds, err := readSeedFile(*seed)
		if err != nil {
			return err
		}
		opts = append(opts, rebillytest.WithSeed(seeds...))
	}
	if *rate != "" {
		limit, window, err := parseRateLimit(*rate)
		if err != nil {
			return err
		}
		opts = append(opts, rebillytest.WithRateLimit(limit, window))
	}

	switch {
	case *lateAsync < 0:
		return fmt.Errorf("-late-async %v: want a positive duration", *lateAsync)
	case *lateAsync > 0:
		opts = append(opts, rebillytest.WithLateAsyncOperations(*lateAsync))
	}

	l, err := rebillytest.ListenLoopback(*addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: rebillytest.NewHandler(opts...), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(out, "rebilly-fake: serving the Rebilly Customers API fake\nbase URL: http://%s\nAPI key:  %s\n", l.Addr(), *key)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	fmt.Fprintln(out, "rebilly-fake: stopped")
	return nil
}

func readSeedFile(path string) ([]rebillytest.SeedCustomer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	defer f.Close()
	seeds, err := rebillytest.ReadSeed(f)
	if err != nil {
		return nil, fmt.Errorf("seed file %s: %w", path, err)
	}
	return seeds, nil
}

// parseRateLimit reads "N/duration", such as "3000/10m".
func parseRateLimit(s string) (int, time.Duration, error) {
	n, d, ok := strings.Cut(s, "/")
	limit, err := strconv.Atoi(n)
	if !ok || err != nil || limit < 1 {
		return 0, 0, fmt.Errorf("-rate-limit %q: want a positive count, '/' and a duration, such as 3000/10m", s)
	}
	window, err := time.ParseDuration(d)
	if err != nil || window <= 0 {
		return 0, 0, fmt.Errorf("-rate-limit %q: want a positive duration after '/', such as 10m", s)
	}
	return limit, window, nil
}
