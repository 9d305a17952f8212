package rebillytest

import (
	"fmt"
	"net"
	"strings"
)

// ListenLoopback listens on addr (host:port) for serving a Handler, and
// refuses any host that is not a loopback address: the fake accepts a
// well-known key and must not be reachable from other machines. The host
// may be "localhost", an IPv4 address in 127.0.0.0/8 or [::1]; port 0
// picks a free port.
func ListenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("rebillytest: address %q: %w", addr, err)
	}
	if !isLoopbackHost(host) {
		return nil, fmt.Errorf("rebillytest: address %q is not a loopback address: the fake serves only 127.0.0.1, [::1] or localhost", addr)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("rebillytest: listening on %s: %w", addr, err)
	}
	return l, nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
