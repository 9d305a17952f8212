// Command export writes every customer that matches a filter as JSON Lines,
// one customer per line, with progress on stderr. It walks past the API's
// offset cap, so it exports any number of customers, and with -checkpoint
// it can be stopped and started again without losing or repeating one. It
// fetches -concurrency pages at once (Client.Customers.Export), so the
// customers come in no particular order; -concurrency 1 writes them oldest
// first.
//
//	go run ./examples/export -filter 'primaryAddress.country:US' -out us.jsonl
//	go run ./examples/export -out all.jsonl -checkpoint all.checkpoint   # resumable
//	go run ./examples/export -concurrency 8 -out all.jsonl
//
// Without REBILLY_API_KEY it exports from an in-process fake API with sample
// customers; with it, from the real sandbox (REBILLY_LIVE=1 for live).
package main

import (
	"context"
	"errors"
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
	os.Exit(export())
}

// export runs the command and returns its exit code.
func export() int {
	var cfg config
	flag.StringVar(&cfg.filter, "filter", "", "filter in the API's language, e.g. primaryAddress.country:US")
	flag.StringVar(&cfg.q, "q", "", "partial text search")
	flag.StringVar(&cfg.out, "out", "-", "output file, - for stdout")
	flag.StringVar(&cfg.checkpoint, "checkpoint", "", "resume `file`: where the export got to; needs -out to be a file")
	flag.IntVar(&cfg.pageSize, "page", rebilly.MaxLimit, "page size, 1 to 1000")
	flag.IntVar(&cfg.every, "progress", 1000, "report progress and save the checkpoint every N customers")
	flag.IntVar(&cfg.concurrency, "concurrency", rebilly.DefaultExportConcurrency, fmt.Sprintf("pages fetched at once, 1 to %d", rebilly.MaxExportConcurrency))
	flag.Parse()
	if err := cfg.check(); err != nil {
		fmt.Fprintln(os.Stderr, "export:", err)
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	client, description, closeFn, err := connect.Client()
	if err != nil {
		fmt.Fprintln(os.Stderr, "export:", err)
		return 1
	}
	defer closeFn()
	// The first line says which API is used; on stderr, so that stdout
	// holds only JSON Lines.
	fmt.Fprintln(os.Stderr, description)
	if err := run(ctx, client, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "export:", err)
		return 1
	}
	return 0
}

// config is the command line.
type config struct {
	filter, q       string
	out, checkpoint string
	pageSize, every int
	concurrency     int
}

func (c config) check() error {
	switch {
	case c.pageSize < 1 || c.pageSize > rebilly.MaxLimit:
		return fmt.Errorf("-page %d: must be from 1 to %d", c.pageSize, rebilly.MaxLimit)
	case c.concurrency < 1 || c.concurrency > rebilly.MaxExportConcurrency:
		return fmt.Errorf("-concurrency %d: must be from 1 to %d", c.concurrency, rebilly.MaxExportConcurrency)
	case c.every < 1:
		return fmt.Errorf("-progress %d: must be at least 1", c.every)
	case c.checkpoint != "" && c.out == "-":
		return errors.New("-checkpoint needs -out to name a file, which a resumed export appends to")
	}
	return nil
}

// run exports the customers to cfg.out (stdout for "-"), reporting progress
// on progress.
func run(ctx context.Context, client *rebilly.Client, cfg config, stdout, progress io.Writer) error {
	var out exportFile
	var cp rebilly.Checkpoint
	switch {
	case cfg.out == "-":
		out = exportFile{w: stdout}
	case cfg.checkpoint != "":
		var err error
		if out, err = resume(cfg.out, cfg.checkpoint, &cp); err != nil {
			return err
		}
		defer out.close()
		if out.written > 0 {
			fmt.Fprintf(progress, "resuming: %d customers exported before\n", out.count)
		}
	default:
		f, err := os.Create(cfg.out)
		if err != nil {
			return err
		}
		defer f.Close()
		out = exportFile{w: f, f: f}
	}

	params := &rebilly.CustomerListParams{Filter: cfg.filter, Q: cfg.q, Limit: cfg.pageSize}
	opts := &rebilly.ExportOptions{Concurrency: cfg.concurrency, Checkpoint: &cp}
	start, before := time.Now(), out.count
	rate := func() float64 { return float64(out.count-before) / max(time.Since(start).Seconds(), 1e-9) }
	for c, err := range client.Customers.Export(ctx, params, opts) {
		if err != nil {
			// What was exported up to here is saved; run again to resume.
			return errors.Join(fmt.Errorf("after %d customers: %w", out.count, err), out.save(cfg.checkpoint, &cp))
		}
		if err := out.write(c); err != nil {
			return err
		}
		if out.count%int64(cfg.every) == 0 {
			if err := out.save(cfg.checkpoint, &cp); err != nil {
				return err
			}
			fmt.Fprintf(progress, "exported %d customers (%.0f customers/s)\n", out.count, rate())
		}
	}
	if err := out.save(cfg.checkpoint, &cp); err != nil {
		return err
	}
	fmt.Fprintf(progress, "done: exported %d customers (%.0f customers/s)\n", out.count, rate())
	return nil
}
