// Package rebillytest is an in-process, stateful fake of Rebilly's
// Customers API, for testing code that uses package rebilly: it is to
// rebilly what net/http/httptest is to net/http.
//
//	srv := rebillytest.NewServer(rebillytest.WithSampleData())
//	defer srv.Close()
//	client := srv.Client() // a *rebilly.Client pointed at the fake
//
// The fake serves the 30 operations of the customer API, under their bare
// paths and under /organizations/{id}: the eight of customers and lead
// sources (list, create, get, upsert, merge-and-delete; get, set and
// delete a lead source), with the API's semantics: generated IDs, 201 with
// Location or 200 on upsert, revisions and times, email and names derived
// from the primary address, read-only fields ignored and write-only fields
// never returned, the filter language, q, sort, fields, expand and
// pagination headers, merges, lead-source history, 422 answers with
// invalidFields in dot notation, 401, 404, 405, 409, and a rate limit
// (X-RateLimit-* headers on every write, 429 past it); and the 22 of the
// customer's sub-resources: its timeline (system messages the fake records
// for what happens to the customer, comments, custom events and the
// registry of custom event types), tags (create, rename, delete, tag and
// untag one customer or many, reflected in the customer's tags), custom
// field definitions (against which customers' customFields are checked),
// the credit balance, the summary metrics and compliance screening
// reports. Errors are problem documents (RFC 9457) sent as
// application/json.
//
// To test how code copes with a misbehaving API, add a Fault: an error
// status a number of times, Retry-After headers, latency, a dropped
// connection, a truncated body, a proxy's HTML error page, or an answer
// lost after the fake has acted on the request (LoseAnswer), as when a
// connection breaks on its way back. The request
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
// sources, payment instruments, timelines, custom event types, tags,
// custom field definitions (WithCustomFields seeds every organization
// alike), balances, metrics, attachments and rate limit, and a customer
// of one is a 404 in another; the bare paths are the organization
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
//   - 413 on POST /customers, PUT /customers/{id} and PUT .../lead-source
//     for a body over 8 MiB; the API's limit is not documented.
//   - 404 for a customer that does not exist on GET
//     /experimental/customers/{customerId}/summary-metrics, GET and POST
//     /customers/{id}/timeline, and for an unknown ID on GET
//     /customer-timeline-custom-events/{id}: none declares a 404.
//   - 422 on the GETs of the timeline, custom event types, tags and custom
//     fields for a bad limit, offset, filter or sort, a path ID or tag name
//     that breaks its pattern, or a custom field resource outside the enum
//     or a name off its pattern; and on DELETE /tags/{tag}, the GETs and
//     DELETE of /customers/{id}/timeline/{messageId}, GET
//     /customers/{id}/credit-balance and POST
//     .../compliance-screening-report for a path that breaks its pattern.
//   - 422 on POST and DELETE /tags/{tag}/customers/{customerId} for a tag
//     of another type than customer (it cannot tag a customer), or a tag
//     name or customer ID in the path that breaks its pattern.
//   - 413 on the other operations with a body (timeline, custom event
//     types, tags, bulk tagging, custom fields) for a body over 8 MiB.
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
//   - Company data, VIES checks (taxNumbers' isValid) and payment
//     statistics exist only as seeded.
//   - There are no stored lists: an @list filter value gets a 422.
//   - A boolean compared with a text field (primaryAddress.lastName:true) is
//     not refused, though the filter guide says it is an error.
//   - Unknown names in fields are ignored.
//   - What a merge moves to the target (the lead source, tags and custom
//     fields the target lacks) and that a merged ID cannot be used again
//     (409) are the fake's reading of undocumented behaviour; the contact
//     hash is a digest of the fake's own; the 409 the definition declares
//     for a lead-source DELETE is never sent.
//
// # The customer's sub-resources: what the fake assumes
//
// Timeline:
//   - The fake records, with triggeredBy direct-api and occurredTime at
//     whole seconds: customer-created (a customer made through the API;
//     seeded customers' timelines start empty, but for the comments of
//     WithTimelineComments), lead-source-changed (set,
//     replaced or deleted, also through a customer body),
//     custom-fields-changed (an upsert that changes them, with a
//     three-columns table of name, previous and new value; "" stands for
//     no value), customer-tagged and customer-untagged (also when a tag is
//     deleted), customer-merged (on the target; the merged customer's
//     timeline goes with it), customer-comment-created for a comment and
//     custom-event for a custom event. The message texts are the fake's.
//   - A client may post a comment (message, without type or with type
//     customer-comment-created) or a custom event (type custom-event and a
//     registered customEventType; message optional); any other type is a
//     422 naming type. customData comes back as one two-columns table of
//     its members, by name; a member that is an object or an array becomes
//     its JSON text, and null becomes "". Mentions and links are not
//     parsed from messages.
//   - Only comments and custom events can be deleted: deleting a message
//     the system recorded is the 409 the definition declares.
//   - The list filters on type, customEventType and triggeredBy (exact
//     values, ignoring case, ',' for or, '!' to negate), sorts on
//     occurredTime (default newest first), and q searches the message text.
//   - Custom event type names are unique ignoring case, and a duplicate is a
//     422 naming name (the definition declares no 409 there); a name equal
//     to a system timeline type, ignoring case, is a 422 too. Their list
//     filters on name, newest first. WithCustomEventTypes seeds types with
//     IDs of the test's choosing.
//
// Tags:
//   - Names are unique ignoring case across the three types (409); a tag
//     in a path may be any case, and '+' may arrive as %2B or literal.
//     Renaming and tagging go through the customer's write path: each
//     customer whose tags change gets a new revision and updatedTime.
//     Seeded customers' tags become the organization's tags (the first
//     spelling of a name wins).
//   - Tagging with a tag of type kyc-document or aml-check is a 422 naming
//     tag. On the bulk operations, which declare no 404, an unknown tag is
//     a 422 naming tag and an unknown customer ID a 422 naming
//     customerIds.<index>; nothing is applied then. Customers already in
//     the target state are left alone (no message, no new revision).
//   - DELETE /tags/{tag} and the bulk operations are asynchronous in the
//     API. The fake applies them before answering, unless
//     WithLateAsyncOperations delays them (see there); the real API makes
//     no promise of when they apply.
//   - The list filters on name and type, sorts on name, createdTime or
//     updatedTime (default newest first), and q searches names.
//
// Custom fields:
//   - A definition's type cannot change: a 422 naming type (the
//     definition's 409 is for a schema in use). Changing the
//     additionalSchema of a customers field while any customer holds a
//     value of it is a 409; the description and isEnabled may change. Only
//     customers hold values in the fake, so fields of the other resources
//     are never in use. additionalSchema members of another type (such as
//     allowedValues on an integer) are a 422, and a default is checked
//     like a value. A pattern may be bare (^[0-9]+$) or between '/'
//     delimiters with the flags i, m, s or u (/^[0-9]+$/i), and is matched
//     with Go's regexp (RE2) syntax.
//   - A customer's customFields (create and upsert) are checked against the
//     organization's customers definitions: an undefined name, a disabled
//     field (isEnabled false), a value of the wrong type, outside
//     allowedValues, over maxLength (255 unless set), off pattern, outside
//     minimum and maximum, an integer beyond 32 bits, a bad date,
//     date-time or amount of money, or a required field missing, is a 422
//     naming customFields.<name>. A missing field with a default gets the
//     default; a disabled field is never required, and values stored
//     before it was disabled are kept. An undefined name is refused also
//     while the organization has no definition at all (the fake assumes
//     the API keeps no value it has no definition for), so a test that
//     sends custom fields defines them first: WithCustomFields, or PUT
//     /custom-fields/customers/{name}. WithSampleData and
//     WithGeneratedCustomers define the fields of their customers.
//   - Seeds (WithCustomers, WithSeed, WithSeedFile) are not checked against
//     definitions, but writing a seeded customer back is: define the
//     custom fields that seeds carry.
//
// Figures and reports:
//   - Credit balances and summary metrics exist only as seeded
//     (WithCreditBalance, WithSummaryMetrics): an empty list of balances
//     otherwise, and metrics taken from the customer's lifetimeRevenue, or
//     {} without one.
//   - A compliance screening report is an attachment record with a new
//     fileId, never a file; the KYC and AML products are always enabled.
package rebillytest
