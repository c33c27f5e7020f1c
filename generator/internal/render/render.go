package render

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"html/template"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"derma/generator/internal/diag"
	"derma/generator/internal/site"
	"derma/generator/internal/workers"
)

// Output is one file of the built site.
type Output struct {
	Path   string // relative to the output root: guides/x/index.html
	Data   []byte // contents, or nil when Source is set
	Source string // a file of the site folder copied as it is
}

// Options tune rendering.
type Options struct {
	// Emit, when set, receives each page as soon as it is rendered (from
	// many goroutines) and the page is not kept: a large site is written
	// without holding all of it in memory. Returned outputs then carry
	// only their paths.
	Emit func(Output) error
	Dev  bool // serve mode: pages carry the live-reload script
	// Compare are the sections of /compare/, tables already rendered.
	Compare []template.HTML
	// Cache, when set, reuses pages whose data did not change since the
	// last build with the same cache (serve's rebuilds).
	Cache *Cache
	// Body, when set, converts a guide's Markdown just before its page is
	// rendered, and GuidesDone runs once every guide page is, before any
	// other page: a streaming build then holds the HTML of a few guides at
	// a time, not of all of them. Body keeps its own messages.
	Body       func(g *site.Guide, buf *bytes.Buffer)
	GuidesDone func()
	// Listings, when set, records which pages show each guide (serve's
	// rebuilds after a front matter edit).
	Listings *Listings
	// Probe renders one page of each template only, keeping nothing but
	// the messages: a build stopped by content errors still reports what
	// is wrong with its templates, all problems at once.
	Probe bool
}

// Funcs are the helpers every template may call.
func Funcs(cfg *site.Config) template.FuncMap {
	return template.FuncMap{
		"url": func(p string) string { return cfg.BasePath + p },
		"abs": func(p string) string {
			if cfg.BaseURL == "" {
				return cfg.BasePath + p
			}
			return strings.TrimSuffix(cfg.BaseURL, "/") + strings.TrimPrefix(p, cfg.BasePath)
		},
		"date":      longDate,
		"isodate":   isoDate,
		"join":      strings.Join,
		"lower":     strings.ToLower,
		"label":     Label,
		"title":     upperFirst,
		"times":     Times,
		"value":     Value,
		"add":       func(a, b int) int { return a + b },
		"readtime":  readTime,
		"plural":    plural,
		"slugs":     entrySlugs,
		"termslugs": termSlugs,
	}
}

// Label makes a field key readable: rinse_off -> Rinse off.
func Label(key string) string {
	switch key {
	case "inci":
		return "INCI name"
	case "best_for":
		return "Best for"
	}
	return upperFirst(strings.NewReplacer("_", " ", "-", " ").Replace(key))
}

// upperFirst capitalizes s for a title or a chip, unless its first word
// already has a capital of its own (pH, iPhone).
func upperFirst(s string) string {
	first, _, _ := strings.Cut(s, " ")
	if strings.IndexFunc(first, unicode.IsUpper) >= 0 {
		return s
	}
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// Times shows a time list: [am pm] -> "Morning and evening".
func Times(t []string) string {
	am, pm := len(t) == 0, len(t) == 0
	for _, x := range t {
		am = am || x == "am"
		pm = pm || x == "pm"
	}
	switch {
	case am && pm:
		return "Morning and evening"
	case am:
		return "Morning"
	default:
		return "Evening"
	}
}

// Value shows a front matter value as text: lists joined, booleans Yes/No.
func Value(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "Yes"
		}
		return "No"
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			if s := Value(e); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case time.Time:
		return x.Format("2 January 2006")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + Value(x[k])
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v)
}

// job is one page to execute.
type job struct {
	path    string
	tmpl    string
	page    *Page
	prepare func(*Page) // finishes the page data in the worker; may be nil
}

// HomeSize is how many of the newest guides the home page shows.
const HomeSize = 12

