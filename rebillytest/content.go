package rebillytest

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	rebilly "github.com/openrebilly/rebilly-go"
)

// The second validation pass: lengths in characters, patterns, formats and
// enums, on typed values. Seeds go through it too.

// contentChecker is the second pass.
type contentChecker struct{ errs fieldErrors }

// text checks a string's length in characters and, when it is within the
// length, its pattern. It adds at most one entry per value.
func (c *contentChecker) text(path, s string, maxLen int, pattern *regexp.Regexp, patternMsg string) {
	if s == "" {
		return
	}
	if n := utf8.RuneCountInString(s); maxLen > 0 && n > maxLen {
		c.errs.add(path, fmt.Sprintf("must be at most %d characters long, not %d", maxLen, n))
		return
	}
	if pattern != nil && !pattern.MatchString(s) {
		c.errs.add(path, patternMsg)
	}
}

func (c *contentChecker) email(path, s string, maxLen int) {
	if n := utf8.RuneCountInString(s); maxLen > 0 && n > maxLen {
		c.errs.add(path, fmt.Sprintf("must be at most %d characters long, not %d", maxLen, n))
		return
	}
	if !validEmail(s) {
		c.errs.add(path, "must be a valid email address")
	}
}

func validEmail(s string) bool {
	if simpleEmail(s) {
		return true
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && emailShape.MatchString(s)
}

// simpleEmail accepts, without parsing, the common shape of an address:
// a local part of letters, digits and . _ % + -, and a dotted domain of
// letters, digits, '-' and '.'. Anything else goes to the full parser.
func simpleEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		if b := local[i]; !isAlnum(b) && !strings.ContainsRune("._%+-", rune(b)) {
			return false
		}
	}
	if !strings.Contains(domain, ".") || domain[0] == '.' || domain[0] == '-' ||
		domain[len(domain)-1] == '.' || strings.Contains(domain, "..") {
		return false
	}
	for i := 0; i < len(domain); i++ {
		if b := domain[i]; !isAlnum(b) && b != '.' && b != '-' {
			return false
		}
	}
	return true
}

func isAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

func validURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "")
}

// writable checks the writable fields a customer holds.
func (c *contentChecker) writable(in *rebilly.CustomerInput) {
	c.text("websiteId", in.WebsiteID, maxIDLength, nil, "")
	if in.DefaultPaymentInstrumentID != nil {
		c.text("defaultPaymentInstrumentId", *in.DefaultPaymentInstrumentID, maxIDLength, nil, "")
	}
	if in.PreferredPayoutInstrumentID != nil {
		c.text("preferredPayoutInstrumentId", *in.PreferredPayoutInstrumentID, maxIDLength, nil, "")
	}
	if in.PersonID != nil {
		c.text("personId", *in.PersonID, maxIDLength, nil, "")
	}
	if in.Locale != nil {
		c.text("locale", *in.Locale, 0, localePattern, "must be a language tag in RFC 5646 format, such as fr-FR")
	}
	if in.PrimaryAddress != nil {
		c.contact(in.PrimaryAddress, "primaryAddress")
	}
	for i, tn := range in.TaxNumbers {
		p := join("taxNumbers", strconv.Itoa(i))
		if tn.Type != "eu-vat" && tn.Type != "other" {
			c.errs.add(p+".type", "must be one of eu-vat, other")
		}
	}
	for i, e := range in.NotificationEmails {
		c.email(join("notificationEmails", strconv.Itoa(i)), e, 0)
	}
	if in.LeadSource != nil {
		c.leadSource(in.LeadSource, "leadSource")
	}
}

func (c *contentChecker) contact(a *rebilly.Contact, path string) {
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"firstName", a.FirstName, 45}, {"lastName", a.LastName, 45},
		{"organization", a.Organization, 255}, {"address", a.Address, 60}, {"address2", a.Address2, 60},
		{"city", a.City, 45}, {"region", a.Region, 45}, {"jobTitle", a.JobTitle, 255},
	} {
		c.text(join(path, f.name), f.value, f.max, nil, "")
	}
	if a.Country != "" && !(len(a.Country) == 2 && isUpper(a.Country[0]) && isUpper(a.Country[1])) {
		c.errs.add(join(path, "country"), "must be an ISO 3166 alpha-2 country code of two capital letters, such as GB")
	}
	c.text(join(path, "postalCode"), a.PostalCode, 10, postalCodePattern, "must contain only letters, digits, spaces and hyphens")
	if a.Dob != "" {
		if _, err := time.Parse(time.DateOnly, a.Dob); err != nil {
			c.errs.add(join(path, "dob"), "must be a date in YYYY-MM-DD format")
		}
	}
	for i, p := range a.PhoneNumbers {
		ip := join(join(path, "phoneNumbers"), strconv.Itoa(i))
		c.text(ip+".label", p.Label, 45, nil, "")
		c.text(ip+".value", p.Value, 50, nil, "")
	}
	for i, e := range a.Emails {
		ip := join(join(path, "emails"), strconv.Itoa(i))
		c.text(ip+".label", e.Label, 45, nil, "")
		c.email(ip+".value", e.Value, 255)
	}
}

func (c *contentChecker) leadSource(ls *rebilly.LeadSourceInput, path string) {
	for _, f := range []struct{ name, value string }{
		{"medium", ls.Medium}, {"source", ls.Source}, {"campaign", ls.Campaign}, {"term", ls.Term},
		{"content", ls.Content}, {"affiliate", ls.Affiliate}, {"subAffiliate", ls.SubAffiliate},
		{"salesAgent", ls.SalesAgent}, {"clickId", ls.ClickID}, {"path", ls.Path},
	} {
		c.text(join(path, f.name), f.value, 512, nil, "")
	}
	if ls.Referrer != "" {
		if n := utf8.RuneCountInString(ls.Referrer); n > 2083 {
			c.errs.add(join(path, "referrer"), fmt.Sprintf("must be at most 2083 characters long, not %d", n))
		} else if !validURI(ls.Referrer) {
			c.errs.add(join(path, "referrer"), "must be an absolute URI, such as https://www.example.com/page")
		}
	}
}

// readOnly checks the read-only fields a seed may carry.
func (c *contentChecker) readOnly(cu *rebilly.Customer) {
	if msg := checkID(cu.ID); cu.ID != "" && msg != "" {
		c.errs.add("id", msg)
	}
	for i, tag := range cu.Tags {
		p := join("tags", strconv.Itoa(i))
		if tag.Name == "" {
			c.errs.add(p+".name", "is required")
		}
		c.text(p+".name", tag.Name, 255, tagNamePattern, "must contain only letters, digits, spaces and the characters @ ~ - . _ +")
		switch tag.Type {
		case "customer", "kyc-document", "aml-check":
		default:
			c.errs.add(p+".type", "must be one of customer, kyc-document, aml-check")
		}
	}
	if cu.Email != "" && !validEmail(cu.Email) {
		c.errs.add("email", "must be a valid email address")
	}
}
