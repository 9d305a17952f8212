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

// call is one request to an operation, taken apart.
type call struct {
	r  *http.Request
	rt route
	id string // the ID in the path (customer, custom event type); "" when none
	// sub is the path's second parameter: a timeline message ID, a tag
	// name, or a custom field's resource.
	sub  string
	name string // a custom field's name
	body []byte
}

// org is the organization the request names, or DefaultOrganizationID.
func (c *call) org() string { return c.rt.organization() }

// base is the URL the answer's links start with.
func (c *call) base() string { return c.rt.base(c.r) }

// operation is one method on one path.
type operation struct {
	method string
	serve  func(h *Handler, w http.ResponseWriter, c *call)
}

// serveAPI authenticates, applies the rate limit and dispatches.
func (h *Handler) serveAPI(w http.ResponseWriter, r *http.Request, rt route, body []byte) {
	if !h.authenticated(r.Header) {
		writeProblem(w, newProblem(http.StatusUnauthorized, "unauthorized", "Unauthorized",
			"Send an accepted API key in the REB-APIKEY header, or an accepted JWT as Authorization: Bearer <token>."))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		d := h.limits.take(rt.organization(), h.preciseNow())
		w.Header().Set("X-RateLimit-Limit", strconv.Itoa(d.limit))
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(d.remaining))
		if !d.allowed {
			w.Header().Set("X-RateLimit-Retry-After", strconv.FormatInt(d.resetUnix(), 10))
			writeProblem(w, newProblem(http.StatusTooManyRequests, "too-many-requests", "Rate Limit Exceeded",
				"A request cannot be executed because too many requests were sent within the rate-limit period."))
			return
		}
	}

	h.applyDue(false)
	c := &call{r: r, rt: rt, body: body}
	ops, bad := c.operations()
	if bad != nil {
		writeProblem(w, *bad)
		return
	}
	allow := make([]string, len(ops))
	for i, op := range ops {
		if op.method == r.Method {
			op.serve(h, w, c)
			return
		}
		allow[i] = op.method
	}
	methodNotAllowed(w, strings.Join(allow, ", "))
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

// operations returns the operations of the request's path, in the order
// the Allow header lists them, having set the call's path parameters; or
// the problem (404 for a path no operation has, 422 for a path parameter
// that breaks its pattern).
func (c *call) operations() ([]operation, *problem) {
	segs := c.rt.segments
	// at reports whether the path is the given segments, where "*" stands
	// for any non-empty segment.
	at := func(pattern ...string) bool {
		if len(segs) != len(pattern) {
			return false
		}
		for i, p := range pattern {
			if (p == "*" && segs[i] == "") || (p != "*" && p != segs[i]) {
				return false
			}
		}
		return true
	}
	var ops []operation
	var idParam, tagParam string // names of parameters to check
	switch {
	case at("customers"):
		ops = []operation{{http.MethodGet, (*Handler).listCustomers}, {http.MethodPost, (*Handler).createCustomer}}
	case at("customers", "*"):
		ops = []operation{{http.MethodGet, (*Handler).getCustomer}, {http.MethodPut, (*Handler).upsertCustomer},
			{http.MethodDelete, (*Handler).mergeCustomer}}
	case at("customers", "*", "lead-source"):
		ops = []operation{{http.MethodGet, (*Handler).getLeadSource}, {http.MethodPut, (*Handler).putLeadSource},
			{http.MethodDelete, (*Handler).deleteLeadSource}}
	case at("customers", "*", "credit-balance"):
		ops = []operation{{http.MethodGet, (*Handler).getCreditBalance}}
	case at("customers", "*", "compliance-screening-report"):
		ops = []operation{{http.MethodPost, (*Handler).createScreeningReport}}
	case at("customers", "*", "timeline"):
		ops = []operation{{http.MethodGet, (*Handler).listTimeline}, {http.MethodPost, (*Handler).createTimelineMessage}}
	case at("customers", "*", "timeline", "*"):
		c.sub = segs[3]
		ops = []operation{{http.MethodGet, (*Handler).getTimelineMessage}, {http.MethodDelete, (*Handler).deleteTimelineMessage}}
	case at("experimental", "customers", "*", "summary-metrics"):
		// The only customer path whose ID has no declared pattern.
		c.id = segs[2]
		return []operation{{http.MethodGet, (*Handler).getSummaryMetrics}}, nil
	case at("customer-timeline-custom-events"):
		return []operation{{http.MethodGet, (*Handler).listEventTypes}, {http.MethodPost, (*Handler).createEventType}}, nil
	case at("customer-timeline-custom-events", "*"):
		c.id, idParam = segs[1], "id"
		ops = []operation{{http.MethodGet, (*Handler).getEventType}}
	case at("tags"):
		return []operation{{http.MethodGet, (*Handler).listTags}, {http.MethodPost, (*Handler).createTag}}, nil
	case at("tags", "*"):
		c.sub, tagParam = segs[1], "tag"
		ops = []operation{{http.MethodGet, (*Handler).getTag}, {http.MethodPatch, (*Handler).renameTag},
			{http.MethodDelete, (*Handler).deleteTag}}
	case at("tags", "*", "customers"):
		c.sub, tagParam = segs[1], "tag"
		ops = []operation{{http.MethodPost, (*Handler).tagCustomers}, {http.MethodDelete, (*Handler).untagCustomers}}
	case at("tags", "*", "customers", "*"):
		c.sub, tagParam, c.id, idParam = segs[1], "tag", segs[3], "customerId"
		ops = []operation{{http.MethodPost, (*Handler).tagCustomer}, {http.MethodDelete, (*Handler).untagCustomer}}
	case at("custom-fields", "*"):
		c.sub = segs[1]
		ops = []operation{{http.MethodGet, (*Handler).listCustomFields}}
	case at("custom-fields", "*", "*"):
		c.sub, c.name = segs[1], segs[2]
		ops = []operation{{http.MethodGet, (*Handler).getCustomField}, {http.MethodPut, (*Handler).putCustomField}}
	default:
		p := notFound("No operation of the Customers API has the path " + strconv.Quote(c.r.URL.Path) + ".")
		return nil, &p
	}
	if segs[0] == "customers" && len(segs) > 1 {
		c.id, idParam = segs[1], "id"
	}
	if segs[0] == "custom-fields" {
		if msg := checkResource(c.sub); msg != "" {
			p := invalidParam("resource", msg)
			return nil, &p
		}
		if msg := checkFieldName(c.name); c.name != "" && msg != "" {
			p := invalidParam("name", msg)
			return nil, &p
		}
	}
	if tagParam != "" {
		if msg := checkTagName(c.sub); msg != "" {
			p := invalidParam(tagParam, msg)
			return nil, &p
		}
	}
	if idParam != "" {
		if msg := checkID(c.id); msg != "" {
			p := invalidParam(idParam, msg)
			return nil, &p
		}
	}
	return ops, nil
}
