package render

import (
	"bytes"
	"encoding/xml"
	"html/template"
	"slices"
	"strings"

	"derma/generator/internal/site"
)

// Listings remembers, from the plan of the last Pages call, which pages show
// each guide outside its own page: its card (home, entry and term pages,
// other guides' related lists), its row (the guide list) or its title in a
// list of routines (entry pages). An edit of a guide's front matter that
// leaves every list as it was then changes those pages only where the guide
// shows (see Again).
type Listings struct {
	jobs     []job
	guides   map[*site.Guide]int   // guide → its own page in jobs
	cards    map[*site.Guide][]int // guide → pages showing its card
	rows     map[*site.Guide][]int // guide → pages showing its row
	routines map[*site.Guide][]int // guide → pages listing its routines
}

// NewListings returns Listings for Options.Listings to fill.
func NewListings() *Listings { return &Listings{} }

// record keeps the plan; it runs after every job's data is prepared.
func (l *Listings) record(s *site.Site, jobs []job) {
	l.jobs = jobs
	l.guides = make(map[*site.Guide]int, len(s.Guides))
	l.cards = make(map[*site.Guide][]int, len(s.Guides))
	l.rows = map[*site.Guide][]int{}
	l.routines = map[*site.Guide][]int{}
	for i, j := range jobs {
		p := j.page
		switch j.tmpl {
		case "guide.html":
			l.guides[p.Guide] = i
		case "guides.html":
			for _, g := range p.Guides {
				l.rows[g] = append(l.rows[g], i)
			}
			continue
		}
		for _, list := range [][]*site.Guide{p.Guides, p.Related} {
			for _, g := range list {
				l.cards[g] = append(l.cards[g], i)
			}
		}
		if p.Entry != nil {
			for _, r := range p.Entry.Routines {
				if is := l.routines[r.Guide]; len(is) == 0 || is[len(is)-1] != i {
					l.routines[r.Guide] = append(l.routines[r.Guide], i)
				}
			}
		}
	}
}

// Relist records that guide g's page, which listed the related guides
// old, now lists g.Related.
func (l *Listings) Relist(g *site.Guide, old []*site.Guide) {
	i, ok := l.guides[g]
	if !ok {
		return
	}
	for _, h := range old {
		l.cards[h] = slices.DeleteFunc(l.cards[h], func(j int) bool { return j == i })
	}
	for _, h := range g.Related {
		l.cards[h] = append(l.cards[h], i)
	}
}

// Cards prepares guide g of s and renders its card and row as Pages does.
// Its entries' and terms' chips must be those of the last build.
func Cards(s *site.Site, theme *Theme, g *site.Guide) (card, row template.HTML, err error) {
	prepareGuide(g, s.Config.BasePath)
	var buf bytes.Buffer
	if err := theme.Partial(&buf, "card", g); err != nil {
		return "", "", err
	}
	card = template.HTML(buf.String())
	buf.Reset()
	if err := theme.Partial(&buf, "guide-row", g); err != nil {
		return "", "", err
	}
	return card, template.HTML(buf.String()), nil
}

