package blocks

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"derma/generator/internal/markdown"
	"derma/generator/internal/resolve"
	"derma/generator/internal/site"
	"derma/generator/internal/slug"
)

const routineExample = "title: Evening routine, time: pm, steps: [cleanser, serum, moisturizer]"

// step is one step of a routine as written.
type step struct {
	node  *yaml.Node // the step's name, for messages
	entry *site.Entry
	ings  []ingredient
}

type ingredient struct {
	node  *yaml.Node
	entry *site.Entry
}

// docState is what the routine blocks of one body share: how many there
// are, to number those without a title. Their ids are claimed on the Doc,
// beside the headings'.
type docState struct {
	routines int
}

func state(d *markdown.Doc) *docState {
	st, ok := d.Data.(*docState)
	if !ok {
		st = &docState{}
		d.Data = st
	}
	return st
}

func (bl *blocks) routine(d *markdown.Doc, body []byte, line, indent int) []byte {
	b := &block{d: d, line: line, indent: indent, name: "routine"}
	root := b.parse(body, routineExample)
	if root == nil {
		return nil
	}
	kv := b.keys(root, "title", "time", "steps")
	title, _ := b.text(kv["title"], "title")
	when := "any"
	if n := kv["time"]; n != nil {
		if t, ok := b.text(n, "time"); ok {
			switch strings.ToLower(t) {
			case "am", "morning":
				when = "am"
			case "pm", "evening", "night":
				when = "pm"
			case "any", "both", "":
				when = "any"
			default:
				b.errorf(n, "routine time %q is not am, pm or any: write time: am for a morning routine, time: pm for an evening one", t)
			}
		}
	}
	sn := kv["steps"]
	if sn == nil {
		if b.bad {
			return nil // a misspelt key was reported already
		}
		b.errorf(root, "routine block needs steps: write steps: [cleanser, serum, moisturizer]")
		return nil
	}
	if sn.Kind == yaml.SequenceNode && len(sn.Content) == 0 {
		b.errorf(sn, "routine steps is an empty list: name the steps in order, such as [cleanser, serum, moisturizer]")
		return nil
	}
	if sn.Kind != yaml.SequenceNode {
		b.errorf(sn, "routine steps must be a list of product kinds or mask types, such as [cleanser, serum, moisturizer]")
		return nil
	}
	var steps []step
	for _, n := range sn.Content {
		// A step with an unknown ingredient is still checked, so that one
		// build reports every problem; an unknown step is left out.
		if st := bl.readStep(b, deref(n)); st.entry != nil {
			steps = append(steps, st)
		}
	}
	bl.checkOrder(b, steps, when)
	bl.checkTime(b, steps, when)
	checkAvoid(b, steps)
	if b.bad {
		return nil
	}

	ds := state(d)
	ds.routines++
	if title == "" {
		title = map[string]string{"am": "Morning routine", "pm": "Evening routine", "any": "Routine"}[when]
	}
	id := "routine-" + slug.Make(title)
	if id == "routine-" {
		id = "routine-" + strconv.Itoa(ds.routines)
	}
	// The section's heading takes id-title: both must be free.
	for base, i := id, 2; !(d.Claim(id) && d.Claim(id+"-title")); i++ {
		id = base + "-" + strconv.Itoa(i)
	}

	r := site.Routine{Title: title, ID: id, Time: when}
	for _, st := range steps {
		rs := site.RoutineStep{Name: st.entry.Name, Entry: st.entry}
		for _, in := range st.ings {
			rs.Ingredients = append(rs.Ingredients, in.entry)
		}
		r.Steps = append(r.Steps, rs)
	}
	d.Routines = append(d.Routines, r)
	return []byte(bl.renderRoutine(r, min(max(d.Section+1, 2), 6)))
}

