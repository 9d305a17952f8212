package rebillytest

import "testing"

func TestGeneratedCycleMatchesGroups(t *testing.T) {
	sum := 0
	for _, n := range generatedGroups() {
		sum += n
	}
	if sum != generatedCycle {
		t.Fatalf("generatedCycle is %d, the groups hold %d", generatedCycle, sum)
	}
}
