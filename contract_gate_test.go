package rebilly_test

// The gate of the contract tests: the tests that read the API documents
// beside the repository (../shared) or run Stoplight Prism.

import (
	"os"
	"testing"
)

// contractTestsVar is the project variable that makes the contract tests'
// inputs required. .ci/run sets it to 1; a plain clone leaves it unset.
const contractTestsVar = "REBILLY_CONTRACT_TESTS"

// needForContract is the one gate of every contract test. missing is nil
// when the input what (a file under ../shared, the Prism binary) is there,
// and the test goes on. Otherwise the test is skipped with the reason, or,
// when REBILLY_CONTRACT_TESTS=1, it fails: CI that sets the variable must
// not pass by skipping.
func needForContract(t *testing.T, what string, missing error) {
	t.Helper()
	if missing == nil {
		return
	}
	if os.Getenv(contractTestsVar) == "1" {
		t.Fatalf("contract test: %s is missing, and %s=1 requires it: %v", what, contractTestsVar, missing)
	}
	t.Skipf("skipping contract test: %s is missing (%v); set %s=1 to make this a failure, as .ci/run does",
		what, missing, contractTestsVar)
}
