package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	rebilly "github.com/openrebilly/rebilly-go"
)

// exportFile is the JSON Lines output, and what a checkpoint records of it.
type exportFile struct {
	w       io.Writer
	f       *os.File // nil for stdout
	buf     *bufio.Writer
	written int64 // bytes of whole lines written
	count   int64 // customers written
}

func (e *exportFile) write(c *rebilly.Customer) error {
	if e.buf == nil {
		e.buf = bufio.NewWriter(e.w)
	}
	line, err := json.Marshal(c)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	if _, err := e.buf.Write(line); err != nil {
		return err
	}
	e.written += int64(len(line))
	e.count++
	return nil
}

// saved is the checkpoint file: where the walk got to, and how much of the
// output holds the customers it yielded up to there.
type saved struct {
	Checkpoint string `json:"checkpoint"`
	Bytes      int64  `json:"bytes"`
	Count      int64  `json:"count"`
}

// save flushes the output to disk, then records cp and the output's size in
// path (when not empty), replacing the file in one step, so that a crash
// leaves either the old checkpoint or the new one.
func (e *exportFile) save(path string, cp *rebilly.Checkpoint) error {
	if e.buf != nil {
		if err := e.buf.Flush(); err != nil {
			return err
		}
	}
	if path == "" {
		return nil
	}
	if err := e.f.Sync(); err != nil {
		return err
	}
	text, err := cp.MarshalText()
	if err != nil {
		return err
	}
	b, err := json.Marshal(saved{Checkpoint: string(text), Bytes: e.written, Count: e.count})
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func (e *exportFile) close() {
	if e.f != nil {
		e.f.Close()
	}
}

// resume opens the output for an export that records its progress in
// checkpointPath. When that file exists, the output is cut back to what it
// records (dropping lines written after the last save) and cp is loaded from
// it; otherwise the export starts anew.
func resume(outPath, checkpointPath string, cp *rebilly.Checkpoint) (exportFile, error) {
	b, err := os.ReadFile(checkpointPath)
	if errors.Is(err, fs.ErrNotExist) {
		f, err := os.Create(outPath)
		return exportFile{w: f, f: f}, err
	}
	if err != nil {
		return exportFile{}, err
	}
	var s saved
	if err := json.Unmarshal(b, &s); err != nil {
		return exportFile{}, fmt.Errorf("checkpoint file %s: %w", checkpointPath, err)
	}
	if err := cp.UnmarshalText([]byte(s.Checkpoint)); err != nil {
		return exportFile{}, fmt.Errorf("checkpoint file %s: %w", checkpointPath, err)
	}
	f, err := os.OpenFile(outPath, os.O_RDWR, 0)
	if err != nil {
		return exportFile{}, fmt.Errorf("resuming into %s: %w", outPath, err)
	}
	info, err := f.Stat()
	if err == nil && info.Size() < s.Bytes {
		err = fmt.Errorf("%s holds %d bytes, less than the %d its checkpoint records", outPath, info.Size(), s.Bytes)
	}
	if err == nil {
		err = f.Truncate(s.Bytes)
	}
	if err == nil {
		_, err = f.Seek(s.Bytes, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return exportFile{}, err
	}
	return exportFile{w: f, f: f, written: s.Bytes, count: s.Count}, nil
}