// Pages renders every page of s with theme, in parallel, and returns the
// outputs in a fixed order.
func Pages(s *site.Site, theme *Theme, opts Options) ([]Output, diag.List) {
	var diags diag.List
	sd := siteData(s)
	var chipBuf bytes.Buffer
	// An entry appears on many guides: its chip is rendered once, here.
	for _, k := range site.Kinds {
		for _, e := range s.Entries[k] {
			buf := &chipBuf
			buf.Reset()
			if err := theme.Partial(buf, "entry-chip", e); err != nil {
				theme.templateError(&diags, "templates/partials.html", e.URL(), err)
				return nil, diags
			}
			e.Chip = template.HTML(buf.String())
		}
	}
	// Free tags repeat across guides: each (taxonomy, tag, spelling) chip is
	// rendered once.
	termChips := map[termChip]template.HTML{}
	for _, gd := range s.Guides {
		for t := range gd.Terms {
			gd.TermChips[t] = gd.TermChips[t][:0]
			for _, term := range gd.Terms[t] {
				key := termChip{site.Taxonomy(t), term.Slug, term.Name}
				chip, ok := termChips[key]
				if !ok {
					buf := &chipBuf
					buf.Reset()
					if err := theme.Partial(buf, "term-chip", TermChipData{URL: "/" + key.tax.Dir() + "/" + key.slug + "/", Name: key.name}); err != nil {
						theme.templateError(&diags, "templates/partials.html", gd.URL(), err)
						return nil, diags
					}
					chip = template.HTML(buf.String())
					termChips[key] = chip
				}
				gd.TermChips[t] = append(gd.TermChips[t], chip)
			}
		}
	}
	// A guide appears in many lists; its card and its row in the guide list
	// are rendered once, here.
	cardErrs := make([]error, len(s.Guides))
	bufs := make([]bytes.Buffer, workers.Count())
	workers.Each(len(s.Guides), func(w, i int) {
		gd := s.Guides[i]
		prepareGuide(gd, s.Config.BasePath)
		var key uint64
		if opts.Cache != nil {
			key = maphash.String(opts.Cache.seed, cardKey(gd)) ^ theme.hash
			card, ok1 := opts.Cache.get("card:"+gd.Path, key)
			row, ok2 := opts.Cache.get("row:"+gd.Path, key)
			if ok1 && ok2 {
				gd.Card, gd.Row = template.HTML(card), template.HTML(row)
				return
			}
		}
		buf := &bufs[w]
		buf.Reset()
		if cardErrs[i] = theme.Partial(buf, "card", gd); cardErrs[i] != nil {
			return
		}
		gd.Card = template.HTML(buf.String())
		buf.Reset()
		if cardErrs[i] = theme.Partial(buf, "guide-row", gd); cardErrs[i] != nil {
			return
		}
		gd.Row = template.HTML(buf.String())
		if opts.Cache != nil {
			opts.Cache.put("card:"+gd.Path, key, []byte(gd.Card))
			opts.Cache.put("row:"+gd.Path, key, []byte(gd.Row))
		}
	})
	for i, err := range cardErrs {
		if err != nil {
			theme.templateError(&diags, "templates/partials.html", s.Guides[i].URL(), err)
			return nil, diags
		}
	}
	headers, err := chrome(sd, theme)
	if err != nil {
		theme.templateError(&diags, "templates/partials.html", "", err)
		return nil, diags
	}
	jobs := plan(s, sd, opts)
	if opts.Probe {
		seen := map[string]bool{}
		probe := jobs[:0:0]
		for _, j := range jobs {
			if !seen[j.tmpl] {
				seen[j.tmpl] = true
				probe = append(probe, j)
			}
		}
		jobs = probe
	}
	for _, j := range jobs {
		j.page.Header = headers.of(j.page.URL)
	}
	outs := make([]Output, len(jobs))
	errs := make([]error, len(jobs))
	var kr *keyer
	var reused atomic.Int64
	if opts.Cache != nil {
		kr = newKeyer(opts.Cache, s, sd, theme, opts)
	}
	// With Body set, guide pages go first, each right after its body is
	// converted, and the other pages (which list routines found in bodies)
	// only once every guide's is done.
	stages := [][]int{make([]int, len(jobs))}
	for i := range jobs {
		stages[0][i] = i
	}
	if opts.Body != nil {
		var guides, rest []int
		for i, j := range jobs {
			if j.page.Kind == "guide" {
				guides = append(guides, i)
			} else {
				rest = append(rest, i)
			}
		}
		stages = [][]int{guides, rest}
	}
	// The feed carries the newest guides' bodies.
	inFeed := map[*site.Guide]bool{}
	for _, gd := range s.Guides[:min(len(s.Guides), FeedSize)] {
		inFeed[gd] = true
	}
	emitErrs := make([]error, len(jobs))
	for n, stage := range stages {
		if n > 0 && opts.GuidesDone != nil {
			opts.GuidesDone()
		}
		workers.Each(len(stage), func(w, k int) {
			i := stage[k]
			j := jobs[i]
			buf := &bufs[w]
			buf.Reset()
			if opts.Body != nil && j.page.Kind == "guide" {
				opts.Body(j.page.Guide, buf)
				buf.Reset()
			}
			var key uint64
			if kr != nil {
				// The key covers what prepare derives (a guide's
				// JSON-LD comes from its data and entries), so a page
				// that is reused skips it.
				key = kr.page(j)
				if data, ok := opts.Cache.get(j.path, key); ok {
					outs[i] = Output{Path: j.path, Data: data}
					reused.Add(1)
					return
				}
			}
			if j.prepare != nil {
				j.prepare(j.page)
			}
			if opts.Emit != nil {
				data, err := execute(theme, buf, j, nil)
				if err != nil {
					errs[i] = err
					return
				}
				outs[i] = Output{Path: j.path}
				if j.page.Kind == "guide" && (opts.Body == nil || !inFeed[j.page.Guide]) {
					j.page.Guide.HTML = "" // written; nothing else needs it
				}
				jobs[i].page = nil // nor its JSON-LD and the rest
				emitErrs[i] = opts.Emit(Output{Path: j.path, Data: data})
				return
			}
			data, err := execute(theme, buf, j, newBytes)
			if err != nil {
				errs[i] = err
				return
			}
			outs[i] = Output{Path: j.path, Data: data}
			if kr != nil {
				opts.Cache.put(j.path, key, outs[i].Data)
			}
		})
		if i := slices.IndexFunc(emitErrs, func(err error) bool { return err != nil }); i >= 0 {
			diags.Errorf("public", 0, 0, "writing the site: %v", emitErrs[i])
			break
		}
	}
	if opts.Listings != nil {
		opts.Listings.record(s, jobs, headers, opts)
	}
	if c := opts.Cache; c != nil {
		paths := make(map[string]bool, len(jobs))
		for _, j := range jobs {
			paths[j.path] = true
		}
		for _, gd := range s.Guides {
			paths["card:"+gd.Path] = true
			paths["row:"+gd.Path] = true
		}
		c.keep(paths)
		c.Reused = int(reused.Load())
		c.Rendered = len(jobs) - c.Reused
	}
	reported := map[string]bool{}
	for i, err := range errs {
		if err != nil {
			msg := err.Error()
			if !reported[msg] {
				reported[msg] = true
				theme.templateError(&diags, "templates/"+jobs[i].tmpl, pageURL(jobs[i].path), err)
			}
		}
	}
	return outs, diags
}

