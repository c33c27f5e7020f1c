package build_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/build"
	"derma/generator/internal/render"
)

// TestSiteFiles: a file of content/ may replace the theme's assets and
// robots.txt (the author's own wins, once), never a page or a file the build
// makes from the content.
func TestSiteFiles(t *testing.T) {
	base := fstest.MapFS{
		"content/site.yaml":      {Data: []byte("title: T\nbase_url: https://example.org/\n")},
		"content/guides/a.md":    {Data: []byte("---\ntitle: A\ndescription: d.\ndate: 2025-01-01\n---\n\nBody.\n")},
		"content/images/x.png":   {Data: []byte("png")},
		"content/robots.txt":     {Data: []byte("User-agent: *\nDisallow: /private/\n")},
		"content/style.css":      {Data: []byte("body{}")},
		"templates/static/a.css": {Data: []byte("a{}")},
	}
	tests := []struct {
		name  string
		extra map[string]string
		want  map[string]string // output path -> source file ("" for made by the build)
		err   string
	}{
		{"author's robots.txt and style.css", nil,
			map[string]string{"robots.txt": "content/robots.txt", "style.css": "content/style.css", "a.css": "", "images/x.png": "content/images/x.png"}, ""},
		{"theme's robots.txt", map[string]string{"templates/static/robots.txt": "User-agent: *\n", "content/robots.txt": ""},
			map[string]string{"robots.txt": ""}, ""},
		{"a page", map[string]string{"content/guides/index.html": "x"}, nil, "content/guides/index.html:1: error: this file would replace the site's own /guides/index.html"},
		{"the feed", map[string]string{"content/feed.xml": "x"}, nil, "content/feed.xml:1: error: this file would replace the site's own /feed.xml"},
		{"the search index", map[string]string{"content/search/index.json": "x"}, nil, "would replace the site's own /search/index.json"},
		{"a theme file on a page", map[string]string{"templates/static/guides/a/index.html": "x"}, nil, "templates/static/guides/a/index.html:1: error: this file would replace the site's own /guides/a/index.html"},
		{"a theme file on the 404 page", map[string]string{"templates/static/404.html": "x"}, nil, "templates/static/404.html:1: error: this file would replace the site's own /404.html: write templates/404.html to change that page"},
		{"a theme file on the sitemap", map[string]string{"templates/static/sitemap.xml": "x"}, nil, "templates/static/sitemap.xml:1: error: this file would replace the site's own /sitemap.xml"},
		{"a theme file on the search index", map[string]string{"templates/static/search/index.js": "x"}, nil, "templates/static/search/index.js:1: error: this file would replace"},
		{"a theme file on a page, with content errors", map[string]string{"templates/static/guides/a/index.html": "x", "content/guides/b.md": "---\ntitle: B\n---\n"}, nil, "templates/static/guides/a/index.html:1: error: this file would replace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = v
			}
			for k, v := range tt.extra {
				if v == "" {
					delete(fsys, k)
				} else {
					fsys[k] = &fstest.MapFile{Data: []byte(v)}
				}
			}
			res := build.Build(fsys, build.Options{Options: optsAt(now)})
			if tt.err != "" {
				if res.OK() || !strings.Contains(res.Diags.Error(), tt.err) {
					t.Fatalf("want %q, got %v", tt.err, res.Diags)
				}
				return
			}
			if !res.OK() {
				t.Fatal(res.Diags.Error())
			}
			count := map[string]int{}
			src := map[string]string{}
			for _, o := range res.Outputs {
				count[o.Path]++
				src[o.Path] = o.Source
			}
			for p, s := range tt.want {
				if count[p] != 1 || src[p] != s {
					t.Errorf("%s: written %d times, from %q; want once, from %q", p, count[p], src[p], s)
				}
			}
		})
	}
}

// TestTemplateErrorsWithContentErrors: a build stopped by content errors
// still reports its templates' errors, all problems at once, whether the
// content errors are found at the load or in a body, streaming or not.
func TestTemplateErrorsWithContentErrors(t *testing.T) {
	const tmplErr = "templates/page.html:1:25: error: template: executing"
	for _, tt := range []struct{ name, guide string }{
		{"body", "---\ntitle: A\ndescription: d.\ndate: 2025-01-01\n---\n\n[x](nope.md)\n"},
		{"front matter", "---\ntitle: A\ndescription: d.\ndate: 2025-01-01\nslug: BAD\n---\n\nText.\n"},
	} {
		for _, stream := range []bool{false, true} {
			fsys := fstest.MapFS{
				"content/site.yaml":      {Data: []byte("title: T\n")},
				"content/guides/a.md":    {Data: []byte(tt.guide)},
				"content/pages/about.md": {Data: []byte("---\ntitle: About\n---\n\nHi.\n")},
				"templates/page.html":    {Data: []byte(`{{define "main"}}{{.Nope.Field}}{{end}}{{template "base" .}}`)},
			}
			opts := build.Options{Options: optsAt(now)}
			if stream {
				opts.Emit = func(render.Output) error { return nil }
			}
			res := build.Build(fsys, opts)
			msgs := res.Diags.Error()
			if !strings.Contains(msgs, "content/guides/a.md:") || !strings.Contains(msgs, tmplErr) {
				t.Errorf("%s, stream %v: want the guide's error and %q, got\n%s", tt.name, stream, tmplErr, msgs)
			}
		}
	}
}

// TestFileClashWithContentErrors: a file that would replace a page is told
// alongside the content's other errors, not only once they are fixed.
func TestFileClashWithContentErrors(t *testing.T) {
	for _, tt := range []struct{ name, guide string }{
		{"body", "---\ntitle: A\ndescription: d.\ndate: 2025-01-01\n---\n\n[x](nope.md)\n"},
		{"front matter", "---\ntitle: A\ndescription: d.\ndate: 2025-01-01\nslug: BAD\n---\n\nText.\n"},
	} {
		for _, stream := range []bool{false, true} {
			fsys := fstest.MapFS{
				"content/site.yaml":         {Data: []byte("title: T\nbase_url: https://example.org/\n")},
				"content/guides/a.md":       {Data: []byte(tt.guide)},
				"content/guides/index.html": {Data: []byte("x")},
				"content/sitemap.xml":       {Data: []byte("x")},
				"content/search/index.json": {Data: []byte("x")},
				"content/robots.txt":        {Data: []byte("User-agent: *\n")},
			}
			opts := build.Options{Options: optsAt(now)}
			if stream {
				opts.Emit = func(render.Output) error { return nil }
			}
			msgs := build.Build(fsys, opts).Diags.Error()
			for _, want := range []string{"content/guides/a.md:", "content/guides/index.html:1: error: this file would replace",
				"content/sitemap.xml:1: error:", "content/search/index.json:1: error:"} {
				if !strings.Contains(msgs, want) {
					t.Errorf("%s, stream %v: want %q, got\n%s", tt.name, stream, want, msgs)
				}
			}
			if strings.Contains(msgs, "robots.txt") {
				t.Errorf("%s, stream %v: the author's robots.txt is no clash, got\n%s", tt.name, stream, msgs)
			}
		}
	}
}