// readStep reads "cleanser", "serum: niacinamide" or "serum: [a, b]".
// An unknown step comes back without its entry.
func (bl *blocks) readStep(b *block, n *yaml.Node) step {
	var name, ings *yaml.Node
	switch n.Kind {
	case yaml.ScalarNode:
		name = n
	case yaml.MappingNode:
		if len(n.Content) != 2 {
			b.errorf(n, "a routine step names one product kind or mask type, with its ingredients after a colon: write - serum: [niacinamide, peptides]")
			return step{}
		}
		name, ings = deref(n.Content[0]), deref(n.Content[1])
	default:
		b.errorf(n, "a routine step must be a name such as serum, or serum: niacinamide, not %s", kindName(n))
		return step{}
	}
	text := strings.TrimSpace(name.Value)
	e := bl.stepEntry(text)
	if e != nil && !e.Stub && e.Kind == site.Product {
		if m := bl.ix.Lookup(site.MaskType, text); m != nil && !m.Stub {
			write := m.Name
			if resolve.Key(write) == resolve.Key(text) {
				write = text + " mask"
			}
			b.warnf(name, "%q names both the product kind %s and the mask type %s: it is read as the product kind; for the mask, write - %s", text, e.Name, m.Name, write)
		}
	}
	if e != nil && e.Stub {
		// Named by some guide's front matter but without a file: the step
		// links to its stub page and is reported as the guide's mention is.
		if p, in := bl.productWith(text); p != nil {
			b.warnf(name, "unknown %s %q in routine step: it names the product kind %s and the ingredient %s; write - %s: %s", e.Kind.Noun(), text, p.Name, in.Name, strings.ToLower(p.Name), in.Name)
		} else {
			b.warnf(name, "unknown %s %q in routine step%s: add content/%s/%s.md to write one up", e.Kind.Noun(), text, bl.suggest(e.Kind, text), e.Kind.Dir(), e.Slug)
		}
	}
	if before, after, ok := strings.Cut(text, ":"); e == nil && ok && bl.stepEntry(before) != nil && after != "" && after[0] != ' ' {
		b.errorf(name, "unknown routine step %q: put a space after the colon, - %s: %s", text, before, after)
		return step{}
	}
	if e == nil {
		if in := bl.ix.Lookup(site.Ingredient, text); in != nil && !in.Stub {
			b.errorf(name, "unknown routine step %q: %s is an ingredient; name the step it goes on, as - serum: %s", text, in.Name, text)
			return step{}
		}
		hint := ""
		if s := bl.ix.SuggestAmong([]site.Kind{site.Product, site.MaskType}, text); s != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", s)
		}
		b.errorf(name, "unknown routine step %q%s: a step is a product kind (%s) or a mask type (%s)", text, hint,
			bl.namesOr(site.Product, text), bl.namesOr(site.MaskType, text))
		return step{}
	}
	st := step{node: name, entry: e}
	if ings != nil && !(ings.Kind == yaml.ScalarNode && ings.Tag == "!!null") {
		seen := map[*site.Entry]bool{}
		for _, in := range b.list(ings, "a step's ingredients") {
			// An unknown ingredient is a warning, as in front matter, whether
			// or not some guide's mention gave it a stub page to link to.
			ie := bl.ix.Lookup(site.Ingredient, in.Value)
			if ie != nil && seen[ie] {
				b.warnf(in, "ingredient %q is already in this step (as %s): remove it", in.Value, ie.Name)
				continue
			}
			if ie == nil || ie.Stub {
				hint := bl.suggest(site.Ingredient, in.Value)
				if other := bl.stepEntry(in.Value); other != nil && !other.Stub {
					hint = fmt.Sprintf(": %s is a %s, not an ingredient; make it a step of its own, - %s", other.Name, other.Kind.Noun(), in.Value)
				}
				if names := bl.names(site.Ingredient); hint == "" && len(names) > 0 {
					hint = fmt.Sprintf(": name one of %s, or add content/ingredients/%s.md", strings.Join(names, ", "), resolve.Key(in.Value))
				} else if hint == "" {
					hint = fmt.Sprintf(": add content/ingredients/%s.md to write one up", resolve.Key(in.Value))
				}
				b.warnf(in, "unknown ingredient %q in routine step %s%s", in.Value, text, hint)
			}
			if ie == nil {
				ie = &site.Entry{Kind: site.Ingredient, Name: strings.TrimSpace(in.Value), Slug: resolve.Key(in.Value), Stub: true, Unlisted: true}
			}
			seen[ie] = true
			st.ings = append(st.ings, ingredient{in, ie})
		}
	}
	return st
}

// productWith finds a step written as an ingredient and a product kind
// together ("niacinamide serum", "serum with retinol"): the product kind
// and the ingredient, both with a file, or nil.
func (bl *blocks) productWith(text string) (*site.Entry, *site.Entry) {
	key := "-" + resolve.Key(text) + "-"
	for _, p := range bl.s.Entries[site.Product] {
		if p.Stub {
			continue
		}
		for _, n := range append([]string{p.Slug, p.Name}, p.Aliases...) {
			pk := "-" + resolve.Key(n) + "-"
			if pk == "--" || !strings.Contains(key, pk) {
				continue
			}
			rest := strings.Trim(strings.Replace(key, pk, "-", 1), "-")
			rest = strings.TrimSuffix(strings.TrimPrefix(rest, "with-"), "-with")
			if in := bl.ix.Lookup(site.Ingredient, rest); in != nil && !in.Stub {
				return p, in
			}
		}
	}
	return nil, nil
}