// pageURL is the address of the page at output path p.
func pageURL(p string) string {
	if p == "index.html" || strings.HasSuffix(p, "/index.html") {
		return "/" + strings.TrimSuffix(p, "index.html")
	}
	return "/" + p
}

func siteData(s *site.Site) *SiteData {
	c := s.Config
	sd := &SiteData{
		Title: c.Title, Description: c.Description, BaseURL: c.BaseURL, BasePath: c.BasePath,
		Language: c.Language, Author: c.Author, Params: c.Params, Pages: s.Pages,
		Feed:   c.BaseURL != "",
		Counts: counts(s),
	}
	sd.Nav = []NavItem{{"Guides", "/guides/"}, {"Ingredients", "/ingredients/"}, {"Mask types", "/mask-types/"}, {"Products", "/products/"}, {"Compare", "/compare/"}}
	return sd
}

// counts are the sizes of s the home page shows.
func counts(s *site.Site) Counts {
	return Counts{len(s.Guides), len(s.Entries[site.Ingredient]), len(s.Entries[site.MaskType]), len(s.Entries[site.Product])}
}

func (sd *SiteData) page(kind, title, desc, url string, opts Options) *Page {
	p := &Page{Site: sd, Kind: kind, Title: title, HeadTitle: headTitle(kind, title, sd.Title), Description: desc, URL: url, Dev: opts.Dev}
	if sd.BaseURL != "" {
		p.Canonical = strings.TrimSuffix(sd.BaseURL, "/") + url
	}
	if p.Description == "" {
		p.Description = sd.Description
	}
	return p
}

