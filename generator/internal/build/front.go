package build

import (
	"bytes"
	"reflect"
	"slices"
	"time"

	"derma/generator/internal/diag"
	"derma/generator/internal/meta"
	"derma/generator/internal/render"
	"derma/generator/internal/resolve"
	"derma/generator/internal/search"
	"derma/generator/internal/site"
)

// An edit of a guide's front matter mostly changes what the guide shows of
// itself: its title, description, dates, author, FAQ. Then nothing but the
// guide's own page (its related guides included), the pages that show its
// card or row (home, guide list, entry and term pages, other guides'
// related lists) or list its routines, the feed, the sitemap and the
// search index can change, and updateFront makes exactly those. An edit
// may also move the guide between the lists of entries and free tags and
// in the site's order, name an ingredient no file describes (a stub, with
// a page of its own) or stop naming one, give the guide another slug, or
// make it a draft or future guide or publish it; a guide file may come or
// go. The pages of tags, stubs and the guide come and go with it, the
// pages of the lists it joins or leaves are made again, and so are the
// bodies of the guides whose links lead to it. What takes a full build:
// front matter with errors, a site with templates of its own (which may
// show a guide anywhere), a related: list naming a slug that comes or
// goes, a link from another file than a guide to the guide, a tag or stub
// page that a link or a Markdown block leads to going, a routine changing,
// and a stub other guides name taking another name.

// update is one guide's change as Update makes it: the guide at path was
// old, published at place from, or held back as held (a draft or future
// guide the build leaves out), or neither (a new file); it becomes g,
// published at place to, or held back as next, or neither (a deleted
// file).
type update struct {
	path       string
	front      []byte      // the new front matter, as read; nil for a deleted file
	old, g     *site.Guide // published before and after
	held, next *site.Guide // held back before and after
	from, to   int         // old's and g's places in the site's order; -1: none
	diags      diag.List   // the guide's messages after
}

// updateFront is Update for a guide whose front matter changed from what
// the last build read to f, doc being its new source.
func (r *Result) updateFront(path string, f []byte, doc *meta.Doc) (*Result, bool) {
	u := &update{path: path, front: f, from: -1, to: -1}
	if i, ok := r.inc.guides[path]; ok {
		u.old, u.from = r.Site.Guides[i], i
	} else {
		u.held = r.Site.Unpublished[path] // nil for a new file
	}
	if !r.load(u, doc) {
		return nil, false
	}
	return r.change(u)
}

// load reads the guide's new version from doc into u, as published or held
// back; false when it has errors.
func (r *Result) load(u *update, doc *meta.Doc) bool {
	inc := r.inc
	ng, nd := site.LoadGuide(u.path, doc, r.Site.Config)
	if ng == nil || nd.HasErrors() {
		return false
	}
	opts := inc.opts.Options
	if inc.clock {
		opts.Now = time.Now()
	}
	if site.Published(ng, opts) {
		u.g = ng
	} else {
		u.next = ng
		nd = site.Held(nd)
	}
	u.diags = nd
	return true
}

// change makes update u in the last build.
func (r *Result) change(u *update) (*Result, bool) {
	if r.inc.theme.Own() {
		return nil, false
	}
	for _, g := range []*site.Guide{u.old, u.g, u.held, u.next} {
		if g != nil && len(g.Redirects) > 0 {
			return nil, false // its old addresses' pages show its title and slug
		}
	}
	if u.old == nil && u.g == nil {
		return r.changeHeld(u)
	}
	return r.changePublished(u)
}

// changeHeld is change for a guide the site leaves out before and after:
// a draft or future guide edited, written or deleted. It shows nowhere:
// only its messages change, and what links and related: lists naming it
// find (see free and linkers).
func (r *Result) changeHeld(u *update) (*Result, bool) {
	inc, s := r.inc, r.Site
	if !inc.free(s, u) {
		return nil, false
	}
	// A link to a guide held back warns; once it is gone, the link is an
	// error.
	if ls, ok := inc.linkers(s, u); !ok || len(ls) > 0 {
		return nil, false
	}
	diags, ok := inc.swapDiags(r.Diags, u.path, u.diags)
	if !ok {
		return nil, false
	}
	inc.moveLinks(u, "")
	inc.keepGuide(s, u)
	return r.next(r.Outputs, diags), true
}

