package codec

// For the tests of package codec_test.
var (
	UnmarshalStream = unmarshalStream
	HoldsInterface  = holdsInterface
)