// plan lists every page of the site with its data.
func plan(s *site.Site, sd *SiteData, opts Options) []job {
	var jobs []job
	add := func(url, tmpl string, p *Page) {
		jobs = append(jobs, job{PagePath(url), tmpl, p, nil})
	}

	home := sd.page("home", s.Config.Title, s.Config.Description, "/", opts)
	home.Guides = s.Guides[:min(len(s.Guides), HomeSize)]
	home.Entries = nonStubs(s.Entries[site.Ingredient])
	home.MaskTypes = nonStubs(s.Entries[site.MaskType])
	home.Terms = s.Terms[site.Concerns]
	home.Section = s.Sections["home"]
	home.JSONLD = []template.JS{websiteLD(s)}
	add("/", "home.html", home)

	gl := sd.page("guides", sectionTitle(s, "guides", "Guides"), "Every guide on "+s.Config.Title+", newest first.", "/guides/", opts)
	gl.Guides = s.Guides
	gl.Filters = filters(s)
	gl.Section = s.Sections["guides"]
	add("/guides/", "guides.html", gl)

	for _, g := range s.Guides {
		// JSON-LD is built by the worker that renders the page, in parallel.
		jobs = append(jobs, job{strings.TrimPrefix(g.URL(), "/") + "index.html", "guide.html", guidePage(s, sd, g, opts), func(p *Page) {
			g.ReadTime = readTime(g.Words)
			p.JSONLD = guideLD(s, g)
		}})
	}

	for _, k := range site.Kinds {
		dir := "/" + k.Dir() + "/"
		title := sectionTitle(s, k.Dir(), k.Plural())
		var idx *Page
		if k == site.Ingredient {
			idx = sd.page("az", title, "Every ingredient from A to Z, with the other names you find on labels.", dir, opts)
			idx.Letters = azIndex(s.Entries[k])
			idx.Entries = s.Entries[k]
			idx.Section = s.Sections[k.Dir()]
			add(dir, "ingredients.html", idx)
		} else {
			idx = sd.page("entries", title, k.Plural()+" on "+s.Config.Title+".", dir, opts)
			idx.Entries = s.Entries[k]
			idx.Kind2 = k
			idx.Section = s.Sections[k.Dir()]
			add(dir, "entries.html", idx)
		}
		for _, e := range s.Entries[k] {
			jobs = append(jobs, entryJob(sd, e, s.Entries[site.Product], opts))
		}
	}

	for _, t := range site.Taxonomies {
		dir := "/" + t.Dir() + "/"
		idx := sd.page("terms", t.Title(), t.Title()+" on "+s.Config.Title+".", dir, opts)
		idx.Terms = s.Terms[t]
		idx.Taxonomy = t
		add(dir, "terms.html", idx)
		for _, tp := range s.Terms[t] {
			jobs = append(jobs, termJob(sd, tp, opts))
		}
	}

	for _, pg := range s.Pages {
		p := sd.page("page", pg.Title, pg.Description, pg.URL(), opts)
		p.Doc = pg
		p.Params = pg.Params
		p.JSONLD = routinesLD(pg.Title, abs(s, pg.URL()), pg.Routines)
		add(pg.URL(), "page.html", p)
	}

	cmp := sd.page("compare", "Compare", "Mask types, product kinds and ingredients side by side.", "/compare/", opts)
	cmp.Compare = opts.Compare
	add("/compare/", "compare.html", cmp)

	srch := sd.page("search", "Search", "Search guides, ingredients, mask types and product kinds.", "/search/", opts)
	add("/search/", "search.html", srch)

	nf := sd.page("404", "Page not found", "", "/404.html", opts)
	nf.Canonical = ""
	nf.Entries = s.Entries[site.Ingredient]
	jobs = append(jobs, job{"404.html", "404.html", nf, nil})
	return jobs
}

