package resolve

import (
	"runtime"
	"slices"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"

	"derma/generator/internal/diag"
	"derma/generator/internal/site"
)

// Change is what an edit of one guide's front matter changes in the lists
// of a resolved site: the entries and free tags that gain or lose the
// guide, and the related guides of every guide near it in those lists. The
// guide may also join the site (a new guide, or a draft now published) or
// leave it (deleted, or now a draft or future guide). Again, Join and
// Leave find it without touching the site; Apply makes it.
type Change struct {
	s       *site.Site
	ix      *Index
	g       *site.Guide      // the guide joining or leaving; nil: guide i of s, edited
	i, to   int              // the guide's place in the site's order, before and after; -1: none
	Entries []*site.Entry    // entries whose guide lists gain or lose the guide
	Terms   []*site.TermPage // free tags whose guide lists gain or lose it
	// NewTerms are the tags of Terms no guide carried: Apply adds them to
	// the site, each with a page of its own. GoneTerms are the tags only
	// the guide carried, which it drops: Apply takes them and their pages
	// out. Renamed are the tags of Terms whose pages take another name (as
	// the first guide carrying them spells it).
	NewTerms, GoneTerms, Renamed []*site.TermPage
	names                        []string // the new names of Renamed
	// NewEntries are the stubs of Entries that no entry had: names only
	// the guide writes, each getting a page. GoneEntries are the stubs
	// only the guide named, which it no longer does. Apply adds them to
	// the site and its index, or takes them out.
	NewEntries, GoneEntries []*site.Entry
	fresh                   [3]map[string]*site.Entry // NewEntries by kind and key
	// Relinked are the other guides whose related guides Apply changed,
	// each with its old ones in Unlinked.
	Relinked []*site.Guide
	Unlinked [][]*site.Guide
	undo     []func()
}

// Lists reports whether the edit changes which lists show the guide.
func (c *Change) Lists() bool {
	return len(c.Entries)+len(c.Terms)+len(c.GoneTerms)+len(c.GoneEntries) > 0
}

// Moved reports whether the guide takes another place in the site's order
// (its date changed, or it joins or leaves the site); then Entries and
// Terms hold every list it is in or was in.
func (c *Change) Moved() bool { return c.i != c.to }

// Joins and Leaves report whether the guide joins or leaves the site.
func (c *Change) Joins() bool  { return c.i < 0 }
func (c *Change) Leaves() bool { return c.to < 0 }

// Place is where guide g, the new version of guide i of s, belongs in the
// site's order once the old version is taken out; i is -1 for a guide that
// joins the site.
func Place(s *site.Site, g *site.Guide, i int) int {
	n := len(s.Guides)
	if i >= 0 {
		n--
	}
	return sort.Search(n, func(k int) bool {
		if i >= 0 && k >= i {
			k++
		}
		return !site.Before(s.Guides[k], g)
	})
}

// Again resolves guide g, the new version of guide i of the resolved site
// s, which takes place to in the site's order (see Place), against the
// index of s, reporting what Site would report for it. The edit may move
// the guide between lists of entries and free tags, and in the site's
// order; a tag only this guide carried may go, and a tag no guide carried
// gets a page; likewise a name no entry has gets a stub, and a stub only
// this guide named goes. The guide may take another slug. But the other
// entries must keep their names: Again returns false, leaving the site as
// it was, for a stub named by other guides too that would take another
// name (as the guide becomes or stops being the first to name it), for a
// reference with no letters at all, and for a new slug, or an old one,
// that another guide's related: names. When no list changes and the guide
// keeps its place, g gets its related guides here; otherwise Apply gives
// them.
func Again(s *site.Site, ix *Index, g *site.Guide, i, to int, diags *diag.List) (*Change, bool) {
	return again(s, ix, s.Guides[i], g, i, to, diags)
}

