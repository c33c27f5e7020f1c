package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"derma/generator/internal/diag"
	"derma/generator/internal/meta"
	"derma/generator/internal/slug"
	"derma/generator/internal/workers"
)

// Options choose what a build includes.
type Options struct {
	Drafts  bool      // include guides marked draft
	Future  bool      // include guides dated after Now
	Now     time.Time // the build's clock; zero means time.Now()
	BaseURL string    // overrides site.yaml's base_url when set
	// Parsed, when set, reuses the front matter of unchanged files from
	// earlier loads of the same site.
	Parsed *LoadCache
	// Release lets go of every guide's body as soon as its file is loaded
	// (Guide.Release), for a build that reads each again right before its
	// page: the site's sources are then never all in memory at once.
	Release bool
}

// Known front matter keys of each kind of file.
var (
	guideKeys = []string{"title", "description", "date", "updated", "draft", "slug", "author", "ingredients", "mask_types", "products", "concerns", "skin_types", "tags", "faq", "related", "aliases"}
	// The keys of each kind's table (contract sections 4 to 6), by Kind;
	// any other key of an entry is a fact of its own, kept as written.
	entryKeys = [...][]string{
		Ingredient: {"name", "slug", "inci", "aliases", "functions", "benefits", "time", "avoid_with", "pairs_with", "description"},
		MaskType:   {"name", "slug", "aliases", "frequency", "duration", "texture", "rinse_off", "step", "time", "best_for", "description"},
		Product:    {"name", "slug", "aliases", "order", "time", "frequency", "duration", "texture", "purpose", "absorption", "best_for", "description"},
	}
	pageKeys    = []string{"title", "description", "slug", "date", "draft"}
	sectionKeys = []string{"title", "description"}
	configKeys  = []string{"title", "description", "base_url", "language", "author", "raw_html"}
)

// ContentDir is where a site keeps its content.
const ContentDir = "content"

// Load reads the site in fsys (the site folder: content/ and templates/ at
// its root) and checks every file against the content model. It returns the
// site even when there are errors, so that every problem is reported at once.
func Load(fsys fs.FS, opts Options) (*Site, diag.List) {
	var diags diag.List
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	s := &Site{Sections: map[string]*Section{}, Unpublished: map[string]*Guide{}}
	s.Config = loadConfig(fsys, opts, &diags)

	var mdFiles []string
	err := fs.WalkDir(fsys, ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == ContentDir {
				return err
			}
			diags.Errorf(p, 0, 0, "cannot read: %v", unwrapPath(err))
			return nil
		}
		name := d.Name()
		if !utf8.ValidString(name) {
			// A URL is UTF-8: no page or file can have this name.
			diags.Errorf(strings.ToValidUTF8(p, "\uFFFD"), 0, 0, "the name is not valid UTF-8 (written in another encoding); rename it")
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if strings.ContainsFunc(name, unicode.IsControl) {
			// A line break in a name would split the message about it, and
			// no address can hold one.
			diags.Errorf(strconv.Quote(p), 0, 0, "the name holds a line break or another control character; rename it")
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != ContentDir && notContent(name, d.IsDir()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			info, err := fs.Stat(fsys, p)
			if err != nil {
				diags.Errorf(p, 0, 0, "symbolic link points outside the site or to nothing; copy the file into content/ instead")
				return nil
			}
			if info.IsDir() {
				diags.Warnf(p, 0, 0, "symbolic link to a folder is not followed; move the folder into content/")
				return nil
			}
			mode = info.Mode().Type()
		} else if d.IsDir() {
			return nil
		}
		if !mode.IsRegular() {
			// Reading a named pipe would wait for a writer for ever.
			diags.Errorf(p, 0, 0, "not a regular file (a named pipe, socket or device): remove it from content/")
			return nil
		}
		if p == ContentDir+"/site.yaml" || p == ContentDir+"/site.yml" {
			return nil
		}
		if strings.HasSuffix(name, ".md") && kindOfPath(p) != "" {
			if m := translation.FindStringSubmatch(name); m != nil && languages[m[2]] {
				at := "/" + slug.Make(m[1]+"-"+m[2]) + "/"
				if k := kindOfPath(p); k != "pages" {
					at = "/" + k + at
				}
				diags.Warnf(p, 0, 0, "a name ending in .%s.md is a translation in Hugo: derma builds a site in one language (site.yaml's language:), so this is a page of its own, %s; build each language as a site of its own", m[2], at)
			}
			mdFiles = append(mdFiles, p)
		} else if ext := path.Ext(name); kindOfPath(p) != "" && markdownExt(ext) {
			// Published as it is, the source would be a page nobody meant.
			diags.Warnf(p, 0, 0, "not built and not copied: Markdown files end in .md; rename it to %s.md", strings.TrimSuffix(name, ext))
		} else {
			if markdownExt(path.Ext(name)) || strings.HasSuffix(name, ".md") {
				diags.Warnf(p, 0, 0, "%s", strayMarkdown(p))
			}
			s.Files = append(s.Files, p)
		}
		return nil
	})
	if err != nil {
		diags.Errorf(ContentDir, 0, 0, "cannot read the content folder: %v; run derma in a site folder or pass --site DIR", unwrapPath(err))
		return s, diags
	}
	sort.Strings(s.Files)

	// Parse every Markdown file in parallel; each result lands in its slot so
	// the order stays that of the walk.
	results := make([]parsed, len(mdFiles))
	opts.Parsed.start()
	// With Release, a worker reads each guide into the same memory: only
	// the front matter's values, which are copies, outlive the file.
	var scratch [][]byte
	if opts.Release && opts.Parsed == nil {
		scratch = make([][]byte, workers.Count())
	}
	workers.Each(len(mdFiles), func(w, i int) {
		var buf *[]byte
		if scratch != nil {
			buf = &scratch[w]
		}
		results[i] = loadFile(fsys, mdFiles[i], s.Config, opts.Parsed, buf)
		if g := results[i].guide; g != nil && opts.Release {
			g.Release()
		}
	})
	opts.Parsed.keepOnly(mdFiles)

	for i, r := range results {
		switch {
		case r.guide != nil:
			g := r.guide
			if !Published(g, opts) {
				diags = append(diags, Held(r.diags)...)
				s.Unpublished[g.Path] = g
				continue
			}
			s.Guides = append(s.Guides, g)
		case r.entry != nil:
			s.Entries[r.entry.Kind] = append(s.Entries[r.entry.Kind], r.entry)
		case r.page != nil:
			s.Pages = append(s.Pages, r.page)
		case r.section != nil:
			dir := path.Dir(r.section.Path)
			if top := path.Base(dir); dir != ContentDir+"/"+top || top == "pages" {
				// Only the four lists have a page for its text to open.
				r.diags.Warnf(r.section.Path, 1, 0, "not used: an _index.md opens the list page of guides/, ingredients/, mask-types/ or products/, and %s/ has none; move it to one of those folders or remove it", strings.TrimPrefix(dir, ContentDir+"/"))
			} else {
				s.Sections[top] = r.section
			}
		default:
			s.Unloaded = append(s.Unloaded, mdFiles[i])
		}
		diags = append(diags, r.diags...)
	}
	SortGuides(s.Guides)
	for _, k := range Kinds {
		SortEntries(s.Entries[k])
	}
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].Slug < s.Pages[j].Slug })
	checkSlugs(s, &diags)
	return s, diags
}