// entryJob is the page of an entry; products are the site's product kinds,
// to place a product among them.
func entryJob(sd *SiteData, e *site.Entry, products []*site.Entry, opts Options) job {
	desc := e.Description
	if desc == "" {
		desc = fmt.Sprintf("%s: what it is and every guide about it.", e.Name)
	}
	p := sd.page("entry", e.Name, desc, e.URL(), opts)
	p.Entry = e
	p.Params = e.Fields
	p.Kind2 = e.Kind
	p.Guides = e.Guides
	if e.Kind == site.Product && e.HasOrder {
		p.Steps = stepsAround(e, products)
	}
	if len(e.BodyRoutines) > 0 {
		url := p.Canonical
		if url == "" {
			url = sd.BasePath + e.URL()
		}
		p.JSONLD = routinesLD(e.Name, url, e.BodyRoutines)
	}
	return job{PagePath(e.URL()), "entry.html", p, nil}
}

// stepsAround finds the product kinds ordered just before and just after e;
// those of the same order go alongside it and are neither.
func stepsAround(e *site.Entry, products []*site.Entry) *Steps {
	var st Steps
	for _, o := range products {
		if o == e || !o.HasOrder || o.Unlisted {
			continue
		}
		if o.Order < e.Order && (st.Prev == nil || o.Order > st.Prev.Order) {
			st.Prev = o
		}
		if o.Order > e.Order && (st.Next == nil || o.Order < st.Next.Order) {
			st.Next = o
		}
	}
	if st.Prev == nil && st.Next == nil {
		return nil
	}
	return &st
}

// termJob is the page of a free tag.
func termJob(sd *SiteData, tp *site.TermPage, opts Options) job {
	p := sd.page("term", upperFirst(tp.Name), fmt.Sprintf("Guides about %s.", tp.Name), tp.URL(), opts)
	p.Term = tp
	p.Taxonomy = tp.Taxonomy
	p.Guides = tp.Guides
	return job{PagePath(tp.URL()), "term.html", p, nil}
}

func guidePage(s *site.Site, sd *SiteData, g *site.Guide, opts Options) *Page {
	p := sd.page("guide", g.Title, g.Description, g.URL(), opts)
	p.Guide = g
	p.Params = g.Params
	p.Related = g.Related
	return p
}