// changePublished is change for a guide the site shows before or after.
func (r *Result) changePublished(u *update) (*Result, bool) {
	inc, s := r.inc, r.Site
	var change *resolve.Change
	var ok bool
	switch {
	case u.old != nil && u.g != nil:
		u.to = resolve.Place(s, u.g, u.from)
		change, ok = resolve.Again(s, r.Index, u.g, u.from, u.to, &u.diags)
	case u.g != nil:
		u.to = resolve.Place(s, u.g, -1)
		change, ok = resolve.Join(s, r.Index, u.g, u.to, &u.diags)
	default:
		change, ok = resolve.Leave(s, r.Index, u.from)
	}
	if !ok || !inc.free(s, u) || !inc.keepsPages(change) {
		return nil, false
	}
	linkers, ok := inc.linkers(s, u)
	if !ok {
		return nil, false
	}
	var buf bytes.Buffer
	again := inc.convertBefore(linkers, &buf)
	was := ""
	if u.old != nil {
		was = u.old.URL()
	}
	undoLinks := inc.moveLinks(u, was)
	fail := func() (*Result, bool) {
		undoLinks()
		return nil, false
	}
	if u.g != nil {
		buf.Reset()
		u.diags = append(u.diags, guideBody(u.g, inc.md, &buf)...)
	}
	if !sameRoutinesOf(u) || change.Moved() && u.g != nil && len(u.g.Routines) > 0 && otherRoutines(s, u.g) {
		// Entry pages list routines in the site's order: a guide with
		// routines moving past another's takes a full build.
		return fail()
	}
	diags, ok := inc.swapDiags(r.Diags, u.path, u.diags)
	if ok {
		diags, ok = inc.convertAgain(again, diags, &buf)
	}
	if !ok || render.Chips(inc.theme, change.NewEntries) != nil {
		return fail()
	}
	if u.g != nil {
		card, row, err := render.Cards(s, inc.theme, u.g)
		if err != nil {
			return fail()
		}
		u.g.Card, u.g.Row = card, row
	}
	next, ok := r.commit(u, change, diags, again, was)
	if !ok {
		return fail()
	}
	return next, true
}

// convertBefore readies the guides whose links lead to the edited guide
// to be converted again once links lead to its new address: their
// messages before are those of their bodies converted now.
func (inc *incremental) convertBefore(linkers []*site.Guide, buf *bytes.Buffer) []*converted {
	again := make([]*converted, len(linkers))
	for i, h := range linkers {
		c := &converted{h: h, body: *h}
		c.body.FAQ = slices.Clone(h.FAQ)
		buf.Reset()
		c.was = inc.bodyDiags(&c.body, buf)
		again[i] = c
	}
	return again
}

// convertAgain converts the bodies of again once links lead to the edited
// guide's new address, and swaps their messages in diags; false when a
// link now leads nowhere (an error) or a routine changed.
func (inc *incremental) convertAgain(again []*converted, diags diag.List, buf *bytes.Buffer) (diag.List, bool) {
	ok := true
	for _, c := range again {
		c.body.FAQ = slices.Clone(c.h.FAQ)
		buf.Reset()
		now := inc.bodyDiags(&c.body, buf)
		if now.HasErrors() || !sameRoutines(c.h.Routines, c.body.Routines) {
			return nil, false
		}
		if diags, ok = replaceDiags(diags, c.h.Path, c.h.BodyLine, c.was, now); !ok {
			return nil, false
		}
	}
	return diags, true
}

// converted is a guide whose links lead to the edited guide, with its body
// converted again for the guide's new address.
type converted struct {
	h    *site.Guide
	body site.Guide // h with its body converted again
	was  diag.List  // the body's messages before
}

// swap exchanges the converted bodies of h and c.body: a second swap
// takes the first back.
func (c *converted) swap() {
	h, b := c.h, &c.body
	h.HTML, b.HTML = b.HTML, h.HTML
	h.Headings, b.Headings = b.Headings, h.Headings
	h.FAQ, b.FAQ = b.FAQ, h.FAQ
}

