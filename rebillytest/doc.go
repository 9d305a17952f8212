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
// 409, and a rate limit (X-RateLimit-* headers on every write, 429 past
// it). Errors are problem documents (RFC 9457) sent as application/json.
//
// To test how code copes with a misbehaving API, add a Fault: an error
// status a number of times, Retry-After headers, latency, a dropped
// connection, a truncated body or a proxy's HTML error page. The request
// log (Requests) records every request and answer with secrets redacted,
// and Customer, Customers and LeadSource show the state. A Clock shared by
// the fake and the client makes retries and rate-limit windows instant.
//
// Everything lives in one process; Handler serves the same fake on any
// listener, and cmd/rebilly-fake serves it on a loopback port for other
// programs.
//
// Times are kept and served at whole seconds, as the API keeps them: a
// customer created at 12:00:00.7 has the createdTime 12:00:00, so that
// customers created in one second (a bulk import) share it, and seeded
// times are cut to whole seconds too. Filters on times compare at that
// precision: a fraction of a second in a filter value is dropped.
//
// Lists are ordered by createdTime, newest first, unless sort says
// otherwise; customers created in the same second come in descending ID
// order, the exact reverse of sort=createdTime. Every sort ends with a
// tie-break that makes the order total, so that pages never overlap: ID in
// the direction of the createdTime key when there is one, else createdTime
// and then ID, ascending. Customers are kept ordered by createdTime, so a
// createdTime range sorted by createdTime (what rebilly's All asks for) is
// found by binary search, even among a million customers.
//
// Organizations partition the data as the API's do: under
// /organizations/{id}, each organization has its own customers, lead
// sources, payment instruments and rate limit, and a customer of one is a
// 404 in another; the bare paths are the organization
// DefaultOrganizationID. Handler.Organization inspects any of them.
//
// # Filters: documented and assumed
//
// Rebilly documents the filter language (field:value, ',' for "or", ';'
// for "and", '!' to negate, ranges a..b, @lists) and names few customer
// fields in it. What rests on Rebilly's documentation: firstName, lastName,
// primaryAddress.firstName, primaryAddress.lastName and
// customFields.<name> as filter fields; ranges on numbers and date-times
// (createdTime:2024-01-01T00:00:00Z..); '!' on a value, with both forms of
// a negated list excluding every value (firstName:!John,!Bob, the current
// guide's, and firstName:!John,Bob, the older one's); q as partial text
// search. What is the fake's assumption, so that a test relying on it
// proves nothing about production: every other filter field (id, email,
// websiteId, organizationId, locale, personId, preferredPayoutInstrumentId,
// updatedTime, lastPaymentTime, paymentCount, invoiceCount, revision,
// hasFulfilledKyc, the other primaryAddress fields,
// primaryAddress.emails.value and .label, primaryAddress.phoneNumbers.value
// and .label, tags.name and .type, taxNumbers.value and .type,
// notificationEmails, defaultPaymentInstrument.method and
// .paymentInstrumentId, averageValue and lifetimeRevenue's amount,
// amountUsd and currency); ranges on text fields (compared as lower-cased
// text); that values match whole and ignoring case (the guide says "most
// values"); the fields q searches (ID, email, names, address, phones,
// emails, and text custom fields, as a substring ignoring case); the
// refusal (422) of a list mixing plain and negated values
// (firstName:John,!Bob), which neither guide gives a meaning.
//
// # Answers the definition does not declare
//
// The fake sends some statuses the definition does not declare for the
// operation, on purpose; its contract test allows exactly these and checks
// each body against the definition's problem schema for the status:
//   - 422 on GET /customers: a bad limit, offset, filter, sort or expand is
//     refused rather than ignored (Prism, the definition's mock, does the
//     same).
//   - 422 on GET /customers/{id}, GET and DELETE .../lead-source and DELETE
//     /customers/{id}: a path ID that breaks the declared pattern or
//     length, an unknown expand, or (on the merge) a missing or bad
//     targetCustomerId (Prism: 422 too).
//   - 404 on PUT /customers/{id}/lead-source for a customer that does not
//     exist: the only declared statuses (201, 401, 403, 422, 429) do not
//     fit, and 404 is what the path's other operations declare for it.
//   - 413 on POST and PUT for a body over 8 MiB; the API's limit is not
//     documented.
//
// Requests no operation has get 404 (unknown path) or 405 (with Allow).
//
// # What the fake does not reproduce
//
//   - Authentication: keys and JWTs are opaque strings compared with the
//     configured ones; there are no permissions, so no 403 is ever sent,
//     and any organization ID that matches the ID pattern is accepted.
//   - Problem type URIs are the fake's own (under
//     https://rebillytest.invalid/problems/).
//   - The rate limit is a fixed window per organization, on requests other
//     than GET, DefaultRateLimit per DefaultRateLimitWindow unless
//     WithRateLimit says otherwise; the API's sandbox allows 3000 per 10
//     minutes and its windows are not documented.
//   - Payment instruments exist only as the fake's minimal model (see
//     PaymentInstrument): any customer of an organization may name any of
//     its instruments; payment tokens are not checked and always make a
//     payment-card instrument.
//   - expand=website and expand=defaultPaymentInstrument embed minimal
//     objects ({"id"} and {"id","method","customerId"}); the API's are
//     fuller (their shape is undocumented). expand and fields are ignored
//     on POST and PUT, where the definition does not declare them.
//   - Company data, tags, VIES checks (taxNumbers' isValid) and payment
//     statistics exist only as seeded; the tag, timeline and custom-field
//     operations are not served, and custom field values are not checked
//     against definitions.
//   - There are no stored lists: an @list filter value gets a 422.
//   - A boolean compared with a text field (primaryAddress.lastName:true) is
//     not refused, though the filter guide says it is an error.
//   - Unknown names in fields are ignored.
//   - What a merge moves to the target (the lead source, tags and custom
//     fields the target lacks) and that a merged ID cannot be used again
//     (409) are the fake's reading of undocumented behaviour; the contact
//     hash is a digest of the fake's own; the 409 the definition declares
//     for a lead-source DELETE is never sent.
package rebillytest
