package rebillytest

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/openrebilly/rebilly-go/internal/codec"
)

// The custom field operations: GET /custom-fields/{resource}, GET and PUT
// /custom-fields/{resource}/{name}. Values are checked in
// customfieldvalues.go.

// customFieldResources are the resources that have custom fields.
var customFieldResources = []string{"customers", "payment-instruments", "orders", "subscriptions", "transactions",
	"websites", "products", "plans", "gateway-accounts", "deposit-requests"}

// customFieldTypes are the types of custom field.
var customFieldTypes = []string{"array", "boolean", "date", "datetime", "integer", "number", "string", "monetary"}

// schemaMembers are the additionalSchema members of each type beyond
// required and default.
var schemaMembers = map[string][]string{
	"string":  {"allowedValues", "maxLength", "pattern"},
	"array":   {"allowedValues"},
	"integer": {"minimum", "maximum"},
	"number":  {"minimum", "maximum"},
}

const (
	maxFieldNameLength = 60
	// defaultMaxLength and maxMaxLength bound a string field's values.
	defaultMaxLength = 255
	maxMaxLength     = 4000
)

var fieldNamePattern = regexp.MustCompile(`^[\w-]+$`)

// customFieldDef is a custom field definition, as the API sends it.
type customFieldDef struct {
	Name             string            `json:"name"`
	Type             string            `json:"type"`
	Description      *string           `json:"description"`
	IsEnabled        bool              `json:"isEnabled"`
	AdditionalSchema *additionalSchema `json:"additionalSchema"`
	Links            []link            `json:"_links,omitempty"`

	resource string
	pattern  *regexp.Regexp // the compiled pattern of a string field
	n        int64
}

// additionalSchema holds the members of every type; a field has those of
// its type (see schemaMembers).
type additionalSchema struct {
	Required      *bool    `json:"required,omitempty"`
	Default       any      `json:"default,omitempty"`
	AllowedValues []string `json:"allowedValues,omitempty"`
	MaxLength     *int     `json:"maxLength,omitempty"`
	Pattern       *string  `json:"pattern,omitempty"`
	Minimum       *float64 `json:"minimum,omitempty"`
	Maximum       *float64 `json:"maximum,omitempty"`
}

func (d *customFieldDef) field(string) string { return "" }

func (d *customFieldDef) seq() int64 { return d.n }

func (d *customFieldDef) clone() *customFieldDef {
	out := *d
	if d.AdditionalSchema != nil {
		s := *d.AdditionalSchema
		s.AllowedValues = slices.Clone(s.AllowedValues)
		s.Default = cloneValue(s.Default)
		out.AdditionalSchema = &s
	}
	return &out
}

// required reports whether the field must have a value.
func (d *customFieldDef) required() bool {
	return d.IsEnabled && d.AdditionalSchema != nil && d.AdditionalSchema.Required != nil && *d.AdditionalSchema.Required
}

// fieldListSpec: the list takes limit and offset only, in creation order.
var fieldListSpec = &listSpec{}

func checkResource(resource string) string {
	if !slices.Contains(customFieldResources, resource) {
		return "must be one of " + strings.Join(customFieldResources, ", ")
	}
	return ""
}

func checkFieldName(name string) string {
	switch {
	case utf8.RuneCountInString(name) > maxFieldNameLength:
		return fmt.Sprintf("must be at most %d characters long", maxFieldNameLength)
	case !fieldNamePattern.MatchString(name):
		return `must contain only letters, digits, _ and - (pattern ^[\w-]+$)`
	}
	return ""
}

func fieldURL(base, resource, name string) string {
	return base + "/custom-fields/" + resource + "/" + url.PathEscape(name)
}

func presentField(d *customFieldDef, base string) customFieldDef {
	out := *d
	out.Links = selfLink(fieldURL(base, d.resource, d.Name))
	return out
}

// customField returns the definition, or nil. The caller holds h.mu.
func (s *store) customField(resource, name string) (*customFieldDef, int) {
	for i, d := range s.fields[resource] {
		if d.Name == name {
			return d, i
		}
	}
	return nil, -1
}

func (h *Handler) listCustomFields(w http.ResponseWriter, c *call) {
	sl, ok := parseListRequest(w, c, fieldListSpec)
	if !ok {
		return
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	page, _ := runSmallList(h.storeFor(c.org()).fields[c.sub], sl)
	out := make([]customFieldDef, len(page))
	for i, d := range page {
		out[i] = presentField(d, c.base())
	}
	// The definition declares no Pagination-* headers for this list.
	writeValue(w, http.StatusOK, out)
}

func (h *Handler) getCustomField(w http.ResponseWriter, c *call) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	d, _ := h.storeFor(c.org()).customField(c.sub, c.name)
	if d == nil {
		writeProblem(w, notFound("The "+c.sub+" custom field "+c.name+" was not found."))
		return
	}
	writeValue(w, http.StatusOK, presentField(d, c.base()))
}