// Join is Again for guide g joining the site at place to: a new guide, or
// one published now.
func Join(s *site.Site, ix *Index, g *site.Guide, to int, diags *diag.List) (*Change, bool) {
	c, ok := again(s, ix, &site.Guide{}, g, -1, to, diags)
	if ok {
		c.g = g
	}
	return c, ok
}

// Leave is Again for guide i of s leaving the site: every list it is in
// loses it.
func Leave(s *site.Site, ix *Index, i int) (*Change, bool) {
	old := s.Guides[i]
	c, ok := again(s, ix, old, &site.Guide{Path: old.Path}, i, -1, &diag.List{})
	if ok {
		c.g = old
	}
	return c, ok
}

// again is Again for guide old at place i (-1 and an empty guide: none)
// becoming g at place to (-1 and an empty guide: none).
func again(s *site.Site, ix *Index, old, g *site.Guide, i, to int, diags *diag.List) (*Change, bool) {
	if stubMentions(ix, old) || stubMentions(ix, g) {
		return nil, false // the stubs its routines name list the guide
	}
	for _, h := range []*site.Guide{old, g} {
		for _, k := range site.Kinds {
			for _, ref := range h.Refs[k] {
				if e := ix.Lookup(k, ref.Text); e != nil && e.Stub && len(e.Routines) > 0 {
					// A routine names it too: its name may come from there.
					return nil, false
				}
			}
		}
	}
	c := &Change{s: s, ix: ix, i: i, to: to}
	if old.Slug != g.Slug && (Pinned(s, old.Slug, i) || Pinned(s, g.Slug, i)) {
		return nil, false // another guide's related guides would change
	}
	g.Rank = int32(to)
	var news [3][]*site.Entry
	for _, k := range site.Kinds {
		seen := map[*site.Entry]bool{}
		for j := range g.Refs[k] {
			e, ok := c.resolve(k, &g.Refs[k][j], old, g)
			if !ok {
				return nil, false
			}
			if !seen[e] {
				seen[e] = true
				news[k] = append(news[k], e)
			}
		}
		for _, e := range old.Entries[k] {
			if seen[e] || slices.Contains(c.GoneEntries, e) {
				continue
			}
			if e.Stub {
				if private(e, old) {
					c.GoneEntries = append(c.GoneEntries, e)
					continue
				}
				if stubName(e, old, g) != e.Name {
					return nil, false
				}
			}
			c.Entries = append(c.Entries, e)
		}
		for _, e := range news[k] {
			if c.Moved() || !slices.Contains(old.Entries[k], e) {
				c.Entries = append(c.Entries, e)
			}
		}
	}
	for _, t := range site.Taxonomies {
		slugs := map[string]bool{}
		for _, term := range g.Terms[t] {
			slugs[term.Slug] = true
			tp := termPage(s, t, term.Slug)
			if tp == nil {
				tp = &site.TermPage{Taxonomy: t, Term: term}
				c.NewTerms = append(c.NewTerms, tp)
				c.Terms = append(c.Terms, tp)
				continue
			}
			renamed := c.rename(tp, spelling(tp, old, g))
			if renamed || c.Moved() || !slices.ContainsFunc(old.Terms[t], func(o site.Term) bool { return o.Slug == term.Slug }) {
				c.Terms = append(c.Terms, tp)
			}
		}
		for _, o := range old.Terms[t] {
			if slugs[o.Slug] {
				continue
			}
			tp := termPage(s, t, o.Slug)
			if tp == nil {
				return nil, false
			}
			if len(tp.Guides) == 1 {
				c.GoneTerms = append(c.GoneTerms, tp)
				continue
			}
			c.rename(tp, spelling(tp, old, g))
			c.Terms = append(c.Terms, tp)
		}
	}
	// The messages, as Site gives them for the guide.
	r := &resolver{s: s, ix: ix, diags: &diag.List{}}
	for _, k := range site.Kinds {
		for j := range g.Refs[k] {
			ref := &g.Refs[k][j]
			ref.Entry = c.find(k, ref.Text)
			if ref.Entry.Stub {
				r.unknown(k, ref, g.Path)
			}
		}
		g.Entries[k] = news[k]
		if slices.Equal(news[k], old.Entries[k]) {
			g.Entries[k] = old.Entries[k]
		}
	}
	if c.Lists() || c.Moved() {
		pinAgain(s, g, i, r.diags) // for its messages; Apply picks them again
	} else {
		relatedOf(s, g, i, r.diags)
	}
	*diags = append(*diags, *r.diags...)
	return c, true
}