// parsed is what one Markdown file of content/ gives.
type parsed struct {
	guide   *Guide
	entry   *Entry
	page    *Page
	section *Section
	diags   diag.List
}

// loadFile reads and parses the Markdown file p, taking its front matter
// from cache when the file is as it was. A guide is read into *scratch when
// it is set: the caller lets go of its body before the next file.
func loadFile(fsys fs.FS, p string, cfg Config, cache *LoadCache, scratch *[]byte) (r parsed) {
	var src []byte
	var err error
	if scratch != nil && kindOfPath(p) == "guides" {
		src, err = ReadFileInto(fsys, p, *scratch)
		if err == nil {
			*scratch = src
		}
	} else {
		src, err = fs.ReadFile(fsys, p)
	}
	if err != nil {
		r.diags.Errorf(p, 0, 0, "cannot read: %v", unwrapPath(err))
		return
	}
	doc := cache.get(p, src)
	if doc == nil {
		doc, r.diags = Parse(p, src)
		if doc == nil {
			return
		}
		cache.put(p, src, doc)
	}
	kind := kindOfPath(p)
	if kind != "guides" || path.Base(p) == "_index.md" {
		repeated(p, doc, &r.diags, 0) // LoadGuide warns for guides
	}
	if path.Base(p) == "_index.md" {
		f := &fields{path: p, doc: doc, diags: &r.diags}
		r.section = loadSection(f, kind)
		return
	}
	switch kind {
	case "guides":
		var ds diag.List
		r.guide, ds = LoadGuide(p, doc, cfg)
		r.diags = append(r.diags, ds...)
	case "pages":
		if noFront(p, doc, &r.diags) {
			return
		}
		r.page = loadPage(&fields{path: p, doc: doc, diags: &r.diags})
	default:
		if noFrontKey(p, doc, &r.diags, "name: ...") {
			return
		}
		k, _ := KindFromDir(kind)
		r.entry = loadEntry(&fields{path: p, doc: doc, diags: &r.diags}, k)
	}
	return
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// translation is a file name as Hugo names a page's translations:
// serum.fr.md, index.de.md.
var translation = regexp.MustCompile(`^(.+)\.([a-z]{2})\.md$`)

// languages are the language codes most often met in such names.
var languages = map[string]bool{"ar": true, "cs": true, "da": true, "de": true, "el": true, "en": true, "es": true, "fi": true, "fr": true, "he": true, "hi": true, "hu": true, "id": true, "it": true, "ja": true, "ko": true, "nl": true, "no": true, "pl": true, "pt": true, "ro": true, "ru": true, "sv": true, "th": true, "tr": true, "uk": true, "vi": true, "zh": true}

// strayMarkdown is what is told of a Markdown file outside the five folders
// that hold pages, which is copied as it is: most often a page written where
// Hugo would take it (content/about.md, content/posts/x.md, a bundle
// content/posts/x/index.md, a section's content/posts/_index.md).
func strayMarkdown(p string) string {
	rest := strings.TrimPrefix(p, ContentDir+"/")
	name := path.Base(rest)
	dir := path.Dir(rest)
	const head = "Markdown outside guides/, ingredients/, mask-types/, products/ and pages/ is copied as it is, not made a page"
	switch {
	case rest == "_index.md":
		return head + "; the home page is made from site.yaml (its description opens the page) and the newest guides"
	case name == "_index.md":
		return head + "; the text that opens the list of guides goes in content/guides/_index.md"
	case name == "index.md" && dir != ".":
		// A page bundle: the folder goes, with its images.
		return fmt.Sprintf("%s; move the folder to content/guides/%s/ (a page bundle: index.md and its files), and add aliases: [/%s/] to keep its old address", head, path.Base(dir), dir)
	case dir != ".":
		old := path.Join(dir, slug.Make(strings.TrimSuffix(name, path.Ext(name))))
		return fmt.Sprintf("%s; move a guide to content/guides/%s (and add aliases: [/%s/] to keep its old address), a standalone page to content/pages/%s", head, name, old, name)
	}
	return fmt.Sprintf("%s; for a standalone page at /%s/, move it to content/pages/%s", head, slug.Make(strings.TrimSuffix(name, path.Ext(name))), name)
}

// kindOfPath says which folder of content/ a Markdown file belongs to, or ""
// for a file outside the five (copied as it is).
func kindOfPath(p string) string {
	rest := strings.TrimPrefix(p, ContentDir+"/")
	top, _, ok := strings.Cut(rest, "/")
	if !ok {
		return ""
	}
	switch top {
	case "guides", "pages", "ingredients", "mask-types", "products":
		return top
	}
	return ""
}

// Parse reads the front matter of the Markdown file p as Load does, giving
// nil and the message Load reports when it cannot be read.
func Parse(p string, src []byte) (*meta.Doc, diag.List) {
	doc, err := meta.Parse(src)
	if err == nil {
		return doc, nil
	}
	var diags diag.List
	var me *meta.Error
	if errors.As(err, &me) {
		diags.Errorf(p, me.Line, me.Col, "%s", me.Msg)
	} else {
		diags.Errorf(p, 1, 0, "%v", err)
	}
	return nil, diags
}

// repeated warns of each key written twice, at the later one, whose value
// is kept; shift is how many lines the parsed text was moved down.
func repeated(p string, doc *meta.Doc, diags *diag.List, shift int) {
	for _, r := range doc.Repeated {
		diags.Warnf(p, r.Pos.Line-shift, r.Pos.Col, "%s: is written again here (first on line %d) and this value replaces the first; remove one of them", r.Key, r.First.Line-shift)
	}
}

// noFront reports a file without front matter.
func noFront(p string, doc *meta.Doc, diags *diag.List) bool {
	return noFrontKey(p, doc, diags, "title: ...")
}

// noFrontKey is noFront for a file whose first key is key, as in "name: ...".
func noFrontKey(p string, doc *meta.Doc, diags *diag.List, key string) bool {
	if doc.Format == "" {
		if t := bytes.TrimLeft(doc.Body, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
			diags.Errorf(p, 1, 1, "no front matter: JSON front matter needs its opening { and its closing } each on a line of their own, then a blank line and the body")
			return true
		}
		diags.Errorf(p, 1, 1, "no front matter: start the file with a --- line, the keys (%s), and another --- line", key)
		return true
	}
	return false
}

// Held is what is told of a guide the build leaves out (a draft, or dated
// in the future): its errors, which would stop it being published, and not
// its warnings, which are for when it is (as unknown references are).
func Held(d diag.List) diag.List {
	var out diag.List
	for _, x := range d {
		if x.Severity == diag.Error {
			out = append(out, x)
		}
	}
	return out
}

// markdownExt reports whether ext is a Markdown extension other than .md:
// another case (.MD) or another name (.markdown, .mdown, .mkd).
func markdownExt(ext string) bool {
	switch strings.ToLower(ext) {
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		return ext != ".md"
	}
	return false
}

// notContent reports whether a file or folder in content/ is an editor's or
// a system's and not the site's: backups, swap and lock files, hidden
// folders such as .git. Other hidden files (.htaccess) and the .well-known
// folder are copied as any other file is; hidden Markdown is not read.
func notContent(name string, dir bool) bool {
	switch {
	case strings.HasSuffix(name, "~"), strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	case !strings.HasPrefix(name, "."):
		return strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swo")
	case dir:
		return name != ".well-known"
	}
	return name == ".DS_Store" || strings.HasPrefix(name, ".#") || strings.HasSuffix(name, ".md") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swo")
}

// LoadGuide makes the guide at path p from its parsed source with every
// check and message of Load; the guide is nil when it has no front matter.
// Load uses it for each guide, and a rebuild after an edit of one guide
// uses it alone.
func LoadGuide(p string, doc *meta.Doc, cfg Config) (*Guide, diag.List) {
	var diags diag.List
	if noFront(p, doc, &diags) {
		return nil, diags
	}
	repeated(p, doc, &diags, 0)
	return loadGuide(&fields{path: p, doc: doc, diags: &diags}, cfg), diags
}

// Published reports whether a build with opts includes g: drafts only with
// Drafts, guides dated after Now only with Future. opts.Now must be set.
func Published(g *Guide, opts Options) bool {
	return !(g.Draft && !opts.Drafts || !opts.Future && Future(g, opts.Now))
}

// Future reports whether g is dated after now. A date without a time of day
// is a day, reached when now's own calendar (the machine's zone, for the
// clock) reaches it: a guide that derma new dated today is published today
// in every zone, also ahead of UTC, where that day begins before it does
// in UTC.
func Future(g *Guide, now time.Time) bool {
	d := g.Date
	if _, off := d.Zone(); off == 0 && d.Equal(d.Truncate(24*time.Hour)) {
		y, m, day := now.Date()
		return d.After(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
	}
	return d.After(now)
}

// Before reports whether guide a comes before b in the site's order:
// newer first, then by slug.
func Before(a, b *Guide) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	return a.Slug < b.Slug
}

// SortGuides orders guides newest first, then by slug, so every list is stable.
func SortGuides(gs []*Guide) {
	sort.SliceStable(gs, func(i, j int) bool { return Before(gs[i], gs[j]) })
}

// SortEntries orders entries by display name as the A–Z index does (in any
// case, accents folded: Écorce between Azelaic and Vitamin), then slug.
func SortEntries(es []*Entry) {
	keys := make(map[*Entry]string, len(es))
	for _, e := range es {
		keys[e] = slug.Make(e.Name)
	}
	sort.SliceStable(es, func(i, j int) bool {
		return entryLess(es[i], es[j], keys[es[i]], keys[es[j]])
	})
}

// EntryBefore is the order of SortEntries.
func EntryBefore(a, b *Entry) bool {
	return entryLess(a, b, slug.Make(a.Name), slug.Make(b.Name))
}

func entryLess(a, b *Entry, ka, kb string) bool {
	if ka != kb {
		return ka < kb
	}
	if x, y := strings.ToLower(a.Name), strings.ToLower(b.Name); x != y {
		return x < y
	}
	return a.Slug < b.Slug
}

// FileName is the name the file at p gives its page: the file's name
// without .md, or for an index.md in a folder of its own below the kind's
// folder (guides/sheet-masks/index.md, a page bundle as in Hugo and Zola)
// the folder's name.
func FileName(p string) string {
	base := strings.TrimSuffix(path.Base(p), ".md")
	if dir := path.Dir(p); base == "index" && path.Dir(path.Dir(dir)) != "." {
		return path.Base(dir)
	}
	return base
}

// nameOfFile is the name a file's name suggests for its entry, for the
// message that the name is missing: glycerin.md is Glycerin.
func nameOfFile(p string) string {
	words := strings.Fields(strings.NewReplacer("-", " ", "_", " ").Replace(FileName(p)))
	if len(words) == 0 {
		return "Hyaluronic Acid"
	}
	r, n := utf8.DecodeRuneInString(words[0])
	words[0] = string(unicode.ToUpper(r)) + words[0][n:]
	return strings.Join(words, " ")
}

// rawSpaced reports whether the text value of key, as written, starts or
// ends with white space that reading it trims.
func rawSpaced(f *fields, key string) bool {
	fl, ok := f.doc.Fields[key]
	if !ok {
		return false
	}
	raw, ok := scalar(fl.Value)
	return ok && raw != strings.TrimSpace(raw)
}

func fileSlug(f *fields) string {
	base := FileName(f.path)
	fromName := slug.Make(base)
	if f.has("slug") {
		s := f.str("slug")
		switch {
		case f.hasError("slug"):
			// Reported as not text; the file name stands in so that the
			// rest of the file is still checked.
			return fromName
		case s == "" && fromName != "":
			f.errorf(f.pos("slug"), "slug is empty: remove the line to use the file name (%s), or write %s", fromName, f.assign("slug", `"`+fromName+`"`, fromName))
			return fromName
		case !slug.Valid(s) || rawSpaced(f, "slug"):
			suggest := slug.Make(s)
			if suggest == "" {
				suggest = "some-words"
			}
			raw, _ := scalar(f.doc.Fields["slug"].Value)
			f.errorf(f.pos("slug"), "slug %q may only hold lower-case a-z, 0-9 and hyphens (no /, .., spaces or capitals): write %s", raw, f.assign("slug", `"`+suggest+`"`, suggest))
			return ""
		}
		return s
	}
	if fromName == "" {
		f.errorf(meta.Pos{Line: 1}, "file name %q gives an empty slug: rename the file or set slug: in the front matter", path.Base(f.path))
	}
	if base == "index" {
		// Directly in its kind's folder, so not a page bundle: in Hugo
		// this would be the list page's own text.
		dir := strings.TrimPrefix(path.Dir(f.path), ContentDir+"/")
		if dir == "pages" {
			f.warnf(meta.Pos{Line: 1}, "pages/index.md is the page /index/, not the home page, which the theme makes (templates/home.html); rename the file, or set slug: to keep it")
		} else {
			f.warnf(meta.Pos{Line: 1}, "%s/index.md is a page of its own at /%s/index/; the text that opens the list page /%s/ goes in %s/_index.md (as in Hugo), and a page bundle is a folder with its index.md (%s/name/index.md); set slug: to keep it", dir, dir, dir, dir, dir)
		}
	}
	return fromName
}

func loadGuide(f *fields, cfg Config) *Guide {
	f.fold(guideKeys)
	f.otherTools()
	g := &Guide{Path: f.path, Body: f.doc.Body, BodyLine: f.doc.BodyLine}
	g.Mentions, g.StepMentions = RoutineMentions(f.doc.Body, f.doc.BodyLine)
	g.Title = f.required("title", "How to use a sheet mask")
	g.Slug, g.SlugLine = fileSlug(f), f.line("slug")
	g.Description = f.str("description")
	if g.Description == "" && !f.hasError("description") {
		if f.line("description") > 0 {
			f.warnf(f.pos("description"), "empty description: write one sentence for cards, search results and the feed")
		} else {
			f.warnf(f.pos("title"), "missing description: add description: one sentence for cards, search results and the feed")
		}
	}
	if !f.has("date") {
		f.errorf(f.pos("date"), "missing required date: add date: %s", time.Now().Format("2006-01-02"))
	} else {
		g.Date = f.date("date")
	}
	g.Updated = f.date("updated")
	if !g.Updated.IsZero() && !g.Date.IsZero() && g.Updated.Before(g.Date) {
		// Pages, feed and search data would disagree on which is newer.
		f.warnf(f.pos("updated"), "updated %s is before date %s: a guide is updated after it is published; fix one of them (the update is left out)", g.Updated.Format("2006-01-02"), g.Date.Format("2006-01-02"))
		g.Updated = time.Time{}
	}
	g.Draft = f.boolean("draft")
	g.Author = f.str("author")
	if g.Author == "" {
		g.Author = cfg.Author
	}
	for _, k := range Kinds {
		g.Refs[k] = f.refs(k.ListKey())
	}
	for _, t := range Taxonomies {
		g.Terms[t] = f.terms(t.Key())
	}
	g.RelatedRefs = f.refs("related")
	g.FAQ = loadFAQ(f)
	for _, q := range g.FAQ {
		// A routine in an answer names ingredients as one in the body does.
		ings, steps := RoutineMentions([]byte(q.A), q.APos.Line)
		g.Mentions = append(g.Mentions, ings...)
		g.StepMentions = append(g.StepMentions, steps...)
	}
	g.Redirects = redirects(f)
	g.Params = f.params(guideKeys)
	if fl, ok := f.doc.Fields["aliases"]; ok {
		g.Params["aliases"] = fl.Value // as before aliases: was read, for themes
	}
	return g
}

// redirects reads a guide's aliases:, its old addresses, as Hugo does: an
// address from the site's root (/2019/01/old-name/), or one without a
// leading slash, which is taken in guides/ (old-name is /guides/old-name/).
func redirects(f *fields) []Redirect {
	vals, pos := f.list("aliases")
	var out []Redirect
	for i, v := range vals {
		p := strings.TrimSpace(v)
		if strings.Contains(p, "%") {
			// Copied from a browser's address bar: /caf%C3%A9/ is /café/.
			if u, err := url.PathUnescape(p); err == nil {
				p = u
			}
		}
		bad := p == "" || strings.Contains(p, "://") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "?#\\ \t") || strings.Contains(p, "..")
		if !strings.HasPrefix(p, "/") {
			p = "/guides/" + p
		}
		clean := path.Clean(p)
		if !strings.HasSuffix(clean, ".html") && clean != "/" {
			clean += "/"
		}
		if bad || clean == "/" || !utf8.ValidString(clean) {
			f.errorf(pos[i], "alias %q must be an old address of this guide on this site, a path such as /old-name/ or /2019/01/old-name/ (no spaces, ?, # or ..)", v)
			continue
		}
		if slices.ContainsFunc(out, func(r Redirect) bool { return r.From == clean }) {
			f.warnf(pos[i], "alias %q is written twice: remove one", v)
			continue
		}
		out = append(out, Redirect{From: clean, Pos: pos[i]})
	}
	return out
}

