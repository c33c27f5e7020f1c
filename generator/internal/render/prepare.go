package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"derma/generator/internal/site"
)

// html/template calls every function and escaper of an action through
// reflection, which makes a template action cost about a microsecond. A
// guide's dates, links and lists appear on its page, its card and its row,
// and cards appear in many lists, so the built-in templates print strings
// prepared here once instead of calling date, url, slugs or range on each
// page. The older fields (Card, TermChips, Entries...) stay for site themes
// that use them.

// prepareGuide fills g's prepared strings but ReadTime, which waits for
// the body. Entry chips and term chips must be rendered first.
func prepareGuide(g *site.Guide, basePath string) {
	g.Href = basePath + g.URL()
	g.DateISO, g.DateText = isoDate(g.Date), longDate(g.Date)
	g.UpdatedISO, g.UpdatedText = "", ""
	if !g.Updated.IsZero() {
		g.UpdatedISO, g.UpdatedText = isoDate(g.Updated), longDate(g.Updated)
	}
	g.Names = cardNames(g.Entries[site.Ingredient])
	g.Facets = site.Facets{
		Ingredient: entrySlugs(g.Entries[site.Ingredient]),
		MaskType:   entrySlugs(g.Entries[site.MaskType]),
		Concern:    termSlugs(g.Terms[site.Concerns]),
		SkinType:   termSlugs(g.Terms[site.SkinTypes]),
	}
	c := &g.Chips
	c.Ingredients = entryChips(g.Entries[site.Ingredient])
	c.MaskTypes = entryChips(g.Entries[site.MaskType])
	c.Products = entryChips(g.Entries[site.Product])
	c.About = c.Ingredients != "" || c.MaskTypes != "" || c.Products != ""
	c.Concerns = joinHTML(g.TermChips[site.Concerns])
	c.SkinTypes = joinHTML(g.TermChips[site.SkinTypes])
	c.Tags = joinHTML(g.TermChips[site.Tags])
	c.Terms = len(g.Terms[site.Concerns])+len(g.Terms[site.SkinTypes])+len(g.Terms[site.Tags]) > 0
}

// cardNames is the line of ingredients on a guide's card: the first few,
// then how many more, since a card is shown on the page of every one of
// them and a long list would make each of those pages as long as all.
func cardNames(es []*site.Entry) string {
	const shown = 6
	var b strings.Builder
	for i, e := range es {
		if i == shown && len(es) > shown+1 {
			fmt.Fprintf(&b, " and %d more", len(es)-shown)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e.Name)
	}
	return b.String()
}

func isoDate(t time.Time) string  { return t.Format("2006-01-02") }
func longDate(t time.Time) string { return t.Format("2 January 2006") }

// readTime is at about 220 words a minute, never less than a minute.
func readTime(words int) string { return fmt.Sprintf("%d min read", max(1, (words+110)/220)) }

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func entrySlugs(es []*site.Entry) string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Slug
	}
	return strings.Join(s, " ")
}

func termSlugs(ts []site.Term) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.Slug
	}
	return strings.Join(s, " ")
}

func entryChips(es []*site.Entry) template.HTML {
	var b strings.Builder
	for _, e := range es {
		b.WriteString(string(e.Chip))
	}
	return template.HTML(b.String())
}

func joinHTML(hs []template.HTML) template.HTML {
	var b strings.Builder
	for _, h := range hs {
		b.WriteString(string(h))
	}
	return template.HTML(b.String())
}

// joinLists fills the page's lists of guides, each guide's card or row
// already rendered, as one piece of HTML: a range over them in the
// template would cost an action per guide. The guide list shows rows,
// other pages cards.
func joinLists(p *Page) {
	if p.Kind == "guides" {
		p.Rows = joinGuides(p.Guides, func(g *site.Guide) template.HTML { return g.Row })
	} else {
		p.Cards = joinGuides(p.Guides, func(g *site.Guide) template.HTML { return g.Card })
	}
	p.RelatedCards = joinGuides(p.Related, func(g *site.Guide) template.HTML { return g.Card })
}

// joinGuides joins one piece of HTML of each guide, in one allocation.
func joinGuides(gs []*site.Guide, part func(*site.Guide) template.HTML) template.HTML {
	n := 0
	for _, g := range gs {
		n += len(part(g))
	}
	var b strings.Builder
	b.Grow(n)
	for _, g := range gs {
		b.WriteString(string(part(g)))
	}
	return template.HTML(b.String())
}

// headTitle is the page's <title>.
func headTitle(kind, title, site string) string {
	if kind == "home" {
		return site
	}
	return title + " · " + site
}
