package rebilly_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/rebillytest"
)

// All and AllFrom against data as the API keeps it: createdTimes at whole
// seconds, so that bulk imports put hundreds of customers in one second.
// These tests use only the exported API of rebilly and rebillytest.

// secondsEpoch is the first second of the seeded customers.
var secondsEpoch = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

// clusteredSeeds returns at least n customers whose createdTimes come in
// groups of 1 to 1,500 a second (one group of exactly 1,500, a fair number
// above a page of 100), and the size of each group. Each customer's time
// carries a fraction of a second, which the fake drops, as the API keeps
// whole seconds.
func clusteredSeeds(n int) ([]*rebilly.Customer, []int) {
	rng := rand.New(rand.NewPCG(10, 2026))
	var seeds []*rebilly.Customer
	var groups []int
	for sec := 0; len(seeds) < n; sec++ {
		var size int
		switch r := rng.IntN(100); {
		case len(groups) == 7:
			size = 1500
		case r < 60:
			size = 1 + rng.IntN(20)
		case r < 88:
			size = 20 + rng.IntN(200)
		default:
			size = 220 + rng.IntN(1281) // up to 1,500
		}
		groups = append(groups, size)
		for range size {
			frac := time.Duration(rng.IntN(int(time.Second)))
			seeds = append(seeds, &rebilly.Customer{
				ID:          fmt.Sprintf("cus_sec%06d", len(seeds)),
				CreatedTime: secondsEpoch.Add(time.Duration(sec)*time.Second + frac),
			})
		}
	}
	return seeds, groups
}

// churn changes the fake between pages of a walk, as other programs would:
// it creates customers, upserts existing ones and merges some away. It
// records which customers were merged away, so that the rest of the seeds
// are the customers present for the whole walk.
type churn struct {
	t          *testing.T
	client     *rebilly.Client
	rng        *rand.Rand
	ids        []string       // the seeded IDs, in the order of sort=createdTime
	index      map[string]int // position of each seeded ID in ids
	second     map[string]time.Time
	descending bool // the walk goes newest first
	limit      int  // the walk's page size
	merged     map[string]bool
	created    map[string]bool // IDs created during the walk
}

func newChurn(t *testing.T, client *rebilly.Client, seeds []*rebilly.Customer, limit int, descending bool) *churn {
	c := &churn{t: t, client: client, rng: rand.New(rand.NewPCG(7, 7)), index: map[string]int{}, second: map[string]time.Time{},
		descending: descending, limit: limit, merged: map[string]bool{}, created: map[string]bool{}}
	for i, s := range seeds {
		c.ids = append(c.ids, s.ID)
		c.index[s.ID] = i
		c.second[s.ID] = s.CreatedTime.Truncate(time.Second)
	}
	return c
}

// pick returns a seeded customer not merged away for which ok holds.
func (c *churn) pick(ok func(id string) bool) string {
	for {
		if id := c.ids[c.rng.IntN(len(c.ids))]; !c.merged[id] && ok(id) {
			return id
		}
	}
}

// safeToMerge reports whether deleting id now keeps within All's
// documented promise, given the customer last yielded: All fetches one page
// ahead, and deleting a customer of a same-second group that it is
// crossing by offset, after fetching it, makes it miss one (or, when the
// group is larger than MaxOffset, end with ErrPaginationLimit). So only
// customers of seconds the walk has left behind, or more than two pages
// ahead of the last one yielded (not fetched yet), are merged away.
func (c *churn) safeToMerge(last string) func(id string) bool {
	at, seeded := c.index[last]
	if !seeded { // created during the walk: after every seed
		at = len(c.ids)
	}
	bound, ahead := c.second[last], 2*c.limit+1
	return func(id string) bool {
		i, sec := c.index[id], c.second[id]
		if c.descending {
			return seeded && sec.After(bound) || i < at-ahead
		}
		return !seeded || sec.Before(bound) || i > at+ahead
	}
}

// step makes one round of changes; last is the customer the walk yielded
// last.
func (c *churn) step(last string) {
	ctx := context.Background()
	for range 3 {
		cu, _, err := c.client.Customers.Create(ctx, &rebilly.CustomerInput{WebsiteID: "web_churn"})
		require.NoError(c.t, err)
		c.created[cu.ID] = true
	}
	anyone := func(string) bool { return true }
	for range 3 {
		_, _, err := c.client.Customers.Upsert(ctx, c.pick(anyone), &rebilly.CustomerInput{WebsiteID: "web_upserted"})
		require.NoError(c.t, err)
	}
	for range 2 {
		src := c.pick(c.safeToMerge(last))
		c.merged[src] = true // before picking the target, so that it is not src
		_, err := c.client.Customers.MergeDelete(ctx, src, c.pick(anyone))
		require.NoError(c.t, err)
	}
}

// check asserts the walk's promise: every seeded customer present for the
// whole walk was yielded exactly once; no customer was yielded twice; none
// that never existed was yielded.
func (c *churn) check(yielded map[string]int) {
	c.t.Helper()
	missing, twice := 0, 0
	for _, id := range c.ids {
		switch n := yielded[id]; {
		case n > 1:
			twice++
		case !c.merged[id] && n == 0:
			missing++
		}
	}
	for id, n := range yielded {
		if c.created[id] {
			assert.Equal(c.t, 1, n, "created during the walk: at most once, %s", id)
		}
	}
	assert.Zero(c.t, missing, "customers present for the whole walk that were never yielded")
	assert.Zero(c.t, twice, "customers yielded more than once")
	for id := range yielded {
		if _, seeded := c.index[id]; !seeded && !c.created[id] {
			c.t.Errorf("yielded %s, which never existed", id)
		}
	}
	assert.NotEmpty(c.t, c.merged)
}

