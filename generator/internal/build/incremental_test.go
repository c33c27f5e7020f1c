package build_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
	"derma/generator/internal/corpus"
	"derma/generator/internal/site"
)

// sameBuild fails the test unless got has exactly the outputs and messages
// of want.
func sameBuild(t *testing.T, name string, got, want *build.Result) {
	t.Helper()
	if !reflect.DeepEqual(got.Diags, want.Diags) {
		t.Errorf("%s: diags\n got %v\nwant %v", name, got.Diags, want.Diags)
	}
	if len(got.Outputs) != len(want.Outputs) {
		t.Fatalf("%s: %d outputs, full build %d", name, len(got.Outputs), len(want.Outputs))
	}
	for i, o := range want.Outputs {
		g := got.Outputs[i]
		if g.Path != o.Path || g.Source != o.Source || !bytes.Equal(g.Data, o.Data) {
			t.Errorf("%s: %s differs from the full build", name, o.Path)
		}
	}
}

// Updating a build after an edit of one guide gives exactly what a full
// build of the edited site gives, and refuses every edit that could change
// more than the pages showing the guide, the feed, the sitemap and the search
// index.
func TestUpdateMatchesFullBuild(t *testing.T) {
	// The corpus dates guides 2018 to 2024: some are still to come here.
	now := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	opts := build.Options{Options: site.Options{Now: now}, Dev: true, Blocks: blocks.Funcs, Incremental: true}
	fsys := corpus.Site(60, 7)
	base := build.Build(fsys, opts)
	if !base.OK() {
		t.Fatal(base.Diags[:min(5, len(base.Diags))])
	}
	newest := base.Site.Guides[0].Path                      // in the feed
	older := base.Site.Guides[len(base.Site.Guides)-1].Path // not in the feed
	var future string
	for p := range base.Site.Unpublished {
		future = p
		break
	}
	if future == "" {
		t.Fatal("no future guide in the corpus")
	}
	futureURL := "/guides/" + strings.TrimSuffix(strings.TrimPrefix(future, "content/guides/"), ".md") + "/"
	newestURL := "/guides/" + strings.TrimSuffix(strings.TrimPrefix(newest, "content/guides/"), ".md") + "/"
	src := func(p string) string { return string(fsys[p].Data) }
	// body inserts text at the start of the body of p.
	body := func(p, text string) (string, string) {
		return p, strings.Replace(src(p), "\n---\n", "\n---\n\n"+text+"\n", 1)
	}
	routine := "```routine\ntitle: Night\ntime: pm\nsteps:\n  - clay mask: kaolin\n  - sheet mask: retinol\n```\n"

	edits := []struct {
		name string
		fast bool
		edit func() (string, string) // the path changed and its new text, "" deletes
	}{
		{"paragraph, newest guide", true, func() (string, string) { return body(newest, "A new paragraph.") }},
		{"paragraph, older guide", true, func() (string, string) { return body(older, "Another *new* paragraph.") }},
		{"same text again", true, func() (string, string) { return older, src(older) }},
		{"new heading", true, func() (string, string) { return body(newest, "## A new section\n\nWords.") }},
		{"heading renamed", true, func() (string, string) {
			return newest, strings.Replace(src(newest), "## A new section", "## A renamed section", 1)
		}},
		{"link to a place in another guide", true, func() (string, string) {
			return body(older, "See [it]("+newestURL+"#a-renamed-section) and [top](#nowhere).")
		}},
		{"the place renamed: the other guide's link warns", true, func() (string, string) {
			return newest, strings.Replace(src(newest), "## A renamed section", "## A new section", 1)
		}},
		{"the link mended", true, func() (string, string) {
			return older, strings.Replace(src(older), "#a-renamed-section) and [top](#nowhere).", "#a-new-section).", 1)
		}},
		{"link to a future guide warns", true, func() (string, string) { return body(older, "See [later]("+futureURL+").") }},
		{"warning moves down", true, func() (string, string) { return body(older, "One more line.\n") }},
		{"warning fixed", true, func() (string, string) {
			return older, strings.Replace(src(older), "See [later]("+futureURL+").", "See later.", 1)
		}},
		{"raw HTML dropped", true, func() (string, string) { return body(newest, "<script>alert(1)</script>\n\nText.") }},
		{"link to another guide's file", true, func() (string, string) { return body(older, "See [this](g00001.md).") }},
		{"routine added", false, func() (string, string) { return body(newest, routine) }},
		{"text around a routine", true, func() (string, string) { return body(newest, "Before the routine.") }},
		{"routine's steps reordered", true, func() (string, string) {
			return newest, strings.Replace(src(newest), "  - clay mask: kaolin\n  - sheet mask: retinol\n", "  - sheet mask: retinol\n  - clay mask: kaolin\n", 1)
		}},
		{"routine's time changed", true, func() (string, string) {
			return newest, strings.Replace(src(newest), "title: Night\ntime: pm\n", "title: Night\ntime: am\n", 1)
		}},
		{"routine's steps back in order", true, func() (string, string) {
			return newest, strings.Replace(src(newest), "title: Night\ntime: am\nsteps:\n  - sheet mask: retinol\n  - clay mask: kaolin\n", "title: Night\ntime: pm\nsteps:\n  - clay mask: kaolin\n  - sheet mask: retinol\n", 1)
		}},
		{"routine retitled", false, func() (string, string) {
			return newest, strings.Replace(src(newest), "title: Night\n", "title: Evening\n", 1)
		}},
		{"routine's title back", false, func() (string, string) {
			return newest, strings.Replace(src(newest), "title: Evening\n", "title: Night\n", 1)
		}},
		{"routine changed", false, func() (string, string) {
			return newest, strings.Replace(src(newest), "sheet mask: retinol\n", "sheet mask: niacinamide\n", 1)
		}},
		{"routine removed", false, func() (string, string) {
			return newest, strings.Replace(src(newest), strings.Replace(routine, "retinol", "niacinamide", 1), "", 1)
		}},
		{"routine with a step no file describes: its stub page comes", false, func() (string, string) {
			return body(newest, "```routine\nsteps:\n  - tonic mist\n```\n")
		}},
		{"title of a guide whose routine names a stub step", false, func() (string, string) {
			return newest, strings.Replace(src(newest), "title: \"Guide", "title: \"Guide misty", 1)
		}},
		{"the step's stub page goes", false, func() (string, string) {
			return newest, strings.Replace(src(newest), "```routine\nsteps:\n  - tonic mist\n```\n", "", 1)
		}},
		{"an old address added", false, func() (string, string) {
			return newest, strings.Replace(src(newest), "\ndate:", "\naliases: [/old/newest/]\ndate:", 1)
		}},
		{"title of a guide with an old address", false, func() (string, string) {
			return newest, strings.Replace(src(newest), "title: \"Guide", "title: \"Guide moved", 1)
		}},
		{"the old address gone", false, func() (string, string) {
			return newest, strings.Replace(src(newest), "\naliases: [/old/newest/]", "", 1)
		}},
		{"broken link is an error", false, func() (string, string) { return body(older, "See [nothing](/guides/nothing-here/).") }},
		{"error fixed", false, func() (string, string) {
			return older, strings.Replace(src(older), "See [nothing](/guides/nothing-here/).", "", 1)
		}},
		{"paragraph after a full build", true, func() (string, string) { return body(older, "Back to prose.") }},
		{"title", true, func() (string, string) {
			return newest, strings.Replace(src(newest), "title: \"Guide", "title: \"Renamed guide", 1)
		}},
		{"front matter spacing", true, func() (string, string) {
			return newest, strings.Replace(src(newest), "\ndate:", "\ndate:  ", 1)
		}},
		{"FAQ answer", true, func() (string, string) { return newest, strings.Replace(src(newest), "    a: \"", "    a: \"Now ", 1) }},
		{"front matter closed late: a new tag", true, func() (string, string) {
			return newest, strings.Replace(src(newest), "\n---\n", "\ntags: [x]\n---\n", 1)
		}},
		{"future guide's body", true, func() (string, string) { return body(future, "Not yet, [nowhere](/nowhere/).") }},
		{"future guide's title", true, func() (string, string) {
			return future, strings.Replace(src(future), "title: \"Guide", "title: \"Later guide", 1)
		}},
		{"ingredient", false, func() (string, string) {
			p := "content/ingredients/retinol.md"
			return p, strings.Replace(src(p), "is an ingredient", "is a retinoid", 1)
		}},
		{"new guide", true, func() (string, string) {
			return "content/guides/zz-new.md", "---\ntitle: New\ndescription: New.\ndate: 2021-01-01\n---\n\nNew.\n"
		}},
		{"deleted guide", true, func() (string, string) { return "content/guides/zz-new.md", "" }},
		{"routine in the newest guide", false, func() (string, string) { return body(newest, routine) }},
		{"routine in an older guide", false, func() (string, string) { return body(older, routine) }},
		{"guide with a routine moves to the front", false, func() (string, string) {
			// Entry pages list routines newest guide first.
			text := src(older)
			i := strings.Index(text, "\ndate:")
			j := i + 1 + strings.Index(text[i+1:], "\n")
			return older, text[:i] + "\ndate: 2022-02-28" + text[j:]
		}},
		{"no front matter", false, func() (string, string) { return older, "Just text.\n" }},
	}
	prev := base
	for _, e := range edits {
		p, text := e.edit()
		if text == "" {
			delete(fsys, p)
		} else {
			fsys[p] = &fstest.MapFile{Data: []byte(text)}
		}
		full := build.Build(fsys, opts)
		var got *build.Result
		var fast bool
		if prev != nil {
			got, fast = prev.Update(fsys, p)
		}
		if fast != e.fast {
			t.Errorf("%s: fast path %v, want %v", e.name, fast, e.fast)
		}
		if !fast {
			got = full // a full build is what the caller then makes
		}
		sameBuild(t, e.name, got, full)
		prev = nil
		if got.OK() {
			prev = got
		}
	}
}

