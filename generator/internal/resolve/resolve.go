// Package resolve links a loaded site together: every reference to its one
// canonical entry (by slug, name, INCI name or alias, in any case), stubs for
// names that match nothing, guide lists per entry and free tag, symmetric
// avoid/pairs lists, and related guides.
package resolve

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"derma/generator/internal/diag"
	"derma/generator/internal/meta"
	"derma/generator/internal/site"
	"derma/generator/internal/slug"
)

// Index finds entries by any of the names authors use for them.
type Index struct {
	keys [3]map[string]claim // by Kind: reference key -> entry
	// canon is keys by the form names take when their keys differ only by
	// a plural or by the word mask (see canonical): the first entry to
	// claim a form has it, entries with a file before stubs.
	canon [3]map[string]claim
	// named are the keys of the entries with a file, by Kind, for
	// suggestions: the stubs a long list of unknown names adds to keys
	// would make each suggestion look through all the others.
	named [3][]named
	// seen, when set, is told of every stub a lookup finds (see Watched).
	seen func(*site.Entry)
}

// Watched returns the index as one reader sees it, seen being told of
// every stub that reader's lookups find: the stubs Markdown blocks name,
// which a stub dropped from the site would leave naming nothing. It shares
// the entries of ix, those an edit adds or drops later included.
func (ix *Index) Watched(seen func(*site.Entry)) *Index {
	w := *ix
	w.seen = seen
	return &w
}

type named struct {
	key string
	claim
}

type claim struct {
	entry *site.Entry
	text  string // the name as its entry writes it, for suggestions
}

// Key is how a reference is compared: case, spaces, hyphens and accents do
// not matter.
func Key(s string) string { return slug.Make(s) }

// Lookup returns the entry of kind k that text names, or nil.
func (ix *Index) Lookup(k site.Kind, text string) *site.Entry {
	if ix == nil || ix.keys[k] == nil {
		return nil
	}
	key := Key(text)
	e := ix.keys[k][key].entry
	if e == nil && key != "" {
		// Another form of a name: a plural, a mask type with or without
		// "mask" (gel masks, Gel-mask and gel are one mask type).
		e = ix.canon[k][canonical(k, key)].entry
	}
	if e != nil && e.Stub && ix.seen != nil {
		ix.seen(e)
	}
	return e
}

// Suggest returns the name, as an entry of kind k writes it, that text most
// likely misspells, or "": a typo in a word or two ("niacinimide",
// "hyaluronic aicd", "vitamn A"), a space or hyphen more or less
// ("hyaluronicacid"), or the first words of one entry's name only
// ("glycolic" for glycolic-acid), or a name written with words more ("HA
// serum", "glycolic acid 10%"). Words of three letters or fewer are never
// taken for one another (AHA and BHA, vitamin A and vitamin E, ceramide NP
// and AP), nor a word for another whole word (lactic acid is no glycolic
// acid, a cream mask no clay mask), nor two names of real, different
// ingredients close in spelling (retinal and retinol).
func (ix *Index) Suggest(k site.Kind, text string) string {
	return ix.SuggestAmong([]site.Kind{k}, text)
}

