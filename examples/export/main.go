// Command export writes every customer that matches a filter as JSON Lines,
// one customer per line, with progress on stderr. It walks past the API's
// offset cap, so it exports any number of customers.
//
//	go run ./examples/export -filter 'primaryAddress.country:US' -out us.jsonl
//
// Without REBILLY_API_KEY it exports from an in-process fake API with sample
// customers; with it, from the real sandbox (REBILLY_LIVE=1 for live).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/examples/internal/connect"
)

func main() {
	filter := flag.String("filter", "", "filter in the API's language, e.g. primaryAddress.country:US")
	q := flag.String("q", "", "partial text search")
	out := flag.String("out", "-", "output file, - for stdout")
	pageSize := flag.Int("page", rebilly.MaxLimit, "page size, 1 to 1000")
	every := flag.Int("progress", 1000, "report progress every N customers")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *filter, *q, *out, *pageSize, *every); err != nil {
		fmt.Fprintln(os.Stderr, "export:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, filter, q, outPath string, pageSize, every int) error {
	client, description, closeFn, err := connect.Client()
	if err != nil {
		return err
	}
	defer closeFn()
	// The first line says which API is used; on stderr, so that stdout
	// holds only JSON Lines.
	fmt.Fprintln(os.Stderr, description)

	var w io.Writer = os.Stdout
	if outPath != "-" {
		f, err := os.Create(outPath)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	buf := bufio.NewWriter(w)
	enc := json.NewEncoder(buf)

	start := time.Now()
	n := 0
	params := &rebilly.CustomerListParams{Filter: filter, Q: q, Limit: pageSize}
	for c, err := range client.Customers.All(ctx, params) {
		if err != nil {
			return fmt.Errorf("after %d customers: %w", n, err)
		}
		if err := enc.Encode(c); err != nil {
			return err
		}
		n++
		if every > 0 && n%every == 0 {
			fmt.Fprintf(os.Stderr, "exported %d customers (%.0f/s)\n", n, float64(n)/time.Since(start).Seconds())
		}
	}
	if err := buf.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "done: exported %d customers in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