func loadFAQ(f *fields) []FAQ {
	fl, ok := f.doc.Fields["faq"]
	if !ok || fl.Value == nil {
		return nil
	}
	l, ok := fl.Value.([]any)
	if !ok {
		how := "faq: then lines - q: question and a: answer"
		switch f.doc.Format {
		case "toml":
			how = "each question as a table [[faq]] with q = \"question\" and a = \"answer\""
		case "json":
			how = `"faq": [{"q": "question", "a": "answer"}]`
		}
		f.errorf(fl.Pos, "faq must be a list of questions: write %s", how)
		return nil
	}
	var out []FAQ
	var front []string // the front matter's lines, split once for every answer
	if f.doc.Format == "yaml" {
		front = strings.Split(string(f.doc.Front), "\n")
	}
	for i, v := range l {
		p := fl.Pos
		if i < len(fl.Items) {
			p = fl.Items[i]
		}
		m, ok := v.(map[string]any)
		if !ok {
			f.errorf(p, "faq item %d must have q: and a: (a question and its answer)", i+1)
			continue
		}
		q, qok := scalar(m["q"])
		a, aok := scalar(m["a"])
		if v := m["q"]; v != nil && !qok {
			f.errorf(p, "faq item %d: q must be text, not %s: write q: the question", i+1, typeName(v))
			continue
		}
		if v := m["a"]; v != nil && !aok {
			f.errorf(p, "faq item %d: a must be text (Markdown), not %s: write a: the answer, or a: | with the answer's lines indented below it", i+1, typeName(v))
			continue
		}
		if strings.TrimSpace(q) == "" || strings.TrimSpace(a) == "" {
			f.errorf(p, "faq item %d needs both q: (the question) and a: (the answer)", i+1)
			continue
		}
		for k := range m {
			if k != "q" && k != "a" {
				f.warnf(p, "faq item %d has unknown key %q; only q and a are read", i+1, k)
			}
		}
		fq := FAQ{Q: strings.TrimSpace(q), A: a, Pos: p, APos: p}
		if front != nil {
			next := 0
			if i+1 < len(fl.Items) {
				next = fl.Items[i+1].Line
			}
			if ap, indent, ok := answerPos(front, f.doc.FrontLine, p.Line, next); ok {
				fq.APos, fq.AIndent = ap, indent
			}
		}
		out = append(out, fq)
	}
	return out
}