// SuggestAmong is Suggest over the names of several kinds (a routine step
// names a product kind or a mask type): a misspelling of one of them comes
// before a name written inside text.
func (ix *Index) SuggestAmong(kinds []site.Kind, text string) string {
	for _, k := range kinds {
		if e := ix.fileNamed(k, text); e != nil {
			return e.Name
		}
	}
	best, bestD := "", 1<<30
	starts := map[*site.Entry]string{}
	within, withinLen := "", 0 // the longest name written inside text: HA in "HA serum"
	for _, k := range kinds {
		keys := []string{Key(text)}
		if sk := stubKey(k, text); sk != keys[0] {
			keys = append(keys, sk) // "sheeet mask" for the mask type sheet
		}
		for _, n := range ix.named[k] {
			kk, c := n.key, n.claim
			if c.entry.Stub {
				continue // a name that is itself unknown is no suggestion
			}
			if key := keys[0]; kk != key && strings.Contains("-"+key+"-", "-"+kk+"-") && plainExtra(key, kk) && (len(kk) > withinLen || len(kk) == withinLen && c.text < within) {
				within, withinLen = c.text, len(kk)
			}
			for _, key := range keys {
				if len(key) <= 3 {
					continue
				}
				if d, ok := typo(key, kk); ok && (d < bestD || d == bestD && c.text < best) {
					best, bestD = c.text, d
				}
				if strings.HasPrefix(kk, key+"-") && (starts[c.entry] == "" || c.text < starts[c.entry]) {
					starts[c.entry] = c.text
				}
			}
		}
	}
	if len(starts) == 1 && bestD > 1 {
		for _, t := range starts {
			return t // hyaluronic-acid for "hyaluronic", before hyaluronan
		}
	}
	if best == "" {
		return within // the name with a word more: vitamin C serum, kaolin mask
	}
	return best
}

// plainExtra reports whether the words key has besides the name kk inside
// it are words of their own (serum, mask) or numbers (10%), not a short
// word that makes another name of a family (ceramide AP, vitamin E).
func plainExtra(key, kk string) bool {
	rest := strings.Replace("-"+key+"-", "-"+kk+"-", "-", 1)
	for _, w := range strings.Split(strings.Trim(rest, "-"), "-") {
		if w == "" {
			continue
		}
		if _, err := strconv.Atoi(w); err != nil && utf8.RuneCountInString(w) < 4 {
			return false
		}
	}
	return true
}

// typo reports whether key a is a misspelling of key b, and how far apart
// they are: word by word, each word that differs a typo of its own (one
// letter off in words of four letters or more, two in words of nine or
// more), or the two the same but for a hyphen.
func typo(a, b string) (int, bool) {
	x, y := strings.Split(a, "-"), strings.Split(b, "-")
	if len(x) != len(y) {
		ja, jb := strings.ReplaceAll(a, "-", ""), strings.ReplaceAll(b, "-", "")
		if d := site.Distance(ja, jb); d == 0 || d == 1 && utf8.RuneCountInString(ja) >= 8 {
			return d + 1, true
		}
		return 0, false
	}
	total := 0
	for i := range x {
		if x[i] == y[i] {
			continue
		}
		n := min(utf8.RuneCountInString(x[i]), utf8.RuneCountInString(y[i]))
		limit := 1
		if n >= 9 {
			limit = 2
		}
		d := site.Distance(x[i], y[i])
		if n < 4 || d > limit || distinct[x[i]] && distinct[y[i]] {
			return 0, false
		}
		total += d
	}
	return total, total > 0
}

// distinct are words that name real, different ingredients while one
// letter apart: neither is suggested for the other.
var distinct = map[string]bool{"retinol": true, "retinal": true, "retinyl": true, "squalane": true, "squalene": true}