// putCustomField creates (201) or alters (200) a definition. Its type
// cannot change (422), and its additionalSchema cannot change while a
// record holds a value for it (409).
func (h *Handler) putCustomField(w http.ResponseWriter, c *call) {
	d, errs := parseFieldBody(c.body)
	if errs != nil {
		writeProblem(w, invalid("The custom field has invalid data.", errs...))
		return
	}
	d.Name, d.resource = c.name, c.sub
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.writableStore(c.org())
	old, i := s.customField(c.sub, c.name)
	base := c.base()
	if old == nil {
		d.n = s.next()
		s.fields[c.sub] = append(s.fields[c.sub], d)
		writeCreatedValue(w, fieldURL(base, c.sub, c.name), presentField(d, base))
		return
	}
	if d.Type != old.Type {
		writeProblem(w, invalidParam("type", fmt.Sprintf("cannot be changed: the field is of type %s", old.Type)))
		return
	}
	if !jsonEqual(d.AdditionalSchema, old.AdditionalSchema) && s.fieldInUse(c.sub, c.name) {
		writeProblem(w, conflict("Schema in use: records hold values of the "+c.sub+" custom field "+c.name+
			"; remove them before altering its additionalSchema."))
		return
	}
	d.n = old.n
	s.fields[c.sub][i] = d
	writeValue(w, http.StatusOK, presentField(d, base))
}

// fieldInUse reports whether a record holds a value of the field. Only
// customers hold values in the fake.
func (s *store) fieldInUse(resource, name string) bool {
	if resource != "customers" {
		return false
	}
	for _, rec := range s.ordered {
		if _, ok := rec.c.CustomFields[name]; ok {
			return true
		}
	}
	return false
}

// parseFieldBody checks a custom field definition; name comes from the
// path, and the read-only name and _links members are ignored.
func parseFieldBody(body []byte) (*customFieldDef, []invalidField) {
	obj, errs := decodeObject(body)
	if errs != nil {
		return nil, errs
	}
	var t typeChecker
	d := &customFieldDef{IsEnabled: true}
	if t.required(obj, "type", "") {
		d.Type, _ = obj["type"].(string)
		if !slices.Contains(customFieldTypes, d.Type) {
			t.errs.add("type", "must be one of "+strings.Join(customFieldTypes, ", "))
		}
	}
	t.str(obj, "description", "", true, false)
	if s, ok := obj["description"].(string); ok {
		d.Description = &s
	}
	if v, ok := obj["isEnabled"]; ok {
		if b, isBool := v.(bool); isBool {
			d.IsEnabled = b
		} else {
			t.wrongType("isEnabled", "a boolean", v)
		}
	}
	if len(t.errs) > 0 {
		return nil, t.errs
	}
	switch v := obj["additionalSchema"].(type) {
	case nil:
	case map[string]any:
		d.AdditionalSchema = parseAdditionalSchema(d, v, &t.errs)
	default:
		t.wrongType("additionalSchema", "an object or null", v)
	}
	if len(t.errs) > 0 {
		return nil, t.errs
	}
	return d, nil
}

// parseAdditionalSchema reads the members of d's type; any other member
// is an error.
func parseAdditionalSchema(d *customFieldDef, obj map[string]any, errs *fieldErrors) *additionalSchema {
	s := &additionalSchema{}
	path := func(name string) string { return "additionalSchema." + name }
	for name, v := range obj {
		if name != "required" && name != "default" && !slices.Contains(schemaMembers[d.Type], name) {
			errs.add(path(name), "is not a member of the additionalSchema of a "+d.Type+" field")
			continue
		}
		switch name {
		case "required":
			b, ok := v.(bool)
			if !ok {
				errs.add(path(name), "must be a boolean, not "+jsonType(v))
			}
			s.Required = &b
		case "allowedValues":
			list, ok := stringList(v)
			if !ok {
				errs.add(path(name), "must be an array of strings")
			}
			s.AllowedValues = list
		case "maxLength":
			n, ok := integerValue(v)
			if !ok || n < 1 || n > maxMaxLength {
				errs.add(path(name), fmt.Sprintf("must be an integer from 1 to %d", maxMaxLength))
			}
			m := int(n)
			s.MaxLength = &m
		case "pattern":
			p, ok := v.(string)
			if !ok {
				errs.add(path(name), "must be a string, not "+jsonType(v))
				continue
			}
			re, err := compilePattern(p)
			if err != nil {
				errs.add(path(name), "must be a regular expression: "+err.Error())
			}
			s.Pattern, d.pattern = &p, re
		case "minimum", "maximum":
			f, ok := numberValue(v)
			if !ok || (d.Type == "integer" && !isInt32(v)) {
				errs.add(path(name), "must be "+article(d.Type)+" "+d.Type)
			}
			if name == "minimum" {
				s.Minimum = &f
			} else {
				s.Maximum = &f
			}
		}
	}
	if s.Minimum != nil && s.Maximum != nil && *s.Minimum > *s.Maximum {
		errs.add(path("minimum"), "must not be greater than maximum")
	}
	if len(*errs) > 0 {
		return nil
	}
	if v, ok := obj["default"]; ok {
		d.AdditionalSchema = s // the default is checked against the rest
		if msg := checkFieldValue(d, v); msg != "" {
			errs.add(path("default"), msg)
		}
		s.Default = v
	}
	return s
}

