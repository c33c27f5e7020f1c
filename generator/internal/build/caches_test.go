package build_test

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
	"derma/generator/internal/corpus"
	"derma/generator/internal/render"
	"derma/generator/internal/site"
)

// Builds that keep parses and bodies between them give exactly the outputs
// and messages of a fresh build, edit after edit, including bodies whose
// blocks read other files' front matter.
func TestCachesMatchFullBuild(t *testing.T) {
	now := time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC)
	opts := build.Options{Options: site.Options{Now: now}, Dev: true, Blocks: blocks.Funcs}
	fsys := corpus.Site(60, 7)
	set := func(p, s string) { fsys[p] = &fstest.MapFile{Data: []byte(s)} }
	src := func(p string) string { return string(fsys[p].Data) }
	set("content/guides/night.md", "---\ntitle: Night\ndescription: d.\ndate: 2021-01-02\n---\nIntro, see [the other](g00003.md).\n\n```routine\ntitle: Retinol night\ntime: pm\nsteps:\n  - clay\n  - sheet: retinol\n  - sleeping\n```\n")
	cached := opts
	cached.Parsed = site.NewLoadCache()
	cached.Bodies = build.NewBodyCache()
	cached.Cache = render.NewCache()

	base := build.Build(fsys, cached)
	if !base.OK() {
		t.Fatal(base.Diags.Error())
	}
	g := "content/guides/g00003.md"
	ingredient := "content/ingredients/retinol.md"
	if fsys[ingredient] == nil {
		t.Fatal("no retinol in the corpus")
	}
	kept := map[string]*fstest.MapFile{}
	edits := []struct {
		name string
		do   func()
	}{
		{"title", func() { set(g, strings.Replace(src(g), "\ntitle: ", "\ntitle: Renamed ", 1)) }},
		{"tags", func() { set(g, strings.Replace(src(g), "\nconcerns: ", "\ntags: [new-tag]\nconcerns: ", 1)) }},
		{"ingredients", func() { set(g, strings.Replace(src(g), "\ningredients: [", "\ningredients: [\"Niacinamide\", ", 1)) }},
		{"date", func() { set(g, strings.Replace(src(g), "\ndate: ", "\ndate: 2019-05-05\nx_old_date: ", 1)) }},
		{"body", func() { set(g, src(g)+"\nMore [link](night.md).\n") }},
		{"slug", func() { set(g, strings.Replace(src(g), "\ntitle: ", "\nslug: renamed\ntitle: ", 1)) }},
		{"new guide", func() {
			set("content/guides/zz-new.md", "---\ntitle: New\ndescription: d.\ndate: 2021-01-01\n---\n\nSee [night](night.md).\n")
		}},
		{"deleted guide", func() { delete(fsys, "content/guides/zz-new.md") }},
		{"ingredient", func() {
			set(ingredient, strings.Replace(src(ingredient), "\nname: ", "\ntime: [am]\nname: ", 1))
		}},
		// The ingredient's file deleted (its guides list a stub) and back.
		{"ingredient deleted", func() {
			kept[ingredient] = fsys[ingredient]
			delete(fsys, ingredient)
		}},
		{"ingredient back", func() { fsys[ingredient] = kept[ingredient] }},
		{"front matter error", func() { set(g, strings.Replace(src(g), "\ntitle: ", "\ntitle: [", 1)) }},
		{"fixed", func() { set(g, strings.Replace(src(g), "\ntitle: [", "\ntitle: ", 1)) }},
		{"site settings", func() { set("content/site.yaml", "title: Other\nbase_url: https://example.org/docs/\n") }},
		{"image", func() {
			fsys["content/images/dot.png"] = &fstest.MapFile{Data: pngOf(2, 3)}
			set(g, src(g)+"\n![dot](../images/dot.png) and ![root](/images/dot.png)\n")
		}},
		{"image resized", func() { fsys["content/images/dot.png"] = &fstest.MapFile{Data: pngOf(5, 7)} }},
		{"image deleted", func() { delete(fsys, "content/images/dot.png") }},
		{"image back", func() { fsys["content/images/dot.png"] = &fstest.MapFile{Data: pngOf(1, 1)} }},
		{"link target drafted", func() {
			set("content/guides/night.md", strings.Replace(src("content/guides/night.md"), "\ntitle: ", "\ndraft: true\ntitle: ", 1))
		}},
		{"raw html", func() {
			set("content/site.yaml", "title: Other\nraw_html: true\nbase_url: https://example.org/docs/\n")
		}},
		{"slug back", func() { set(g, strings.Replace(src(g), "\nslug: renamed\n", "\n", 1)) }},
		// The theme's own ids change the ids of headings (a "Related"
		// heading is related-1 only while the page has related guides).
		{"template", func() {
			set("templates/guide.html", `{{template "base" .}}{{define "main"}}<h1>{{.Title}}</h1>{{.Guide.HTML}}{{end}}`)
		}},
		{"template gone", func() { delete(fsys, "templates/guide.html") }},
	}
	for _, e := range edits {
		e.do()
		got := build.Build(fsys, cached)
		want := build.Build(fsys, opts)

		sameBuild(t, e.name, got, want)
		if strings.HasPrefix(e.name, "template") && !want.OK() {
			t.Errorf("%s: the build failed, so the edit shows nothing:\n%s", e.name, want.Diags.Error())
		}
		t.Logf("%s: %d parsed, %d bodies converted, %d reused", e.name, cached.Parsed.Parsed, cached.Bodies.Converted, cached.Bodies.Reused)
	}
}

// pngOf returns a PNG image of w×h pixels.
func pngOf(w, h int) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)))
	return b.Bytes()
}

// TestCardCacheRoutineStub: a guide whose routine alone names an ingredient
// lists its stub in the guide list's filter once the ingredient's file is
// deleted, in a build that keeps cards as serve's does.
func TestCardCacheRoutineStub(t *testing.T) {
	opts := build.Options{Options: site.Options{Now: time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC)}, Dev: true, Blocks: blocks.Funcs}
	fsys := corpus.Site(60, 7)
	fsys["content/guides/night.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Night\ndescription: d.\ndate: 2021-01-02\n---\nIntro.\n\n```routine\ntime: pm\nsteps:\n  - clay\n  - sheet: retinol\n```\n")}
	cached := opts
	cached.Parsed = site.NewLoadCache()
	cached.Bodies = build.NewBodyCache()
	cached.Cache = render.NewCache()
	cached.Incremental = true
	if base := build.Build(fsys, cached); !base.OK() {
		t.Fatal(base.Diags.Error())
	}
	delete(fsys, "content/ingredients/retinol.md")
	sameBuild(t, "ingredient deleted", build.Build(fsys, cached), build.Build(fsys, opts))
}