// Entries lists every entry of kind k (stubs included), sorted by name.
func (ix *Index) build(s *site.Site, diags *diag.List) {
	for _, k := range site.Kinds {
		m := map[string]claim{}
		// Slugs, names and INCI names first, then aliases: an alias that
		// meets another entry's own name is the one reported, at its line.
		for pass := 0; pass < 2; pass++ {
			for _, e := range s.Entries[k] {
				names := []string{e.Slug, e.Name, e.INCI}
				if pass == 1 {
					names = e.Aliases
				}
				for i, n := range names {
					key := Key(n)
					if key == "" {
						continue
					}
					if c, ok := m[key]; ok && c.entry != e {
						if pass == 0 && i == 0 && c.entry.Slug == e.Slug {
							continue // two files with one slug: the load said so
						}
						what, field := "alias", "aliases"
						if pass == 0 {
							what, field = [...]string{"slug", "name", "INCI name"}[i], [...]string{"slug", "name", "inci"}[i]
						}
						at := e.FieldPos[field]
						if pass == 1 && i < len(e.AliasPos) && e.AliasPos[i].Line > 0 {
							at = e.AliasPos[i]
						}
						diags.Errorf(e.Path, max(at.Line, 1), at.Col, "%s %q of this %s is already claimed by %s (%s): each name may lead to one %s only; remove it from one of the two files", what, n, k.Noun(), c.entry.Path, c.text, k.Noun())
						continue
					}
					if _, ok := m[key]; !ok {
						m[key] = claim{e, n}
					}
				}
			}
		}
		ix.keys[k] = m
		ix.canon[k] = map[string]claim{}
		for _, key := range slices.Sorted(maps.Keys(m)) {
			c := m[key]
			ix.named[k] = append(ix.named[k], named{key, c})
			if ck := canonical(k, key); ix.canon[k][ck].entry == nil {
				ix.canon[k][ck] = c
			} else if o := ix.canon[k][ck].entry; o != c.entry && k == site.MaskType && !c.entry.Stub && !o.Stub {
				// Gel mask and Gel, Mud mask and an alias mud: one name.
				diags.Warnf(c.entry.Path, 1, 0, "%q of this mask type and %q of %s are one name, with or without the word mask: references to it go to %s; give one of the two another name", c.text, ix.canon[k][ck].text, o.Path, o.Name)
			}
		}
	}
}

// Site resolves s in place and returns the index used, for the Markdown
// blocks that name entries too.
func Site(s *site.Site, diags *diag.List) *Index {
	ix := &Index{}
	ix.build(s, diags)
	r := &resolver{s: s, ix: ix, diags: diags}

	// Entries refer to each other through avoid_with and pairs_with.
	for _, e := range append([]*site.Entry{}, s.Entries[site.Ingredient]...) {
		for i := range e.AvoidWith {
			r.ref(site.Ingredient, &e.AvoidWith[i], e.Path)
		}
		for i := range e.PairsWith {
			r.ref(site.Ingredient, &e.PairsWith[i], e.Path)
		}
	}
	for _, g := range s.Guides {
		for _, k := range site.Kinds {
			seen := map[*site.Entry]bool{}
			for i := range g.Refs[k] {
				ref := &g.Refs[k][i]
				r.ref(k, ref, g.Path)
				if ref.Entry != nil && !seen[ref.Entry] {
					seen[ref.Entry] = true
					g.Entries[k] = append(g.Entries[k], ref.Entry)
					ref.Entry.Guides = append(ref.Entry.Guides, g)
				}
			}
		}
		r.mentions(g)
	}
	symmetric(s.Entries[site.Ingredient], diags)
	for _, k := range site.Kinds {
		site.SortEntries(s.Entries[k])
	}
	terms(s)
	related(s, diags)
	return ix
}

type resolver struct {
	s     *site.Site
	ix    *Index
	diags *diag.List
}

// ref resolves one reference, making a stub for a name that matches nothing
// so that the name still leads to a page.
func (r *resolver) ref(k site.Kind, ref *site.Ref, from string) {
	key := Key(ref.Text)
	unknown := func() { r.unknown(k, ref, from) }
	if e := r.ix.Lookup(k, ref.Text); e != nil {
		ref.Entry = e
		if e.Stub {
			// Every place that names an unknown entry is told, not only the
			// first one resolved (--strict must stop at each).
			e.StubPos = append(e.StubPos, site.StubUse{Path: from, Pos: ref.Pos})
			unknown()
		}
		return
	}
	if key == "" {
		r.diags.Errorf(from, ref.Pos.Line, ref.Pos.Col, "%s reference %q has no letters or digits", k.Noun(), ref.Text)
		return
	}
	unknown()
	key = stubKey(k, ref.Text)
	stub := newStub(k, key, ref, from)
	r.s.Entries[k] = append(r.s.Entries[k], stub)
	r.ix.add(k, key, claim{stub, ref.Text})
	ref.Entry = stub
}

