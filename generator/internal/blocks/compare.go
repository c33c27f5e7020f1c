package blocks

import (
	"html"
	"html/template"
	"sort"
	"strconv"
	"strings"

	"derma/generator/internal/markdown"
	"derma/generator/internal/render"
	"derma/generator/internal/resolve"
	"derma/generator/internal/site"
	"derma/generator/internal/slug"
)

// defaultFields are the rows a compare block shows when it names none.
var defaultFields = [3][]string{
	site.Ingredient: {"inci", "functions", "time", "pairs_with", "avoid_with"},
	site.MaskType:   {"frequency", "duration", "texture", "rinse_off", "step", "best_for"},
	site.Product:    {"order", "time", "frequency", "duration", "texture", "purpose", "absorption", "best_for"},
}

// documentedFields are the keys the content model gives each kind: a
// compare block may name them whether or not an entry sets them, and an
// entry that does not shows "—".
var documentedFields = [3][]string{
	site.Ingredient: {"name", "inci", "aliases", "functions", "benefits", "time", "avoid_with", "pairs_with", "description"},
	site.MaskType:   {"name", "aliases", "frequency", "duration", "texture", "rinse_off", "step", "time", "best_for", "description"},
	site.Product:    {"name", "aliases", "order", "time", "frequency", "duration", "texture", "purpose", "absorption", "best_for", "description"},
}

// labels name the fields whose key does not read well as it is.
var labels = map[string]string{
	"inci":  "INCI name",
	"order": "Order in a routine",
	"step":  "In a routine",
	"time":  "Time of day",
}

func label(field string) string {
	if l, ok := labels[field]; ok {
		return l
	}
	return render.Label(field)
}

// kindOf reads a compare block's kind: plural or singular, any case.
func kindOf(text string) (site.Kind, bool) {
	switch resolve.Key(text) {
	case "ingredients", "ingredient":
		return site.Ingredient, true
	case "mask-types", "mask-type", "masks", "mask":
		return site.MaskType, true
	case "products", "product", "product-kinds", "product-kind":
		return site.Product, true
	}
	return 0, false
}

// table is a comparison ready to render.
type table struct {
	caption string
	kind    site.Kind
	items   []*site.Entry
	fields  []string
	byRow   bool // one row per item (long lists), not one column per item
}

const compareExample = "kind: mask-types, items: [sheet, clay], fields: [frequency, rinse_off]"

func (bl *blocks) compare(d *markdown.Doc, body []byte, line, indent int) []byte {
	b := &block{d: d, line: line, indent: indent, name: "compare"}
	root := b.parse(body, compareExample)
	if root == nil {
		return nil
	}
	kv := b.keys(root, "kind", "items", "fields", "caption")
	kn := kv["kind"]
	if kn == nil {
		if b.bad {
			return nil // a misspelt key was reported already
		}
		b.errorf(root, "compare block needs a kind: write kind: ingredients, kind: mask-types or kind: products")
		return nil
	}
	ktext, ok := b.text(kn, "kind")
	if !ok {
		return nil
	}
	k, ok := kindOf(ktext)
	if !ok {
		b.errorf(kn, "unknown kind %q in compare block: valid kinds are ingredients, mask-types and products", ktext)
		return nil
	}
	t := table{kind: k}

	if n, ok := kv["items"]; ok {
		seen := map[*site.Entry]bool{}
		for _, it := range b.list(n, "items") {
			// A stub (a name some guide's front matter uses, with no file)
			// has no facts to compare: unknown here too, whatever other
			// guides name.
			e := bl.ix.Lookup(k, it.Value)
			if e == nil || e.Stub {
				if names := bl.names(k); len(names) > 0 {
					b.errorf(it, "unknown %s %q in compare items%s: valid %s are %s", k.Noun(), it.Value, bl.suggest(k, it.Value), k.Dir(), strings.Join(names, ", "))
				} else {
					b.errorf(it, "unknown %s %q in compare items: the site has no %s files yet; add content/%s/%s.md to write one", k.Noun(), it.Value, k.Noun(), k.Dir(), slug.Make(it.Value))
				}
				continue
			}
			if seen[e] {
				b.warnf(it, "%s %q is already in this table (as %s): remove it", k.Noun(), it.Value, e.Name)
				continue
			}
			seen[e] = true
			t.items = append(t.items, e)
		}
		if len(t.items) == 0 && !b.bad {
			b.errorf(n, "compare items is empty: name at least one %s, or leave items out to compare them all", k.Noun())
		}
	} else {
		t.items = bl.all(k)
		if len(t.items) == 0 {
			b.warnf(kn, "compare block has nothing to compare: the site has no %s yet; add content/%s/NAME.md", strings.ToLower(k.Plural()), k.Dir())
			return nil
		}
	}

	if n, ok := kv["fields"]; ok {
		valid := bl.fields(k)
		seen := map[string]bool{}
		for _, f := range b.list(n, "fields") {
			name := strings.TrimSpace(f.Value)
			if !contains(valid, name) {
				// Authors may write a label ("Rinse off") for a key (rinse_off).
				if key := strings.ReplaceAll(resolve.Key(name), "-", "_"); contains(valid, key) {
					name = key
				} else {
					b.errorf(f, "unknown field %q for %s%s: valid fields are %s", f.Value, k.Dir(), didYouMean(name, valid), strings.Join(valid, ", "))
					continue
				}
			}
			if seen[name] {
				continue
			}
			seen[name] = true
			t.fields = append(t.fields, name)
		}
		if len(t.fields) == 0 && !b.bad {
			b.errorf(n, "compare fields is empty: name at least one field, or leave fields out for the usual ones")
		}
	} else {
		t.fields = defaultFields[k]
	}

	if n, ok := kv["caption"]; ok {
		t.caption, _ = b.text(n, "caption")
	}
	if t.caption == "" {
		t.caption = k.Plural() + " compared"
	}
	if b.bad {
		return nil
	}
	return []byte(bl.table(t))
}