// stepEntry finds what a step names: a product kind first, then a mask type
// (the index reads "sheet mask" as the mask type sheet, and the other way round).
// An entry with a file wins over a stub that a guide's mention made, of
// either kind: "clay" written once under products: must not take the clay
// mask's steps.
func (bl *blocks) stepEntry(text string) *site.Entry {
	var found []*site.Entry
	if e := bl.ix.Lookup(site.Product, text); e != nil {
		found = append(found, e)
	}
	if e := bl.ix.Lookup(site.MaskType, text); e != nil {
		found = append(found, e)
	}
	for _, e := range found {
		if !e.Stub {
			return e
		}
	}
	if len(found) > 0 {
		return found[0]
	}
	return nil
}

func (bl *blocks) serum() *site.Entry { return bl.ix.Lookup(site.Product, "serum") }

// order is a step's place by the product orders, and whether it has one:
// product steps only. A mask-type step is placed by its step: field against
// the serum, and by checkMask against the rest.
func (bl *blocks) order(st step) (int, bool) {
	e := st.entry
	if e.Kind == site.Product {
		return e.Order, e.HasOrder
	}
	return 0, false // placed by its step: field and by checkMask
}

// checkMask places a mask-type step among the products, which it has no
// order among: it goes on clean skin, so after the products ordered no
// later than the cleanser, and (unless it seals the routine) before those
// ordered after the serum. A toner or an essence may come before or after
// it, as routines have them either way.
func (bl *blocks) checkMask(b *block, steps []step, i int) {
	st := steps[i]
	if st.entry.Kind != site.MaskType || st.entry.Step == "after-serum" {
		return
	}
	name := lower(st.entry.Name)
	cleanser, serum := bl.ix.Lookup(site.Product, "cleanser"), bl.serum()
	for j, other := range steps {
		o := other.entry
		if o.Kind != site.Product || !o.HasOrder {
			continue
		}
		on := lower(o.Name)
		if j > i && cleanser != nil && cleanser.HasOrder && o.Order <= cleanser.Order {
			b.warnf(st.node, "the %s goes on clean skin: move the %s before the %s", name, on, name)
			return
		}
		if j < i && serum != nil && serum.HasOrder && o.Order > serum.Order {
			b.warnf(st.node, "the %s goes on before the serum and what follows it: move the %s after the %s", name, on, name)
			return
		}
	}
}

// checkOrder warns about steps out of order: product steps by their order,
// a before-serum mask after a serum, an after-serum mask before a serum or
// any earlier step.
func (bl *blocks) checkOrder(b *block, steps []step, when string) {
	serum := bl.serum()
	isSerum := func(st step) bool { return serum != nil && st.entry == serum }
	for i, st := range steps {
		name := lower(st.entry.Name)
		if st.entry.Kind == site.MaskType && st.entry.Step != "" {
			before := st.entry.Step == "before-serum"
			for j, other := range steps {
				if !isSerum(other) {
					continue
				}
				if before && j < i {
					b.warnf(st.node, "the %s goes on before the serum, on clean skin: move the %s before the serum", name, name)
					break
				}
				if !before && j > i {
					b.warnf(st.node, "the %s seals the routine, so it goes on after the serum: move the %s after the serum", name, name)
					break
				}
			}
		}
		if st.entry.Kind == site.MaskType && st.entry.Step == "after-serum" && serum != nil && serum.HasOrder {
			// A sealing mask also goes after everything that comes before the serum.
			for _, other := range steps[i+1:] {
				if o, ok := bl.order(other); ok && !isSerum(other) && o < serum.Order {
					on := lower(other.entry.Name)
					b.warnf(st.node, "the %s seals the routine, so it goes on after the %s: move the %s after the %s", name, on, name, on)
					break
				}
				// And after the evening's products that follow the serum: it
				// is the last step at night (sunscreen, a morning product,
				// stays last in the morning).
				if o, ok := bl.order(other); ok && !isSerum(other) && other.entry.Kind == site.Product && o >= serum.Order && other.entry.PM() {
					on := lower(other.entry.Name)
					last := "the last step at night"
					if when == "am" {
						last = "the last step" // a morning routine told of the night would be puzzled
					}
					b.warnf(st.node, "the %s seals the routine, so it is %s: move the %s after the %s", name, last, name, on)
					break
				}
			}
			continue
		}
		bl.checkMask(b, steps, i)
		oi, ok := bl.order(st)
		if !ok {
			continue
		}
		for _, prev := range steps[:i] {
			op, ok := bl.order(prev)
			if !ok || op <= oi {
				continue
			}
			pn := lower(prev.entry.Name)
			b.warnf(st.node, "%s (order %d) comes after %s (order %d): move the %s before the %s", name, oi, pn, op, name, pn)
			break
		}
	}
}