// mentions gives each ingredient that g's routines name and no entry has a
// stub, as a reference in front matter would. The stub lists g among its
// routines, as an entry with a file does, not among the guides about it.
// The routine block reports the name when it is rendered, so there is no
// message here.
func (r *resolver) mentions(g *site.Guide) {
	for i := range g.Mentions {
		ref := &g.Mentions[i]
		e := r.ix.Lookup(site.Ingredient, ref.Text)
		if e == nil {
			key := stubKey(site.Ingredient, ref.Text)
			if key == "" {
				continue
			}
			e = newStub(site.Ingredient, key, ref, g.Path)
			r.s.Entries[site.Ingredient] = append(r.s.Entries[site.Ingredient], e)
			r.ix.add(site.Ingredient, key, claim{e, ref.Text})
		}
		ref.Entry = e
	}
	for i := range g.StepMentions {
		ref := &g.StepMentions[i]
		e, ok := r.stepEntry(ref.Text)
		if !ok {
			continue // not a name, or an ingredient: the block says what to write
		}
		if e == nil {
			// A product kind, or a mask type when the name ends in mask;
			// "face mask" is the contract's own product kind.
			k := site.Product
			if key := Key(ref.Text); canonical(site.MaskType, key) != singular(key) {
				k = site.MaskType // ends in mask, and is no face mask
			}
			key := stubKey(k, ref.Text)
			e = newStub(k, key, ref, g.Path)
			r.s.Entries[k] = append(r.s.Entries[k], e)
			r.ix.add(k, key, claim{e, ref.Text})
		}
		ref.Entry = e
	}
}

// stepEntry is the product kind or mask type a routine step's name gives,
// nil when it names none and may have a stub; ok is false for a name that
// must not have one: a step the routine block refuses ("serum:HA", "a, b"),
// or an ingredient written as a step.
func (r *resolver) stepEntry(text string) (e *site.Entry, ok bool) {
	if Key(text) == "" || strings.ContainsAny(text, ":,") {
		return nil, false
	}
	// As the routine block reads a step: an entry with a file first.
	var found []*site.Entry
	for _, c := range []struct {
		k    site.Kind
		text string
	}{{site.Product, text}, {site.MaskType, text}} {
		if c.text == "" {
			continue
		}
		if e := r.ix.Lookup(c.k, c.text); e != nil {
			if !e.Stub {
				return e, true
			}
			found = append(found, e)
		}
	}
	if len(found) > 0 {
		return found[0], true
	}
	if e := r.ix.Lookup(site.Ingredient, text); e != nil && !e.Stub {
		return nil, false
	}
	return nil, true
}

// stubKey is the slug of the stub for a name of kind k that no entry has:
// its canonical form, so that every spelling of one name makes one stub at
// one address whichever guide comes first (mask_types: [jelly], a "Jelly
// masks" step and mask_types: [jelly-mask] are the mask type jelly).
func stubKey(k site.Kind, text string) string {
	return canonical(k, Key(text))
}

// canonical is the form of key that its other spellings share: without a
// plural s, and for a mask type without the word mask ("face mask" is the
// contract's product kind, and keeps its word).
func canonical(k site.Kind, key string) string {
	if k == site.MaskType {
		for _, suffix := range []string{"-masks", "-mask"} {
			if b, ok := strings.CutSuffix(key, suffix); ok && b != "" && b != "face" {
				key = b
				break
			}
		}
	}
	return singular(key)
}

// singular is key without a plural s (serums, ceramides, AHAs) or es
// after ch, sh, x, z or ss (face washes, patches, glasses); words ending in
// ss, us or is keep theirs (glass, hibiscus, iris).
func singular(key string) string {
	if len(key) <= 3 || !strings.HasSuffix(key, "s") {
		return key
	}
	if stem, ok := strings.CutSuffix(key, "es"); ok {
		for _, end := range []string{"ch", "sh", "x", "z", "ss"} {
			if strings.HasSuffix(stem, end) {
				return stem
			}
		}
	}
	if strings.HasSuffix(key, "ss") || strings.HasSuffix(key, "us") || strings.HasSuffix(key, "is") {
		return key
	}
	return key[:len(key)-1]
}

