package codec_test

// The codec against encoding/json on the bodies the SDK decodes most: a
// page of 100 and of 1,000 generated customers as rebillytest sends them.
//
//	go test -run '^$' -bench . -benchmem -count 10 ./internal/codec/ > codec.txt
//	benchstat -col /codec codec.txt

import (
	"bytes"
	"encoding/json"
	"testing"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

func benchPages(b *testing.B) map[string][]*rebilly.Customer {
	srv := rebillytest.NewServer(rebillytest.WithGeneratedCustomers(1000), rebillytest.WithRequestLogSize(0))
	defer srv.Close()
	all := srv.Customers()
	return map[string][]*rebilly.Customer{"100": all[:100], "1000": all}
}

func BenchmarkDecodePage(b *testing.B) {
	for n, page := range benchPages(b) {
		body, err := json.Marshal(page)
		if err != nil {
			b.Fatal(err)
		}
		run := func(b *testing.B, decode func([]byte, any) error) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var v []*rebilly.Customer
				if err := decode(body, &v); err != nil || len(v) != len(page) {
					b.Fatalf("%d customers, %v", len(v), err)
				}
			}
		}
		b.Run("n="+n+"/codec=encoding-json", func(b *testing.B) { run(b, referenceDecode) })
		b.Run("n="+n+"/codec=go-json", func(b *testing.B) { run(b, codec.Unmarshal) })
		b.Run("n="+n+"/codec=go-json-elements", func(b *testing.B) {
			run(b, func(data []byte, v any) error { return codec.DecodeElements(bytes.NewReader(data), v) })
		})
	}
}

func BenchmarkEncodePage(b *testing.B) {
	for n, page := range benchPages(b) {
		run := func(b *testing.B, encode func(any) ([]byte, error)) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				out, err := encode(page)
				if err != nil || !bytes.HasPrefix(out, []byte(`[{"id":"cus_gen`)) {
					b.Fatalf("%.40s, %v", out, err)
				}
			}
		}
		b.Run("n="+n+"/codec=encoding-json", func(b *testing.B) { run(b, json.Marshal) })
		b.Run("n="+n+"/codec=go-json", func(b *testing.B) { run(b, codec.Marshal) })
	}
}
