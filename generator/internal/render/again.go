package render

import (
	"bytes"
	"html/template"
	"slices"
	"strings"

	"derma/generator/internal/site"
	"derma/generator/internal/workers"
)

// Listings remembers, from the plan of the last Pages call, which pages show
// each guide outside its own page: its card (home, entry and term pages,
// other guides' related lists), its row (the guide list) or its title in a
// list of routines (entry pages). An edit of a guide's front matter that
// leaves every list as it was then changes those pages only where the guide
// shows (see Again).
type Listings struct {
	jobs     []job
	paths    map[string]int        // output path → its page in jobs
	guides   map[*site.Guide]int   // guide → its own page in jobs
	cards    map[*site.Guide][]int // guide → pages showing its card
	rows     map[*site.Guide][]int // guide → pages showing its row
	routines map[*site.Guide][]int // guide → pages listing its routines
	headers  headers               // for pages an edit adds
	opts     Options
}

// NewListings returns Listings for Options.Listings to fill.
func NewListings() *Listings { return &Listings{} }

// record keeps the plan; it runs after every job's data is prepared.
func (l *Listings) record(s *site.Site, jobs []job, h headers, opts Options) {
	l.jobs, l.headers = jobs, h
	l.opts = Options{Dev: opts.Dev}
	l.paths = make(map[string]int, len(jobs))
	l.guides = make(map[*site.Guide]int, len(s.Guides))
	l.cards = make(map[*site.Guide][]int, len(s.Guides))
	l.rows = map[*site.Guide][]int{}
	l.routines = map[*site.Guide][]int{}
	for i, j := range jobs {
		l.paths[j.path] = i
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

// Cards prepares guide g of s and renders its term chips, card and row as
// Pages does. Its entries' chips must be those of the last build.
func Cards(s *site.Site, theme *Theme, g *site.Guide) (card, row template.HTML, err error) {
	var buf bytes.Buffer
	for t := range g.Terms {
		g.TermChips[t] = nil
		for _, term := range g.Terms[t] {
			buf.Reset()
			if err := theme.Partial(&buf, "term-chip", TermChipData{URL: "/" + site.Taxonomy(t).Dir() + "/" + term.Slug + "/", Name: term.Name}); err != nil {
				return "", "", err
			}
			g.TermChips[t] = append(g.TermChips[t], template.HTML(buf.String()))
		}
	}
	prepareGuide(g, s.Config.BasePath)
	buf.Reset()
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

// Chips renders the chips of entries new to the site, as Pages does.
func Chips(theme *Theme, es []*site.Entry) error {
	var buf bytes.Buffer
	for _, e := range es {
		buf.Reset()
		if err := theme.Partial(&buf, "entry-chip", e); err != nil {
			return err
		}
		e.Chip = template.HTML(buf.String())
	}
	return nil
}

// Edit is an edit of one guide's front matter, as Again shows it.
type Edit struct {
	// Guide holds the new data, card and row; OldCard and OldRow are what
	// the last build showed, Retitled says whether the title changed.
	Guide           *site.Guide
	OldCard, OldRow template.HTML
	Retitled        bool
	// Entries and Terms are the entries and free tags whose guide lists
	// gained or lost the guide, Relinked the other guides whose related
	// guides changed.
	Entries  []*site.Entry
	Terms    []*site.TermPage
	Relinked []*site.Guide
	// NewTerms are the free tags of Terms that have no page yet, Renamed
	// those of Terms whose page took another name. GoneTerms are free tags
	// whose pages went.
	NewTerms, Renamed, GoneTerms []*site.TermPage
	// Moved says the guide took another place in the site's order: the
	// home page and the guide list show it elsewhere, and Entries and
	// Terms hold every list it is in.
	Moved bool
	// NewEntries are the stubs of Entries that have no page yet;
	// GoneEntries are stubs whose pages went.
	NewEntries, GoneEntries []*site.Entry
	// Joined and Left say the guide joined the site or left it (Moved is
	// set too); Readdressed, that its page took another URL, which the
	// pages listing its routines link to.
	Joined, Left, Readdressed bool
}

// Again gives the pages that change after an edit of a guide's front
// matter, once the site holds it: the guide may have moved between lists
// and in the site's order, joined or left the site, and pages of tags and
// stubs may have come or gone. data gives the last build's bytes of an
// output path. In each page that lists the guide, its old card or row is
// replaced by the new one when found exactly once; a page where it is not,
// a page listing the guide's routines, every page whose lists or counts
// the edit changed, and the new pages are rendered again. The guide's own
// page is not among them (see Guide). alloc, when set, gives the bytes of
// spliced pages.
func (l *Listings) Again(s *site.Site, theme *Theme, e Edit, data func(path string) []byte, alloc Alloc) ([]Output, error) {
	g := e.Guide
	redo := map[int]bool{}
	var order []int
	mark := func(path string) {
		if i, ok := l.paths[path]; ok && !redo[i] {
			redo[i] = true
			order = append(order, i)
		}
	}
	var sd *SiteData
	if len(l.jobs) > 0 {
		sd = l.jobs[0].page.Site
		// The home page counts guides and entries.
		if n := counts(s); n != sd.Counts {
			sd.Counts = n
			mark(PagePath("/"))
		}
	}
	if e.Retitled || e.Readdressed {
		for _, i := range l.routines[g] {
			mark(l.jobs[i].path)
		}
	}
	// A stub spelt anew goes and comes back under the same URL.
	for _, en := range e.GoneEntries {
		l.move(g, PagePath(en.URL()), false)
		delete(l.paths, PagePath(en.URL()))
		mark(PagePath("/" + en.Kind.Dir() + "/"))
	}
	for _, en := range e.NewEntries {
		if sd == nil {
			break
		}
		j := entryJob(sd, en, nil, l.opts) // a stub: no order
		j.page.Header = l.headers.of(j.page.URL)
		l.paths[j.path] = len(l.jobs)
		l.jobs = append(l.jobs, j)
	}
	for _, en := range e.Entries {
		mark(PagePath(en.URL()))
		mark(PagePath("/" + en.Kind.Dir() + "/")) // counts
	}
	for _, tp := range e.NewTerms {
		if len(l.jobs) == 0 {
			break
		}
		j := termJob(l.jobs[0].page.Site, tp, l.opts)
		j.page.Header = l.headers.of(j.page.URL)
		l.paths[j.path] = len(l.jobs)
		l.jobs = append(l.jobs, j)
		if tp.Taxonomy == site.Concerns {
			mark(PagePath("/")) // the home page lists concerns
		}
	}
	for _, tp := range e.Renamed {
		if i, ok := l.paths[PagePath(tp.URL())]; ok {
			j := termJob(l.jobs[i].page.Site, tp, l.opts)
			j.page.Header = l.jobs[i].page.Header
			l.jobs[i] = j
		}
		if tp.Taxonomy == site.Concerns {
			mark(PagePath("/"))
		}
	}
	for _, tp := range e.GoneTerms {
		l.move(g, PagePath(tp.URL()), false)
		delete(l.paths, PagePath(tp.URL()))
		mark(PagePath("/" + tp.Taxonomy.Dir() + "/"))
		if tp.Taxonomy == site.Concerns {
			mark(PagePath("/"))
		}
	}
	for _, tp := range e.Terms {
		mark(PagePath(tp.URL()))
		mark(PagePath("/" + tp.Taxonomy.Dir() + "/"))
	}
	for _, h := range e.Relinked {
		mark(PagePath(h.URL()))
	}
	if e.Moved {
		mark(PagePath("/"))
		mark(PagePath("/guides/"))
	}
	var choices []Filter
	if i, ok := l.paths[PagePath("/guides/")]; ok && len(e.Entries)+len(e.Terms)+len(e.GoneTerms)+len(e.GoneEntries) > 0 {
		choices = filters(s)
		if !sameFilters(choices, l.jobs[i].page.Filters) {
			mark(l.jobs[i].path)
		}
	}
	// A page that shows the guide's card or row takes the new one in one
	// copy, or is rendered again when the old one is not found exactly
	// once. Pages are independent: they are made on every core.
	swaps := map[int][]Replacement{}
	for _, sw := range []struct {
		pages    []int
		old, cur template.HTML
	}{{l.cards[g], e.OldCard, g.Card}, {l.rows[g], e.OldRow, g.Row}} {
		if sw.old == sw.cur {
			continue
		}
		for _, i := range sw.pages {
			if redo[i] {
				continue
			}
			if _, ok := swaps[i]; !ok {
				order = append(order, i)
			}
			swaps[i] = append(swaps[i], Replacement{[]byte(sw.old), []byte(sw.cur)})
		}
	}
	outs := make([]Output, len(order))
	errs := make([]error, len(order))
	bufs := make([]bytes.Buffer, workers.Count())
	workers.Each(len(order), func(w, k int) {
		i := order[k]
		j := l.jobs[i]
		if !redo[i] {
			if b, ok := Replace(data(j.path), swaps[i], alloc.of(j.path)); ok {
				outs[k] = Output{Path: j.path, Data: b}
				return
			}
		}
		p := j.page
		// The lists as they are now: the page's data took them from
		// the site when the last full build planned it.
		switch {
		case p.Kind == "guide":
			p.Related = p.Guide.Related
		case p.Entry != nil:
			p.Guides = p.Entry.Guides
		case p.Term != nil:
			p.Guides = p.Term.Guides
		case p.Kind == "guides":
			p.Guides = s.Guides
			if choices != nil {
				p.Filters = choices
			}
		case p.Kind == "terms":
			p.Terms = s.Terms[p.Taxonomy]
		case p.Kind == "az":
			p.Entries = s.Entries[site.Ingredient]
			p.Letters = azIndex(p.Entries)
		case p.Kind == "entries":
			p.Entries = s.Entries[p.Kind2]
		case p.Kind == "home":
			p.Terms = s.Terms[site.Concerns]
			p.Guides = s.Guides[:min(len(s.Guides), HomeSize)]
			p.Entries = nonStubs(s.Entries[site.Ingredient])
			p.MaskTypes = nonStubs(s.Entries[site.MaskType])
		}
		if j.prepare != nil {
			j.prepare(p) // skipped when Pages reused the page
		}
		buf := &bufs[w]
		buf.Reset()
		outs[k].Path = j.path
		outs[k].Data, errs[k] = execute(theme, buf, j, alloc.make(j.path))
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	// The guide's card now shows on the pages of the lists it joined, and
	// the home page shows the newest guides.
	if i, ok := l.paths[PagePath("/")]; ok && e.Moved {
		for _, h := range slices.Concat(s.Guides[:min(len(s.Guides), HomeSize+1)], []*site.Guide{g}) {
			l.cards[h] = slices.DeleteFunc(l.cards[h], func(j int) bool { return j == i })
		}
		for _, h := range s.Guides[:min(len(s.Guides), HomeSize)] {
			l.cards[h] = append(l.cards[h], i)
		}
	}
	for _, en := range e.Entries {
		l.move(g, PagePath(en.URL()), slices.Contains(en.Guides, g))
	}
	for _, tp := range e.Terms {
		l.move(g, PagePath(tp.URL()), slices.Contains(tp.Guides, g))
	}
	if i, ok := l.paths[PagePath("/guides/")]; ok && e.Joined {
		l.rows[g] = []int{i}
	}
	if e.Left {
		l.forget(g)
	}
	return outs, nil
}

// forget drops guide g, which left the site, and its page.
func (l *Listings) forget(g *site.Guide) {
	if i, ok := l.guides[g]; ok {
		for _, h := range g.Related {
			l.cards[h] = slices.DeleteFunc(l.cards[h], func(j int) bool { return j == i })
		}
		delete(l.paths, l.jobs[i].path)
	}
	delete(l.guides, g)
	delete(l.cards, g)
	delete(l.rows, g)
	delete(l.routines, g)
}

// move records whether the page at path shows guide g's card.
func (l *Listings) move(g *site.Guide, path string, shows bool) {
	i, ok := l.paths[path]
	if !ok {
		return
	}
	l.cards[g] = slices.DeleteFunc(l.cards[g], func(j int) bool { return j == i })
	if shows {
		l.cards[g] = append(l.cards[g], i)
	}
}

// PagePath is the output path of the page at url.
func PagePath(url string) string { return strings.TrimPrefix(url, "/") + "index.html" }

// sameFilters reports whether the guide list's filters a and b show the
// same choices.
func sameFilters(a, b []Filter) bool {
	return slices.EqualFunc(a, b, func(x, y Filter) bool {
		return x.Key == y.Key && x.Title == y.Title && slices.Equal(x.Options, y.Options)
	})
}

// Guide renders guide g's own page as Pages does, and keeps its data as the
// page that later calls of Again render again when it lists an edited guide.
func (l *Listings) Guide(s *site.Site, theme *Theme, g *site.Guide, opts Options) (Output, error) {
	o, p, err := guideOutput(s, theme, g, opts)
	if err != nil {
		return Output{}, err
	}
	j := job{path: o.Path, tmpl: "guide.html", page: p}
	if i, ok := l.guides[g]; ok {
		if was := l.jobs[i].path; was != j.path {
			delete(l.paths, was) // a new slug
			l.paths[j.path] = i
		}
		l.jobs[i] = j
	} else if l.guides != nil {
		// A guide that joined the site.
		l.guides[g] = len(l.jobs)
		l.paths[j.path] = len(l.jobs)
		l.jobs = append(l.jobs, j)
	}
	return o, nil
}

// Splice returns a copy of data with its only occurrence of old replaced.
// The copy is made in alloc(n), which gives n bytes; nil makes new ones.
func Splice(data, old, cur []byte, alloc func(n int) []byte) ([]byte, bool) {
	return Replace(data, []Replacement{{old, cur}}, alloc)
}

// Replacement is one change Replace makes.
type Replacement struct{ Old, New []byte }

// Replace returns a copy of data with the only occurrence of each Old
// replaced by its New, in one pass; false when an Old is not found exactly
// once or two overlap. The copy is made in alloc(n), which gives n bytes;
// nil makes new ones. Fresh memory for a page of megabytes costs more than
// the copy itself, so one copy for several changes counts.
func Replace(data []byte, rs []Replacement, alloc func(n int) []byte) ([]byte, bool) {
	type at struct{ i, r int }
	found := make([]at, len(rs))
	n := len(data)
	for k, r := range rs {
		i := bytes.Index(data, r.Old)
		if len(r.Old) == 0 || i < 0 || bytes.Contains(data[i+1:], r.Old) {
			return nil, false
		}
		found[k] = at{i, k}
		n += len(r.New) - len(r.Old)
	}
	slices.SortFunc(found, func(a, b at) int { return a.i - b.i })
	for k := 1; k < len(found); k++ {
		if p := found[k-1]; p.i+len(rs[p.r].Old) > found[k].i {
			return nil, false
		}
	}
	var out []byte
	if alloc != nil {
		out = alloc(n)[:0]
	} else {
		out = make([]byte, 0, n)
	}
	from := 0
	for _, f := range found {
		out = append(out, data[from:f.i]...)
		out = append(out, rs[f.r].New...)
		from = f.i + len(rs[f.r].Old)
	}
	return append(out, data[from:]...), true
}

// Alloc gives a buffer of n bytes for the output at path. A server can
// hand back the buffers of pages it no longer serves: fresh memory for
// pages of megabytes costs more than the copy itself.
type Alloc func(path string, n int) []byte

// make is a's allocation for path, new bytes when a is nil.
func (a Alloc) make(path string) func(n int) []byte {
	if a == nil {
		return newBytes
	}
	return a.of(path)
}

func (a Alloc) of(path string) func(n int) []byte {
	if a == nil {
		return nil
	}
	return func(n int) []byte { return a(path, n) }
}