// add makes key (and its canonical form, when no entry has it) name the
// entry of c.
func (ix *Index) add(k site.Kind, key string, c claim) {
	ix.keys[k][key] = c
	if ck := canonical(k, key); ix.canon[k][ck].entry == nil {
		ix.canon[k][ck] = c
	}
}

// remove takes back add.
func (ix *Index) remove(k site.Kind, key string, e *site.Entry) {
	if ix.keys[k][key].entry == e {
		delete(ix.keys[k], key)
	}
	if ck := canonical(k, key); ix.canon[k][ck].entry == e {
		delete(ix.canon[k], ck)
	}
}

// stubMentions reports whether g's routines name an ingredient, product
// kind or mask type that has no entry, or only a stub.
func stubMentions(ix *Index, g *site.Guide) bool {
	for _, ref := range g.Mentions {
		if e := ix.Lookup(site.Ingredient, ref.Text); e == nil || e.Stub {
			return true
		}
	}
	r := resolver{ix: ix}
	for _, ref := range g.StepMentions {
		if e, ok := r.stepEntry(ref.Text); ok && (e == nil || e.Stub) {
			return true
		}
	}
	return false
}

// newStub is the entry of kind k for a name no entry has, first written as
// ref in the file from: a page listing the guides that name it.
func newStub(k site.Kind, key string, ref *site.Ref, from string) *site.Entry {
	stub := &site.Entry{Kind: k, Slug: key, Name: ref.Text, Stub: true, Fields: map[string]any{"name": ref.Text}, FieldPos: map[string]meta.Pos{}}
	stub.StubPos = []site.StubUse{{Path: from, Pos: ref.Pos}}
	return stub
}

// unknown reports a reference to an entry without a file.
func (r *resolver) unknown(k site.Kind, ref *site.Ref, from string) {
	msg := fmt.Sprintf("unknown %s %q", k.Noun(), ref.Text)
	if e := r.otherKind(k, ref.Text); e != nil {
		msg += fmt.Sprintf(": %q is a%s %s, not a%s %s", e.Name, an(e.Kind.Noun()), e.Kind.Noun(), an(k.Noun()), k.Noun())
		if strings.HasPrefix(from, site.ContentDir+"/guides/") {
			msg += fmt.Sprintf("; list it under %s:", e.Kind.ListKey())
		}
	} else if p := r.unloaded(k, ref.Text); p != "" {
		msg += fmt.Sprintf(": %s, which would be its file, could not be read (see its own error)", p)
	} else if e := r.ix.fileNamed(k, ref.Text); e != nil {
		// The file is there, under another slug: the file name is no
		// reference.
		msg += fmt.Sprintf(": %s sets slug %q; write that or its name %q", e.Path, e.Slug, e.Name)
	} else if s := r.ix.Suggest(k, ref.Text); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else {
		msg += fmt.Sprintf(": it gets a page without a write-up; add content/%s/%s.md to write one", k.Dir(), stubKey(k, ref.Text))
	}
	r.diags.Warnf(from, ref.Pos.Line, ref.Pos.Col, "%s", msg)
}

// unloaded is the file of kind k that could not be loaded and whose name is
// text's (content/ingredients/peptides.md for "peptides"), or "": the
// reference is not unknown, its file is broken.
func (r *resolver) unloaded(k site.Kind, text string) string {
	if r.s == nil {
		return ""
	}
	dir := site.ContentDir + "/" + k.Dir() + "/"
	want := canonical(k, Key(text))
	for _, p := range r.s.Unloaded {
		if rest, ok := strings.CutPrefix(p, dir); ok && strings.HasSuffix(rest, ".md") {
			base := path.Base(strings.TrimSuffix(rest, ".md"))
			if base == "index" || base == "_index" {
				base = path.Base(path.Dir(rest))
			}
			if canonical(k, Key(base)) == want {
				return p
			}
		}
	}
	return ""
}

