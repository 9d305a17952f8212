package rebillytest

import (
	"sync"
	"time"
)

// rateLimits holds one rateLimiter per organization: the API limits each
// organization on its own.
type rateLimits struct {
	limit  int
	window time.Duration

	mu    sync.Mutex
	byOrg map[string]*rateLimiter
}

// take counts one request of the organization at time now.
func (l *rateLimits) take(org string, now time.Time) rateDecision {
	l.mu.Lock()
	rl, ok := l.byOrg[org]
	if !ok {
		rl = &rateLimiter{limit: l.limit, window: l.window}
		l.byOrg[org] = rl
	}
	l.mu.Unlock()
	return rl.take(now)
}

// rateLimiter counts requests in fixed windows of the fake's clock. A
// window opens with the first request after the previous one closed.
type rateLimiter struct {
	limit  int
	window time.Duration

	mu    sync.Mutex
	start time.Time // of the current window; zero before the first request
	used  int
}

// rateDecision is the state of the limit after one request.
type rateDecision struct {
	allowed   bool
	limit     int
	remaining int
	reset     time.Time // when the current window closes
}

func (l *rateLimiter) take(now time.Time) rateDecision {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.start.IsZero() || !now.Before(l.start.Add(l.window)) || now.Before(l.start) {
		l.start, l.used = now, 0
	}
	d := rateDecision{limit: l.limit, reset: l.start.Add(l.window)}
	if l.used >= l.limit {
		return d
	}
	l.used++
	d.allowed = true
	d.remaining = l.limit - l.used
	return d
}

// resetUnix is the reset time as Unix seconds, rounded up so that a client
// waiting until then finds the window closed.
func (d rateDecision) resetUnix() int64 {
	s := d.reset.Unix()
	if d.reset.After(time.Unix(s, 0)) {
		s++
	}
	return s
}
