package build_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
	"derma/generator/internal/render"
)

// TestFragments: a link to a place in a page is checked against the ids that
// page has (its headings, its routines, headings in its FAQ answers, its
// footnotes, the theme's own ids) once every body is made, with a
// suggestion; pages made only of lists are not checked.
func TestFragments(t *testing.T) {
	files := fstest.MapFS{
		"content/site.yaml":              {Data: []byte("title: T\nbase_url: https://example.org/\n")},
		"content/products/cleanser.md":   {Data: []byte("---\nname: Cleanser\norder: 10\n---\n")},
		"content/ingredients/retinol.md": {Data: []byte("---\nname: Retinol\n---\n## How to start\n\nSee [a](../guides/a.md#usage).\n")},
		"content/guides/a.md": {Data: []byte("---\ntitle: A\ndescription: d.\ndate: 2025-01-01\nfaq:\n  - q: Q?\n    a: \"See [b](b.md#steps) and [faqh](#deep-answer)\"\n---\n" +
			"## Usage\n\n[r](../ingredients/retinol.md#how-to-strat) [fn](#fn:1) [rt](#routine-evening-title) [faq](#faq) [main](#main) [list](/guides/#x) [top](#top) [data](/search/index.json)\n\n" +
			"Note[^1].\n\n[^1]: x\n\n```routine\ntitle: Evening\nsteps:\n  - cleanser\n```\n")},
		"content/guides/b.md": {Data: []byte("---\ntitle: B\ndescription: d.\ndate: 2025-01-02\nfaq:\n  - q: Deep?\n    a: \"## Deep answer\\n\\nyes\"\n---\n" +
			"## Step one\n\n[a](a.md#usage) [a2](/guides/a/#usag) [x](#deep-answer) [about](../pages/about.md#team)\n")},
		"content/pages/about.md": {Data: []byte("---\ntitle: About\n---\n## Team\n\n[b](../guides/b.md#step-two) [self](#nope)\n\n[c](../guides/c.md#faq) [c2](../guides/c.md#related) [r](../ingredients/retinol.md#combo)\n")},
		"content/guides/c.md":    {Data: []byte("---\ntitle: C\ndescription: d.\ndate: 2025-01-03\n---\nNo questions here.\n")},
	}
	want := []string{
		`content/guides/a.md:7:13: warning: link "b.md#steps" goes to no place: /guides/b/ has no heading with id "steps"; its ids are #step-one, #faq`,
		`content/guides/a.md:7:33: warning: link "#deep-answer" goes to no place: this page has no heading with id "deep-answer"; its ids are #usage, #routine-evening, #faq`,
		`content/guides/a.md:11:1: warning: link "../ingredients/retinol.md#how-to-strat" goes to no place: /ingredients/retinol/ has no heading with id "how-to-strat" (did you mean #how-to-start?)`,
		`content/guides/b.md:11:17: warning: link "/guides/a/#usag" goes to no place: /guides/a/ has no heading with id "usag" (did you mean #usage?)`,
		`content/pages/about.md:6:1: warning: link "../guides/b.md#step-two" goes to no place: /guides/b/ has no heading with id "step-two" (did you mean #step-one?)`,
		`content/pages/about.md:6:30: warning: link "#nope" goes to no place: this page has no heading with id "nope"; its ids are #team`,
		`content/pages/about.md:8:1: warning: link "../guides/c.md#faq" goes to no place: /guides/c/ has no heading with id "faq"; it has no headings`,
		`content/pages/about.md:8:25: warning: link "../guides/c.md#related" goes to no place: /guides/c/ has no heading with id "related"; it has no headings`,
		`content/pages/about.md:8:54: warning: link "../ingredients/retinol.md#combo" goes to no place: /ingredients/retinol/ has no heading with id "combo" (did you mean #combos?)`,
	}
	for _, stream := range []bool{false, true} {
		opts := build.Options{Options: optsAt(now), Blocks: blocks.Funcs}
		if stream {
			opts.Emit = func(render.Output) error { return nil }
		}
		res := build.Build(files, opts)
		var got []string
		for _, d := range res.Diags {
			if strings.Contains(d.Message, "goes to no place") {
				got = append(got, d.String())
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("stream %v:\n%s\nwant\n%s\nall: %v", stream, strings.Join(got, "\n"), strings.Join(want, "\n"), res.Diags)
		}
		if !res.OK() {
			t.Errorf("stream %v: not built: %v", stream, res.Diags)
		}
	}
}