// Again gives the pages that change after an edit of guide g's front matter
// that leaves every list of the site as it was (the same entries, tags,
// related guides and place in the site's order). g holds the new data, and
// its new card and row; oldCard and oldRow are what the last build showed,
// retitled says whether the title changed. data gives the last build's
// bytes of an output path. In each page that lists the guide, its old card
// or row is replaced by the new one when found exactly once; a page where
// it is not, and a page listing the guide's routines by title, is rendered
// again. The guide's own page is not among them (see Guide). alloc, when
// set, gives the bytes of spliced pages.
func (l *Listings) Again(theme *Theme, g *site.Guide, oldCard, oldRow template.HTML, retitled bool, data func(path string) []byte, alloc Alloc) ([]Output, error) {
	redo := map[int]bool{}
	var order []int
	mark := func(i int) {
		if !redo[i] {
			redo[i] = true
			order = append(order, i)
		}
	}
	if retitled {
		for _, i := range l.routines[g] {
			mark(i)
		}
	}
	swapped := map[int][]byte{}
	swap := func(is []int, old, cur template.HTML) {
		if old == cur {
			return
		}
		for _, i := range is {
			if redo[i] {
				continue
			}
			b, ok := swapped[i]
			if !ok {
				b = data(l.jobs[i].path)
				order = append(order, i)
			}
			if nb, ok := Splice(b, []byte(old), []byte(cur), alloc.of(l.jobs[i].path)); ok {
				swapped[i] = nb
			} else {
				delete(swapped, i)
				redo[i] = true
			}
		}
	}
	swap(l.cards[g], oldCard, g.Card)
	swap(l.rows[g], oldRow, g.Row)
	outs := make([]Output, 0, len(order))
	var buf bytes.Buffer
	for _, i := range order {
		j := l.jobs[i]
		if !redo[i] {
			outs = append(outs, Output{Path: j.path, Data: swapped[i]})
			continue
		}
		buf.Reset()
		if j.prepare != nil {
			j.prepare(j.page) // skipped when Pages reused the page
		}
		joinLists(j.page)
		err := theme.Execute(&buf, j.tmpl, j.page)
		j.page.Cards, j.page.Rows, j.page.RelatedCards = "", "", ""
		if err != nil {
			return nil, err
		}
		outs = append(outs, Output{Path: j.path, Data: bytes.Clone(buf.Bytes())})
	}
	return outs, nil
}

// Guide renders guide g's own page as Pages does, and keeps its data as the
// page that later calls of Again render again when it lists an edited guide.
func (l *Listings) Guide(s *site.Site, theme *Theme, g *site.Guide, opts Options) (Output, error) {
	o, p, err := guideOutput(s, theme, g, opts)
	if err != nil {
		return Output{}, err
	}
	if i, ok := l.guides[g]; ok {
		l.jobs[i] = job{path: o.Path, tmpl: "guide.html", page: p}
	}
	return o, nil
}

// Splice returns a copy of data with its only occurrence of old replaced.
// The copy is made in alloc(n), which gives n bytes; nil makes new ones.
func Splice(data, old, cur []byte, alloc func(n int) []byte) ([]byte, bool) {
	i := bytes.Index(data, old)
	if i < 0 || bytes.Contains(data[i+1:], old) {
		return nil, false
	}
	n := len(data) - len(old) + len(cur)
	var out []byte
	if alloc != nil {
		out = alloc(n)
	} else {
		out = make([]byte, n)
	}
	copy(out, data[:i])
	copy(out[i:], cur)
	copy(out[i+len(cur):], data[i+len(old):])
	return out, true
}

// Alloc gives a buffer of n bytes for the output at path. A server can
// hand back the buffers of pages it no longer serves: fresh memory for
// pages of megabytes costs more than the copy itself.
type Alloc func(path string, n int) []byte

func (a Alloc) of(path string) func(n int) []byte {
	if a == nil {
		return nil
	}
	return func(n int) []byte { return a(path, n) }
}

// Lastmod is the date the sitemap gives guide g's page.
func Lastmod(g *site.Guide) string {
	d := g.Date
	if g.Updated.After(d) {
		d = g.Updated
	}
	return d.Format("2006-01-02")
}

// SitemapAgain returns a copy of the sitemap data of s with guide g's
// lastmod changed from old to the one g now has; false when the old one is
// not found exactly once.
func SitemapAgain(s *site.Site, g *site.Guide, data []byte, old string, alloc Alloc) ([]byte, bool) {
	var loc bytes.Buffer
	xml.EscapeText(&loc, []byte(strings.TrimSuffix(s.Config.BaseURL, "/")+escapeURLPath(g.URL())))
	pre := "<loc>" + loc.String() + "</loc>\n    <lastmod>"
	return Splice(data, []byte(pre+old+"</lastmod>"), []byte(pre+Lastmod(g)+"</lastmod>"), alloc.of("sitemap.xml"))
}
