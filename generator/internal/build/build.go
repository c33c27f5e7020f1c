// Package build runs the pipeline: load → resolve → render → (write). It is
// what the build, check and serve commands share.
package build

import (
	"bytes"
	"html/template"
	"image"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"derma/generator/internal/blocks"
	"derma/generator/internal/diag"
	"derma/generator/internal/markdown"
	"derma/generator/internal/meta"
	"derma/generator/internal/render"
	"derma/generator/internal/resolve"
	"derma/generator/internal/search"
	"derma/generator/internal/site"
	"derma/generator/internal/workers"
	"derma/templates"
)

// Options choose what is built.
type Options struct {
	site.Options
	Strict bool // every warning is an error
	Dev    bool // serve mode: pages get the live-reload script
	// Theme replaces the built-in theme (tests); nil uses templates.FS.
	Theme fs.FS
	// Emit, when set, receives every output file as soon as it is ready
	// (from many goroutines) instead of Result.Outputs holding its bytes.
	Emit func(render.Output) error
	// Blocks renders fenced blocks by info string (compare, routine).
	Blocks func(s *site.Site, ix *resolve.Index) map[string]markdown.BlockFunc
	// Cache reuses unchanged pages between builds of one site (serve).
	Cache *render.Cache
	// Bodies reuses converted Markdown bodies between builds of one site
	// (serve); it has no effect with Emit.
	Bodies *BodyCache
	// Loaded, when set, is told the size of the site's Markdown and the
	// number of its Markdown files once they are read, before the work
	// that needs memory in proportion to them.
	Loaded func(markdownBytes, files int)
	// Incremental keeps what Result.Update needs to rebuild after an edit
	// of one guide's body (serve); it has no effect with Emit.
	Incremental bool
	// Buffers, when set, gives Result.Update the bytes of the large
	// outputs it changes (serve hands back those of pages no request
	// reads any more); it must not give bytes an output in use holds.
	Buffers render.Alloc
}

// Result is a built site held in memory.
type Result struct {
	Site    *site.Site
	Index   *resolve.Index
	Outputs []render.Output // in a fixed order
	Diags   diag.List       // sorted; errors mean Outputs must not be written
	// Planned are, for a build stopped by errors before its pages, the
	// output paths it would have written, as far as they are known (pages,
	// the site's and the theme's files, the files it makes), so that the
	// files in the output it would lose are told with its other problems.
	Planned []string

	// Phases are how long each step of the build took, in order.
	Phases []Phase

	inc *incremental // set by an Incremental build that succeeded
}

// Phase is one step of a build and its wall time.
type Phase struct {
	Name string
	Time time.Duration
}

// clock records phases as they end.
type clock struct {
	r    *Result
	last time.Time
}

func (c *clock) done(name string) {
	t := time.Now()
	c.r.Phases = append(c.r.Phases, Phase{name, t.Sub(c.last)})
	c.last = t
}

// OK reports whether the build may be written.
func (r *Result) OK() bool { return !r.Diags.HasErrors() }