// answerPos finds, in the lines of YAML front matter whose first is file line
// first, where the answer of the FAQ item written from line item (up to line
// next, or the end when next is 0) starts: after "a:" on its line, or on the
// line after "a: |" or "a: >". indent is how many columns the answer's later
// lines are written after.
func answerPos(lines []string, first, item, next int) (pos meta.Pos, indent int, ok bool) {
	for n := item; n-first < len(lines) && (next == 0 || n < next); n++ {
		l := lines[n-first]
		t := strings.TrimLeft(l, " ")
		if n == item {
			t = strings.TrimLeft(strings.TrimPrefix(t, "-"), " ")
		}
		v, found := strings.CutPrefix(t, "a:")
		if !found {
			continue
		}
		col := len(l) - len(v) // bytes before the value
		rest := strings.TrimLeft(v, " ")
		col += len(v) - len(rest)
		if rest == "" {
			return meta.Pos{}, 0, false
		}
		switch rest[0] {
		case '|', '>':
			// A block: the answer is the lines below, indented alike.
			for m := n + 1; m-first < len(lines); m++ {
				b := lines[m-first]
				if strings.TrimSpace(b) == "" {
					continue
				}
				in := len(b) - len(strings.TrimLeft(b, " "))
				return meta.Pos{Line: m, Col: in + 1}, in, true
			}
			return meta.Pos{}, 0, false
		case '"', '\'':
			col++
		}
		// A plain or quoted value continues on lines indented past the key.
		return meta.Pos{Line: n, Col: utf8.RuneCountInString(l[:col]) + 1}, len(l) - len(t) + 2, true
	}
	return meta.Pos{}, 0, false
}