// find is the entry of kind k that text names once the change is made.
func (c *Change) find(k site.Kind, text string) *site.Entry {
	if e := c.fresh[k][stubKey(k, text)]; e != nil {
		return e
	}
	return c.ix.Lookup(k, text)
}

// resolve finds the entry ref names as guide old becomes g, making a stub
// for a name no entry has, as Site does. A stub only old named and g spells
// otherwise first is dropped and made again under its new name; false when
// another stub would take another name, or ref has no letters.
func (c *Change) resolve(k site.Kind, ref *site.Ref, old, g *site.Guide) (*site.Entry, bool) {
	key := Key(ref.Text)
	if key == "" {
		return nil, false // an error: no letters or digits
	}
	e := c.find(k, ref.Text)
	switch {
	case e == nil:
	case !e.Stub || slices.Contains(c.NewEntries, e):
		return e, true
	case stubName(e, old, g) == e.Name:
		return e, true
	case private(e, old):
		c.GoneEntries = append(c.GoneEntries, e)
	default:
		return nil, false // every guide naming the stub would show the new name
	}
	// The first reference to the name: it names the stub.
	key = stubKey(k, ref.Text)
	e = newStub(k, key, ref, g.Path)
	if c.fresh[k] == nil {
		c.fresh[k] = map[string]*site.Entry{}
	}
	c.fresh[k][key] = e
	c.NewEntries = append(c.NewEntries, e)
	return e, true
}

// private reports whether guide old is all that names stub e.
func private(e *site.Entry, old *site.Guide) bool {
	return len(e.Guides) == 1 && e.Guides[0] == old && len(e.Avoid)+len(e.Pairs) == 0
}

// stubName is the name stub e takes once guide old becomes g. Site names a
// stub as its first reference writes it: an entry's avoid_with or
// pairs_with (entries are resolved first; the stub then avoids or pairs
// with the entry), else the first guide naming it in the site's order.
func stubName(e *site.Entry, old, g *site.Guide) string {
	if len(e.Avoid)+len(e.Pairs) > 0 {
		return e.Name
	}
	written := func(h *site.Guide) string {
		for _, r := range h.Refs[e.Kind] {
			if stubKey(e.Kind, r.Text) == e.Slug {
				return r.Text
			}
		}
		return ""
	}
	mine := written(g)
	for _, h := range e.Guides {
		if h == old {
			continue
		}
		if mine != "" && site.Before(g, h) {
			return mine
		}
		return written(h)
	}
	return mine
}

// Pinned reports whether a guide of s other than guide i (-1: any guide)
// names slug in its related: list.
func Pinned(s *site.Site, slug string, i int) bool {
	if slug == "" {
		return false
	}
	for j, h := range s.Guides {
		if j != i && slices.ContainsFunc(h.RelatedRefs, func(r site.Ref) bool { return Key(r.Text) == slug }) {
			return true
		}
	}
	return false
}

// rename notes that tag page tp takes the name, when it is another one.
func (c *Change) rename(tp *site.TermPage, name string) bool {
	if name == tp.Name {
		return false
	}
	c.Renamed = append(c.Renamed, tp)
	c.names = append(c.names, name)
	return true
}

// termPage is the page of taxonomy t's tag with the slug, or nil.
func termPage(s *site.Site, t site.Taxonomy, slug string) *site.TermPage {
	j, ok := slices.BinarySearchFunc(s.Terms[t], slug, func(tp *site.TermPage, sl string) int { return strings.Compare(tp.Slug, sl) })
	if !ok {
		return nil
	}
	return s.Terms[t][j]
}

