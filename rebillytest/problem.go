package rebillytest

import (
	"net/http"

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