// otherNames returns an entry's aliases without the ones that repeat its
// name, its INCI name or an earlier alias ("HA" and "ha", "vitamin-c" and
// "Vitamin C" are one name), so the page's "Also called" says each name
// once. An accent makes another name (rétinol, as French labels write it).
func otherNames(e *Entry, names func(string) ([]string, []meta.Pos)) ([]string, []meta.Pos) {
	all, pos := names("aliases")
	same := func(s string) string {
		return strings.Join(strings.FieldsFunc(strings.ToLower(norm.NFC.String(s)), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
		}), " ")
	}
	seen := map[string]bool{same(e.Name): true, same(e.INCI): true}
	var out []string
	var at []meta.Pos
	for i, a := range all {
		if k := same(a); k == "" || !seen[k] {
			seen[k] = true
			out = append(out, a)
			if i < len(pos) {
				at = append(at, pos[i])
			}
		}
	}
	return out, at
}

func loadEntry(f *fields, k Kind) *Entry {
	keys := entryKeys[k]
	f.fold(keys)
	// A key of another kind's table is a fact of this entry's own (a
	// product's inci, an ingredient's frequency): read as written.
	own := func(key string) bool { return slices.Contains(keys, key) }
	e := &Entry{Kind: k, Path: f.path, Body: f.doc.Body, BodyLine: f.doc.BodyLine}
	e.Name = f.required("name", nameOfFile(f.path))
	e.Slug = fileSlug(f)
	if own("inci") {
		e.INCI = f.str("inci")
	}
	e.Aliases, e.AliasPos = otherNames(e, f.names)
	e.Description = f.str("description")
	if own("functions") {
		e.Functions, _ = f.names("functions")
		e.Benefits, _ = f.list("benefits")
		e.AvoidWith = f.refs("avoid_with")
		e.PairsWith = f.refs("pairs_with")
	}
	if own("best_for") {
		e.BestFor, _ = f.list("best_for")
	}
	e.Time = f.times("time")
	if own("order") {
		e.Order, e.HasOrder = f.integer("order")
	}
	if own("step") && f.has("step") {
		e.Step = strings.ToLower(f.str("step")) // as time: takes AM and pm
		if e.Step != "before-serum" && e.Step != "after-serum" {
			f.errorf(f.pos("step"), "step %q is not before-serum or after-serum", e.Step)
			e.Step = ""
		}
	}
	if own("rinse_off") && f.has("rinse_off") {
		f.boolean("rinse_off")
	}
	for _, key := range []string{"frequency", "duration", "texture", "purpose", "absorption"} {
		if own(key) {
			f.str(key)
		}
	}
	e.Fields = map[string]any{}
	e.FieldPos = map[string]meta.Pos{}
	for _, key := range f.doc.Keys {
		e.Fields[key] = f.doc.Fields[key].Value
		e.FieldPos[key] = f.doc.Fields[key].Pos
	}
	// Any key may be compared, so unknown keys are fine; only near misses warn.
	f.params(keys)
	onlyGuides(f, "this "+k.Noun())
	return e
}

