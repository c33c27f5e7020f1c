// Package render turns a resolved site into pages: it loads the theme (the
// built-in templates, overridden file by file by the site's own), prepares
// finished data for each page (templates do no searching or counting), and
// executes the templates in parallel.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"derma/generator/internal/diag"
)

// Theme is the parsed templates and the static files that go with them.
type Theme struct {
	base     *template.Template            // the layout files, for partials such as "card"
	pages    map[string]*template.Template // by page template file: "guide.html"
	Static   []Asset                       // files under static/, copied to the output root
	hash     uint64                        // of the layout files, which every page and partial uses
	pageHash map[string]uint64             // of each page file, by name
	own      bool                          // the site replaces a template of the built-in theme
	ids      map[string][]string           // literal id attributes, by template file
	origin   map[string]string             // where each file was read: templates/x.html or (built-in theme)/x.html
}

// themeSeed makes theme hashes comparable within one process.
var themeSeed = maphash.MakeSeed()

// Asset is a static file of the theme.
type Asset struct {
	Path string // output path: style.css
	Data []byte
}

// layoutFiles are shared by every page; every other .html file is a page.
var layoutFiles = []string{"base.html", "partials.html"}

// ThemeDir is the folder of a site that overrides the built-in theme.
const ThemeDir = "templates"