// checkTime warns about anything used at a time it does not belong.
func (bl *blocks) checkTime(b *block, steps []step, when string) {
	type use struct {
		node  *yaml.Node
		entry *site.Entry
	}
	var uses []use
	for _, st := range steps {
		uses = append(uses, use{st.node, st.entry})
		for _, in := range st.ings {
			uses = append(uses, use{in.node, in.entry})
		}
	}
	switch when {
	case "am":
		for _, u := range uses {
			if !u.entry.AM() {
				b.warnf(u.node, "%s belongs in the evening, not in a morning routine: move it to a pm routine", lower(u.entry.Name))
			}
		}
	case "pm":
		for _, u := range uses {
			if !u.entry.PM() {
				b.warnf(u.node, "%s belongs in the morning, not in an evening routine: move it to an am routine", lower(u.entry.Name))
			}
		}
	default:
		var am, pm *site.Entry
		for _, u := range uses {
			switch {
			case am == nil && !u.entry.PM():
				am = u.entry
			case pm == nil && !u.entry.AM():
				pm = u.entry
			default:
				continue
			}
			if am != nil && pm != nil {
				b.warnf(u.node, "%s belongs in the morning and %s in the evening: split this routine into an am and a pm routine", lower(am.Name), lower(pm.Name))
				return
			}
		}
	}
}

// checkAvoid warns about two ingredients of one routine that avoid each other.
func checkAvoid(b *block, steps []step) {
	var all []ingredient
	for _, st := range steps {
		all = append(all, st.ings...)
	}
	warned := map[[2]*site.Entry]bool{}
	for j, y := range all {
		for _, x := range all[:j] {
			pair := [2]*site.Entry{x.entry, y.entry}
			if warned[pair] || !resolve.Avoids(x.entry, y.entry) {
				continue
			}
			warned[pair] = true
			warned[[2]*site.Entry{y.entry, x.entry}] = true
			b.warnf(y.node, "%s and %s should not be combined in one routine: %s", lower(x.entry.Name), lower(y.entry.Name), apart(x.entry, y.entry))
		}
	}
}

// apart says how to keep a and b apart: by time of day when their times allow.
func apart(a, b *site.Entry) string {
	split := func(am, pm *site.Entry) string {
		return fmt.Sprintf("use %s in the morning and %s in the evening", lower(am.Name), lower(pm.Name))
	}
	switch {
	case !a.PM() && b.PM():
		return split(a, b)
	case !b.PM() && a.PM():
		return split(b, a)
	case !a.AM() && b.AM():
		return split(b, a)
	case !b.AM() && a.AM():
		return split(a, b)
	case !a.PM() && !b.PM():
		return "use them on alternate mornings"
	case !a.AM() && !b.AM():
		return "use them on alternate nights"
	}
	return "use one in the morning and the other in the evening, or use them on alternate days"
}

var badges = map[string]string{"am": "Morning", "pm": "Evening", "any": "Morning or evening"}

// renderRoutine is the routine's HTML: a titled section with its time and
// the ordered steps, each linked to its page and its ingredients' pages.
// Its title is a heading of the given level: one below the section it is in.
func (bl *blocks) renderRoutine(r site.Routine, level int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<section class="routine" id="%s" aria-labelledby="%s-title"><h%d id="%s-title">%s</h%d>`, r.ID, r.ID, level, r.ID, html.EscapeString(r.Title), level)
	fmt.Fprintf(&b, "\n<p><span class=\"badge\">%s</span></p>\n<ol>\n", badges[r.Time])
	for _, st := range r.Steps {
		b.WriteString("<li>" + bl.link(st.Entry))
		if len(st.Ingredients) > 0 {
			links := make([]string, len(st.Ingredients))
			for i, e := range st.Ingredients {
				links[i] = bl.link(e)
			}
			b.WriteString(" with " + andList(links))
		}
		if r.Time == "any" {
			// A routine for any time of day still shows the steps that are not.
			if t := stepTime(st); t != "" {
				b.WriteString(` <span class="badge">` + badges[t] + ` only</span>`)
			}
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ol></section>\n")
	return b.String()
}

// stepTime is "am" or "pm" when a step, by itself or its ingredients,
// belongs to one time of day only; "" otherwise.
func stepTime(st site.RoutineStep) string {
	am, pm := st.Entry.AM(), st.Entry.PM()
	for _, e := range st.Ingredients {
		am, pm = am && e.AM(), pm && e.PM()
	}
	switch {
	case am && !pm:
		return "am"
	case pm && !am:
		return "pm"
	}
	return ""
}

// namesOr lists kind k's slugs, or says how to add the first one when the
// site has none yet.
func (bl *blocks) namesOr(k site.Kind, text string) string {
	if names := bl.names(k); len(names) > 0 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("none yet: add content/%s/%s.md", k.Dir(), slug.Make(text))
}