// commit makes change, found for update u, in the site and in a copy of
// the last build's outputs, diags being the messages of the new build,
// again the guides whose links lead to the guide, converted again, and was
// the URL of the guide's page.
func (r *Result) commit(u *update, change *resolve.Change, diags diag.List, again []*converted, was string) (*Result, bool) {
	inc, s := r.inc, r.Site
	// The edited guide takes its new data in place, so that every list
	// and routine that points at it shows the new one; then it moves
	// between lists.
	var saved site.Guide
	g := u.g
	if u.old != nil {
		saved = *u.old
		if u.g != nil {
			*u.old = *u.g
			g = u.old
		}
	}
	for _, c := range again {
		c.swap()
	}
	order := entryOrder(s)
	change.Apply()
	undo := func() {
		change.Undo()
		for _, c := range again {
			c.swap()
		}
		if u.old != nil {
			*u.old = saved
		}
	}
	shown := g // the guide the lists show, or showed
	if shown == nil {
		shown = u.old
	}
	data := func(p string) []byte { return r.Outputs[inc.outs[p]].Data }
	listed, err := inc.lists.Again(s, inc.theme, render.Edit{
		Guide: shown, OldCard: saved.Card, OldRow: saved.Row, Retitled: u.old != nil && g != nil && g.Title != saved.Title,
		Entries: change.Entries, Terms: change.Terms, Relinked: change.Relinked, NewTerms: change.NewTerms,
		Renamed: change.Renamed, GoneTerms: change.GoneTerms, Moved: change.Moved(),
		NewEntries: change.NewEntries, GoneEntries: change.GoneEntries,
		Joined: change.Joins(), Left: change.Leaves(), Readdressed: g != nil && was != "" && g.URL() != was,
	}, data, inc.opts.Buffers)
	if err != nil {
		undo()
		return nil, false
	}
	var pages []render.Output
	for _, h := range append([]*site.Guide{g}, linkerGuides(again)...) {
		if h == nil {
			continue // the guide left the site
		}
		page, err := inc.lists.Guide(s, inc.theme, h, render.Options{Dev: inc.opts.Dev})
		if err != nil {
			undo()
			return nil, false
		}
		pages = append(pages, page)
	}
	// Nothing fails from here on.
	if g != nil && !slices.Equal(g.Related, saved.Related) {
		inc.lists.Relist(g, saved.Related)
	}
	for i, h := range change.Relinked {
		inc.lists.Relist(h, change.Unlinked[i])
	}
	outs := inc.place(s, r.Outputs, u, change, &saved, slices.Concat(listed, pages), again)
	if len(change.NewEntries)+len(change.GoneEntries) > 0 {
		inc.searchEntries(s, outs, order)
	}
	inc.searchGuide(s, outs, u, change, again)
	inc.keepGuide(s, u)
	inc.replace(s, change, u)
	return r.next(outs, diags), true
}

// place makes the outputs of the change of u from those of the last build:
// pages come, go and move, the pages made again (made) take their places,
// and the feed and the sitemap follow. saved is the guide as it was.
func (inc *incremental) place(s *site.Site, last []render.Output, u *update, change *resolve.Change, saved *site.Guide, made []render.Output, again []*converted) []render.Output {
	g, was := placed(s, u, change), ""
	if u.old != nil {
		was = saved.URL()
	}
	o := inc.outputs(s, last)
	o.entries(change.NewEntries, change.GoneEntries)
	o.addTerms(change.NewTerms)
	o.dropTerms(change.GoneTerms)
	o.guide(u, change, g, was, render.Lastmod(saved))
	for _, m := range made {
		o.set(m)
	}
	if s.Config.BaseURL == "" {
		return o.finish()
	}
	if inFeed(u.from) || inFeed(u.to) || slices.ContainsFunc(again, func(c *converted) bool { return inFeed(int(c.h.Rank)) }) {
		o.set(render.Output{Path: "feed.xml", Data: render.Feed(s, inc.opts.Now)})
	}
	if g != nil && u.old != nil && !change.Moved() && g.URL() == was && render.Lastmod(saved) != render.Lastmod(g) {
		o.sitemap(func(data []byte) ([]byte, bool) {
			return render.SitemapAgain(s, g, data, render.Lastmod(saved), inc.opts.Buffers)
		})
	}
	return o.finish()
}

// placed is the guide of u in the site once the change is made; nil when
// it left.
func placed(s *site.Site, u *update, change *resolve.Change) *site.Guide {
	if change.Leaves() {
		return nil
	}
	return s.Guides[u.to]
}

// searchGuide gives the guide of u its record in the search index files in
// outs, in its new place, and the guides whose links lead to it theirs
// when their headings changed.
func (inc *incremental) searchGuide(s *site.Site, outs []render.Output, u *update, change *resolve.Change, again []*converted) {
	g := placed(s, u, change)
	switch {
	case change.Joins():
		inc.searchPlace(outs, -1, u.to, search.Record(s, g))
	case change.Leaves():
		inc.searchPlace(outs, u.from, -1, search.Guide{})
	case change.Moved():
		inc.searchPlace(outs, u.from, u.to, search.Record(s, g))
	default:
		if rec := search.Record(s, g); !reflect.DeepEqual(rec, inc.search.Guides[u.from]) {
			inc.searchRecord(outs, u.from, rec)
		}
	}
	for _, c := range again {
		if !slices.Equal(c.h.Headings, c.body.Headings) {
			inc.searchRecord(outs, int(c.h.Rank), search.Record(s, c.h))
		}
	}
}

