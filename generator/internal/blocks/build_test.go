package blocks_test

import (
	"maps"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
	"derma/generator/internal/site"
)

var now = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// withGuides is the fixture plus the given guides.
func withGuides(guides map[string]string) fstest.MapFS {
	fsys := maps.Clone(fixture)
	for name, src := range guides {
		fsys["content/guides/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

func output(t *testing.T, r *build.Result, path string) string {
	t.Helper()
	for _, o := range r.Outputs {
		if o.Path == path {
			return string(o.Data)
		}
	}
	t.Fatalf("no output %s", path)
	return ""
}

const nightGuide = "---\ntitle: Night\ndescription: d.\ndate: 2025-01-02\n---\nIntro.\n\n```routine\ntitle: Retinol night\ntime: pm\nsteps:\n  - cleanser\n  - serum: retinol\n  - sleeping mask\n```\n"

func TestBuildWithBlocks(t *testing.T) {
	fsys := withGuides(map[string]string{
		"night.md": nightGuide,
		"table.md": "---\ntitle: Table\ndescription: d.\ndate: 2025-01-01\n---\n```compare\nkind: mask-types\nitems: [sheet, sleeping]\n```\n\n```routine\ntitle: Sheet night\ntime: pm\nsteps: [cleanser, sheet, serum: HA]\n```\n",
	})
	r := build.Build(fsys, build.Options{Options: site.Options{Now: now}, Blocks: blocks.Funcs})
	if len(r.Diags) > 0 {
		t.Fatalf("diagnostics:\n%v", r.Diags)
	}
	night := output(t, r, "guides/night/index.html")
	for _, want := range []string{`<section class="routine" id="routine-retinol-night"`, `"@type":"HowTo"`, `"name":"Retinol night"`, `"@type":"Article"`} {
		if !strings.Contains(night, want) {
			t.Errorf("guide page lacks %s", want)
		}
	}
	if !strings.Contains(output(t, r, "guides/table/index.html"), `<table class="compare">`) {
		t.Error("compare block not rendered in its guide")
	}

	// Entry pages list the routines that use them, in site order.
	retinol := output(t, r, "ingredients/retinol/index.html")
	if !strings.Contains(retinol, `href="/docs/guides/night/#routine-retinol-night">Retinol night</a>`) {
		t.Errorf("retinol page does not list its routine:\n%s", retinol)
	}
	var uses []string
	for _, e := range r.Site.Entries[site.Product] {
		if e.Slug == "serum" {
			for _, u := range e.Routines {
				uses = append(uses, u.Guide.Slug+"#"+u.ID)
			}
		}
	}
	if got := strings.Join(uses, " "); got != "night#routine-retinol-night table#routine-sheet-night" {
		t.Errorf("serum routines = %s", got)
	}
	// avoid_with is shown both ways: glycolic acid's file does not name retinol.
	if !strings.Contains(output(t, r, "ingredients/glycolic-acid/index.html"), `href="/docs/ingredients/retinol/"`) {
		t.Error("glycolic acid page does not say to avoid retinol")
	}

	cmp := output(t, r, "compare/index.html")
	for _, want := range []string{`<h2 id="mask-types">`, `<h2 id="products">`, `<h2 id="ingredients">`, `class="table-wrap"`} {
		if !strings.Contains(cmp, want) {
			t.Errorf("/compare/ lacks %s", want)
		}
	}
}

func TestBuildStrictRoutine(t *testing.T) {
	fsys := withGuides(map[string]string{
		"bad.md": "---\ntitle: Bad\ndescription: d.\ndate: 2025-01-02\n---\n```routine\ntime: am\nsteps:\n  - cleanser\n  - serum: retinol\n```\n",
	})
	for _, strict := range []bool{false, true} {
		r := build.Build(fsys, build.Options{Options: site.Options{Now: now}, Blocks: blocks.Funcs, Strict: strict})
		got := r.Diags.Error()
		want := "content/guides/bad.md:10:12: " + map[bool]string{false: "warning", true: "error"}[strict] + ": retinol belongs in the evening"
		if !strings.HasPrefix(got, want) || len(r.Diags) != 1 {
			t.Errorf("strict=%v: got\n%s\nwant %s...", strict, got, want)
		}
		if r.OK() == strict {
			t.Errorf("strict=%v: OK() = %v", strict, r.OK())
		}
	}
}

// TestErrorsNameFileAndLine builds guides whose blocks each have a problem
// and checks that every message names the guide and a line inside the block.
func TestErrorsNameFileAndLine(t *testing.T) {
	bodies := []string{
		"```compare\nkind: nope\n```\n",
		"```compare\nkind: products\nitems: [nothing]\n```\n",
		"```compare\nkind: products\nfields: [nothing]\n```\n",
		"```compare\nitems: [serum]\n```\n",
		"```compare\n```\n",
		"```compare\nkind: [a\n```\n",
		"```compare\nkind: products\nextra: 1\n```\n",
		"```routine\nsteps: [nothing]\n```\n",
		"```routine\nsteps: [serum: nothing]\n```\n",
		"```routine\ntime: never\nsteps: [serum]\n```\n",
		"```routine\ntitle: x\n```\n",
		"```routine\nsteps: [serum\n```\n",
		"```routine\nsteps: [toner, cleanser]\n```\n",
		"```routine\ntime: pm\nsteps: [sunscreen]\n```\n",
		"```routine\nsteps: [serum: [retinol, AHA]]\n```\n",
		"- item\n\n  ```routine\n  steps: [serum: nothing]\n  ```\n",
		"> ```compare\n> kind: nope\n> ```\n",
	}
	for i, body := range bodies {
		src := "---\ntitle: T\ndescription: d.\ndate: 2025-01-02\n---\nIntro.\n\n" + body
		fsys := withGuides(map[string]string{"t.md": src})
		r := build.Build(fsys, build.Options{Options: site.Options{Now: now}, Blocks: blocks.Funcs})
		if len(r.Diags) == 0 {
			t.Errorf("body %d: no diagnostic for\n%s", i, body)
			continue
		}
		last := strings.Count(src, "\n")
		for _, d := range r.Diags {
			if d.Path != "content/guides/t.md" || d.Line < 8 || d.Line > last {
				t.Errorf("body %d: %v does not point into the block (lines 8-%d, the fences included)", i, d, last)
			}
		}
	}
}

// TestBundledSite builds the site shipped with derma: every block renders and
// no routine breaks a rule, even under --strict.
func TestBundledSite(t *testing.T) {
	if _, err := os.Stat("../../../content/site.yaml"); err != nil {
		t.Skip("bundled site not found")
	}
	r := build.Build(os.DirFS("../../.."), build.Options{Blocks: blocks.Funcs, Strict: true})
	if len(r.Diags) > 0 {
		t.Fatalf("bundled site has problems:\n%v", r.Diags)
	}
	routines := 0
	for _, g := range r.Site.Guides {
		routines += len(g.Routines)
		if len(g.Related) == 0 {
			t.Errorf("guide %s has no related guides", g.Slug)
		}
	}
	if routines == 0 {
		t.Error("no routine rendered in the bundled guides")
	}
	if p := output(t, r, "guides/mask-types-compared/index.html"); !strings.Contains(p, `<table class="compare">`) {
		t.Error("the mask types guide shows no comparison table")
	}
}

// TestJSONLDEscapes checks that text an author writes cannot close the JSON-LD
// script element, in a routine title, a step or a FAQ answer.
func TestJSONLDEscapes(t *testing.T) {
	const evil = "</script><script>alert(1)</script>"
	fsys := withGuides(map[string]string{
		"x.md": "---\ntitle: X\ndescription: d.\ndate: 2025-01-02\nfaq:\n  - q: \"" + evil + "\"\n    a: \"" + evil + "\"\n---\n```routine\ntitle: \"" + evil + "\"\nsteps: [cleanser]\n```\n",
	})
	r := build.Build(fsys, build.Options{Options: site.Options{Now: now}, Blocks: blocks.Funcs})
	if !r.OK() {
		t.Fatalf("diagnostics:\n%v", r.Diags)
	}
	page := output(t, r, "guides/x/index.html")
	if strings.Contains(page, "<script>alert") {
		t.Errorf("author text closes a script element:\n%s", page)
	}
	for _, want := range []string{`"@type":"HowTo"`, `"@type":"FAQPage"`, `\u003c/script\u003e`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}
