package codec_test

import (
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

func TestNumbersInInterfacesStayExact(t *testing.T) {
	in := `{"big":12345678901234567890,"dec":0.1,"neg":-3e-7,"nested":{"list":[1,2.50]}}`
	var v map[string]any
	require.NoError(t, codec.Unmarshal([]byte(in), &v))
	assert.Equal(t, json.Number("12345678901234567890"), v["big"])
	assert.Equal(t, json.Number("0.1"), v["dec"])
	assert.Equal(t, json.Number("-3e-7"), v["neg"])
	assert.Equal(t, []any{json.Number("1"), json.Number("2.50")}, v["nested"].(map[string]any)["list"])

	out, err := codec.Marshal(v)
	require.NoError(t, err)
	assert.Equal(t, `{"big":12345678901234567890,"dec":0.1,"neg":-3e-7,"nested":{"list":[1,2.50]}}`, string(out))
}

func TestTypedNumbersStillDecode(t *testing.T) {
	var v struct {
		N int
		F float64
	}
	require.NoError(t, codec.Unmarshal([]byte(`{"N":3,"F":1.25}`), &v))
	assert.Equal(t, 3, v.N)
	assert.Equal(t, 1.25, v.F)
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, in string
		wantErr  string
	}{
		{"one value", `{"a":1}`, ""},
		{"trailing white space", "{\"a\":1} \n\t", ""},
		{"trailing value", `{"a":1} {"a":2}`, "after top-level value"},
		{"trailing garbage", `{"a":1}x`, "after top-level value"},
		{"trailing bracket", `{"a":1}]`, "after top-level value"},
		{"syntax error", `{"a":`, "unexpected end of JSON input"},
		{"wrong type", `{"a":"x"}`, "cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v struct{ A int }
			err := codec.Decode(strings.NewReader(tt.in), int64(len(tt.in)), &v)
			if tt.wantErr == "" {
				require.NoError(t, err)
				assert.Equal(t, 1, v.A)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestDecodeEmptyIsEOF(t *testing.T) {
	var v any
	err := codec.Decode(strings.NewReader(""), -1, &v)
	assert.ErrorIs(t, err, io.EOF)
	err = codec.Unmarshal(nil, &v)
	assert.ErrorIs(t, err, io.EOF)
}

func TestDecodePassesReaderErrors(t *testing.T) {
	boom := io.ErrClosedPipe
	var v any
	err := codec.Decode(io.MultiReader(strings.NewReader(`{"a":`), errReader{boom}), -1, &v)
	assert.ErrorIs(t, err, boom)
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// A reader that fails after the value (a connection cut off in trailing
// white space) is that failure, not "data after the value", so that the
// caller can tell a broken connection from a bad body.
func TestDecodeReaderErrorAfterTheValue(t *testing.T) {
	var v struct{ A int }
	err := codec.Decode(io.MultiReader(strings.NewReader(`{"A":1}  `), errReader{io.ErrUnexpectedEOF}), 9, &v)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.NotContains(t, err.Error(), "after top-level value")
}

// The size hint only sizes the buffer: a body longer or shorter than it is
// read whole.
func TestDecodeSizeIsAHint(t *testing.T) {
	in := `{"a":"` + strings.Repeat("x", 5000) + `"}`
	for _, size := range []int64{-1, 0, 10, int64(len(in)) - 1, int64(len(in)), int64(len(in)) + 1, int64(len(in)) + 100, 1 << 30} {
		var v struct{ A string }
		require.NoError(t, codec.Decode(strings.NewReader(in), size, &v), "size %d", size)
		assert.Len(t, v.A, 5000, "size %d", size)
	}
}
