package site

import (
	"fmt"
	"maps"
	"math"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"derma/generator/internal/diag"
	"derma/generator/internal/meta"
	"derma/generator/internal/slug"
)

// fields reads typed values out of a parsed front matter, reporting each
// problem at the line of its key or item.
type fields struct {
	path  string
	doc   *meta.Doc
	diags *diag.List
	// twice are the keys that repeat a known key in another case (Title:
	// beside title:), told once by fold and not kept as parameters.
	twice map[string]bool
}

func (f *fields) pos(key string) meta.Pos {
	if fl, ok := f.doc.Fields[key]; ok {
		return fl.Pos
	}
	return meta.Pos{Line: f.doc.Start}
}

// line is where key is written, or 0 when it is not.
func (f *fields) line(key string) int {
	if fl, ok := f.doc.Fields[key]; ok {
		return fl.Pos.Line
	}
	return 0
}

func (f *fields) errorf(p meta.Pos, format string, args ...any) {
	f.diags.Errorf(f.path, p.Line, p.Col, format, args...)
}

func (f *fields) warnf(p meta.Pos, format string, args ...any) {
	f.diags.Warnf(f.path, p.Line, p.Col, format, args...)
}

func (f *fields) has(key string) bool {
	fl, ok := f.doc.Fields[key]
	return ok && fl.Value != nil
}

func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int, float64, bool:
		return fmt.Sprint(x), true
	case time.Time:
		return x.Format("2006-01-02"), true
	}
	return "", false
}

func typeName(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	case nil:
		return "empty"
	}
	return fmt.Sprintf("%T", v)
}

// str reads a text value; numbers and booleans are taken as written.
func (f *fields) str(key string) string {
	fl, ok := f.doc.Fields[key]
	if !ok || fl.Value == nil {
		return ""
	}
	s, ok := scalar(fl.Value)
	if !ok {
		f.errorf(fl.Pos, "%s must be text, not %s: write %s: some text", key, typeName(fl.Value), key)
		return ""
	}
	return strings.TrimSpace(s)
}

// required reads a text value that must be there.
func (f *fields) required(key, example string) string {
	s := f.str(key)
	if s == "" && !f.hasError(key) {
		p := f.pos(key)
		if _, ok := f.doc.Fields[key]; ok {
			f.errorf(p, "%s is empty: write %s: %s", key, key, example)
		} else {
			where := "to the front matter"
			if strings.HasPrefix(path.Base(f.path), "site.y") {
				where = "to site.yaml"
			}
			f.errorf(p, "missing required %s: add %s: %s %s", key, key, example, where)
		}
	}
	return s
}

func (f *fields) hasError(key string) bool {
	fl, ok := f.doc.Fields[key]
	if !ok || fl.Value == nil {
		return false
	}
	_, ok = scalar(fl.Value)
	return !ok
}

// list reads a list of text values with their places; a single value is
// taken as a one-item list.
func (f *fields) list(key string) ([]string, []meta.Pos) {
	fl, ok := f.doc.Fields[key]
	if !ok || fl.Value == nil {
		return nil, nil
	}
	if s, ok := scalar(fl.Value); ok {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil, nil
		}
		// The value sits after "key: "; point at it.
		return []string{s}, []meta.Pos{{Line: fl.Pos.Line, Col: valueCol(fl)}}
	}
	l, ok := fl.Value.([]any)
	if !ok {
		f.errorf(fl.Pos, "%s must be a list, not %s: write %s", key, typeName(fl.Value), f.assign(key, `["first", "second"]`, "[first, second]"))
		return nil, nil
	}
	var out []string
	var pos []meta.Pos
	for i, v := range l {
		p := fl.Pos
		if i < len(fl.Items) {
			p = fl.Items[i]
		}
		s, ok := scalar(v)
		if !ok {
			f.errorf(p, "%s item %d must be text, not %s", key, i+1, typeName(v))
			continue
		}
		if s = strings.TrimSpace(s); s == "" {
			f.warnf(p, "%s item %d is empty; remove it", key, i+1)
			continue
		}
		out = append(out, s)
		pos = append(pos, p)
	}
	return out, pos
}

