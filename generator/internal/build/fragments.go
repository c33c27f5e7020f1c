package build

import (
	"fmt"
	"html/template"
	"slices"
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
	chrome   map[string]bool // theme ids of every kind of page
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
	chrome := map[string]bool{}
	for _, id := range reserved["guide"] {
		if slices.Contains(reserved["entry"], id) && slices.Contains(reserved["page"], id) {
			chrome[id] = true
		}
	}
	pages := map[string]*page{}
	for _, g := range s.Guides {
		// The questions and the related guides are sections a guide has
		// only when there is something in them.
		theme := slices.DeleteFunc(slices.Clone(reserved["guide"]), func(id string) bool {
			return id == "faq" && len(g.FAQ) == 0 || id == "related" && len(g.Related) == 0
		})
		pages[g.URL()] = &page{headings: g.Headings, routines: g.Routines, theme: theme, answers: g.FAQ, chrome: chrome}
	}
	for _, k := range site.Kinds {
		for _, e := range s.Entries[k] {
			if !e.Unlisted {
				pages[e.URL()] = &page{headings: e.Headings, routines: e.BodyRoutines, theme: reserved["entry"], chrome: chrome}
			}
		}
	}
	for _, p := range s.Pages {
		pages[p.URL()] = &page{headings: p.Headings, routines: p.Routines, theme: reserved["page"], chrome: chrome}
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

// hint names the id most likely meant, or the ids the page has: its
// headings', its routines' and then those its theme gives pages of its
// kind only (#combos on an ingredient's page; not #main, which every page
// has).
func (p *page) hint(id string) string {
	var ids []string
	for _, h := range p.headings {
		ids = append(ids, h.ID)
	}
	for _, r := range p.routines {
		ids = append(ids, r.ID)
	}
	for _, t := range p.theme {
		if !p.chrome[t] {
			ids = append(ids, t)
		}
	}
	best, bestD := "", 4
	for _, c := range append(ids, p.theme...) {
		if d := site.Distance(id, c); d < bestD && d <= len(c)/2 {
			best, bestD = c, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean #%s?)", best)
	}
	if len(ids) == 0 {
		return "; it has no headings"
	}
	for i := range ids {
		ids[i] = "#" + ids[i]
	}
	if len(ids) > 8 {
		ids = append(ids[:8], "…")
	}
	return "; its ids are " + strings.Join(ids, ", ")
}
