package build

import (
	"fmt"
	"html/template"
	"strings"

	"derma/generator/internal/diag"
	"derma/generator/internal/markdown"
	"derma/generator/internal/site"
)

// page is what a link to a place in a page is checked against: the ids of
// the page's headings, routines and theme, and its FAQ answers.
type page struct {
	headings []site.Heading
	routines []site.Routine
	theme    []string
	answers  []site.FAQ
}

func (p *page) has(id string) bool {
	if id == "top" {
		return true // the top of the page, by the HTML standard, with or without an id
	}
	for _, h := range p.headings {
		if h.ID == id {
			return true
		}
	}
	for _, r := range p.routines {
		if r.ID == id || r.ID+"-title" == id {
			return true
		}
	}
	for _, t := range p.theme {
		if t == id {
			return true
		}
	}
	if markdown.IsFootnoteID(id) {
		return true
	}
	attr := ` id="` + template.HTMLEscapeString(id) + `"`
	for _, f := range p.answers {
		if strings.Contains(string(f.AHTML), attr) {
			return true // a heading inside an answer
		}
	}
	return false
}

// fragmentDiags checks every link written to a place in a page of the site
// (other.md#usage, #steps) against the ids that page has, once every body
// is made: a heading renamed leaves the links to it leading nowhere.
// Pages whose ids come from their lists alone (home, lists, tags) are not
// checked.
func fragmentDiags(s *site.Site, reserved map[string][]string) diag.List {
	type source struct {
		path, url string
		links     []site.Fragment
	}
	var sources []source
	add := func(path, url string, links []site.Fragment) {
		if len(links) > 0 {
			sources = append(sources, source{path, url, links})
		}
	}
	for _, g := range s.Guides {
		add(g.Path, g.URL(), g.Fragments)
	}
	for _, k := range site.Kinds {
		for _, e := range s.Entries[k] {
			add(e.Path, e.URL(), e.Fragments)
		}
	}
	for _, p := range s.Pages {
		add(p.Path, p.URL(), p.Fragments)
	}
	if len(sources) == 0 {
		return nil // most sites: no page is looked at
	}
	pages := map[string]*page{}
	for _, g := range s.Guides {
		pages[g.URL()] = &page{headings: g.Headings, routines: g.Routines, theme: reserved["guide"], answers: g.FAQ}
	}
	for _, k := range site.Kinds {
		for _, e := range s.Entries[k] {
			if !e.Unlisted {
				pages[e.URL()] = &page{headings: e.Headings, routines: e.BodyRoutines, theme: reserved["entry"]}
			}
		}
	}
	for _, p := range s.Pages {
		pages[p.URL()] = &page{headings: p.Headings, routines: p.Routines, theme: reserved["page"]}
	}
	var diags diag.List
	for _, src := range sources {
		for _, f := range src.links {
			u := f.URL
			if u == "" {
				u = src.url
			}
			p := pages[u]
			if p == nil || p.has(f.ID) {
				continue
			}
			where := u + " has"
			if u == src.url {
				where = "this page has"
			}
			diags.Warnf(src.path, f.Line, f.Col, "link %q goes to no place: %s no heading with id %q%s", f.Dest, where, f.ID, p.hint(f.ID))
		}
	}
	return diags
}

// hint names the heading id most likely meant, or the page's heading ids.
func (p *page) hint(id string) string {
	best, bestD := "", 4
	for _, h := range p.headings {
		if d := site.Distance(id, h.ID); d < bestD && d <= len(h.ID)/2 {
			best, bestD = h.ID, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean #%s?)", best)
	}
	var ids []string
	for _, h := range p.headings {
		ids = append(ids, "#"+h.ID)
	}
	switch {
	case len(ids) == 0:
		return "; it has no headings"
	case len(ids) > 8:
		ids = append(ids[:8], "…")
	}
	return "; its headings are " + strings.Join(ids, ", ")
}
