package rebillytest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	rebilly "github.com/openrebilly/rebilly-go"
	"github.com/openrebilly/rebilly-go/internal/codec"
)

// SeedCustomer is a customer to load into the fake, with its lead source
// (nil for none).
type SeedCustomer struct {
	Customer   *rebilly.Customer
	LeadSource *rebilly.LeadSourceInput
}

// maxSeedLine bounds one line of a seed file.
const maxSeedLine = 1 << 20

// ReadSeed reads customers as JSON Lines: one customer per line, in the
// API's Customer JSON shape (read-only fields included), optionally with a
// "leadSource" object. Blank lines are skipped. It checks each line as the
// API would check a request body and returns an error naming the first bad
// line and field.
func ReadSeed(r io.Reader) ([]SeedCustomer, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxSeedLine)
	var seeds []SeedCustomer
	seen := make(map[string]int)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		s, err := parseSeedLine(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if id := s.Customer.ID; id != "" {
			if first, dup := seen[id]; dup {
				return nil, fmt.Errorf("line %d: customer ID %q already on line %d", n, id, first)
			}
			seen[id] = n
		}
		seeds = append(seeds, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading seed: %w", err)
	}
	return seeds, nil
}

func parseSeedLine(line []byte) (SeedCustomer, error) {
	obj, errs := decodeObject(line)
	if errs == nil {
		var t typeChecker
		t.customer(obj)
		errs = t.errs
	}
	if len(errs) > 0 {
		return SeedCustomer{}, fieldsError(errs)
	}
	var s struct {
		rebilly.Customer
		LeadSource *rebilly.LeadSourceInput `json:"leadSource"`
	}
	if err := codec.Unmarshal(line, &s); err != nil {
		return SeedCustomer{}, fmt.Errorf("not a customer: %w", err)
	}
	seed := SeedCustomer{Customer: &s.Customer, LeadSource: s.LeadSource}
	if err := checkSeed(seed); err != nil {
		return SeedCustomer{}, err
	}
	return seed, nil
}

// checkSeed checks a seed's content as the API checks a request body, and
// its read-only fields.
func checkSeed(s SeedCustomer) error {
	if s.Customer == nil {
		return errors.New("nil customer")
	}
	cu := s.Customer
	in := rebilly.CustomerInput{ // the fields to check, shared, not copied
		WebsiteID: cu.WebsiteID, PrimaryAddress: cu.PrimaryAddress, TaxNumbers: cu.TaxNumbers,
		NotificationEmails: cu.NotificationEmails, LeadSource: s.LeadSource,
		PreferredPayoutInstrumentID: &cu.PreferredPayoutInstrumentID, Locale: &cu.Locale, PersonID: &cu.PersonID,
	}
	var c contentChecker
	c.writable(&in)
	c.readOnly(cu)
	if len(c.errs) > 0 {
		return fieldsError(c.errs)
	}
	return nil
}

func fieldsError(errs []invalidField) error {
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = e.Field + ": " + e.Message
	}
	return errors.New(strings.Join(parts, "; "))
}

// WithSeedFile seeds the fake from a JSON Lines file, as read by ReadSeed.
// NewServer panics with a message naming the file and line when the file
// cannot be read or a line is bad.
func WithSeedFile(path string) Option {
	return func(c *config) {
		c.seeds = append(c.seeds, seedSource{what: "seed file " + path, load: func() ([]SeedCustomer, error) {
			f, err := os.Open(path)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			return ReadSeed(f)
		}})
	}
}

