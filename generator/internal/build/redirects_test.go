package build_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/build"
	"derma/generator/internal/render"
)

// TestRedirects: a guide's aliases: (its old addresses, as in Hugo) each get
// a page that sends readers on to the guide, outside the sitemap; an alias
// that is the address of a page, a file or another guide's alias is an
// error at its item.
func TestRedirects(t *testing.T) {
	files := fstest.MapFS{
		"content/site.yaml":   {Data: []byte("title: T\nbase_url: https://example.org/sub/\n")},
		"content/guides/a.md": {Data: []byte("---\ntitle: A & B\ndescription: d.\ndate: 2025-01-01\naliases: [/old/a/, old-a, /2019/a.html, /caf%C3%A9/, /café/]\n---\n\nText.\n")},
		"content/guides/b.md": {Data: []byte("---\ntitle: B\ndescription: d.\ndate: 2025-01-02\n---\n\nText.\n")},
	}
	res := build.Build(files, build.Options{Options: optsAt(now)})
	if !res.OK() {
		t.Fatal(res.Diags.Error())
	}
	out := outputs(res)
	if !strings.Contains(res.Diags.Error(), `alias "/café/" is written twice`) {
		t.Errorf("an alias written encoded and as it reads is not one address: %s", res.Diags.Error())
	}
	for _, p := range []string{"old/a/index.html", "guides/old-a/index.html", "2019/a.html", "café/index.html"} {
		page := string(out[p])
		for _, want := range []string{`<meta http-equiv="refresh" content="0; url=/sub/guides/a/">`, `<link rel="canonical" href="https://example.org/sub/guides/a/">`, `<a href="/sub/guides/a/">A &amp; B</a>`, `<html lang="en">`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: missing %s in\n%s", p, want, page)
			}
		}
	}
	if strings.Contains(string(out["sitemap.xml"]), "old") {
		t.Errorf("an old address is in the sitemap")
	}

	files["content/guides/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ndescription: d.\ndate: 2025-01-02\naliases:\n  - /guides/a/\n  - /old/a/\n  - /images/x.png.html\n  - ../up/\n---\n\nText.\n")}
	files["content/images/x.png.html"] = &fstest.MapFile{Data: []byte("x")}
	res = build.Build(files, build.Options{Options: optsAt(now)})
	got := res.Diags.Error()
	for _, want := range []string{
		`content/guides/b.md:6:5: error: alias "/guides/a/" is the address of a page of the site`,
		`content/guides/a.md:5:11: error: alias "/old/a/" is also an alias of content/guides/b.md`,
		`content/guides/b.md:8:5: error: alias "/images/x.png.html" is where content/images/x.png.html is published`,
		`content/guides/b.md:9:5: error: alias "../up/" must be an old address of this guide on this site`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing\n%s\nin\n%s", want, got)
		}
	}
}

// TestNestedOutputs: two outputs one of which would be the folder of the
// other cannot both be written; the build and check stop at the file the
// author wrote, naming the other, instead of failing to write the site.
func TestNestedOutputs(t *testing.T) {
	files := fstest.MapFS{
		"content/site.yaml":    {Data: []byte("title: T\nbase_url: https://example.org/\n")},
		"content/guides/a.md":  {Data: []byte("---\ntitle: A\ndescription: d.\ndate: 2025-01-01\ntags: [night]\naliases: [/feed.xml, /style.css, /img/logo.png]\n---\n\nText.\n")},
		"content/img/logo.png": {Data: []byte("png")},
		"content/tags":         {Data: []byte("a file")},
		"content/robots.txt/x": {Data: []byte("a folder")},
	}
	for _, check := range []bool{false, true} {
		opts := build.Options{Options: optsAt(now)}
		if check {
			opts.Emit = func(render.Output) error { return nil }
		}
		res := build.Build(files, opts)
		got := res.Diags.Error()
		for _, want := range []string{
			`content/guides/a.md:6:11: error: alias "/feed.xml/" would be a folder, /feed.xml/, where the site's own /feed.xml is published as a file: choose another address`,
			`content/guides/a.md:6:22: error: alias "/style.css/" would be a folder, /style.css/, where the theme's /style.css is published as a file`,
			`content/guides/a.md:6:34: error: alias "/img/logo.png/" would be a folder, /img/logo.png/, where content/img/logo.png is published as a file`,
			`content/tags:1: error: this file would be published at /tags, the folder that holds the site's own /tags/`,
			`content/robots.txt/x:1: error: this file would be published at /robots.txt/x, inside a folder /robots.txt/, where the site's own /robots.txt is published as a file`,
		} {
			if !strings.Contains(got, want) {
				t.Errorf("check %v: missing\n%s\nin\n%s", check, want, got)
			}
		}
		if n := strings.Count(got, "content/tags:"); n != 1 {
			t.Errorf("check %v: content/tags told %d times", check, n)
		}
	}
}
