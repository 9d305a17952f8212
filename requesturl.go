package rebilly

import (
	"net/url"
	"strings"
)

// baseURL is the client's base URL, parsed once: each call's URL is made
// from it without parsing again when it can be (see requestURL).
type baseURL struct {
	raw          string // scheme://host[/path prefix][/organizations/{id}], no trailing slash
	scheme, host string // host without an empty port, as http.NewRequest leaves it
	path         string // the unescaped path prefix, when plain
	plain        bool   // whether the path prefix is plain (see plainURLPart)
}

func newBaseURL(raw string) (baseURL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return baseURL{}, err
	}
	return baseURL{raw: raw, scheme: u.Scheme, host: strings.TrimSuffix(u.Host, ":"), path: u.Path,
		plain: u.RawPath == "" && plainURLPart(u.Path, false)}, nil
}

// requestURL returns the URL of path (escaped, relative to the base URL)
// with query (encoded), as url.Parse reads their concatenation. When both
// are plain and the path is empty or starts with '/', as the services'
// paths and queries are, it is made without parsing: the path and the
// query are then as url.Parse would leave them.
func (b *baseURL) requestURL(path, query string) (*url.URL, error) {
	if b.plain && (path == "" || path[0] == '/') && plainURLPart(path, false) && plainURLPart(query, true) {
		return &url.URL{Scheme: b.scheme, Host: b.host, Path: b.path + path, RawQuery: query}, nil
	}
	raw := b.raw + path
	if query != "" {
		raw += "?" + query
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	u.Host = strings.TrimSuffix(u.Host, ":") // as http.NewRequest does
	return u, nil
}

// plainURLPart reports whether s holds only bytes that url.Parse keeps as
// they are in a path (letters, digits, '-', '.', '_', '~', '/' and '@'),
// or, for a query, in an encoded query ('%', '+', '=' and '&' too, but no
// '/' or '@').
func plainURLPart(s string, query bool) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
		case !query && (c == '/' || c == '@'):
		case query && (c == '%' || c == '+' || c == '=' || c == '&'):
		default:
			return false
		}
	}
	return true
}