// loadSeeds turns the configured seeds into records, in one sorted load
// per organization.
func (h *Handler) loadSeeds(cfg *config) {
	now := h.now()
	byOrg := make(map[string][]*record)
	sourceOf := make(map[string]string) // by organization and ID
	for _, src := range cfg.seeds {
		seeds, err := src.load()
		if err != nil {
			panic(fmt.Sprintf("rebillytest: %s: %v", src.what, err))
		}
		for i, s := range seeds {
			if err := checkSeed(s); err != nil {
				panic(fmt.Sprintf("rebillytest: %s: customer %d (ID %q): %v", src.what, i+1, idOf(s), err))
			}
			r := newSeedRecord(s, now)
			key := r.c.OrganizationID + "/" + r.c.ID
			if other, dup := sourceOf[key]; dup {
				panic(fmt.Sprintf("rebillytest: %s: customer ID %q is seeded twice in organization %q (also by %s)",
					src.what, r.c.ID, r.c.OrganizationID, other))
			}
			sourceOf[key] = src.what
			byOrg[r.c.OrganizationID] = append(byOrg[r.c.OrganizationID], r)
		}
	}
	for org, recs := range byOrg {
		s := h.writableStore(org)
		s.load(recs)
		s.registerSeedTags(recs)
		for _, r := range recs {
			if pi := r.c.DefaultPaymentInstrument; pi != nil {
				s.instruments[pi.PaymentInstrumentID] = pi.Method
			}
		}
	}
	for _, pi := range cfg.instruments {
		h.writableStore(pi.OrganizationID).instruments[pi.ID] = pi.Method
	}
	for _, ls := range cfg.leadSources {
		r := h.seededCustomer(ls.customerID)
		if r == nil {
			panic(fmt.Sprintf("rebillytest: WithLeadSource(%q): no customer has that ID", ls.customerID))
		}
		var c contentChecker
		c.leadSource(&ls.ls, "leadSource")
		if len(c.errs) > 0 {
			panic(fmt.Sprintf("rebillytest: WithLeadSource(%q): %v", ls.customerID, fieldsError(c.errs)))
		}
		setLeadSource(r, ls.ls, now)
	}
	h.loadFigures(cfg)
	h.loadComments(cfg)
}

// seededCustomer finds a customer by ID for WithLeadSource: in
// DefaultOrganizationID first, then in the other organizations.
func (h *Handler) seededCustomer(id string) *record {
	if r, ok := h.storeFor(DefaultOrganizationID).byID[id]; ok {
		return r
	}
	for _, s := range h.stores {
		if r, ok := s.byID[id]; ok {
			return r
		}
	}
	return nil
}

func idOf(s SeedCustomer) string {
	if s.Customer == nil {
		return ""
	}
	return s.Customer.ID
}

// newSeedRecord copies a seed into a record, filling what it lacks.
func newSeedRecord(s SeedCustomer, now time.Time) *record {
	c := cloneCustomer(s.Customer)
	c.Links, c.Embedded = nil, nil
	if c.ID == "" {
		c.ID = rebilly.NewCustomerID()
	}
	if c.CustomFields != nil {
		c.CustomFields = normalizeFields(c.CustomFields)
	}
	if c.CreatedTime.IsZero() {
		c.CreatedTime = now
	}
	if c.UpdatedTime.IsZero() {
		c.UpdatedTime = c.CreatedTime
		if now.After(c.UpdatedTime) {
			c.UpdatedTime = now
		}
	}
	// The API keeps times at whole seconds, and so does the fake.
	c.CreatedTime, c.UpdatedTime = wholeSeconds(c.CreatedTime), wholeSeconds(c.UpdatedTime)
	if c.LastPaymentTime != nil {
		t := wholeSeconds(*c.LastPaymentTime)
		c.LastPaymentTime = &t
	}
	if c.Revision < 1 {
		c.Revision = 1
	}
	if c.OrganizationID == "" {
		c.OrganizationID = DefaultOrganizationID
	}
	for i := range c.Tags {
		tag := &c.Tags[i]
		if tag.CreatedTime.IsZero() {
			tag.CreatedTime = c.CreatedTime
		}
		if tag.UpdatedTime.IsZero() {
			tag.UpdatedTime = tag.CreatedTime
		}
		tag.CreatedTime, tag.UpdatedTime = wholeSeconds(tag.CreatedTime), wholeSeconds(tag.UpdatedTime)
	}
	r := &record{c: *c}
	r.derive()
	if s.LeadSource != nil {
		setLeadSource(r, *s.LeadSource, c.CreatedTime)
	}
	return r
}

// wholeSeconds is t in UTC, truncated to whole seconds.
func wholeSeconds(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// normalizeFields gives custom fields the shapes a decoded request has
// (json.Number for numbers), so that seeds and requests filter alike.
func normalizeFields(m map[string]any) map[string]any {
	b, err := codec.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("rebillytest: custom fields cannot be encoded as JSON: %v", err))
	}
	var out map[string]any
	if err := codec.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("rebillytest: custom fields cannot be decoded: %v", err))
	}
	return out
}
