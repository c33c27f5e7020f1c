package build_test

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/build"
)

// TestOlderSiteTheme builds testdata/site with, as its own templates, an
// earlier version of the built-in theme that ranges over lists and calls
// date, url and slugs where the theme now prints prepared strings. Site
// themes written against those fields must keep working, and since both
// versions describe the same HTML, every output must be identical.
func TestOlderSiteTheme(t *testing.T) {
	plain := fstest.MapFS{}
	if err := fs.WalkDir(os.DirFS("testdata/site"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(os.DirFS("testdata/site"), p)
		plain[p] = &fstest.MapFile{Data: b}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	themed := fstest.MapFS{}
	for p, f := range plain {
		themed[p] = f
	}
	old, err := fs.Glob(os.DirFS("testdata/oldtheme"), "*.html")
	if err != nil || len(old) == 0 {
		t.Fatalf("no older theme in testdata/oldtheme: %v", err)
	}
	for _, name := range old {
		b, err := os.ReadFile(path.Join("testdata/oldtheme", name))
		if err != nil {
			t.Fatal(err)
		}
		themed["templates/"+name] = &fstest.MapFile{Data: b}
	}
	want := build.Build(plain, build.Options{Options: optsAt(now)})
	got := build.Build(themed, build.Options{Options: optsAt(now)})
	if !want.OK() || !got.OK() {
		t.Fatalf("builds failed:\n%s\n%s", want.Diags.Error(), got.Diags.Error())
	}
	w, g := outputs(want), outputs(got)
	if len(w) != len(g) {
		t.Errorf("%d outputs with the older theme, %d with the built-in one", len(g), len(w))
	}
	for p, data := range w {
		if !bytes.Equal(g[p], data) {
			t.Errorf("%s differs with the older theme:\n%s", p, firstDiff(data, g[p]))
		}
	}
}

// TestPartialOverride: a site's partials.html that defines only a card keeps
// every other built-in partial, and an error that only a page's data causes
// names the page as well as the template line.
func TestPartialOverride(t *testing.T) {
	files := fstest.MapFS{
		"content/site.yaml":       {Data: []byte("title: T\nbase_url: https://example.org/\n")},
		"content/guides/a.md":     {Data: []byte("---\ntitle: Alpha\ndescription: d.\ndate: 2025-01-01\nx: [1]\ningredients: [retinol]\n---\nBody.\n")},
		"templates/partials.html": {Data: []byte(`{{define "card"}}<article class="mine">{{.Title}}</article>{{end}}` + "\n")},
	}
	res := build.Build(files, build.Options{Options: optsAt(now)})
	if !res.OK() {
		t.Fatalf("a partials.html with one define fails:\n%s", res.Diags.Error())
	}
	if home := string(outputs(res)["index.html"]); !strings.Contains(home, `<article class="mine">Alpha</article>`) {
		t.Errorf("the site's card is not used on the home page")
	}

	files["templates/guide.html"] = &fstest.MapFile{Data: []byte(`{{template "base" .}}{{define "main"}}<p>{{index .Guide.Params "x" 3}}</p>{{end}}` + "\n")}
	res = build.Build(files, build.Options{Options: optsAt(now)})
	want := `templates/guide.html:1:44: error: template: executing "main" at <index .Guide.Params "x" 3>: error calling index: index out of range: 3 (making /guides/a/)`
	if got := res.Diags.Error(); !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// html/template's own errors are placed as text/template's are.
	files["templates/guide.html"] = &fstest.MapFile{Data: []byte("{{template \"base\" .}}\n{{define \"main\"}}\n<p>{{template \"nonexist\" .}}</p>{{end}}\n")}
	res = build.Build(files, build.Options{Options: optsAt(now)})
	want = `templates/guide.html:3:15: error: template: no such template "nonexist" (making /guides/a/)`
	if got := res.Diags.Error(); !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestPageParams: a template reads a file's own keys as .Params, as Hugo's
// do, on a guide, a standalone page and an entry.
func TestPageParams(t *testing.T) {
	main := `{{template "base" .}}{{define "main"}}<p class="hero">{{.Params.hero}}</p>{{end}}` + "\n"
	fsys := fstest.MapFS{
		"content/site.yaml":              {Data: []byte("title: T\n")},
		"content/guides/a.md":            {Data: []byte("---\ntitle: A\ndescription: d.\ndate: 2024-01-01\nhero: guide hero\n---\n")},
		"content/pages/about.md":         {Data: []byte("---\ntitle: About\nhero: page hero\n---\n")},
		"content/ingredients/retinol.md": {Data: []byte("---\nname: Retinol\nhero: entry hero\n---\n")},
		"templates/guide.html":           {Data: []byte(main)},
		"templates/page.html":            {Data: []byte(main)},
		"templates/entry.html":           {Data: []byte(main)},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now)})
	if !res.OK() {
		t.Fatal(res.Diags.Error())
	}
	out := outputs(res)
	for p, want := range map[string]string{"guides/a/index.html": "guide hero", "about/index.html": "page hero", "ingredients/retinol/index.html": "entry hero"} {
		if !strings.Contains(string(out[p]), `<p class="hero">`+want+`</p>`) {
			t.Errorf("%s has no %q:\n%s", p, want, out[p])
		}
	}
}