// spelling is the name tag page tp gets once guide old becomes g: a tag's
// page is named as the first guide carrying it spells it.
func spelling(tp *site.TermPage, old, g *site.Guide) string {
	t := tp.Taxonomy
	name := func(h *site.Guide) string {
		j := slices.IndexFunc(h.Terms[t], func(n site.Term) bool { return n.Slug == tp.Slug })
		return h.Terms[t][j].Name
	}
	carries := slices.ContainsFunc(g.Terms[t], func(n site.Term) bool { return n.Slug == tp.Slug })
	for _, h := range tp.Guides {
		if h == old {
			continue
		}
		if carries && site.Before(g, h) {
			return name(g)
		}
		return name(h)
	}
	if carries {
		return name(g)
	}
	return ""
}

// Apply makes the change found by Again once guide i of the site holds the
// edited guide's data (by Join or Leave, at once): the guide takes its new
// place in the site's order, or joins or leaves it, stubs come and go, the
// entries and tags gain or lose it, it takes its place in their lists, and
// it and every guide whose window of a changed list (see window) could
// change get their related guides again. Undo takes it all back.
func (c *Change) Apply() {
	if !c.Lists() && !c.Moved() {
		return
	}
	s := c.s
	g := c.g
	if g == nil {
		g = s.Guides[c.i]
	}
	switch {
	case c.Joins():
		insertGuide(s, g, c.to)
		c.undo = append(c.undo, func() { removeGuide(s, c.to) })
	case c.Leaves():
		removeGuide(s, c.i)
		c.undo = append(c.undo, func() { insertGuide(s, g, c.i) })
	case c.Moved():
		place(s.Guides, c.i, c.to)
		c.undo = append(c.undo, func() { place(s.Guides, c.to, c.i) })
	}
	c.entries()
	seen := map[*site.Guide]bool{g: true}
	near := []*site.Guide{g}
	if c.Leaves() {
		near = nil
	}
	// A guide's window in a list changes when the guide sits within a
	// window's width of the place the edited guide takes or leaves.
	around := func(list []*site.Guide, pos int) {
		for _, h := range list[max(0, pos-window-1):min(len(list), pos+window+2)] {
			if !seen[h] {
				seen[h] = true
				near = append(near, h)
			}
		}
	}
	// move takes the guide out of list and, when it stays in, puts it in
	// its place. The other guides keep their order whatever the guide's
	// place in the site.
	move := func(list []*site.Guide, stays bool) []*site.Guide {
		out := slices.Clone(list)
		if pos := slices.Index(out, g); pos >= 0 {
			around(out, pos)
			out = slices.Delete(out, pos, pos+1)
		}
		if stays {
			pos, _ := slices.BinarySearchFunc(out, g.Rank, func(h *site.Guide, r int32) int { return int(h.Rank - r) })
			out = slices.Insert(out, pos, g)
			around(out, pos)
		}
		return out
	}
	for i, tp := range c.Renamed {
		was := tp.Name
		tp.Name = c.names[i]
		c.undo = append(c.undo, func() { tp.Name = was })
	}
	for _, tp := range c.GoneTerms {
		was := s.Terms[tp.Taxonomy]
		s.Terms[tp.Taxonomy] = slices.DeleteFunc(slices.Clone(was), func(x *site.TermPage) bool { return x == tp })
		c.undo = append(c.undo, func() { s.Terms[tp.Taxonomy] = was })
	}
	for _, tp := range c.NewTerms {
		was := s.Terms[tp.Taxonomy]
		j, _ := slices.BinarySearchFunc(was, tp.Slug, func(x *site.TermPage, sl string) int { return strings.Compare(x.Slug, sl) })
		s.Terms[tp.Taxonomy] = slices.Insert(slices.Clone(was), j, tp)
		c.undo = append(c.undo, func() { s.Terms[tp.Taxonomy] = was })
	}
	for _, e := range c.Entries {
		was := e.Guides
		e.Guides = move(was, !c.Leaves() && slices.Contains(g.Entries[e.Kind], e))
		c.undo = append(c.undo, func() { e.Guides = was })
	}
	for _, tp := range c.Terms {
		was := tp.Guides
		tp.Guides = move(was, !c.Leaves() && slices.ContainsFunc(g.Terms[tp.Taxonomy], func(n site.Term) bool { return n.Slug == tp.Slug }))
		c.undo = append(c.undo, func() { tp.Guides = was })
	}
	// Pinned related guides are looked up by slug, in a map made only when
	// a near guide pins any.
	var bySlug map[string]*site.Guide
	unpublished := map[string]bool{}
	if slices.ContainsFunc(near, func(h *site.Guide) bool { return len(h.RelatedRefs) > 0 }) {
		bySlug = make(map[string]*site.Guide, len(s.Guides))
		for _, h := range s.Guides {
			bySlug[h.Slug] = h
		}
		for _, u := range s.Unpublished {
			unpublished[u.Slug] = true
		}
	}
	// Near guides share lists: each list's ranks are read once. Then the
	// guides are scored on every core, as related does.
	ranks := map[any][]int32{}
	posts := make([][]posting, len(near))
	for n, h := range near {
		lists(s, h, func(key any, guides []*site.Guide, w int) {
			rs, ok := ranks[key]
			if !ok {
				rs = make([]int32, len(guides))
				for j, x := range guides {
					rs[j] = x.Rank
				}
				ranks[key] = rs
			}
			pos, _ := slices.BinarySearch(rs, h.Rank)
			posts[n] = append(posts[n], posting{rs[max(0, pos-window):min(len(rs), pos+window+1)], w})
		})
	}
	was := make([][]*site.Guide, len(near))
	for n, h := range near {
		was[n] = h.Related
		h.Related = nil
		pin(h, bySlug, unpublished, &diag.List{}) // reported by the build that made the site, or by Again
	}
	workers := min(runtime.GOMAXPROCS(0), (len(near)+63)/64)
	var eg errgroup.Group
	for w := range workers {
		eg.Go(func() error {
			score := make([]int, len(s.Guides))
			var touched []int32
			for n := w; n < len(near); n += workers {
				touched = scoreGuide(s, near[n], near[n].Rank, posts[n], score, touched[:0])
			}
			return nil
		})
	}
	eg.Wait()
	for n, h := range near {
		old := was[n]
		c.undo = append(c.undo, func() { h.Related = old })
		if h != g && !slices.Equal(old, h.Related) {
			c.Relinked = append(c.Relinked, h)
			c.Unlinked = append(c.Unlinked, old)
		}
	}
}