// A build without Incremental, or one that failed, cannot be updated.
func TestUpdateNeedsIncrementalBuild(t *testing.T) {
	fsys := corpus.Site(3, 1)
	opts := build.Options{Options: site.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}}
	p := "content/guides/g00001.md"
	if _, ok := build.Build(fsys, opts).Update(fsys, p); ok {
		t.Error("updated a build made without Incremental")
	}
	opts.Incremental = true
	fsys["content/guides/bad.md"] = &fstest.MapFile{Data: []byte("no front matter\n")}
	if _, ok := build.Build(fsys, opts).Update(fsys, p); ok {
		t.Error("updated a failed build")
	}
}

// A future guide whose date has come makes a full build, which publishes it.
func TestUpdateRefusedWhenGuideFallsDue(t *testing.T) {
	fsys := corpus.Site(3, 1)
	soon := time.Now().Add(2 * time.Second)
	fsys["content/guides/soon.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Soon\ndescription: Soon.\ndate: " + soon.Format(time.RFC3339) + "\n---\n\nSoon.\n")}
	res := build.Build(fsys, build.Options{Incremental: true})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	if _, ok := res.Site.Unpublished["content/guides/soon.md"]; !ok {
		t.Skip("the machine was too slow to build before the guide fell due")
	}
	p := "content/guides/g00001.md"
	res, ok := res.Update(fsys, p)
	if !ok {
		if !time.Now().Before(soon) {
			t.Skip("the machine was too slow to update before the guide fell due")
		}
		t.Fatal("no update before the guide fell due")
	}
	time.Sleep(time.Until(soon) + 10*time.Millisecond)
	if _, ok := res.Update(fsys, p); ok {
		t.Error("updated a build whose future guide fell due")
	}
}