// onlyGuides warns of draft: true outside a guide, where it would pass
// without a word while the file is published.
func onlyGuides(f *fields, what string) {
	if f.has("draft") && f.boolean("draft") {
		f.warnf(f.pos("draft"), "draft: true holds back guides only: %s is published all the same; remove the line, or move the file out of content/ to hold it back", what)
	}
}

func loadPage(f *fields) *Page {
	f.fold(pageKeys)
	p := &Page{Path: f.path, Body: f.doc.Body, BodyLine: f.doc.BodyLine}
	p.Title = f.required("title", "About")
	p.Slug, p.SlugLine = fileSlug(f), f.line("slug")
	p.Description = f.str("description")
	p.Params = f.params(pageKeys)
	onlyGuides(f, "this page")
	return p
}

func loadSection(f *fields, kind string) *Section {
	f.fold(sectionKeys)
	s := &Section{Path: f.path, Body: f.doc.Body, BodyLine: f.doc.BodyLine}
	s.Title = f.str("title")
	f.params(sectionKeys)
	return s
}

// reserved are the first URL parts the site itself uses; a page slug may not take one.
// languageTag is the shape of a BCP 47 tag: en, pt-BR, zh-Hant-TW.
var languageTag = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

var reserved = map[string]bool{"guides": true, "ingredients": true, "mask-types": true, "products": true, "compare": true, "search": true, "concerns": true, "skin-types": true, "tags": true, "feed.xml": true, "sitemap.xml": true, "robots.txt": true, "404.html": true, "static": true}