// Build loads, checks and renders the site in fsys. It never writes.
func Build(fsys fs.FS, opts Options) *Result {
	var inc *incremental
	if opts.Incremental && opts.Emit == nil {
		inc = newIncremental(opts)
		fsys = recorder{fsys, inc}
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	r := &Result{}
	clk := clock{r, time.Now()}
	// A streaming build converts each guide's body right before its page,
	// so that it never holds every guide's HTML at once; it reads each body
	// again then, so that it never holds every source either.
	stream := opts.Emit != nil
	lopts := opts.Options
	lopts.Release = stream
	s, diags := site.Load(fsys, lopts)
	r.Site = s
	if opts.Loaded != nil {
		opts.Loaded(markdownSize(s))
	}
	clk.done("load")
	ix := resolve.Site(s, &diags)
	r.Index = ix
	clk.done("resolve")

	themeFS := opts.Theme
	if themeFS == nil {
		themeFS = templates.FS
	}
	theme, tdiags := render.LoadTheme(themeFS, fsys, render.Funcs(&s.Config))
	diags = append(diags, tdiags...)

	links := &markdown.Links{
		BasePath:    s.Config.BasePath,
		Host:        hostOf(s.Config.BaseURL),
		Sources:     sources(s),
		Pages:       render.URLs(s),
		Files:       map[string]bool{},
		Unpublished: map[string]bool{},
		Unloaded:    map[string]bool{},
		Moved:       map[string]string{},
	}
	for _, p := range s.Unloaded {
		links.Unloaded[p] = true
	}
	for _, g := range s.Guides {
		for _, r := range g.Redirects {
			links.Moved[r.From] = g.URL()
		}
	}
	for _, f := range s.Files {
		links.Files["/"+strings.TrimPrefix(f, site.ContentDir+"/")] = true
	}
	links.ImageSize = imageSizes(fsys)
	if inc != nil {
		links.Linked = inc.link
	}
	for _, a := range theme.Static {
		links.Files["/"+a.Path] = true
	}
	// The search data the build writes may be linked too.
	links.Files["/search/index.json"], links.Files["/search/index.js"] = true, true
	for p, g := range s.Unpublished {
		links.Unpublished[p] = true
		links.Unpublished[g.URL()] = true
	}
	mopts := markdown.Options{RawHTML: s.Config.RawHTML, Links: links, Reserved: reservedIDs(theme)}
	if opts.Blocks != nil {
		bix := ix
		if inc != nil {
			bix = ix.Watched(inc.blockStub)
		}
		mopts.Blocks = opts.Blocks(s, bix)
	}
	md := markdown.New(mopts)
	bc := opts.Bodies
	if opts.Emit != nil {
		bc = nil
	}
	if bc != nil {
		bc.start(&s.Config, links, mopts.Reserved)
	}
	diags = append(diags, bodies(s, md, stream, bc, mopts.Blocks, !stream, true)...)
	if bc != nil {
		bc.finish()
	}
	clk.done("Markdown")

	diags = append(diags, staticClashes(theme.Static, links.Pages)...)
	diags = append(diags, redirectClashes(s, theme.Static, links.Pages)...)
	diags = append(diags, nestClashes(s, theme.Static, links.Pages)...)
	if opts.Strict {
		diags.Strict()
	}
	if diags.HasErrors() {
		diags = append(diags, fileClashes(s, links.Pages)...)
		if stream {
			// No page will be made, but the guides' bodies are checked all
			// the same, as a build that converts every body first does.
			d := readBodies(s, fsys)
			d = append(d, bodies(s, md, true, nil, mopts.Blocks, true, false)...)
			if opts.Strict {
				d.Strict()
			}
			diags = append(diags, d...)
		}
		fd := fragmentDiags(s, mopts.Reserved)
		if opts.Strict {
			fd.Strict()
		}
		diags = append(diags, fd...)
		if !tdiags.HasErrors() {
			diags = append(diags, probeTemplates(s, theme, blocks.Tables(s))...)
		}
		diags.Sort()
		r.Diags = diags
		r.Planned = planned(s, theme, links.Pages)
		return r
	}
	// What needs every guide's body: routines on entry pages, the feed,
	// the search index. The feed and the index are made while the pages
	// render, on the time the last pages leave a core idle.
	var (
		feed, siJSON, siScript []byte
		si                     *search.Index
		once                   sync.Once
		encoded                = make(chan struct{})
	)
	afterBodies := func() {
		once.Do(func() {
			routineUses(s) // entry pages list them
			// Neither is read or changed by the pages still to come.
			go func() {
				if s.Config.BaseURL != "" {
					feed = render.Feed(s, opts.Now)
				}
				si = search.Build(s)
				siJSON = si.JSON()
				siScript = search.ScriptOf(siJSON)
				close(encoded)
			}()
		})
	}
	ropts := render.Options{Dev: opts.Dev, Emit: opts.Emit, Compare: blocks.Tables(s), Cache: opts.Cache}
	var (
		guideDiags diag.List
		mu         sync.Mutex
	)
	if stream {
		// Sources and bodies are let go as soon as they are used, so memory
		// stays near one page per worker, not the whole site. A guide's
		// source is read again from its file right before its page.
		release(s)
		// Each worker reads the sources of its guides into the same memory.
		scratch := sync.Pool{New: func() any { return new([]byte) }}
		ropts.Body = func(g *site.Guide, buf *bytes.Buffer) {
			src := scratch.Get().(*[]byte)
			defer scratch.Put(src)
			if err := g.ReadBody(fsys, src); err != nil {
				mu.Lock()
				guideDiags.Errorf(g.Path, 0, 0, "%v", err)
				mu.Unlock()
				return
			}
			d := guideBody(g, md, buf)
			g.Body = nil
			mu.Lock()
			guideDiags = append(guideDiags, d...)
			mu.Unlock()
		}
		ropts.GuidesDone = afterBodies
	} else {
		afterBodies()
	}
	if inc != nil {
		ropts.Listings = inc.lists
	}
	outs, rdiags := render.Pages(s, theme, ropts)
	afterBodies()
	<-encoded
	if opts.Strict {
		guideDiags.Strict()
	}
	fdiags := fragmentDiags(s, mopts.Reserved)
	if opts.Strict {
		fdiags.Strict()
	}
	if guideDiags.HasErrors() {
		// As a build that converts every body first: no page is made, and
		// the templates' own errors are told too.
		diags = append(diags, fdiags...)
		diags = append(diags, guideDiags...)
		diags = append(diags, themeErrors(rdiags)...)
		diags = append(diags, fileClashes(s, links.Pages)...)
		diags.Sort()
		r.Diags = diags
		r.Planned = planned(s, theme, links.Pages)
		return r
	}
	diags = append(diags, guideDiags...)
	diags = append(diags, rdiags...)
	diags = append(diags, fdiags...)
	if inc != nil {
		inc.fragments, inc.reserved = fdiags, mopts.Reserved
	}
	clk.done("pages")
	var extra []render.Output
	ownRobots := false
	for _, a := range theme.Static {
		extra = append(extra, render.Output{Path: a.Path, Data: a.Data})
		ownRobots = ownRobots || a.Path == "robots.txt"
	}
	if !ownRobots {
		extra = append(extra, render.Output{Path: "robots.txt", Data: render.Robots(s)})
	}
	extra = append(extra, render.Output{Path: "search/index.json", Data: siJSON},
		render.Output{Path: "search/index.js", Data: siScript})
	if rs, err := render.Redirects(s); err != nil {
		diags.Errorf("templates", 0, 0, "the page of a guide's old address: %v", err)
	} else {
		extra = append(extra, rs...)
	}
	if s.Config.BaseURL != "" {
		extra = append(extra, render.Output{Path: "feed.xml", Data: feed})
		extra = append(extra, render.Output{Path: "sitemap.xml", Data: render.Sitemap(s, outs)})
	}
	extra, cdiags := addFiles(s, append(outs, extra...), extra)
	diags = append(diags, cdiags...)
	if opts.Emit != nil && !diags.HasErrors() {
		for i, o := range extra {
			if err := opts.Emit(o); err != nil {
				diags.Errorf("public", 0, 0, "writing the site: %v", err)
				break
			}
			extra[i].Data = nil
		}
	}
	diags.Sort()
	r.Outputs = append(outs, extra...)
	r.Diags = diags
	clk.done("other files")
	if inc != nil && r.OK() {
		inc.keep(r, opts, theme, md, links, si)
	}
	return r
}

// probeTemplates renders a page of each template of a site whose content has
// errors, for the template errors alone; a template that fails on data the
// errors left half made says nothing.
func probeTemplates(s *site.Site, theme *render.Theme, compare []template.HTML) (d diag.List) {
	defer func() {
		if recover() != nil {
			d = nil
		}
	}()
	_, pd := render.Pages(s, theme, render.Options{Probe: true, Compare: compare})
	return themeErrors(pd)
}

// themeErrors are the errors of d in the templates.
func themeErrors(d diag.List) diag.List {
	var out diag.List
	for _, x := range d {
		if x.Severity == diag.Error && strings.HasPrefix(x.Path, render.ThemeDir+"/") {
			out = append(out, x)
		}
	}
	return out
}

func markdownSize(s *site.Site) (bytes, files int) {
	add := func(b []byte) {
		bytes += len(b)
		files++
	}
	for _, g := range s.Guides {
		bytes += g.BodySize()
		files++
	}
	for _, g := range s.Unpublished {
		bytes += g.BodySize()
		files++
	}
	for _, es := range s.Entries {
		for _, e := range es {
			add(e.Body)
		}
	}
	for _, p := range s.Pages {
		add(p.Body)
	}
	return bytes, files
}

// addFiles appends to extra the files copied from content/, refusing one that
// would take the place of a page or another file the site makes. An asset of
// the theme (style.css) and robots.txt are the author's to replace, as a
// site's static files replace its theme's in Hugo.
func addFiles(s *site.Site, all, extra []render.Output) ([]render.Output, diag.List) {
	var diags diag.List
	taken := make(map[string]bool, len(all))
	for _, o := range all {
		taken[o.Path] = true
	}
	replaceable := map[string]bool{"robots.txt": true}
	for _, a := range extra {
		if a.Data != nil && !strings.HasSuffix(a.Path, ".html") && !generated[a.Path] {
			replaceable[a.Path] = true
		}
	}
	replaced := map[string]bool{}
	var files []render.Output
	for _, f := range s.Files {
		p := strings.TrimPrefix(f, site.ContentDir+"/")
		if taken[p] && !replaceable[p] {
			replacesPage(&diags, f, p)
			continue
		}
		replaced[p] = true
		files = append(files, render.Output{Path: p, Source: f})
	}
	outs := extra[:0:0]
	for _, o := range extra {
		if !replaced[o.Path] {
			outs = append(outs, o)
		}
	}
	return append(outs, files...), diags
}

// fileClashes are addFiles' errors for a build that stops before its
// pages are made, so that every problem is told at once: the pages are
// those the build would make (their URLs, as render.URLs gives them).
func fileClashes(s *site.Site, pages map[string]bool) diag.List {
	var diags diag.List
	for _, f := range s.Files {
		if p := strings.TrimPrefix(f, site.ContentDir+"/"); wouldReplace(p, pages) {
			replacesPage(&diags, f, p)
		}
	}
	return diags
}

// staticClashes reports the theme's static files that would take the place
// of a page or file the site makes (templates/static/guides/x/index.html):
// like a content file, a theme's file may replace an asset or robots.txt,
// not a page. Only the site's own theme files can clash, as the built-in
// ones are assets.
func staticClashes(static []render.Asset, pages map[string]bool) diag.List {
	var diags diag.List
	for _, a := range static {
		if wouldReplace(a.Path, pages) {
			replacesPage(&diags, path.Join("templates", "static", a.Path), a.Path)
		}
	}
	return diags
}

// wouldReplace reports whether a file written to the output as p would
// replace a page or a file the build makes (pages holds their URLs, as
// render.URLs gives them, the feed and sitemap among them when the site
// has them); robots.txt is the author's to replace.
func wouldReplace(p string, pages map[string]bool) bool {
	u := "/" + p
	if strings.HasSuffix(p, "/index.html") || p == "index.html" {
		u = strings.TrimSuffix(u, "index.html")
	}
	return p != "robots.txt" && (pages[u] || p == "search/index.json" || p == "search/index.js")
}

// replacesPage reports the content file f, which would be written to the
// output as p, where the build writes a page or file of its own.
func replacesPage(diags *diag.List, f, p string) {
	if p == "404.html" {
		diags.Errorf(f, 0, 0, "this file would replace the site's own /404.html: write templates/404.html to change that page")
		return
	}
	diags.Errorf(f, 0, 0, "this file would replace the site's own /%s: rename or move it", p)
}

// redirectClashes reports the old addresses of guides (aliases:) that are
// the address of a page or file of the site, or of another guide's.
func redirectClashes(s *site.Site, static []render.Asset, pages map[string]bool) diag.List {
	var diags diag.List
	files := map[string]string{}
	for _, f := range s.Files {
		files[strings.TrimPrefix(f, site.ContentDir+"/")] = f
	}
	for _, a := range static {
		files[a.Path] = path.Join("templates", "static", a.Path)
	}
	seen := map[string]string{}
	for _, g := range s.Guides {
		for _, r := range g.Redirects {
			out := render.RedirectPath(r.From)
			switch {
			case pages[r.From] || wouldReplace(out, pages):
				diags.Errorf(g.Path, r.Pos.Line, r.Pos.Col, "alias %q is the address of a page of the site: an alias is an old address that no page has now", r.From)
			case files[out] != "":
				diags.Errorf(g.Path, r.Pos.Line, r.Pos.Col, "alias %q is where %s is published: choose another address or move the file", r.From, files[out])
			case seen[out] != "":
				diags.Errorf(g.Path, r.Pos.Line, r.Pos.Col, "alias %q is also an alias of %s: an old address leads to one guide", r.From, seen[out])
			}
			if seen[out] == "" {
				seen[out] = g.Path
			}
		}
	}
	return diags
}

// nestClashes finds two outputs one of which would be a folder holding the
// other, which no file system can write: an alias /feed.xml (its page is
// feed.xml/index.html) beside the feed, a content file named tags beside
// the folder of the tag pages, a folder content/robots.txt/. Each is told
// at the file the author wrote, naming the other.
func nestClashes(s *site.Site, static []render.Asset, pages map[string]bool) diag.List {
	type origin struct {
		path      string // the file written by the author, or "" for the build's own
		pos       meta.Pos
		alias     string
		published string // the site path the output is published at
		theme     bool   // a file of templates/static/
	}
	outs := map[string]origin{}
	add := func(out string, o origin) {
		if _, ok := outs[out]; !ok {
			outs[out] = o
		}
	}
	for _, f := range s.Files {
		out := strings.TrimPrefix(f, site.ContentDir+"/")
		add(out, origin{path: f, published: "/" + out})
	}
	for _, a := range static {
		// The built-in theme's or the site's: the theme's, either way.
		add(a.Path, origin{published: "/" + a.Path, theme: true})
	}
	for _, g := range s.Guides {
		for _, r := range g.Redirects {
			add(render.RedirectPath(r.From), origin{path: g.Path, pos: r.Pos, alias: r.From, published: r.From})
		}
	}
	for u := range pages {
		p := strings.TrimPrefix(u, "/")
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		add(p, origin{published: u})
	}
	add("search/index.json", origin{published: "/search/index.json"})
	add("search/index.js", origin{published: "/search/index.js"})
	name := func(o origin) string {
		if o.theme {
			return "the theme's " + o.published
		}
		if o.path == "" {
			return "the site's own " + o.published
		}
		return o.path
	}
	folder := func(out string) (string, bool) {
		for d := path.Dir(out); d != "."; d = path.Dir(d) {
			if _, ok := outs[d]; ok {
				return d, true
			}
		}
		return "", false
	}
	clash := false
	for out := range outs {
		if _, clash = folder(out); clash {
			break
		}
	}
	if !clash {
		return nil // every site but a few: no order needed
	}
	var diags diag.List
	told := map[string]bool{} // a file beside a folder of many pages is told once
	for _, out := range slices.Sorted(maps.Keys(outs)) {
		o := outs[out]
		d, ok := folder(out)
		if !ok {
			continue
		}
		f := outs[d]
		switch {
		case o.alias != "":
			diags.Errorf(o.path, o.pos.Line, o.pos.Col, "alias %q would be a folder, /%s/, where %s is published as a file: choose another address", o.alias, d, name(f))
		case o.path != "":
			diags.Errorf(o.path, 0, 0, "this file would be published at %s, inside a folder /%s/, where %s is published as a file: rename the folder or move the file", o.published, d, name(f))
		case told[d]:
		case f.alias != "":
			told[d] = true
			diags.Errorf(f.path, f.pos.Line, f.pos.Col, "alias %q is the address of a folder of the site, which holds %s: choose another address", f.alias, o.published)
		case f.path != "":
			told[d] = true
			diags.Errorf(f.path, 0, 0, "this file would be published at %s, the folder that holds the site's own %s: rename or move it", f.published, o.published)
		}
	}
	return diags
}

// hostOf is the host of the site's address, or "" when it has none.
func hostOf(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// planned lists the output paths of the pages (their URLs in pages), the
// site's files and the theme's, and the files the build makes.
func planned(s *site.Site, theme *render.Theme, pages map[string]bool) []string {
	out := []string{"search/index.json", "search/index.js"}
	for u := range pages {
		p := strings.TrimPrefix(u, "/")
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		out = append(out, p)
	}
	if theme != nil {
		for _, a := range theme.Static {
			out = append(out, a.Path)
		}
	}
	for _, f := range s.Files {
		out = append(out, strings.TrimPrefix(f, site.ContentDir+"/"))
	}
	for _, g := range s.Guides {
		for _, r := range g.Redirects {
			out = append(out, render.RedirectPath(r.From))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// generated are the files the build makes from the content, which no file
// of the site may replace.
var generated = map[string]bool{"search/index.json": true, "search/index.js": true, "feed.xml": true, "sitemap.xml": true}

// readBodies reads again the bodies of the guides a streaming build let go
// of at the load, for a build that checks them all without making pages.
func readBodies(s *site.Site, fsys fs.FS) diag.List {
	errs := make([]error, len(s.Guides))
	workers.Each(len(s.Guides), func(_, i int) {
		errs[i] = s.Guides[i].ReadBody(fsys, nil)
	})
	var d diag.List
	for i, err := range errs {
		if err != nil {
			d.Errorf(s.Guides[i].Path, 0, 0, "%v", err)
		}
	}
	return d
}

// release drops the Markdown sources of entries once their bodies are
// rendered; a streaming build drops each guide's as it renders it.
func release(s *site.Site) {
	for _, k := range site.Kinds {
		for _, e := range s.Entries[k] {
			e.Body = nil
		}
	}
}

// imageSizes reads the size of PNG, JPEG and GIF files under content/ once
// each, for width and height attributes.
func imageSizes(fsys fs.FS) func(string) (int, int, bool) {
	type size struct {
		w, h int
		ok   bool
	}
	var cache sync.Map
	return func(p string) (int, int, bool) {
		if v, ok := cache.Load(p); ok {
			s := v.(size)
			return s.w, s.h, s.ok
		}
		var s size
		if f, err := fsys.Open(site.ContentDir + p); err == nil {
			if cfg, _, err := image.DecodeConfig(f); err == nil {
				s = size{cfg.Width, cfg.Height, true}
			}
			f.Close()
		}
		cache.Store(p, s)
		return s.w, s.h, s.ok
	}
}

func sources(s *site.Site) map[string]string {
	m := map[string]string{}
	for _, g := range s.Guides {
		m[g.Path] = g.URL()
	}
	for _, k := range site.Kinds {
		for _, e := range s.Entries[k] {
			if e.Path != "" {
				m[e.Path] = e.URL()
			}
		}
	}
	for _, p := range s.Pages {
		m[p.Path] = p.URL()
	}
	for dir, sec := range s.Sections {
		m[sec.Path] = "/" + dir + "/"
	}
	return m
}

// bodies renders the Markdown bodies of the site in parallel: the guides'
// when guides is set, the others' when others is. With release set, each
// source is let go as soon as it is rendered, so a streaming build never
// holds every source and every page at once.
// A cache c, when set, gives the bodies converted before that hold no
// block.
func bodies(s *site.Site, md *markdown.Renderer, release bool, c *BodyCache, blocks map[string]markdown.BlockFunc, guides, others bool) diag.List {
	type task func(buf *bytes.Buffer) diag.List
	var tasks []task
	for _, g := range s.Guides {
		if !guides {
			break
		}
		tasks = append(tasks, func(buf *bytes.Buffer) diag.List {
			if c == nil || !keepable(blocks, g.Body, g.FAQ) {
				ds := guideBody(g, md, buf)
				if release {
					g.Body = nil
				}
				return ds
			}
			if k := c.get(g.Path, g.Body, g.BodyLine, g.FAQ); k != nil {
				g.HTML, g.Headings, g.Routines, g.Words, g.Fragments = k.html, k.headings, nil, k.words, k.fragments
				for i := range g.FAQ {
					g.FAQ[i].AHTML, g.FAQ[i].AText = k.faq[i].AHTML, k.faq[i].AText
				}
				return k.diags
			}
			d := guideDoc(g, md, buf)
			c.put(g.Path, &keptBody{src: g.Body, line: g.BodyLine, faq: slices.Clone(g.FAQ), html: g.HTML, headings: g.Headings, words: g.Words, fragments: g.Fragments, diags: d.Diags}, d)
			return d.Diags
		})
	}
	// body converts a body other than a guide's.
	// A kept body holds no blocks, so no routines.
	body := func(kind, path string, src []byte, line int, buf *bytes.Buffer) (template.HTML, []site.Heading, []site.Routine, []site.Fragment, diag.List) {
		keep := c != nil && keepable(blocks, src, nil)
		if keep {
			if k := c.get(path, src, line, nil); k != nil {
				return k.html, k.headings, nil, k.fragments, k.diags
			}
		}
		d := &markdown.Doc{Path: path, Line: line, Source: src, Kind: kind}
		md.Render(d, buf)
		h := htmlOf(buf)
		if keep {
			c.put(path, &keptBody{src: src, line: line, html: h, headings: d.Headings, fragments: d.Fragments, diags: d.Diags}, d)
		}
		return h, d.Headings, d.Routines, d.Fragments, d.Diags
	}
	for _, k := range site.Kinds {
		for _, e := range s.Entries[k] {
			if e.Stub || !others {
				continue
			}
			tasks = append(tasks, func(buf *bytes.Buffer) diag.List {
				var ds diag.List
				e.HTML, e.Headings, e.BodyRoutines, e.Fragments, ds = body("entry", e.Path, e.Body, e.BodyLine, buf)
				return ds
			})
		}
	}
	for _, p := range s.Pages {
		if !others {
			break
		}
		tasks = append(tasks, func(buf *bytes.Buffer) diag.List {
			var ds diag.List
			p.HTML, p.Headings, p.Routines, p.Fragments, ds = body("page", p.Path, p.Body, p.BodyLine, buf)
			return ds
		})
	}
	for _, sec := range s.Sections {
		if !others {
			break
		}
		tasks = append(tasks, func(buf *bytes.Buffer) diag.List {
			var ds diag.List
			sec.HTML, _, _, _, ds = body("section", sec.Path, sec.Body, sec.BodyLine, buf)
			return ds
		})
	}
	results := make([]diag.List, len(tasks))
	// One buffer a worker, kept across tasks: a buffer made for each body
	// would grow from nothing every time.
	bufs := make([]bytes.Buffer, workers.Count())
	workers.Each(len(tasks), func(w, i int) {
		bufs[w].Reset()
		results[i] = tasks[i](&bufs[w])
	})
	var all diag.List
	for _, r := range results {
		all = append(all, r...)
	}
	return all
}

// reservedIDs are the ids each kind of page writes around its body.
func reservedIDs(theme *render.Theme) map[string][]string {
	return map[string][]string{
		"guide":   theme.IDs("guide.html"),
		"entry":   theme.IDs("entry.html"),
		"page":    theme.IDs("page.html"),
		"section": theme.IDs("guides.html", "entries.html", "ingredients.html"),
	}
}

// guideBody renders a guide's body and FAQ answers into g.
func guideBody(g *site.Guide, md *markdown.Renderer, buf *bytes.Buffer) diag.List {
	return guideDoc(g, md, buf).Diags
}

// guideDoc is guideBody giving the body's Doc, which holds the messages,
// links and images of the FAQ answers too.
func guideDoc(g *site.Guide, md *markdown.Renderer, buf *bytes.Buffer) *markdown.Doc {
	d := &markdown.Doc{Path: g.Path, Line: g.BodyLine, Source: g.Body, Kind: "guide"}
	md.Render(d, buf)
	g.HTML = htmlOf(buf)
	g.Headings = d.Headings
	g.Words = words(g.Body)
	g.Fragments = d.Fragments
	for i := range g.FAQ {
		f := &g.FAQ[i]
		fd := d.Next([]byte(f.A), f.APos.Line)
		fd.Col, fd.Indent = max(f.APos.Col-1, 0), f.AIndent
		buf.Reset()
		md.Render(fd, buf)
		f.AHTML = htmlOf(buf)
		f.AText = markdown.TextOf(markdown.NoFootnotes(buf.Bytes()))
		d.Diags = append(d.Diags, fd.Diags...)
		d.Dests = append(d.Dests, fd.Dests...)
		d.Images = append(d.Images, fd.Images...)
		g.Fragments = append(g.Fragments, fd.Fragments...)
		// A routine in an answer is one of the guide's: HowTo data, and
		// a place on the pages of the entries it uses.
		d.Routines = append(d.Routines, fd.Routines...)
	}
	g.Routines = d.Routines
	return d
}

// routineUses fills Entry.Routines from the routines the guides' bodies
// hold, in site order so that every build lists them the same way.
func routineUses(s *site.Site) {
	for _, k := range site.Kinds {
		for _, e := range s.Entries[k] {
			e.Routines = nil
		}
	}
	for _, g := range s.Guides {
		for _, r := range g.Routines {
			seen := map[*site.Entry]bool{}
			use := func(e *site.Entry) {
				if e != nil && !e.Unlisted && !seen[e] {
					seen[e] = true
					e.Routines = append(e.Routines, site.RoutineUse{Guide: g, Title: r.Title, ID: r.ID})
				}
			}
			for _, st := range r.Steps {
				use(st.Entry)
				for _, in := range st.Ingredients {
					use(in)
				}
			}
		}
	}
}

func htmlOf(buf *bytes.Buffer) template.HTML {
	return template.HTML(buf.String())
}