// TestUpdateRelatedThroughStubs: two guides whose routines alone name one
// unknown step are not related through it, so that an edit of a third guide,
// which picks the related guides around it again, gives what a full build
// gives.
func TestUpdateRelatedThroughStubs(t *testing.T) {
	opts := build.Options{Options: site.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}, Blocks: blocks.Funcs, Incremental: true}
	guide := func(date, ing, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: G\ndescription: d.\ndate: " + date + "\ningredients: [" + ing + "]\n---\n\nText.\n" + body)}
	}
	routine := "\n```routine\nsteps:\n  - essence\n```\n"
	fsys := fstest.MapFS{
		"content/site.yaml":   {Data: []byte("title: T\n")},
		"content/guides/a.md": guide("2024-01-04", "xylitol", routine),
		"content/guides/b.md": guide("2024-01-03", "yam", routine),
		"content/guides/c.md": guide("2024-01-02", "xylitol", ""),
		"content/guides/d.md": guide("2024-01-01", "yam", ""),
	}
	base := build.Build(fsys, opts)
	if !base.OK() {
		t.Fatal(base.Diags.Error())
	}
	fsys["content/guides/c.md"] = guide("2024-01-05", "xylitol", "")
	got, ok := base.Update(fsys, "content/guides/c.md")
	if !ok {
		t.Fatal("the date edit took a full build")
	}
	sameBuild(t, "date edit beside guides naming a stub step", got, build.Build(fsys, opts))
}
