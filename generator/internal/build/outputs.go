package build

import (
	"slices"
	"strings"

	"derma/generator/internal/render"
	"derma/generator/internal/resolve"
	"derma/generator/internal/site"
)

// outputs are the outputs of an update in the making: a copy of the last
// build's, kept in a full build's order as pages come, go and move, with
// the places of later updates and the pages links may lead to following.
type outputs struct {
	inc  *incremental
	s    *site.Site
	list []render.Output
	// stale says an edit of the sitemap failed: it is written again once
	// every page is in its place.
	stale bool
}

// outputs starts the outputs of an update from those of the last build.
func (inc *incremental) outputs(s *site.Site, last []render.Output) *outputs {
	return &outputs{inc: inc, s: s, list: slices.Clone(last)}
}

// set gives an output that keeps its place its new data.
func (o *outputs) set(out render.Output) {
	if i, ok := o.inc.outs[out.Path]; ok {
		o.list[i] = out
	}
}

// sitemap changes the sitemap by edit, given its data.
func (o *outputs) sitemap(edit func(data []byte) ([]byte, bool)) {
	i, ok := o.inc.outs["sitemap.xml"]
	if !ok || o.stale {
		return
	}
	b, ok := edit(o.list[i].Data)
	if !ok {
		o.stale = true
		return
	}
	o.list[i] = render.Output{Path: "sitemap.xml", Data: b}
}

// finish gives the outputs.
func (o *outputs) finish() []render.Output {
	if i, ok := o.inc.outs["sitemap.xml"]; ok && o.stale {
		o.list[i] = render.Output{Path: "sitemap.xml", Data: render.Sitemap(o.s, o.list)}
	}
	return o.list
}

// add gives the new page at url its place right after the page at after,
// in the sitemap (with lastmod, "" for none) and among the pages links may
// lead to. Its data comes with set.
func (o *outputs) add(after, url, lastmod string) {
	inc := o.inc
	i, ok := inc.outs[render.PagePath(after)]
	if !ok {
		i = len(o.list) - 1 // not in a site a build made
	}
	o.list = slices.Insert(o.list, i+1, render.Output{Path: render.PagePath(url)})
	for j := i + 1; j < len(o.list); j++ {
		inc.outs[o.list[j].Path] = j
	}
	inc.links.Pages[url] = true
	o.sitemap(func(data []byte) ([]byte, bool) {
		return render.SitemapAdd(o.s, data, after, url, lastmod, inc.opts.Buffers)
	})
}

// drop takes the page at url out of the outputs, the sitemap and the pages
// links may lead to.
func (o *outputs) drop(url string) {
	inc := o.inc
	p := render.PagePath(url)
	i, ok := inc.outs[p]
	if !ok {
		return
	}
	o.list = slices.Delete(o.list, i, i+1)
	delete(inc.outs, p)
	for j := i; j < len(o.list); j++ {
		inc.outs[o.list[j].Path] = j
	}
	delete(inc.links.Pages, url)
	o.sitemap(func(data []byte) ([]byte, bool) {
		return render.SitemapDrop(o.s, data, url, inc.opts.Buffers)
	})
}

// entries drops the pages of the stubs gone and places those of the new
// ones as a full build orders them: after the entries before them in
// their kind.
func (o *outputs) entries(news, gone []*site.Entry) {
	for _, e := range gone {
		o.drop(e.URL())
	}
	place := func(e *site.Entry) int { return slices.Index(o.s.Entries[e.Kind], e) }
	news = slices.Clone(news)
	slices.SortFunc(news, func(a, b *site.Entry) int {
		if a.Kind != b.Kind {
			return int(a.Kind - b.Kind)
		}
		return place(a) - place(b)
	})
	for _, e := range news {
		after := "/" + e.Kind.Dir() + "/"
		if k := place(e); k > 0 {
			after = o.s.Entries[e.Kind][k-1].URL()
		}
		o.add(after, e.URL(), "")
	}
}

// addTerms places the new tags' pages as a full build orders them: after
// the tags before them in their taxonomy.
func (o *outputs) addTerms(terms []*site.TermPage) {
	terms = slices.Clone(terms)
	slices.SortFunc(terms, func(a, b *site.TermPage) int {
		if a.Taxonomy != b.Taxonomy {
			return int(a.Taxonomy - b.Taxonomy)
		}
		return strings.Compare(a.Slug, b.Slug)
	})
	for _, tp := range terms {
		list := o.s.Terms[tp.Taxonomy]
		after := "/" + tp.Taxonomy.Dir() + "/"
		if k := slices.Index(list, tp); k > 0 {
			after = list[k-1].URL()
		}
		o.add(after, tp.URL(), "")
	}
}

// dropTerms takes out the pages of the tags that went.
func (o *outputs) dropTerms(terms []*site.TermPage) {
	for _, tp := range terms {
		o.drop(tp.URL())
	}
}

// guide gives the page of the guide of update u its place: it goes with
// a guide leaving the site, comes with one joining it, and moves with one
// taking another place or URL. g is the guide after the change, was the
// URL of its page before and lastmod the date the sitemap gave it.
func (o *outputs) guide(u *update, change *resolve.Change, g *site.Guide, was, lastmod string) {
	switch {
	case change.Leaves():
		o.drop(was)
	case change.Joins():
		o.add(o.before(u.to), g.URL(), render.Lastmod(g))
	case change.Moved() || g.URL() != was:
		o.move(u.from, u.to, was, lastmod)
	}
}

// before is the page a full build puts before that of guide i.
func (o *outputs) before(i int) string {
	if i > 0 {
		return o.s.Guides[i-1].URL()
	}
	return "/guides/"
}

// move gives guide from of the last build, now guide to, its page's place
// (guide pages follow the site's order) and URL, in the outputs, in the
// sitemap (where it was at url was with lastmod) and in the places of
// later updates.
func (o *outputs) move(from, to int, was, lastmod string) {
	inc, s := o.inc, o.s
	g := s.Guides[to]
	for k := min(from, to); k <= max(from, to); k++ {
		inc.guides[s.Guides[k].Path] = k
	}
	oi := inc.outs[render.PagePath(was)]
	if p := render.PagePath(g.URL()); p != o.list[oi].Path {
		delete(inc.outs, o.list[oi].Path) // a new slug
		o.list[oi] = render.Output{Path: p}
	}
	ni := oi + to - from
	page := o.list[oi]
	if oi < ni {
		copy(o.list[oi:ni], o.list[oi+1:ni+1])
	} else {
		copy(o.list[ni+1:oi+1], o.list[ni:oi])
	}
	o.list[ni] = page
	for k := min(oi, ni); k <= max(oi, ni); k++ {
		inc.outs[o.list[k].Path] = k
	}
	o.sitemap(func(data []byte) ([]byte, bool) {
		return render.SitemapMove(s, g, data, was, lastmod, o.before(to), inc.opts.Buffers)
	})
}
