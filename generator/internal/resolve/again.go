package resolve

import (
	"slices"
	"strings"

	"derma/generator/internal/diag"
	"derma/generator/internal/site"
)

// Change is what an edit of one guide's front matter changes in the lists
// of a resolved site: the entries and free tags that gain or lose the
// guide, and the related guides of every guide near it in those lists.
// Again finds it without touching the site; Apply makes it.
type Change struct {
	s       *site.Site
	i       int
	Entries []*site.Entry    // entries whose guide lists gain or lose the guide
	Terms   []*site.TermPage // free tags whose guide lists gain or lose it
	// NewTerms are the tags of Terms no guide carried: Apply adds them to
	// the site, each with a page of its own.
	NewTerms []*site.TermPage
	// Relinked are the other guides whose related guides Apply changed,
	// each with its old ones in Unlinked.
	Relinked []*site.Guide
	Unlinked [][]*site.Guide
	undo     []func()
}

// Lists reports whether the edit changes which lists show the guide.
func (c *Change) Lists() bool { return len(c.Entries)+len(c.Terms) > 0 }

// Again resolves guide g, the new version of guide i of the resolved site
// s, against the index of s, reporting what Site would report for it. The
// edit may move the guide between lists of entries and free tags, but it
// must keep the site's pages and their names: it returns false, leaving the
// site as it was, for a reference to a name no entry has (a new stub),
// another spelling of a stub, dropping a stub (which may lose its page),
// dropping a free tag no other guide carries (its page goes), or a change
// of the spelling a tag's page is named by. A tag no guide carried gets a
// page. When no list changes, g
// gets its related guides here; otherwise Apply gives them.
func Again(s *site.Site, ix *Index, g *site.Guide, i int, diags *diag.List) (*Change, bool) {
	old := s.Guides[i]
	c := &Change{s: s, i: i}
	var news [3][]*site.Entry
	for _, k := range site.Kinds {
		seen := map[*site.Entry]bool{}
		for j := range g.Refs[k] {
			ref := &g.Refs[k][j]
			e := ix.Lookup(k, ref.Text)
			if e == nil {
				return nil, false // a new stub, or no letters at all
			}
			if e.Stub && !slices.ContainsFunc(old.Refs[k], func(o site.Ref) bool { return o.Text == ref.Text }) {
				return nil, false // the first spelling names the stub
			}
			if !seen[e] {
				seen[e] = true
				news[k] = append(news[k], e)
			}
		}
		for _, e := range old.Entries[k] {
			if !seen[e] {
				if e.Stub {
					return nil, false
				}
				c.Entries = append(c.Entries, e)
			}
		}
		for _, e := range news[k] {
			if !slices.Contains(old.Entries[k], e) {
				c.Entries = append(c.Entries, e)
			}
		}
	}
	for _, t := range site.Taxonomies {
		for _, term := range g.Terms[t] {
			tp := termPage(s, t, term.Slug)
			if tp == nil {
				tp = &site.TermPage{Taxonomy: t, Term: term}
				c.NewTerms = append(c.NewTerms, tp)
				c.Terms = append(c.Terms, tp)
				continue
			}
			had := slices.ContainsFunc(old.Terms[t], func(o site.Term) bool { return o.Slug == term.Slug })
			// A tag's page is named as the first guide carrying it spells it.
			first := tp.Guides[0] == old || !had && site.Before(g, tp.Guides[0])
			if first && term.Name != tp.Name {
				return nil, false
			}
			if !had {
				c.Terms = append(c.Terms, tp)
			}
		}
		for _, o := range old.Terms[t] {
			if slices.ContainsFunc(g.Terms[t], func(n site.Term) bool { return n.Slug == o.Slug }) {
				continue
			}
			tp := termPage(s, t, o.Slug)
			if tp == nil || len(tp.Guides) < 2 {
				return nil, false
			}
			if tp.Guides[0] == old {
				if j := slices.IndexFunc(tp.Guides[1].Terms[t], func(n site.Term) bool { return n.Slug == o.Slug }); j < 0 || tp.Guides[1].Terms[t][j].Name != tp.Name {
					return nil, false
				}
			}
			c.Terms = append(c.Terms, tp)
		}
	}
	// The messages, as Site gives them for the guide.
	r := &resolver{s: s, ix: ix, diags: &diag.List{}}
	for _, k := range site.Kinds {
		for j := range g.Refs[k] {
			ref := &g.Refs[k][j]
			ref.Entry = ix.Lookup(k, ref.Text)
			if ref.Entry.Stub {
				r.unknown(k, ref, g.Path)
			}
		}
		g.Entries[k] = news[k]
		if slices.Equal(news[k], old.Entries[k]) {
			g.Entries[k] = old.Entries[k]
		}
	}
	if c.Lists() {
		pinAgain(s, g, i, r.diags) // for its messages; Apply picks them again
	} else {
		relatedOf(s, g, i, r.diags)
	}
	*diags = append(*diags, *r.diags...)
	return c, true
}