func TestAllOverSecondPrecisionGroupsUnderChurn(t *testing.T) {
	seeds, groups := clusteredSeeds(10_000)
	require.GreaterOrEqual(t, len(seeds), 10_000)
	require.Contains(t, groups, 1500)
	big := 0
	for _, g := range groups {
		if g > 100 {
			big++
		}
	}
	require.Greater(t, big, 5, "several groups larger than a default page")

	// A page of at least 751 crosses a group of 1,500 by offset: it never
	// needs an offset past MaxOffset.
	for _, tc := range []struct {
		name   string
		limit  int
		resume bool // break off halfway, save the checkpoint, and go on with AllFrom
		sort   []string
	}{
		{"All, pages of 1000", 1000, false, nil},
		{"All, pages of 800, newest first", 800, false, []string{"-createdTime"}},
		{"AllFrom, pages of 1000, resumed from a saved checkpoint", 1000, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := rebillytest.NewClock(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
			srv := rebillytest.NewServer(rebillytest.WithCustomers(seeds...), rebillytest.WithClock(clock),
				rebillytest.WithRequestLogSize(0))
			defer srv.Close()
			client := srv.Client()
			ch := newChurn(t, client, seeds, tc.limit, len(tc.sort) > 0)
			params := &rebilly.CustomerListParams{Limit: tc.limit, Sort: tc.sort}
			ctx := context.Background()

			yielded := map[string]int{}
			total := 0
			var last string // the customer yielded last
			walk := func(seq func(func(*rebilly.Customer, error) bool), stopAt int) {
				for c, err := range seq {
					require.NoError(t, err)
					require.Zero(t, c.CreatedTime.Nanosecond(), "whole seconds")
					yielded[c.ID]++
					total++
					last = c.ID
					if total%250 == 0 {
						ch.step(last)
						clock.Advance(time.Second)
					}
					if total == stopAt {
						return
					}
				}
			}
			if !tc.resume {
				walk(client.Customers.All(ctx, params), -1)
			} else {
				cp := &rebilly.Checkpoint{}
				walk(client.Customers.AllFrom(ctx, params, cp), 4_321)
				saved, err := cp.MarshalText()
				require.NoError(t, err)
				ch.step(last) // more churn while the walk is stopped
				var loaded rebilly.Checkpoint
				require.NoError(t, loaded.UnmarshalText(saved))
				walk(client.Customers.AllFrom(ctx, params, &loaded), -1)
			}
			ch.check(yielded)
		})
	}
}

// A group too large for offset to cross (more than MaxOffset plus a page)
// ends the walk with an error matching ErrPaginationLimit where the walk
// stops: after every customer before the group and the part of the group
// that offset reached, and never silently.
func TestAllStopsAtAGroupTooLargeForOffset(t *testing.T) {
	const limit, before, group, after = 100, 50, rebilly.MaxOffset + 100 + 50, 50
	var seeds []*rebilly.Customer
	add := func(n, sec int) {
		for range n {
			seeds = append(seeds, &rebilly.Customer{
				ID: fmt.Sprintf("cus_big%05d", len(seeds)),
				// Nanoseconds apart: one group once the fake keeps whole seconds.
				CreatedTime: secondsEpoch.Add(time.Duration(sec)*time.Second + time.Duration(len(seeds))),
			})
		}
	}
	for i := range before {
		add(1, i)
	}
	add(group, before)
	for i := range after {
		add(1, before+1+i)
	}
	srv := rebillytest.NewServer(rebillytest.WithCustomers(seeds...), rebillytest.WithRequestLogSize(0))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	groupTime := secondsEpoch.Add(before * time.Second)

	for name, seq := range map[string]func(func(*rebilly.Customer, error) bool){
		"All":     client.Customers.All(ctx, &rebilly.CustomerListParams{Limit: limit}),
		"AllFrom": client.Customers.AllFrom(ctx, &rebilly.CustomerListParams{Limit: limit}, &rebilly.Checkpoint{}),
	} {
		t.Run(name, func(t *testing.T) {
			seen := map[string]bool{}
			inGroup, afterErr := 0, 0
			var walkErr error
			for c, err := range seq {
				if walkErr != nil {
					afterErr++
				}
				if err != nil {
					walkErr = err
					continue
				}
				require.False(t, seen[c.ID], "yielded twice: %s", c.ID)
				seen[c.ID] = true
				require.False(t, c.CreatedTime.After(groupTime), "a customer after the group: the walk skipped the rest of it")
				if c.CreatedTime.Equal(groupTime) {
					inGroup++
				}
			}
			require.Error(t, walkErr, "the walk must not end silently")
			assert.True(t, errors.Is(walkErr, rebilly.ErrPaginationLimit), "%v", walkErr)
			assert.Zero(t, afterErr, "nothing after the error")
			assert.Equal(t, before+inGroup, len(seen), "every customer before the group")
			assert.Equal(t, rebilly.MaxOffset+limit, inGroup, "the part of the group that offset reached")
		})
	}
}