// checkSlugs reports two files of one kind with one slug, naming both, at
// the slug: line that made them meet when one of them has it.
func checkSlugs(s *Site, diags *diag.List) {
	type named struct {
		slug, path string
		line       int // of slug:, or 0
	}
	dup := func(kind string, files []named) {
		sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
		seen := map[string]named{}
		for _, n := range files {
			if n.slug == "" {
				continue
			}
			other, ok := seen[n.slug]
			if !ok {
				seen[n.slug] = n
				continue
			}
			at, by := n, other
			if at.line == 0 && other.line > 0 {
				at, by = other, n
			}
			fix := "rename one of the two files"
			if at.line > 0 {
				fix = "set another slug: here"
			}
			diags.Errorf(at.path, max(at.line, 1), 0, "%s slug %q is also the slug of %s: %s", kind, n.slug, by.path, fix)
		}
	}
	var guides []named
	for _, g := range s.Guides {
		guides = append(guides, named{g.Slug, g.Path, g.SlugLine})
	}
	for _, g := range s.Unpublished {
		guides = append(guides, named{g.Slug, g.Path, g.SlugLine})
	}
	dup("guide", guides)
	for _, k := range Kinds {
		var es []named
		for _, e := range s.Entries[k] {
			es = append(es, named{e.Slug, e.Path, e.FieldPos["slug"].Line})
		}
		dup(k.Noun(), es)
	}
	var ps []named
	for _, p := range s.Pages {
		ps = append(ps, named{p.Slug, p.Path, p.SlugLine})
	}
	dup("page", ps)
	for _, p := range s.Pages {
		if reserved[p.Slug] {
			fix := "rename the file or set slug: to another one"
			if p.SlugLine > 0 {
				fix = "set another slug: here"
			}
			diags.Errorf(p.Path, max(p.SlugLine, 1), 0, "page slug %q is taken by the site's own /%s/ page: %s", p.Slug, p.Slug, fix)
		}
	}
}

