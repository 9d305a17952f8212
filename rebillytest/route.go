package rebillytest

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// route is a request path taken apart.
type route struct {
	apiPath string // the path without the /organizations/{id} prefix, unescaped
	org     string // the organization in the path, "" when bare
	prefix  string // "/organizations/{id}" as received (escaped), or ""
	// segments of apiPath, each unescaped; nil when the path does not
	// parse (a bad escape, or an organization prefix without an ID).
	segments []string
}

func parseRoute(u *url.URL) route {
	raw := strings.Split(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	segs := make([]string, len(raw))
	for i, s := range raw {
		v, err := url.PathUnescape(s)
		if err != nil {
			return route{apiPath: u.Path}
		}
		segs[i] = v
	}
	rt := route{}
	if len(segs) >= 2 && segs[0] == "organizations" {
		rt.org = segs[1]
		rt.prefix = "/organizations/" + raw[1]
		segs = segs[2:]
		if checkID(rt.org) != "" {
			return route{apiPath: "/" + strings.Join(segs, "/"), org: rt.org}
		}
	}
	rt.segments = segs
	rt.apiPath = "/" + strings.Join(segs, "/")
	return rt
}

// base is the URL the API's links start with for this request.
func (rt route) base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + rt.prefix
}

func (rt route) organization() string {
	if rt.org != "" {
		return rt.org
	}
	return DefaultOrganizationID
}

// serveAPI authenticates, applies the rate limit and dispatches.
func (h *Handler) serveAPI(w http.ResponseWriter, r *http.Request, rt route, body []byte) {
	if !h.authenticated(r.Header) {
		writeProblem(w, newProblem(http.StatusUnauthorized, "unauthorized", "Unauthorized",
			"Send an accepted API key in the REB-APIKEY header, or an accepted JWT as Authorization: Bearer <token>."))
		return
	}
	if h.limiter != nil && r.Method != http.MethodGet && r.Method != http.MethodHead {
		d := h.limiter.take(h.now())
		w.Header().Set("X-RateLimit-Limit", strconv.Itoa(d.limit))
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(d.remaining))
		if !d.allowed {
			w.Header().Set("X-RateLimit-Retry-After", strconv.FormatInt(d.resetUnix(), 10))
			writeProblem(w, newProblem(http.StatusTooManyRequests, "too-many-requests", "Rate Limit Exceeded",
				"A request cannot be executed because too many requests were sent within the rate-limit period."))
			return
		}
	}

	segs := rt.segments
	switch {
	case len(segs) == 1 && segs[0] == "customers":
		switch r.Method {
		case http.MethodGet:
			h.listCustomers(w, r, rt)
		case http.MethodPost:
			h.createCustomer(w, r, rt, body)
		default:
			methodNotAllowed(w, "GET, POST")
		}
	case len(segs) == 2 && segs[0] == "customers" && segs[1] != "":
		id := segs[1]
		if msg := checkID(id); msg != "" {
			writeProblem(w, invalidParam("id", msg))
			return
		}
		switch r.Method {
		case http.MethodGet:
			h.getCustomer(w, r, rt, id)
		case http.MethodPut:
			h.upsertCustomer(w, r, rt, id, body)
		case http.MethodDelete:
			h.mergeCustomer(w, r, id)
		default:
			methodNotAllowed(w, "GET, PUT, DELETE")
		}
	case len(segs) == 3 && segs[0] == "customers" && segs[1] != "" && segs[2] == "lead-source":
		id := segs[1]
		if msg := checkID(id); msg != "" {
			writeProblem(w, invalidParam("id", msg))
			return
		}
		switch r.Method {
		case http.MethodGet:
			h.getLeadSource(w, r, rt, id)
		case http.MethodPut:
			h.putLeadSource(w, r, rt, id, body)
		case http.MethodDelete:
			h.deleteLeadSource(w, id)
		default:
			methodNotAllowed(w, "GET, PUT, DELETE")
		}
	default:
		writeProblem(w, notFound("No operation of the Customers API has the path "+strconv.Quote(r.URL.Path)+"."))
	}
}

func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	writeProblem(w, newProblem(http.StatusMethodNotAllowed, "method-not-allowed", "Method Not Allowed",
		"This path accepts only "+allow+"."))
}

// authenticated checks the REB-APIKEY header or a bearer token, in
// constant time per candidate.
func (h *Handler) authenticated(hdr http.Header) bool {
	if key := hdr.Get("REB-APIKEY"); key != "" {
		for _, k := range h.cfg.apiKeys {
			if subtle.ConstantTimeCompare([]byte(key), []byte(k)) == 1 {
				return true
			}
		}
	}
	scheme, token, ok := strings.Cut(hdr.Get("Authorization"), " ")
	if ok && strings.EqualFold(scheme, "Bearer") && token != "" {
		for _, t := range h.cfg.jwts {
			if subtle.ConstantTimeCompare([]byte(token), []byte(t)) == 1 {
				return true
			}
		}
	}
	return false
}