// entries takes the stubs that go out of the site and its index, and puts
// the new ones in their places.
func (c *Change) entries() {
	s := c.s
	for _, e := range c.GoneEntries {
		was := s.Entries[e.Kind]
		k := slices.Index(was, e)
		s.Entries[e.Kind] = slices.Delete(slices.Clone(was), k, k+1)
		cl := c.ix.keys[e.Kind][e.Slug]
		c.ix.remove(e.Kind, e.Slug, e)
		c.undo = append(c.undo, func() {
			s.Entries[e.Kind] = was
			c.ix.add(e.Kind, e.Slug, cl)
		})
	}
	for _, e := range c.NewEntries {
		was := s.Entries[e.Kind]
		k := sort.Search(len(was), func(j int) bool { return !site.EntryBefore(was[j], e) })
		s.Entries[e.Kind] = slices.Insert(slices.Clone(was), k, e)
		c.ix.add(e.Kind, e.Slug, claim{e, e.Name})
		c.undo = append(c.undo, func() {
			s.Entries[e.Kind] = was
			c.ix.remove(e.Kind, e.Slug, e)
		})
	}
}

// insertGuide puts guide g at place to of the site's order.
func insertGuide(s *site.Site, g *site.Guide, to int) {
	s.Guides = slices.Insert(s.Guides, to, g)
	for k := to; k < len(s.Guides); k++ {
		s.Guides[k].Rank = int32(k)
	}
}