func article(typ string) string {
	if typ == "integer" {
		return "an"
	}
	return "a"
}

// compilePattern compiles a string field's pattern, written bare
// (^[0-9]+$) or between PCRE-style delimiters with flags (/^[0-9]+$/i).
func compilePattern(p string) (*regexp.Regexp, error) {
	if last := strings.LastIndexByte(p, '/'); len(p) >= 2 && p[0] == '/' && last > 0 {
		body, flags := p[1:last], p[last+1:]
		goFlags := ""
		for _, f := range flags {
			switch f {
			case 'i', 'm', 's':
				goFlags += string(f)
			case 'u': // Go's regexp always reads UTF-8
			default:
				return nil, fmt.Errorf("the flag %q is not supported", f)
			}
		}
		if goFlags != "" {
			body = "(?" + goFlags + ")" + body
		}
		p = body
	}
	return regexp.Compile(p)
}

// customFieldSeed is a definition that WithCustomFields gives every
// organization.
type customFieldSeed struct {
	resource string
	def      *customFieldDef
}

// CustomFieldDefinition is a custom field definition to seed with
// WithCustomFields. Type is one of array, boolean, date, datetime,
// integer, number, string and monetary; the other fields are the
// additionalSchema members of the type, left out when zero (Minimum and
// Maximum when nil). Disabled seeds a field with isEnabled false.
type CustomFieldDefinition struct {
	Name          string
	Type          string
	Description   string
	Disabled      bool
	Required      bool
	Default       any
	AllowedValues []string
	MaxLength     int
	Pattern       string
	Minimum       *float64
	Maximum       *float64
}

// body is the definition as a PUT body, for checking it as the API would.
func (def CustomFieldDefinition) body() map[string]any {
	obj := map[string]any{"type": def.Type, "isEnabled": !def.Disabled}
	if def.Description != "" {
		obj["description"] = def.Description
	}
	schema := map[string]any{}
	set := func(name string, v any, present bool) {
		if present {
			schema[name] = v
		}
	}
	set("required", true, def.Required)
	set("default", def.Default, def.Default != nil)
	set("allowedValues", def.AllowedValues, def.AllowedValues != nil)
	set("maxLength", def.MaxLength, def.MaxLength != 0)
	set("pattern", def.Pattern, def.Pattern != "")
	set("minimum", derefFloat(def.Minimum), def.Minimum != nil)
	set("maximum", derefFloat(def.Maximum), def.Maximum != nil)
	if len(schema) > 0 {
		obj["additionalSchema"] = schema
	}
	return obj
}

func derefFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// WithCustomFields seeds custom field definitions of a resource (such as
// "customers") in every organization, as if PUT through the API when the
// fake started. Customers' customFields are checked against the
// definitions of "customers" (see the package doc). NewServer panics on an
// unknown resource, a bad name, a duplicate name or a definition the API
// would refuse.
func WithCustomFields(resource string, defs ...CustomFieldDefinition) Option {
	if msg := checkResource(resource); msg != "" {
		panic(fmt.Sprintf("rebillytest: WithCustomFields(%q): the resource %s", resource, msg))
	}
	seeds := make([]customFieldSeed, 0, len(defs))
	for _, def := range defs {
		seeds = append(seeds, customFieldSeed{resource: resource, def: seedField(resource, def)})
	}
	return func(c *config) {
		for _, seed := range seeds {
			for _, other := range c.customFields {
				if other.resource == resource && other.def.Name == seed.def.Name {
					panic(fmt.Sprintf("rebillytest: WithCustomFields(%q): the field %q is seeded twice", resource, seed.def.Name))
				}
			}
			c.customFields = append(c.customFields, seed)
		}
	}
}

// seedField checks a seeded definition as a PUT would, or panics.
func seedField(resource string, def CustomFieldDefinition) *customFieldDef {
	fail := func(msg string) {
		panic(fmt.Sprintf("rebillytest: WithCustomFields(%q): field %q: %s", resource, def.Name, msg))
	}
	if msg := checkFieldName(def.Name); msg != "" {
		fail("the name " + msg)
	}
	body, err := codec.Marshal(def.body())
	if err != nil {
		fail(err.Error())
	}
	d, errs := parseFieldBody(body)
	if errs != nil {
		fail(fieldsError(errs).Error())
	}
	d.Name, d.resource = def.Name, resource
	return d
}

// Numbers in decoded JSON are json.Number; these read them.

func numberValue(v any) (float64, bool) {
	n, ok := v.(interface{ Float64() (float64, error) })
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

func integerValue(v any) (int64, bool) {
	n, ok := v.(interface{ Int64() (int64, error) })
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

func isInt32(v any) bool {
	i, ok := integerValue(v)
	return ok && i >= -1<<31 && i <= 1<<31-1
}

func stringList(v any) ([]string, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, len(list))
	for i, item := range list {
		if out[i], ok = item.(string); !ok {
			return nil, false
		}
	}
	return out, true
}
