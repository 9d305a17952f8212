// Package rebillytest is an in-process, stateful fake of Rebilly's
// Customers API, for testing code that uses package rebilly: it is to
// rebilly what net/http/httptest is to net/http.
//
//	srv := rebillytest.NewServer(rebillytest.WithSampleData())
//	defer srv.Close()
//	client := srv.Client() // a *rebilly.Client pointed at the fake
//
// The fake serves all eight operations of the Customers API (list, create,
// get, upsert, merge-and-delete; get, set and delete a lead source) under
// /customers and under /organizations/{id}/customers, with the API's
// semantics: generated IDs, 201 with Location or 200 on upsert, revisions
// and times, email and names derived from the primary address, read-only
// fields ignored and write-only fields never returned, the filter language,
// q, sort, fields, expand and pagination headers, merges, lead-source
// history, 422 answers with invalidFields in dot notation, 401, 404, 405,
// 409 and an optional rate limit with 429. Errors are problem documents
// (RFC 9457) sent as application/json.
//
// To test how code copes with a misbehaving API, add a Fault: an error
// status a number of times, Retry-After headers, latency, a dropped
// connection, a truncated body or a proxy's HTML error page. The request
// log (Requests) records every request and answer with secrets redacted,
// and Customer, Customers and LeadSource show the state. A Clock shared by
// the fake and the client makes retries and rate-limit windows instant.
//
// Lists are ordered by createdTime, newest first, unless sort says
// otherwise; customers created at the same instant come in descending ID
// order, the exact reverse of sort=createdTime. Every sort ends with a
// tie-break that makes the order total, so that pages never overlap: ID in
// the direction of the createdTime key when there is one, else createdTime
// and then ID, ascending. Customers are kept ordered by createdTime, so a
// createdTime range sorted by createdTime (what rebilly's All asks for) is
// found by binary search, even among a million customers.
//
// What the fake does not reproduce: organizations do not partition data
// (every /organizations/{id} prefix sees one store); problem type URIs are
// its own; payment tokens are not checked; company data, VIES checks and
// payment statistics exist only as seeded; only leadSource expands, and
// there are no stored lists for @list filters; a boolean compared with a
// text field is not refused; unknown names in fields are ignored; the rate
// limit is one fixed window per server; times keep nanoseconds.
//
// Everything lives in one process; Handler serves the same fake on any
// listener, and cmd/rebilly-fake serves it on a loopback port for other
// programs.
package rebillytest