// all lists kind k's entries that have a page of their own: products in
// routine order, the others by name.
func (bl *blocks) all(k site.Kind) []*site.Entry {
	var out []*site.Entry
	for _, e := range bl.s.Entries[k] {
		if !e.Stub {
			out = append(out, e)
		}
	}
	if k == site.Product {
		sort.SliceStable(out, func(i, j int) bool {
			a, b := out[i], out[j]
			if a.HasOrder != b.HasOrder {
				return a.HasOrder
			}
			return a.Order < b.Order
		})
	}
	return out
}

// rank is a product kind's place in a routine, counted from 1 among the
// site's product kinds: readers are shown 1, 2, 3, not the orders 10, 20,
// 30 an author writes to leave room between them. Kinds of the same order
// share a place.
func (bl *blocks) rank(e *site.Entry) int {
	before := map[int]bool{}
	for _, o := range bl.s.Entries[site.Product] {
		if o.HasOrder && !o.Stub && o.Order < e.Order {
			before[o.Order] = true
		}
	}
	return len(before) + 1
}

// fields lists every field a compare block of kind k may show: the kind's
// documented keys and any other key an entry of the kind carries.
func (bl *blocks) fields(k site.Kind) []string {
	set := map[string]bool{}
	for _, f := range documentedFields[k] {
		set[f] = true
	}
	for _, e := range bl.s.Entries[k] {
		for f := range e.Fields {
			set[f] = true
		}
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// cell is one entry's value of one field, as HTML.
func (bl *blocks) cell(e *site.Entry, field string) string {
	const none = "—"
	if field == "name" {
		return html.EscapeString(e.Name)
	}
	if e.Stub {
		return none
	}
	switch field {
	case "time":
		return html.EscapeString(render.Times(e.Time))
	case "order":
		if !e.HasOrder {
			return none
		}
		return strconv.Itoa(bl.rank(e))
	case "pairs_with", "avoid_with":
		list := e.Pairs
		if field == "avoid_with" {
			list = e.Avoid
		}
		if len(list) == 0 {
			return none
		}
		links := make([]string, len(list))
		for i, x := range list {
			links[i] = bl.link(x)
		}
		return strings.Join(links, ", ")
	case "step":
		switch e.Step {
		case "before-serum":
			return "Before serum"
		case "after-serum":
			return "After serum"
		}
	}
	v := render.Value(e.Fields[field])
	if v == "" {
		return none
	}
	return html.EscapeString(v)
}

// table renders t as an accessible HTML table, wrapped so that it scrolls
// sideways on a phone rather than widening the page.
func (bl *blocks) table(t table) string {
	var b strings.Builder
	cap := html.EscapeString(t.caption)
	b.WriteString(`<div class="table-wrap" role="region" tabindex="0" aria-label="` + cap + `">`)
	b.WriteString(`<table class="compare"><caption>` + cap + "</caption>\n<thead><tr>")
	if t.byRow {
		b.WriteString(`<th scope="col">` + html.EscapeString(render.Label(t.kind.Noun())) + `</th>`)
		for _, f := range t.fields {
			b.WriteString(`<th scope="col">` + html.EscapeString(label(f)) + `</th>`)
		}
		b.WriteString("</tr></thead>\n<tbody>\n")
		for _, e := range t.items {
			b.WriteString(`<tr><th scope="row">` + bl.link(e) + `</th>`)
			for _, f := range t.fields {
				b.WriteString("<td>" + bl.cell(e, f) + "</td>")
			}
			b.WriteString("</tr>\n")
		}
	} else {
		b.WriteString(`<th scope="col">Field</th>`)
		for _, e := range t.items {
			b.WriteString(`<th scope="col">` + bl.link(e) + `</th>`)
		}
		b.WriteString("</tr></thead>\n<tbody>\n")
		for _, f := range t.fields {
			b.WriteString(`<tr><th scope="row">` + html.EscapeString(label(f)) + `</th>`)
			for _, e := range t.items {
				b.WriteString("<td>" + bl.cell(e, f) + "</td>")
			}
			b.WriteString("</tr>\n")
		}
	}
	b.WriteString("</tbody></table></div>\n")
	return b.String()
}

// Tables are the sections of the /compare/ page: every mask type, every
// product kind and every ingredient side by side, each under a heading.
func Tables(s *site.Site) []template.HTML {
	bl := &blocks{s: s}
	sections := []struct {
		kind      site.Kind
		id, title string
		caption   string
		fields    []string
		byRow     bool
	}{
		{site.MaskType, "mask-types", "Mask types", "Every mask type side by side", defaultFields[site.MaskType], false},
		{site.Product, "products", "Product kinds", "Every product kind side by side, in routine order", defaultFields[site.Product], false},
		{site.Ingredient, "ingredients", "Ingredients", "Ingredients side by side", []string{"functions", "time", "pairs_with", "avoid_with"}, true},
	}
	var out []template.HTML
	for _, sec := range sections {
		items := bl.all(sec.kind)
		if len(items) == 0 {
			continue
		}
		h := `<section aria-labelledby="` + sec.id + `"><h2 id="` + sec.id + `">` + sec.title + "</h2>\n" +
			bl.table(table{caption: sec.caption, kind: sec.kind, items: items, fields: sec.fields, byRow: sec.byRow}) +
			"</section>\n"
		out = append(out, template.HTML(h))
	}
	return out
}
