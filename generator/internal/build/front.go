package build

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"time"

	"derma/generator/internal/diag"
	"derma/generator/internal/meta"
	"derma/generator/internal/render"
	"derma/generator/internal/resolve"
	"derma/generator/internal/search"
	"derma/generator/internal/site"
)

// An edit of a guide's front matter mostly changes what the guide shows of
// itself: its title, description, dates, author, FAQ. Such an edit is
// shallow when every list of the site stays as it was: the guide keeps its
// slug, its place in the site's order and its being published, names the
// same entries and free tags, and its body holds the same routines. Then
// nothing but the guide's own page (its related guides included), the pages
// that show its card or row (home, guide list, entry and term pages, other
// guides' related lists) or list its routines, the feed, the sitemap and the
// search index can change, and updateFront makes exactly those. Any other
// edit, front matter with errors, or a site with templates of its own
// (which may show a guide anywhere) takes a full build.

// updateFront is Update for a guide whose front matter changed from what the
// last build read to f, doc being its new source.
func (r *Result) updateFront(path string, f []byte, doc *meta.Doc) (*Result, bool) {
	inc, s := r.inc, r.Site
	if inc.theme.Own() {
		return nil, false
	}
	ng, nd := site.LoadGuide(path, doc, s.Config)
	if ng == nil || nd.HasErrors() {
		return nil, false
	}
	opts := inc.opts.Options
	if inc.clock {
		opts.Now = time.Now()
	}
	gi, published := inc.guides[path]
	if !published {
		// A draft or future guide that stays one shows nowhere: only its
		// messages change.
		old := s.Unpublished[path]
		if old == nil || site.Published(ng, opts) || ng.Slug != old.Slug {
			return nil, false
		}
		diags, ok := inc.swapDiags(r.Diags, path, nd)
		if !ok {
			return nil, false
		}
		s.Unpublished[path] = ng
		inc.fronts[path] = bytes.Clone(f)
		next := &Result{Site: s, Index: r.Index, Outputs: r.Outputs, Diags: diags, inc: inc}
		r.inc = nil
		return next, true
	}
	g := s.Guides[gi]
	if ng.Slug != g.Slug || !site.Published(ng, opts) {
		return nil, false
	}
	to := resolve.Place(s, ng, gi)
	change, ok := resolve.Again(s, r.Index, ng, gi, to, &nd)
	if !ok {
		return nil, false
	}
	for _, tp := range change.GoneTerms {
		if inc.linked[tp.URL()] {
			return nil, false // the link would break
		}
	}
	var buf bytes.Buffer
	nd = append(nd, guideBody(ng, inc.md, &buf)...)
	if !sameRoutines(g.Routines, ng.Routines) {
		return nil, false
	}
	diags, ok := inc.swapDiags(r.Diags, path, nd)
	if !ok {
		return nil, false
	}
	card, row, err := render.Cards(s, inc.theme, ng)
	if err != nil {
		return nil, false
	}
	ng.Card, ng.Row = card, row

	// The guide takes its new data in place, so that every list and
	// routine that points at it shows the new one; then it moves between
	// lists.
	saved := *g
	*g = *ng
	change.Apply()
	undo := func() {
		change.Undo()
		*g = saved
	}
	outs := slices.Clone(r.Outputs)
	set := func(o render.Output) {
		if i, ok := inc.outs[o.Path]; ok {
			outs[i] = o
		}
	}
	data := func(p string) []byte { return r.Outputs[inc.outs[p]].Data }
	listed, err := inc.lists.Again(s, inc.theme, render.Edit{
		Guide: g, OldCard: saved.Card, OldRow: saved.Row, Retitled: g.Title != saved.Title,
		Entries: change.Entries, Terms: change.Terms, Relinked: change.Relinked, NewTerms: change.NewTerms,
		Renamed: change.Renamed, GoneTerms: change.GoneTerms, Moved: change.Moved(),
	}, data, inc.opts.Buffers)
	if err != nil {
		undo()
		return nil, false
	}
	page, err := inc.lists.Guide(s, inc.theme, g, render.Options{Dev: inc.opts.Dev})
	if err != nil {
		undo()
		return nil, false
	}
	// Nothing fails from here on.
	if !slices.Equal(g.Related, saved.Related) {
		inc.lists.Relist(g, saved.Related)
	}
	for i, h := range change.Relinked {
		inc.lists.Relist(h, change.Unlinked[i])
	}
	if len(change.NewTerms) > 0 {
		outs = inc.addTerms(s, outs, change.NewTerms)
	}
	if len(change.GoneTerms) > 0 {
		outs = inc.dropTerms(s, outs, change.GoneTerms)
	}
	if change.Moved() {
		inc.move(s, outs, gi, to, render.Lastmod(&saved))
	}
	for _, o := range listed {
		set(o)
	}
	set(page)
	if s.Config.BaseURL != "" {
		if min(gi, to) < render.FeedSize {
			set(render.Output{Path: "feed.xml", Data: render.Feed(s, inc.opts.Now)})
		}
		if was := render.Lastmod(&saved); was != render.Lastmod(g) && !change.Moved() {
			if i, ok := inc.outs["sitemap.xml"]; ok {
				b, ok := render.SitemapAgain(s, g, outs[i].Data, was, inc.opts.Buffers)
				if !ok {
					b = render.Sitemap(s, outs)
				}
				outs[i] = render.Output{Path: "sitemap.xml", Data: b}
			}
		}
	}
	if rec := search.Record(s, g); change.Moved() {
		inc.searchMove(outs, gi, to, rec)
	} else if !reflect.DeepEqual(rec, inc.search.Guides[gi]) {
		inc.searchRecord(outs, gi, rec)
	}
	inc.fronts[path] = bytes.Clone(f)
	next := &Result{Site: s, Index: r.Index, Outputs: outs, Diags: diags, inc: inc}
	r.inc = nil
	return next, true
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
	out := make(diag.List, 0, len(all)+len(cur))
	for _, d := range all {
		if d.Path != path {
			out = append(out, d)
		}
	}
	out = append(out, cur...)
	if len(out) == 0 {
		return nil, true // as a build without messages has them
	}
	out.Sort()
	return out, true
}

