package build_test

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
	"derma/generator/internal/corpus"
)

var idAttr = regexp.MustCompile(`\sid="([^"]*)"`)

// TestIDsUnique requires every id on every page to be written once: a
// heading in a body must not take an id the page around it uses ("related"
// for the related guides, "faq" for the answers, "main" for the skip link).
func TestIDsUnique(t *testing.T) {
	fsys := corpus.Site(80, 5)
	set := func(p, s string) { fsys[p] = &fstest.MapFile{Data: []byte(s)} }
	set("content/guides/headings.md", "---\ntitle: Headings\ndescription: d.\ndate: 2021-01-02\ningredients: [retinol]\nfaq:\n  - q: Why?\n    a: \"Because.\\n\\n## Main\\n\\nText.[^n]\\n\\n[^n]: A note.\"\n---\n\n## Related\n\nText.[^1]\n\n[^1]: Body note.\n\n## FAQ\n\nText.\n\n## Main\n\n## Site search\n\n## Related\n\n## Routine: clay night\n\n```routine\ntitle: Clay night\nsteps: [clay mask]\n```\n")
	set("content/pages/about.md", "---\ntitle: About\n---\n\n## Main\n\n## Site search\n")
	var generated *build.Result
	for _, dir := range []string{"testdata/site", ""} {
		var res *build.Result
		if dir != "" {
			res = buildDir(t, dir)
		} else {
			res = build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
			if !res.OK() {
				t.Fatal(res.Diags.Error())
			}
			generated = res
		}
		pages := 0
		for _, o := range res.Outputs {
			if !strings.HasSuffix(o.Path, ".html") {
				continue
			}
			pages++
			seen := map[string]bool{}
			for _, m := range idAttr.FindAllSubmatch(o.Data, -1) {
				if id := string(m[1]); seen[id] {
					t.Errorf("%s: id %q is written twice", o.Path, id)
				} else {
					seen[id] = true
				}
			}
		}
		if pages < 20 {
			t.Errorf("only %d pages checked", pages)
		}
	}
	out := outputs(generated)
	page := string(out["guides/headings/index.html"])
	for _, want := range []string{`<h2 id="related-1">Related</h2>`, `<h2 id="related-2">Related</h2>`, `<h2 id="faq-1">FAQ</h2>`, `<h2 id="main-1">Main</h2>`, `id="site-search-1"`, `<h2 id="routine-clay-night">`, `id="routine-clay-night-2"`} {
		if !strings.Contains(page, want) {
			t.Errorf("guides/headings/index.html has no %s", want)
		}
	}
}