// names is list for keys whose items are names (references, terms,
// aliases): a single string holding commas is the author's list written
// without brackets, so it is split at the commas, with a warning saying how
// to write it. A comma inside a name (1,2-hexanediol) has no space after
// it and is kept.
func (f *fields) names(key string) ([]string, []meta.Pos) {
	out, pos := f.list(key)
	if len(out) != 1 || !strings.Contains(out[0], ", ") {
		return out, pos
	}
	if _, ok := f.doc.Fields[key].Value.([]any); ok {
		return out, pos
	}
	s, at := out[0], pos[0]
	out, pos = nil, nil
	for _, p := range SplitNames(s) {
		out = append(out, p.Name)
		pos = append(pos, meta.Pos{Line: at.Line, Col: at.Col + p.Offset})
	}
	f.warnf(at, "%s: %q is read as %d names; write them as a list, %s: [%s] (a name that holds a comma goes in brackets alone: [%q])", key, s, len(out), key, strings.Join(out, ", "), s)
	return out, pos
}

func valueCol(fl *meta.Field) int {
	if fl.ValuePos.Line > 0 {
		return fl.ValuePos.Col
	}
	return fl.Pos.Col
}

func (f *fields) refs(key string) []Ref {
	names, pos := f.names(key)
	refs := make([]Ref, len(names))
	for i := range names {
		refs[i] = Ref{Text: names[i], Pos: pos[i]}
	}
	return refs
}

func (f *fields) terms(key string) []Term {
	names, pos := f.names(key)
	var out []Term
	seen := map[string]bool{}
	for i, n := range names {
		s := slug.Make(n)
		if s == "" {
			f.warnf(pos[i], "%s value %q makes an empty slug; use letters or digits", key, n)
			continue
		}
		if seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, Term{Name: termName(n), Slug: s})
	}
	return out
}

// termName is how a term written as a slug reads: fine-lines is shown as
// "fine lines", as the contract's own examples write concerns that way.
// A term written with a space or a capital is shown as written.
func termName(n string) string {
	if !strings.Contains(n, "-") || strings.HasPrefix(n, "-") || strings.HasSuffix(n, "-") || strings.Contains(n, "--") {
		return n
	}
	for _, r := range n {
		if r != '-' && !unicode.IsLower(r) && !unicode.IsDigit(r) {
			return n
		}
	}
	return strings.ReplaceAll(n, "-", " ")
}

func (f *fields) boolean(key string) bool {
	fl, ok := f.doc.Fields[key]
	if !ok || fl.Value == nil {
		return false
	}
	switch v := fl.Value.(type) {
	case bool:
		return v
	case string:
		// Quoted, as order takes "40": the value is plain all the same.
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true":
			return true
		case "false":
			return false
		}
		f.errorf(fl.Pos, "%s must be true or false, not the text %q: write %s: true or %s: false", key, v, key, key)
	default:
		f.errorf(fl.Pos, "%s must be true or false, not %v: write %s: true or %s: false", key, fl.Value, key, key)
	}
	return false
}

func (f *fields) integer(key string) (int, bool) {
	fl, ok := f.doc.Fields[key]
	if !ok || fl.Value == nil {
		return 0, false
	}
	// 40.0 (as JSON may write it) and "40" are the number an author meant.
	switch x := fl.Value.(type) {
	case int:
		return x, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e9 {
			return int(x), true
		}
	case string:
		if n, err := strconv.Atoi(strings.TrimSpace(x)); err == nil {
			return n, true
		}
		f.errorf(fl.Pos, "%s must be a whole number such as 40, not the text %q", key, x)
		return 0, false
	}
	f.errorf(fl.Pos, "%s must be a whole number such as 40, not %v", key, fl.Value)
	return 0, false
}