// otherKind is the entry with a file that text names in a kind other than
// k ("sheet mask" under ingredients:), or nil.
func (r *resolver) otherKind(k site.Kind, text string) *site.Entry {
	key := Key(text)
	for _, kk := range site.Kinds {
		if c, ok := r.ix.keys[kk][key]; kk != k && ok && !c.entry.Stub {
			return c.entry
		}
	}
	return nil
}

func an(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "n"
	}
	return ""
}

// fileNamed is the entry of kind k whose file is named text (.md left
// off) while it sets a slug of its own, so that the file name is no
// reference to it; the first by path, or nil.
func (ix *Index) fileNamed(k site.Kind, text string) *site.Entry {
	key := Key(text)
	var found *site.Entry
	for _, n := range ix.named[k] {
		if e := n.entry; !e.Stub && e.Path != "" && e.Slug != key && Key(site.FileName(e.Path)) == key && (found == nil || e.Path < found.Path) {
			found = e
		}
	}
	return found
}

// symmetric makes avoid and pairs lists two-way: if A avoids B, B avoids A.
func symmetric(es []*site.Entry, diags *diag.List) {
	avoid := map[*site.Entry]map[*site.Entry]bool{}
	pairs := map[*site.Entry]map[*site.Entry]bool{}
	add := func(m map[*site.Entry]map[*site.Entry]bool, a, b *site.Entry) {
		if a == b || a == nil || b == nil {
			return
		}
		if m[a] == nil {
			m[a] = map[*site.Entry]bool{}
		}
		if m[b] == nil {
			m[b] = map[*site.Entry]bool{}
		}
		m[a][b], m[b][a] = true, true
	}
	self := func(e *site.Entry, key string, r site.Ref) {
		if r.Entry == e {
			diags.Warnf(e.Path, r.Pos.Line, r.Pos.Col, "%s %q is %s itself: remove it", key, r.Text, e.Name)
		}
	}
	for _, e := range es {
		for _, r := range e.AvoidWith {
			self(e, "avoid_with", r)
			add(avoid, e, r.Entry)
		}
		for _, r := range e.PairsWith {
			self(e, "pairs_with", r)
			add(pairs, e, r.Entry)
		}
	}
	// A pair both to use together and to avoid says two things at once.
	for _, e := range es {
		for _, r := range e.PairsWith {
			if o := r.Entry; o != nil && o != e && avoid[e][o] {
				from := e.Path
				if !slices.ContainsFunc(e.AvoidWith, func(a site.Ref) bool { return a.Entry == o }) {
					from = o.Path
				}
				diags.Warnf(e.Path, r.Pos.Line, r.Pos.Col, "pairs_with %q, but avoid_with in %s says to keep the two apart: keep one of the two", r.Text, from)
			}
		}
	}
	list := func(set map[*site.Entry]bool) []*site.Entry {
		out := make([]*site.Entry, 0, len(set))
		for x := range set {
			out = append(out, x)
		}
		site.SortEntries(out)
		return out
	}
	for e, set := range avoid {
		e.Avoid = list(set)
	}
	for e, set := range pairs {
		e.Pairs = list(set)
	}
}

// Avoids reports whether a and b are not to be combined.
func Avoids(a, b *site.Entry) bool {
	for _, x := range a.Avoid {
		if x == b {
			return true
		}
	}
	return false
}

func terms(s *site.Site) {
	for _, t := range site.Taxonomies {
		bySlug := map[string]*site.TermPage{}
		for _, g := range s.Guides {
			for _, term := range g.Terms[t] {
				tp := bySlug[term.Slug]
				if tp == nil {
					tp = &site.TermPage{Taxonomy: t, Term: term}
					bySlug[term.Slug] = tp
				}
				tp.Guides = append(tp.Guides, g)
			}
		}
		list := make([]*site.TermPage, 0, len(bySlug))
		for _, tp := range bySlug {
			list = append(list, tp)
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Slug < list[j].Slug })
		s.Terms[t] = list
	}
}