// LoadTheme reads the built-in theme from builtin (templates at its root) and
// lets files of the same name under site's templates/ replace them. site may
// be nil.
func LoadTheme(builtin fs.FS, siteFS fs.FS, funcs template.FuncMap) (*Theme, diag.List) {
	var diags diag.List
	files := map[string][]byte{}
	origin := map[string]string{}
	builtinFiles := map[string][]byte{}
	own := false
	read := func(fsys fs.FS, root, label string) {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipDir
				}
				diags.Errorf(path.Join(label, strings.TrimPrefix(p, root)), 0, 0, "cannot read: %v", err)
				return nil
			}
			if d.IsDir() {
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
			if strings.HasPrefix(d.Name(), ".") || strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "~") {
				return nil
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				diags.Errorf(path.Join(label, rel), 0, 0, "cannot read: %v", err)
				return nil
			}
			if label == ThemeDir && strings.HasSuffix(rel, ".html") && !bytes.Equal(files[rel], b) {
				own = true
			}
			files[rel] = b
			origin[rel] = path.Join(label, rel)
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(label, 0, 0, "cannot read: %v", err)
		}
	}
	read(builtin, ".", "(built-in theme)")
	var pageNames []string
	for n := range files {
		if strings.HasSuffix(n, ".html") && !isLayout(n) && !strings.Contains(n, "/") {
			pageNames = append(pageNames, n)
		}
	}
	sort.Strings(pageNames)
	for _, n := range layoutFiles {
		builtinFiles[n] = files[n]
	}
	if siteFS != nil {
		read(siteFS, ThemeDir, ThemeDir)
	}

	t := &Theme{pages: map[string]*template.Template{}, own: own, ids: map[string][]string{}, origin: origin}
	for n, b := range files {
		if strings.HasSuffix(n, ".html") {
			for _, m := range literalID.FindAllSubmatch(b, -1) {
				t.ids[n] = append(t.ids[n], string(m[1]))
			}
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	// Cached pages (serve) are keyed by what they were made from: the layout
	// files for every page, and each page file for its own pages, so that
	// editing guide.html re-renders guides only. Static files are outputs
	// of their own and no page's input.
	hashOf := func(ns ...string) uint64 {
		var th maphash.Hash
		th.SetSeed(themeSeed)
		for _, n := range ns {
			fmt.Fprintf(&th, "%d:%s%d:", len(n), n, len(files[n]))
			th.Write(files[n])
		}
		return th.Sum64()
	}
	t.hash = hashOf(layoutFiles...)
	t.pageHash = map[string]uint64{}
	for _, n := range names {
		if strings.HasSuffix(n, ".html") && !isLayout(n) && !strings.Contains(n, "/") {
			t.pageHash[n] = hashOf(n)
		}
	}

	base := template.New("").Funcs(funcs)
	for _, n := range layoutFiles {
		b, ok := files[n]
		if !ok {
			diags.Errorf(path.Join(ThemeDir, n), 0, 0, "missing theme file")
			continue
		}
		// A site's layout file is read over the built-in one, so that a
		// partials.html holding only a new "card" keeps the other partials;
		// a define it repeats replaces the built-in one.
		if old, ok := builtinFiles[n]; ok && origin[n] != path.Join("(built-in theme)", n) {
			if _, err := base.New("(built-in) " + n).Parse(string(old)); err != nil {
				templateError(&diags, path.Join("(built-in theme)", n), err)
			}
		}
		if _, err := base.New(n).Parse(string(b)); err != nil {
			templateError(&diags, origin[n], err)
		}
	}
	layoutErrors := diags.HasErrors() // pages need the layouts; one page does not need another
	for _, n := range names {
		if origin[n] != path.Join(ThemeDir, n) || strings.HasPrefix(n, "static/") {
			continue
		}
		b := files[n]
		switch {
		case bytes.Contains(b, []byte("{%")) && bytes.Contains(b, []byte("%}")):
			diags.Warnf(origin[n], 1, 0, "this looks like a Tera or Jinja template (Zola's), with {%% %%} tags: derma's templates are Go's html/template, as the built-in theme's files are ({{define \"main\"}} … {{end}})")
		case strings.HasSuffix(n, ".html") && builtinFiles[n] == nil && !slices.Contains(pageNames, n):
			where := "no page uses it"
			if strings.Contains(n, "/") {
				where = "it is not read (templates are the files directly in templates/)"
			}
			diags.Warnf(origin[n], 1, 0, "not a file of the theme, so %s: the pages' templates are %s, their layouts base.html and partials.html; a part of your own is a {{define \"name\"}} in partials.html", where, strings.Join(pageNames, ", "))
		}
	}
	for _, n := range names {
		switch {
		case strings.HasPrefix(n, "static/"):
			t.Static = append(t.Static, Asset{Path: strings.TrimPrefix(n, "static/"), Data: files[n]})
		case strings.HasSuffix(n, ".html") && !isLayout(n) && !strings.Contains(n, "/"):
			if layoutErrors {
				// No page can be made, but the page file's own mistakes are
				// still told now, with the layouts', not after those are fixed.
				if origin[n] == path.Join(ThemeDir, n) {
					if _, err := template.New(n).Funcs(funcs).Parse(string(files[n])); err != nil {
						templateError(&diags, origin[n], err)
					}
				}
				continue
			}
			set, err := base.Clone()
			if err == nil {
				_, err = set.New(n).Parse(string(files[n]))
			}
			if err != nil {
				templateError(&diags, origin[n], err)
				continue
			}
			t.pages[n] = set
		}
	}
	t.base = base
	return t, diags
}

// literalID finds id attributes a template writes as they are; an id made
// from data cannot be known before the page is.
var literalID = regexp.MustCompile(`\sid="([^"{}\s]+)"`)

// IDs returns the ids the layout files and the given page files write on
// a page, so that a body shown on that page can keep clear of them: a
// guide's "## Related" heading must not take the id of the related guides.
func (t *Theme) IDs(pages ...string) []string {
	var out []string
	for _, n := range append(slices.Clone(layoutFiles), pages...) {
		out = append(out, t.ids[n]...)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func isLayout(n string) bool {
	for _, l := range layoutFiles {
		if l == n {
			return true
		}
	}
	return false
}

var tmplErrLine = regexp.MustCompile(`^(?:template: |html/template:)([^:]*):(\d+)(?::(\d+))?: (.*)$`)

var startedAt = regexp.MustCompile(`unclosed (?:action|comment) started at [^:]*:(\d+)`)

func templateError(diags *diag.List, file string, err error) {
	(*Theme)(nil).templateError(diags, file, "", err)
}

// templateError reports err at the theme file it names (a define in
// partials.html fails inside the page that calls it), else at file; page,
// when set, is the page being made, for an error that only its data causes.
func (t *Theme) templateError(diags *diag.List, file, page string, err error) {
	msg := err.Error()
	on := ""
	if page != "" {
		on = " (making " + page + ")"
	}
	if m := tmplErrLine.FindStringSubmatch(msg); m != nil {
		if t != nil {
			name := strings.TrimPrefix(m[1], "(built-in) ")
			if o, ok := t.origin[name]; ok && name == m[1] {
				file = o
			} else if ok {
				file = path.Join("(built-in theme)", name)
			}
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		if s := startedAt.FindStringSubmatch(m[4]); s != nil {
			// An action never closed is found at the end of the file;
			// the author needs the line it opens on.
			line, _ = strconv.Atoi(s[1])
		}
		if m[3] != "" {
			col++ // text/template counts columns from 0; messages from 1
		}
		hint := ""
		switch {
		case strings.HasPrefix(m[4], "bad character"):
			// Text after an action's words: most often its }} is missing.
			hint = "; inside {{ }} only template words may stand: close the action with }}"
		case strings.Contains(m[4], "can't evaluate field Content "):
			hint = "; the body of a page is .Guide.HTML on a guide's page, .Entry.HTML on an entry's and .Doc.HTML on a standalone page"
		}
		diags.Errorf(file, line, col, "template: %s%s%s", m[4], hint, on)
		return
	}
	diags.Errorf(file, 0, 0, "template: %s%s", msg, on)
}

// Execute renders the page template name with data, wrapped in the base layout.
func (t *Theme) Execute(buf *bytes.Buffer, name string, data any) error {
	set, ok := t.pages[name]
	if !ok {
		return fmt.Errorf("theme has no %s", name)
	}
	return set.ExecuteTemplate(buf, name, data)
}

// Partial renders a template defined in the layout files, such as "card".
func (t *Theme) Partial(buf *bytes.Buffer, name string, data any) error {
	return t.base.ExecuteTemplate(buf, name, data)
}

// HasPartial reports whether the layout files define name.
func (t *Theme) HasPartial(name string) bool { return t.base.Lookup(name) != nil }

// Own reports whether the site's templates/ replaces a template of the
// built-in theme with one of its own: such a theme may show anything of a
// guide on any page.
func (t *Theme) Own() bool { return t.own }

// Has reports whether the theme has a page template.
func (t *Theme) Has(name string) bool { _, ok := t.pages[name]; return ok }