// addTerms gives the new tags' pages their places among outs, as a full
// build orders them (after the tags before them in their taxonomy), in the
// sitemap, and among the pages links may lead to.
func (inc *incremental) addTerms(s *site.Site, outs []render.Output, terms []*site.TermPage) []render.Output {
	terms = slices.Clone(terms)
	slices.SortFunc(terms, func(a, b *site.TermPage) int {
		if a.Taxonomy != b.Taxonomy {
			return int(a.Taxonomy - b.Taxonomy)
		}
		return strings.Compare(a.Slug, b.Slug)
	})
	for _, tp := range terms {
		list := s.Terms[tp.Taxonomy]
		after := "/" + tp.Taxonomy.Dir() + "/"
		if k := slices.Index(list, tp); k > 0 {
			after = list[k-1].URL()
		}
		i := inc.outs[render.PagePath(after)]
		outs = slices.Insert(outs, i+1, render.Output{Path: render.PagePath(tp.URL())})
		for j := i + 1; j < len(outs); j++ {
			inc.outs[outs[j].Path] = j
		}
		inc.links.Pages[tp.URL()] = true
		if i, ok := inc.outs["sitemap.xml"]; ok {
			b, ok := render.SitemapAdd(s, outs[i].Data, after, tp.URL(), inc.opts.Buffers)
			if !ok {
				b = render.Sitemap(s, outs)
			}
			outs[i] = render.Output{Path: "sitemap.xml", Data: b}
		}
	}
	return outs
}

// move gives guide from of the last build, now guide to of s, its place
// among outs (guide pages follow the site's order), in the sitemap (where
// its lastmod was lastmod) and in the state of later updates.
func (inc *incremental) move(s *site.Site, outs []render.Output, from, to int, lastmod string) {
	g := s.Guides[to]
	lo, hi := min(from, to), max(from, to)
	for k := lo; k <= hi; k++ {
		inc.guides[s.Guides[k].Path] = k
	}
	oi := inc.outs[render.PagePath(g.URL())]
	ni := oi + to - from
	o := outs[oi]
	if oi < ni {
		copy(outs[oi:ni], outs[oi+1:ni+1])
	} else {
		copy(outs[ni+1:oi+1], outs[ni:oi])
	}
	outs[ni] = o
	for k := min(oi, ni); k <= max(oi, ni); k++ {
		inc.outs[outs[k].Path] = k
	}
	if i, ok := inc.outs["sitemap.xml"]; ok && s.Config.BaseURL != "" {
		after := "/guides/"
		if to > 0 {
			after = s.Guides[to-1].URL()
		}
		b, ok := render.SitemapMove(s, g, outs[i].Data, lastmod, after, inc.opts.Buffers)
		if !ok {
			b = render.Sitemap(s, outs)
		}
		outs[i] = render.Output{Path: "sitemap.xml", Data: b}
	}
}

// dropTerms takes the pages of tags that went out of outs, the sitemap and
// the pages links may lead to.
func (inc *incremental) dropTerms(s *site.Site, outs []render.Output, terms []*site.TermPage) []render.Output {
	for _, tp := range terms {
		p := render.PagePath(tp.URL())
		i, ok := inc.outs[p]
		if !ok {
			continue
		}
		outs = slices.Delete(outs, i, i+1)
		delete(inc.outs, p)
		for j := i; j < len(outs); j++ {
			inc.outs[outs[j].Path] = j
		}
		delete(inc.links.Pages, tp.URL())
		if i, ok := inc.outs["sitemap.xml"]; ok {
			b, ok := render.SitemapDrop(s, outs[i].Data, tp.URL(), inc.opts.Buffers)
			if !ok {
				b = render.Sitemap(s, outs)
			}
			outs[i] = render.Output{Path: "sitemap.xml", Data: b}
		}
	}
	return outs
}