// URLs lists every page URL the site will have, for link checking before
// anything is rendered.
func URLs(s *site.Site) map[string]bool {
	m := map[string]bool{"/": true, "/guides/": true, "/compare/": true, "/search/": true, "/404.html": true, "/robots.txt": true}
	if s.Config.BaseURL != "" {
		m["/feed.xml"], m["/sitemap.xml"] = true, true
	}
	for _, g := range s.Guides {
		m[g.URL()] = true
	}
	for _, k := range site.Kinds {
		m["/"+k.Dir()+"/"] = true
		for _, e := range s.Entries[k] {
			m[e.URL()] = true
		}
	}
	for _, t := range site.Taxonomies {
		m["/"+t.Dir()+"/"] = true
		for _, tp := range s.Terms[t] {
			m[tp.URL()] = true
		}
	}
	for _, p := range s.Pages {
		m[p.URL()] = true
	}
	return m
}

func sectionTitle(s *site.Site, dir, def string) string {
	if sec := s.Sections[dir]; sec != nil && sec.Title != "" {
		return sec.Title
	}
	return def
}

func nonStubs(es []*site.Entry) []*site.Entry {
	out := make([]*site.Entry, 0, len(es))
	for _, e := range es {
		if !e.Stub {
			out = append(out, e)
		}
	}
	return out
}

type termChip struct {
	tax        site.Taxonomy
	slug, name string
}

// TermChipData is what the "term-chip" partial receives.
type TermChipData struct {
	URL  string // root-relative, without the base path
	Name string // as the guide writes it
}

// headers holds the site header once per section the navigation can mark.
type headers map[string]template.HTML

func (h headers) of(url string) template.HTML {
	if x, ok := h[url]; ok {
		return x
	}
	return h[""]
}

// chrome renders the header and footer, the same on nearly every page, once
// (the header once per section the navigation can mark); it sets sd.Footer.
func chrome(sd *SiteData, theme *Theme) (headers, error) {
	var buf bytes.Buffer
	if err := theme.Partial(&buf, "site-footer", sd); err != nil {
		return nil, err
	}
	sd.Footer = template.HTML(buf.String())
	for _, p := range []struct {
		name string
		to   *template.HTML
	}{{"site-links", &sd.Links}, {"site-scripts", &sd.Scripts}} {
		if theme.HasPartial(p.name) {
			buf.Reset()
			if err := theme.Partial(&buf, p.name, sd); err != nil {
				return nil, err
			}
			*p.to = template.HTML(buf.String())
		}
	}
	h := headers{}
	for _, u := range append([]string{""}, navURLs(sd)...) {
		buf.Reset()
		if err := theme.Partial(&buf, "site-header", HeaderData{sd, u}); err != nil {
			return nil, err
		}
		h[u] = template.HTML(buf.String())
	}
	return h, nil
}

func navURLs(sd *SiteData) []string {
	urls := make([]string, len(sd.Nav))
	for i, n := range sd.Nav {
		urls[i] = n.URL
	}
	return urls
}

// cardKey holds everything a guide's card and row show.
func cardKey(g *site.Guide) string {
	// Everything prepareGuide made, which holds the site's base path and
	// the stubs only a routine names, and the fields a theme's card may show.
	c := &g.Chips
	parts := []string{g.Path, g.Slug, g.Href, g.Title, g.Description, g.Author, g.DateISO, g.DateText, g.UpdatedISO, g.UpdatedText,
		strconv.FormatBool(g.Draft), g.Names, g.Facets.Ingredient, g.Facets.MaskType, g.Facets.Concern, g.Facets.SkinType,
		string(c.Ingredients), string(c.MaskTypes), string(c.Products), string(c.Concerns), string(c.SkinTypes), string(c.Tags)}
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p)
		b.WriteByte(0)
	}
	for _, ts := range g.Terms {
		for _, t := range ts {
			b.WriteString(t.Name + "\x01" + t.Slug)
			b.WriteByte(0)
		}
	}
	for _, k := range g.Entries {
		for _, e := range k {
			b.WriteString(e.Slug + "\x01" + e.Name + "\x01" + strconv.FormatBool(e.Stub))
			b.WriteByte(0)
		}
	}
	if len(g.Params) > 0 {
		fmt.Fprintf(&b, "%#v", g.Params)
	}
	return b.String()
}

func escapeURLPath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}
