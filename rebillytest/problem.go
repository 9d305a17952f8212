package rebillytest

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// problemTypeBase prefixes the fake's problem type URIs. The real API's
// type URIs are not documented; these name the problem and say plainly
// that they come from the fake.
const problemTypeBase = "https://rebillytest.invalid/problems/"

// problem is an RFC 9457 problem document, as the API sends for errors.
type problem struct {
	Status        int            `json:"status"`
	Type          string         `json:"type"`
	Title         string         `json:"title"`
	Detail        string         `json:"detail"`
	InvalidFields []invalidField `json:"invalidFields,omitempty"`
}

// invalidField is one entry of a 422's invalidFields: a field in dot
// notation (array items by index, as in primaryAddress.emails.0.value)
// and what is wrong with it.
type invalidField struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func newProblem(status int, slug, title, detail string) problem {
	return problem{Status: status, Type: problemTypeBase + slug, Title: title, Detail: detail}
}

func notFound(detail string) problem {
	return newProblem(http.StatusNotFound, "not-found", "Not Found", detail)
}

func conflict(detail string) problem {
	return newProblem(http.StatusConflict, "conflict", "Conflict", detail)
}

func invalid(detail string, fields ...invalidField) problem {
	p := newProblem(http.StatusUnprocessableEntity, "invalid-data", "Invalid data", detail)
	p.InvalidFields = fields
	return p
}

func invalidParam(field, message string) problem {
	return invalid("The request has invalid data: "+field+" "+message+".", invalidField{Field: field, Message: message})
}

// writeProblem answers with p as application/json, as the API declares for
// its errors.
func writeProblem(w http.ResponseWriter, p problem) {
	body, err := codec.Marshal(p)
	if err != nil { // cannot happen: p holds only strings and ints
		panic("rebillytest: encoding a problem: " + err.Error())
	}
	writeJSON(w, p.Status, body)
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// recorder buffers a response, so that the server can log it, cut it
// short for a fault, or give it a Content-Length before sending it. Unlike
// an http.ResponseWriter it may keep the slice passed to Write, so callers
// must not change it afterwards (the fake's handlers never do).
type recorder struct {
	header http.Header
	status int
	body   []byte
}

func newRecorder() *recorder { return &recorder{header: make(http.Header)} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if r.body == nil {
		r.body = p[:len(p):len(p)] // a later Write copies
	} else {
		r.body = append(r.body, p...)
	}
	return len(p), nil
}

func (r *recorder) statusCode() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

// htmlErrorPage is what a proxy in front of the API might answer.
func htmlErrorPage(status int) []byte {
	text := strconv.Itoa(status) + " " + http.StatusText(status)
	return []byte("<!DOCTYPE html>\n<html><head><title>" + text + "</title></head>\n<body><center><h1>" + text +
		"</h1></center><hr><center>rebillytest proxy</center></body></html>\n")
}

// queryOf parses the request's query string. A query that does not parse
// (a stray '%', a ';' where url.ParseQuery refuses it) is an error, not a
// query with the unparsable parts dropped, which would widen a filter.
func queryOf(r *http.Request) (url.Values, *problem) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		p := invalidParam("query", "is not a valid query string ("+err.Error()+"); encode ';' as %3B and ',' as %2C")
		return nil, &p
	}
	return q, nil
}