// linkerGuides are the guides of again.
func linkerGuides(again []*converted) []*site.Guide {
	out := make([]*site.Guide, len(again))
	for i, c := range again {
		out[i] = c.h
	}
	return out
}

// inFeed reports whether place i of the site's order is in the feed.
func inFeed(i int) bool { return i >= 0 && i < render.FeedSize }

// next is the result of an update that gives outs and diags, with the
// messages of links to places in pages made again for the whole site; r
// must not be used afterwards.
func (r *Result) next(outs []render.Output, diags diag.List) *Result {
	inc := r.inc
	fd := fragmentDiags(r.Site, inc.reserved)
	if inc.opts.Strict {
		fd.Strict()
	}
	if len(fd) > 0 || len(inc.fragments) > 0 {
		old := make(map[diag.Diagnostic]bool, len(inc.fragments))
		for _, d := range inc.fragments {
			old[d] = true
		}
		diags = merged(diags, func(d diag.Diagnostic) bool { return old[d] }, fd)
	}
	inc.fragments = fd
	next := &Result{Site: r.Site, Index: r.Index, Outputs: outs, Diags: diags, inc: r.inc}
	r.inc = nil
	return next
}

// otherRoutines tells whether a guide of s other than g holds a routine.
func otherRoutines(s *site.Site, g *site.Guide) bool {
	for _, o := range s.Guides {
		if o != g && o.Path != g.Path && len(o.Routines) > 0 {
			return true
		}
	}
	return false
}

// sameRoutinesOf reports whether the routines the entry pages list stay
// as they are: a guide joining or leaving the site may hold none.
func sameRoutinesOf(u *update) bool {
	switch {
	case u.old != nil && u.g != nil:
		return sameRoutines(u.old.Routines, u.g.Routines)
	case u.old != nil:
		return len(u.old.Routines) == 0
	default:
		return len(u.g.Routines) == 0
	}
}

// address is where links and related: lists find a guide: its slug, and
// whether the site shows it or leaves it out; the zero address for none.
type address struct {
	slug      string
	published bool
}

func (a address) url() string { return "/guides/" + a.slug + "/" }

// addresses are the guide's addresses before and after u.
func (u *update) addresses() (before, after address) {
	switch {
	case u.old != nil:
		before = address{u.old.Slug, true}
	case u.held != nil:
		before = address{u.held.Slug, false}
	}
	switch {
	case u.g != nil:
		after = address{u.g.Slug, true}
	case u.next != nil:
		after = address{u.next.Slug, false}
	}
	return before, after
}

// free reports whether related: lists and copied files let the guide take
// its new address. A related guide the build leaves out is skipped in
// silence, and a related: name that leads nowhere warns: when the guide's
// address changes, no other guide's related: list may name either slug.
// The new slug must be no other guide's, and a new page may not take a
// copied file's place.
func (inc *incremental) free(s *site.Site, u *update) bool {
	before, after := u.addresses()
	if before == after {
		return true
	}
	for _, a := range []address{before, after} {
		if a.slug != "" && resolve.Pinned(s, a.slug, u.from) {
			return false
		}
	}
	if after.slug != "" && after.slug != before.slug && !slugFree(s, after.slug, u.path) {
		return false
	}
	if after.published && (!before.published || after.slug != before.slug) {
		if _, taken := inc.outs[render.PagePath(after.url())]; taken {
			return false
		}
	}
	return true
}

// linkers are the guides other than u's whose links lead to u's guide, or
// name it, when its address changes; false when a file other than a
// published guide does. A link to a guide the build leaves out is kept as
// text with a warning, a link that leads nowhere is an error, and a link
// to a source file becomes a link to its page: such links change with the
// guide's address.
func (inc *incremental) linkers(s *site.Site, u *update) ([]*site.Guide, bool) {
	before, after := u.addresses()
	if before == after {
		return nil, true
	}
	targets := []string{u.path}
	for _, a := range []address{before, after} {
		if a.slug != "" {
			targets = append(targets, a.url())
		}
	}
	seen := map[string]bool{u.path: true} // its own links change with it
	var out []*site.Guide
	for _, t := range targets {
		for _, from := range inc.linked[t] {
			if seen[from] {
				continue
			}
			seen[from] = true
			i, ok := inc.guides[from]
			if !ok {
				return nil, false // an entry's, a page's or a section's
			}
			out = append(out, s.Guides[i])
		}
	}
	return out, true
}