var dateLayouts = []string{"2006-01-02", time.RFC3339, time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04"}

func (f *fields) date(key string) time.Time {
	fl, ok := f.doc.Fields[key]
	if !ok || fl.Value == nil {
		return time.Time{}
	}
	switch x := fl.Value.(type) {
	case time.Time:
		switch {
		case x.Year() == 0 && x.YearDay() == 1 && !x.Equal(time.Date(0, 1, 1, 0, 0, 0, 0, x.Location())):
			// TOML's local time (date = 10:00:00) is a time of day in year 0.
			f.errorf(fl.Pos, "%s must be a date as YYYY-MM-DD or RFC 3339 (2025-03-14T09:00:00Z), not the time of day %s: write the day too", key, x.Format("15:04:05"))
			return time.Time{}
		case x.Year() < 1:
			f.errorf(fl.Pos, "%s %s is in the year 0: write the real date as YYYY-MM-DD", key, x.Format("2006-01-02"))
			return time.Time{}
		}
		return x
	case string:
		s := strings.TrimSpace(x)
		if len(s) > 10 {
			// RFC 3339 allows a lower-case t and z; Go's parser does not.
			s = s[:10] + strings.ToUpper(s[10:])
		}
		var firstErr error
		for _, l := range dateLayouts {
			t, err := time.Parse(l, s)
			if err == nil {
				return t
			}
			if firstErr == nil {
				firstErr = err
			}
			if l == "2006-01-02" && len(s) == 10 {
				// A well-formed date that does not exist (2025-02-30).
				if strings.Contains(err.Error(), "out of range") {
					f.errorf(fl.Pos, "%s %q is not a real date (%v): write a date that exists as YYYY-MM-DD", key, s, err)
					return time.Time{}
				}
			}
		}
	}
	shown := fmt.Sprintf("%q", fl.Value)
	if v, ok := scalar(fl.Value); ok {
		shown = fmt.Sprintf("%q", v)
	} else if _, ok := fl.Value.(string); !ok {
		shown = typeName(fl.Value)
	}
	f.errorf(fl.Pos, "%s must be a date as YYYY-MM-DD or RFC 3339 (2025-03-14T09:00:00Z), not %s", key, shown)
	return time.Time{}
}

// times reads a list of am/pm.
func (f *fields) times(key string) []string {
	vals, pos := f.names(key)
	var out []string
	for i, v := range vals {
		t := strings.ToLower(v)
		if t != "am" && t != "pm" {
			f.errorf(pos[i], "%s %q is not am or pm: write %s", key, v, f.assign(key, `["am", "pm"]`, "[am, pm]"))
			continue
		}
		out = append(out, t)
	}
	sort.Strings(out)
	return dedupe(out)
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// fold reads a known key written in another case (Title:, Date:) as that
// key, as Hugo does, unless the file also writes the key itself: then the
// other spelling is reported and not read.
func (f *fields) fold(known []string) {
	for i, k := range f.doc.Keys {
		l := strings.ToLower(k)
		if l == k || !slices.Contains(known, l) {
			continue
		}
		if f.doc.Fields[l] != nil {
			if f.twice == nil {
				f.twice = map[string]bool{}
			}
			f.twice[k] = true
			f.warnf(f.doc.Fields[k].Pos, "%s: is %s: again (keys are read in any case), and only %s: is read: remove one of them", k, l, l)
			continue
		}
		f.doc.Fields[l] = f.doc.Fields[k]
		delete(f.doc.Fields, k)
		f.doc.Keys[i] = l
	}
}

// otherTools reads and tells of the keys of a guide written as Hugo or Zola
// has them. Zola's [taxonomies] table holds the free tags (and may hold the
// lists of entries): they are read as if written at the top, unless the
// top has them too. Keys that would move a page or hold it back there
// (url, path, publishDate, expiryDate, build, render) get a warning with
// derma's way, since without one the page would be published elsewhere or
// at another time than its author meant.
func (f *fields) otherTools() {
	if tax, ok := f.doc.Fields["taxonomies"]; ok {
		if m, ok := tax.Value.(map[string]any); ok {
			for _, k := range slices.Sorted(maps.Keys(m)) {
				switch {
				case !slices.Contains([]string{"tags", "concerns", "skin_types", "ingredients", "mask_types", "products"}, k):
					f.warnf(tax.Pos, "taxonomies: %s is not read: the free tags of a guide are tags, concerns and skin_types", k)
				case f.doc.Fields[k] != nil:
					f.warnf(tax.Pos, "taxonomies: %s is not read, since %s is also written at the top; remove one of them", k, k)
				default:
					f.doc.Fields[k] = &meta.Field{Key: k, Pos: tax.Pos, Value: m[k]}
					f.doc.Keys = append(f.doc.Keys, k)
				}
			}
		}
	}
	say := map[string]string{
		"url":         "to keep an old address write aliases: [/the/old/address/], and slug: for the new one (/guides/slug/)",
		"path":        "to keep an old address write aliases: [/the/old/address/], and slug: for the new one (/guides/slug/)",
		"publishdate": "a guide is published on its date: (and a date in the future holds it back)",
		"expirydate":  "nothing takes a guide down by date: set draft: true to stop publishing it",
		"build":       "to keep a guide out of the site, set draft: true",
		"render":      "to keep a guide out of the site, set draft: true",
	}
	for _, k := range f.doc.Keys {
		if why, ok := say[strings.ToLower(k)]; ok && f.doc.Fields[k] != nil {
			f.warnf(f.doc.Fields[k].Pos, "%s: is not read (it is Hugo's or Zola's): %s", k, why)
		}
	}
}

// params keeps every key the contract does not name, for templates, and warns
// about keys that look like a misspelling of one it does.
func (f *fields) params(known []string) map[string]any {
	params := map[string]any{}
	for _, k := range f.doc.Keys {
		if slices.Contains(known, k) || f.twice[k] {
			continue
		}
		params[k] = f.doc.Fields[k].Value
		if s := nearMiss(k, known); s != "" {
			f.warnf(f.doc.Fields[k].Pos, "unknown key %q (did you mean %q?)", k, s)
		}
	}
	return params
}

// nearMiss returns the known key k most likely meant, or "": the same key
// in another case, with or without its underscores or a plural s or es
// (ingredient, masktypes, alias), or one or two letters off a long key (titel,
// descripton). A short key a letter away is left alone: data, rate and
// created are words of their own, kept as parameters without a word.
func nearMiss(k string, known []string) string {
	base := func(s string) string {
		return strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(s))
	}
	bk := base(k)
	for _, c := range known {
		// A plural s, or es (alias for aliases), more or less.
		if bc := base(c); strings.TrimSuffix(bc, "s") == strings.TrimSuffix(bk, "s") || bc == bk+"es" || bk == bc+"es" {
			return c
		}
	}
	best, bestD := "", 3
	for _, c := range known {
		limit := 0
		switch {
		case len(c) >= 9:
			limit = 2
		case len(c) >= 5:
			limit = 1
		}
		if d := Distance(strings.ToLower(k), c); d <= limit && d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// Distance is the edit distance between a and b, counting two neighbouring
// letters swapped ("titel" for "title") as one edit, the typo authors make
// most.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	before := make([]int, len(rb)+1) // row i-2
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				c = min(c, before[j-2]+1)
			}
			cur[j] = c
		}
		before, prev, cur = prev, cur, before
	}
	return prev[len(rb)]
}

// assign is key set to a value as the file's front matter writes it: quoted
// for TOML and JSON (q), as YAML has it otherwise (y).
func (f *fields) assign(key, q, y string) string {
	switch f.doc.Format {
	case "toml":
		return key + " = " + q
	case "json":
		return `"` + key + `": ` + q
	}
	return key + ": " + y
}