func loadConfig(fsys fs.FS, opts Options, diags *diag.List) Config {
	cfg := Config{Language: "en", Params: map[string]any{}}
	p := ContentDir + "/site.yaml"
	src, err := fs.ReadFile(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		if yml, err2 := fs.ReadFile(fsys, ContentDir+"/site.yml"); err2 == nil {
			p, src, err = ContentDir+"/site.yml", yml, nil
		}
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(p, 0, 0, "missing: create it with at least title: My site (and base_url: https://example.org/ for feeds)")
		} else {
			diags.Errorf(p, 0, 0, "cannot read: %v", unwrapPath(err))
		}
		return cfg
	}
	// Read it as YAML front matter so positions and checks are shared.
	src = documentMarkers(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")))
	doc, perr := meta.Parse(append([]byte("---\n"), append(src, []byte("\n---\n")...)...))
	if perr != nil {
		var me *meta.Error
		if errors.As(perr, &me) {
			// An error found at the end of the file (an unclosed bracket)
			// is placed on its last line, not on the lines added around it.
			line, col := me.Line-1, me.Col
			if last := bytes.Count(bytes.TrimRight(src, "\n"), []byte("\n")) + 1; line > last {
				line, col = last, 0
			}
			diags.Errorf(p, max(line, 1), col, "%s", strings.Replace(me.Msg, "front matter", "site settings", 1))
		} else {
			diags.Errorf(p, 1, 0, "%v", perr)
		}
		return cfg
	}
	// Shift positions: the added --- line moved everything down by one.
	for _, fl := range doc.Fields {
		fl.Pos.Line--
		if fl.ValuePos.Line > 0 {
			fl.ValuePos.Line--
		}
		for i := range fl.Items {
			fl.Items[i].Line--
		}
	}
	doc.Start = 1
	repeated(p, doc, diags, 1)
	f := &fields{path: p, doc: doc, diags: diags}
	f.fold(configKeys)
	cfg.Title = f.required("title", "Skin Notes")
	cfg.Description = f.str("description")
	cfg.Author = f.str("author")
	if l := strings.TrimSpace(f.str("language")); l != "" {
		switch fixed := strings.ReplaceAll(l, "_", "-"); {
		case languageTag.MatchString(l):
			cfg.Language = l
		case languageTag.MatchString(fixed):
			// en_GB is how locales are written, not language tags.
			f.warnf(f.pos("language"), "language %q is written %q in HTML: write language: %s", l, fixed, fixed)
			cfg.Language = fixed
		default:
			f.errorf(f.pos("language"), "language %q is not a language tag (each page's lang attribute): write one such as en, fr or en-GB", l)
		}
	}
	cfg.RawHTML = f.boolean("raw_html")
	base := f.str("base_url")
	basePos := f.pos("base_url")
	if opts.BaseURL != "" {
		base = opts.BaseURL
		basePos = meta.Pos{}
	}
	if base != "" {
		u, err := normalizeBaseURL(base)
		if err != nil {
			if opts.BaseURL != "" {
				diags.Errorf(p, 0, 0, "--base-url %q: %v", base, err)
			} else {
				diags.Errorf(p, basePos.Line, basePos.Col, "base_url %q: %v", base, err)
			}
		} else {
			cfg.BaseURL = u
			cfg.BasePath = strings.TrimSuffix(pathOf(u), "/")
		}
	}
	cfg.Params = f.params(configKeys)
	return cfg
}

// documentMarkers turns YAML's document lines (--- and ...) into comments:
// a site.yaml written like front matter, between two --- lines, would
// otherwise read as empty settings. Every line keeps its place.
func documentMarkers(src []byte) []byte {
	var out []byte
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		if l := bytes.TrimRight(src[off:end], " \t\r"); string(l) == "---" || string(l) == "..." {
			if out == nil {
				out = bytes.Clone(src)
			}
			out[off] = '#'
		}
		off = end + 1
	}
	if out == nil {
		return src
	}
	return out
}

// CheckBaseURL says what is wrong with s as a base URL, or returns nil.
func CheckBaseURL(s string) error {
	_, err := normalizeBaseURL(s)
	return err
}

func normalizeBaseURL(s string) (string, error) {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || (scheme != "http" && scheme != "https") || rest == "" || strings.HasPrefix(rest, "/") {
		return "", fmt.Errorf("must be an absolute http or https URL such as https://guides.example.org/")
	}
	if strings.ContainsAny(s, " ?#\"<>") {
		return "", fmt.Errorf("must not hold spaces, a query or a fragment")
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
}

func pathOf(u string) string {
	_, rest, _ := strings.Cut(u, "://")
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[i:]
	}
	return "/"
}
