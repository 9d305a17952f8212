package rebilly

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestMarkPageIsMarkOneByOne: markPage leaves a keyset position as marking the
// same customers one by one does, from any start, in any order of times.
func TestMarkPageIsMarkOneByOne(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return start.Add(time.Duration(s) * time.Second) }
	for round := range 2000 {
		var cs []*Customer
		for i := range r.IntN(8) {
			cs = append(cs, &Customer{ID: fmt.Sprintf("c%d_%d", round, i), CreatedTime: at(r.IntN(4))})
		}
		var base keysetPos
		if r.IntN(3) > 0 {
			base = startingAt(at(r.IntN(4)))
			if r.IntN(2) > 0 {
				base.idsAtLastTime = map[string]struct{}{"old": {}}
			}
		}
		one, page := base.clone(), base.clone()
		for _, c := range cs {
			one.mark(c)
		}
		page.markPage(cs)
		assert.Equal(t, one.text(), page.text(), "round %d", round)
	}
}