// removeGuide takes guide i out of the site's order.
func removeGuide(s *site.Site, i int) {
	s.Guides = slices.Delete(s.Guides, i, i+1)
	for k := i; k < len(s.Guides); k++ {
		s.Guides[k].Rank = int32(k)
	}
}

// place moves guide from to its place to, the guides between shifting by
// one.
func place(gs []*site.Guide, from, to int) {
	g := gs[from]
	if from < to {
		copy(gs[from:to], gs[from+1:to+1])
	} else {
		copy(gs[to+1:from+1], gs[to:from])
	}
	gs[to] = g
	for k := min(from, to); k <= max(from, to); k++ {
		gs[k].Rank = int32(k)
	}
}

// Undo takes back what Apply did.
func (c *Change) Undo() {
	for i := len(c.undo) - 1; i >= 0; i-- {
		c.undo[i]()
	}
	c.undo, c.Relinked, c.Unlinked = nil, nil, nil
}

// pinAgain pins the related guides of g, the new version of guide i of s,
// as related does.
func pinAgain(s *site.Site, g *site.Guide, i int, diags *diag.List) {
	bySlug := make(map[string]*site.Guide, len(g.RelatedRefs))
	unpublished := map[string]bool{}
	for _, ref := range g.RelatedRefs {
		k := Key(ref.Text)
		if k == g.Slug {
			bySlug[k] = g // itself, under the slug it has now
			continue
		}
		if j := slices.IndexFunc(s.Guides, func(h *site.Guide) bool { return h.Slug == k }); j >= 0 && j != i {
			bySlug[k] = s.Guides[j]
		}
	}
	for _, u := range s.Unpublished {
		unpublished[u.Slug] = true
	}
	pin(g, bySlug, unpublished, diags)
}

// relatedOf fills the related guides of g, the new version of guide i of
// the resolved site s with the same entries and free tags, as related
// does: only the lists g belongs to, and of each only the window around g,
// are read.
func relatedOf(s *site.Site, g *site.Guide, i int, diags *diag.List) {
	pinAgain(s, g, i, diags)
	rank := func(h *site.Guide) int32 { return h.Rank }
	scoreGuide(s, g, int32(i), windows(s, g, int32(i), rank), make([]int, len(s.Guides)), nil)
}

// windows gives the part near guide h of each list h belongs to, h being
// guide i of s (or its new version, with the same entries and tags), rank
// giving each guide's place in s.
func windows(s *site.Site, h *site.Guide, i int32, rank func(*site.Guide) int32) []posting {
	var out []posting
	lists(s, h, func(_ any, guides []*site.Guide, w int) {
		pos, _ := slices.BinarySearchFunc(guides, i, func(x *site.Guide, r int32) int { return int(rank(x) - r) })
		p := posting{nil, w}
		for _, x := range guides[max(0, pos-window):min(len(guides), pos+window+1)] {
			p.ranks = append(p.ranks, rank(x))
		}
		out = append(out, p)
	})
	return out
}

// lists calls add with each list guide h belongs to (keyed by its entry or
// tag page) and the weight of sharing it.
func lists(s *site.Site, h *site.Guide, add func(key any, guides []*site.Guide, w int)) {
	for _, k := range site.Kinds {
		w := [...]int{weightIngredient, weightMaskType, weightProduct}[k]
		for _, e := range h.Entries[k] {
			add(e, e.Guides, w)
		}
	}
	// A guide's free tags have one slug each.
	for _, t := range site.Taxonomies {
		w := [...]int{weightConcern, weightSkinType, weightTag}[t]
		for _, term := range h.Terms[t] {
			if tp := termPage(s, t, term.Slug); tp != nil {
				add(tp, tp.Guides, w)
			}
		}
	}
}
