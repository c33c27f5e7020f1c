package build_test

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
)

// TestRoutineMentionStubs: an ingredient that only a routine names, and no
// entry describes, gets a stub page pointing at the routine, as an entry
// with a write-up does; the routine links to it and warns at the name. The
// guides about it, their filter and search, are those whose front matter
// names it, as for any entry: writing it up changes none of them.
func TestRoutineMentionStubs(t *testing.T) {
	guide := "---\ntitle: Night\ndescription: d.\ndate: 2025-01-01\nfaq:\n  - q: And in the morning?\n    a: |\n      ```routine\n      steps:\n        - serum: [zinc oil]\n      ```\n---\nIntro.\n\n" +
		"```routine\ntime: pm\nsteps:\n  - cleanser\n  - serum: [niacinamide, Bakuchiol oil]\n```\n\n" +
		"- a step list\n\n  ~~~routine\n  steps:\n    - serum: squalane\n  ~~~\n\n" +
		"```yaml\nsteps:\n  - serum: not-a-routine\n```\n"
	fsys := fstest.MapFS{
		"content/site.yaml":                  {Data: []byte("title: T\nbase_url: https://example.org/\n")},
		"content/products/serum.md":          {Data: []byte("---\nname: Serum\norder: 40\n---\n")},
		"content/products/cleanser.md":       {Data: []byte("---\nname: Cleanser\norder: 10\n---\n")},
		"content/ingredients/niacinamide.md": {Data: []byte("---\nname: Niacinamide\n---\n")},
		"content/guides/night.md":            {Data: []byte(guide)},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
	if !res.OK() {
		t.Fatal(res.Diags.Error())
	}
	want := []string{
		`content/guides/night.md:10:19: warning: unknown ingredient "zinc oil" in routine step serum`, // in a FAQ answer
		`content/guides/night.md:19:26: warning: unknown ingredient "Bakuchiol oil" in routine step serum`,
		`content/guides/night.md:26:14: warning: unknown ingredient "squalane" in routine step serum`,
	}
	if len(res.Diags) != len(want) {
		t.Fatalf("diagnostics:\n%s\nwant %d", res.Diags.Error(), len(want))
	}
	for i, w := range want {
		if got := res.Diags[i].String(); !strings.HasPrefix(got, w) {
			t.Errorf("got %s\nwant %s", got, w)
		}
	}
	out := outputs(res)
	// Niacinamide has a write-up and no guide about it: its page points at
	// the routine that uses it rather than saying no guide has it.
	if p := string(out["ingredients/niacinamide/index.html"]); !strings.Contains(p, `href="/guides/night/#routine-evening-routine"`) || !strings.Contains(p, "No guide is about Niacinamide yet; the routines above use it.") {
		t.Errorf("the niacinamide page does not point at its routine:\n%s", p)
	}
	for _, slug := range []string{"bakuchiol-oil", "squalane", "zinc-oil"} {
		page, ok := out["ingredients/"+slug+"/index.html"]
		if !ok {
			t.Errorf("no stub page for %s", slug)
			continue
		}
		if !strings.Contains(string(page), `href="/guides/night/#routine`) || !strings.Contains(string(page), "No guide is about") {
			t.Errorf("the %s stub does not point at its routine, as an entry with a write-up does", slug)
		}
		if !strings.Contains(string(out["guides/night/index.html"]), `href="/ingredients/`+slug+`/"`) {
			t.Errorf("the routine does not link to the %s stub", slug)
		}
		if !strings.Contains(string(out["ingredients/index.html"]), `href="/ingredients/`+slug+`/"`) {
			t.Errorf("the A-Z index does not list %s", slug)
		}
	}
	if strings.Contains(string(out["guides/index.html"]), `data-ingredient="bakuchiol`) || strings.Contains(string(out["guides/index.html"]), `value="squalane"`) {
		t.Error("the guide list counts a routine's stub as a guide's ingredient")
	}
	var ix struct {
		Guides []struct {
			E []int `json:"e"`
		} `json:"g"`
	}
	if err := json.Unmarshal(out["search/index.json"], &ix); err != nil {
		t.Fatal(err)
	}
	if len(ix.Guides) != 1 || len(ix.Guides[0].E) != 0 {
		t.Errorf("search index guides %+v, want one naming no entry", ix.Guides)
	}
	if _, ok := out["ingredients/not-a-routine/index.html"]; ok {
		t.Error("a yaml code block made a stub")
	}
	strict := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs, Strict: true})
	if strict.OK() {
		t.Error("--strict passes unknown routine ingredients")
	}
}

// TestStubWithoutGuides: a stub named only by another entry's avoid_with has
// no guides to point at, so its page does not say guides mention it.
func TestStubWithoutGuides(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":              {Data: []byte("title: T\n")},
		"content/ingredients/retinol.md": {Data: []byte("---\nname: Retinol\navoid_with: [Mystery Acid]\n---\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
	if !res.OK() {
		t.Fatal(res.Diags.Error())
	}
	p := string(outputs(res)["ingredients/mystery-acid/index.html"])
	if !strings.Contains(p, "There is no write-up of Mystery Acid yet.</p>") || strings.Contains(p, "mention it") {
		t.Errorf("stub page wording:\n%s", p)
	}
	if !strings.Contains(p, `href="/ingredients/retinol/"`) {
		t.Errorf("the stub does not link back to Retinol:\n%s", p)
	}
}