// slugFree reports whether no guide but the one at path has slug.
func slugFree(s *site.Site, slug, path string) bool {
	for _, g := range s.Guides {
		if g.Slug == slug && g.Path != path {
			return false
		}
	}
	for _, g := range s.Unpublished {
		if g.Slug == slug && g.Path != path {
			return false
		}
	}
	return true
}

// keepsPages reports whether the pages change takes away are pages no link
// leads to, the stubs it drops are named by no Markdown block, and the
// pages it brings take no copied file's place.
func (inc *incremental) keepsPages(change *resolve.Change) bool {
	for _, tp := range change.GoneTerms {
		if len(inc.linked[tp.URL()]) > 0 {
			return false // the link would break
		}
	}
	// A stub spelt anew goes and comes back under the same URL.
	gone, back := map[string]bool{}, map[string]bool{}
	for _, e := range change.GoneEntries {
		gone[e.URL()] = true
	}
	for _, e := range change.NewEntries {
		back[e.URL()] = true
		if _, taken := inc.outs[render.PagePath(e.URL())]; taken && !gone[e.URL()] {
			return false
		}
	}
	for _, e := range change.GoneEntries {
		if inc.blockStubs[e] || len(inc.linked[e.URL()]) > 0 && !back[e.URL()] {
			return false
		}
	}
	for _, tp := range change.NewTerms {
		if _, taken := inc.outs[render.PagePath(tp.URL())]; taken {
			return false
		}
	}
	return true
}

// moveLinks gives links to the guide its new address, was being the URL
// its page had, and returns what takes it back.
func (inc *incremental) moveLinks(u *update, was string) (undo func()) {
	l := inc.links
	var undos []func()
	if u.old != nil {
		undos = append(undos, setKey(l.Pages, was, false, true), setKey(l.Sources, u.path, "", true))
	}
	if u.held != nil {
		undos = append(undos, setKey(l.Unpublished, u.path, false, true), setKey(l.Unpublished, u.held.URL(), false, true))
	}
	if u.g != nil {
		undos = append(undos, setKey(l.Pages, u.g.URL(), true, false), setKey(l.Sources, u.path, u.g.URL(), false))
	}
	if u.next != nil {
		undos = append(undos, setKey(l.Unpublished, u.path, true, false), setKey(l.Unpublished, u.next.URL(), true, false))
	}
	return func() {
		for i := len(undos) - 1; i >= 0; i-- {
			undos[i]()
		}
	}
}

// setKey sets m[k] to v, or deletes it with del, and returns what takes it
// back.
func setKey[V any](m map[string]V, k string, v V, del bool) func() {
	old, had := m[k]
	if del {
		delete(m, k)
	} else {
		m[k] = v
	}
	return func() {
		if had {
			m[k] = old
		} else {
			delete(m, k)
		}
	}
}

// keepGuide keeps the guide's new version for later updates: held back, or
// its front matter as read.
func (inc *incremental) keepGuide(s *site.Site, u *update) {
	if u.held != nil {
		delete(s.Unpublished, u.path)
	}
	if u.next != nil {
		s.Unpublished[u.path] = u.next
	}
	if u.front == nil {
		delete(inc.fronts, u.path)
	} else {
		inc.fronts[u.path] = bytes.Clone(u.front)
	}
}

// replace keeps the places of guides for later updates once a guide joined
// or left the site; a guide that moves keeps them in outputs.guide.
func (inc *incremental) replace(s *site.Site, change *resolve.Change, u *update) {
	from := -1
	switch {
	case change.Joins():
		from = u.to
	case change.Leaves():
		delete(inc.guides, u.path)
		from = u.from
	}
	for k := from; from >= 0 && k < len(s.Guides); k++ {
		inc.guides[s.Guides[k].Path] = k
	}
}

// entryOrder lists the entries of s in the order the search index holds
// them.
func entryOrder(s *site.Site) []*site.Entry {
	var out []*site.Entry
	for _, k := range site.Kinds {
		out = append(out, s.Entries[k]...)
	}
	return out
}

// swapDiags replaces every message of the guide at path with cur, which a
// full build would give for it: each message of a guide names the guide's
// own file, and no other file's message names it. It fails when cur holds
// errors, --strict counting warnings as errors.
func (inc *incremental) swapDiags(all diag.List, path string, cur diag.List) (diag.List, bool) {
	if inc.opts.Strict {
		cur.Strict()
	}
	if cur.HasErrors() {
		return nil, false
	}
	return merged(all, func(d diag.Diagnostic) bool { return d.Path == path }, cur), true
}