// termPage is the page of taxonomy t's tag with the slug, or nil.
func termPage(s *site.Site, t site.Taxonomy, slug string) *site.TermPage {
	j, ok := slices.BinarySearchFunc(s.Terms[t], slug, func(tp *site.TermPage, sl string) int { return strings.Compare(tp.Slug, sl) })
	if !ok {
		return nil
	}
	return s.Terms[t][j]
}

// Apply makes the change found by Again once guide i of the site holds the
// edited guide's data: the entries and tags gain or lose the guide, which
// takes its place in their lists, and the guide and every guide whose
// window of a changed list (see window) could change get their related
// guides again. Undo takes it all back.
func (c *Change) Apply() {
	if !c.Lists() {
		return
	}
	s := c.s
	g := s.Guides[c.i]
	rank := make(map[*site.Guide]int32, len(s.Guides))
	for i, h := range s.Guides {
		rank[h] = int32(i)
	}
	seen := map[*site.Guide]bool{g: true}
	near := []*site.Guide{g}
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
	move := func(list []*site.Guide) []*site.Guide {
		pos, found := slices.BinarySearchFunc(list, rank[g], func(h *site.Guide, r int32) int { return int(rank[h] - r) })
		around(list, pos)
		var out []*site.Guide
		if found {
			out = slices.Delete(slices.Clone(list), pos, pos+1)
		} else {
			out = slices.Insert(slices.Clone(list), pos, g)
		}
		around(out, pos)
		return out
	}
	for _, tp := range c.NewTerms {
		was := s.Terms[tp.Taxonomy]
		j, _ := slices.BinarySearchFunc(was, tp.Slug, func(x *site.TermPage, sl string) int { return strings.Compare(x.Slug, sl) })
		s.Terms[tp.Taxonomy] = slices.Insert(slices.Clone(was), j, tp)
		c.undo = append(c.undo, func() { s.Terms[tp.Taxonomy] = was })
	}
	for _, e := range c.Entries {
		was := e.Guides
		e.Guides = move(was)
		c.undo = append(c.undo, func() { e.Guides = was })
	}
	for _, tp := range c.Terms {
		was := tp.Guides
		tp.Guides = move(was)
		c.undo = append(c.undo, func() { tp.Guides = was })
	}
	bySlug := make(map[string]*site.Guide, len(s.Guides))
	for _, h := range s.Guides {
		bySlug[h.Slug] = h
	}
	unpublished := map[string]bool{}
	for _, u := range s.Unpublished {
		unpublished[u.Slug] = true
	}
	byRank := func(h *site.Guide) int32 { return rank[h] }
	score := make([]int, len(s.Guides))
	var touched []int32
	for _, h := range near {
		was := h.Related
		h.Related = nil
		pin(h, bySlug, unpublished, &diag.List{}) // reported by the build that made the site, or by Again
		touched = scoreGuide(s, h, rank[h], windows(s, h, rank[h], byRank), score, touched[:0])
		c.undo = append(c.undo, func() { h.Related = was })
		if h != g && !slices.Equal(was, h.Related) {
			c.Relinked = append(c.Relinked, h)
			c.Unlinked = append(c.Unlinked, was)
		}
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
		if j := slices.IndexFunc(s.Guides, func(h *site.Guide) bool { return h.Slug == k }); j >= 0 {
			bySlug[k] = s.Guides[j]
			if j == i {
				bySlug[k] = g
			}
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
	old := s.Guides[i]
	rank := func(h *site.Guide) int32 {
		if h == old {
			return int32(i)
		}
		j, _ := slices.BinarySearchFunc(s.Guides, h, func(a, b *site.Guide) int {
			if a == b {
				return 0
			}
			if site.Before(a, b) {
				return -1
			}
			return 1
		})
		return int32(j)
	}
	scoreGuide(s, g, int32(i), windows(s, g, int32(i), rank), make([]int, len(s.Guides)), nil)
}

// windows gives the part near guide h of each list h belongs to, h being
// guide i of s (or its new version, with the same entries and tags), rank
// giving each guide's place in s.
func windows(s *site.Site, h *site.Guide, i int32, rank func(*site.Guide) int32) []posting {
	var lists []posting
	add := func(guides []*site.Guide, w int) {
		pos, _ := slices.BinarySearchFunc(guides, i, func(x *site.Guide, r int32) int { return int(rank(x) - r) })
		p := posting{nil, w}
		for _, x := range guides[max(0, pos-window):min(len(guides), pos+window+1)] {
			p.ranks = append(p.ranks, rank(x))
		}
		lists = append(lists, p)
	}
	for _, k := range site.Kinds {
		w := [...]int{weightIngredient, weightMaskType, weightProduct}[k]
		for _, e := range h.Entries[k] {
			add(e.Guides, w)
		}
	}
	// A guide's free tags have one slug each.
	for _, t := range site.Taxonomies {
		w := [...]int{weightConcern, weightSkinType, weightTag}[t]
		for _, term := range h.Terms[t] {
			if tp := termPage(s, t, term.Slug); tp != nil {
				add(tp.Guides, w)
			}
		}
	}
	return lists
}
