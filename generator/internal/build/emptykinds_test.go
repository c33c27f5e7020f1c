package build_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
)

// TestBlocksOnEmptyKinds: a site with no product kinds or mask types yet is
// told how to add the first, instead of a list of none or an empty table.
func TestBlocksOnEmptyKinds(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: T\n")},
		"content/guides/a.md": {Data: []byte("---\ntitle: A\ndescription: d.\ndate: 2024-01-01\n---\n\n" +
			"```routine\nsteps: [cleanser]\n```\n\n```compare\nkind: mask-types\n```\n\n```compare\nkind: ingredients\nitems: [Niacinamide]\n```\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
	got := res.Diags.Error()
	for _, want := range []string{
		`content/guides/a.md:8:9: error: unknown routine step "cleanser": a step is a product kind (none yet: add content/products/cleanser.md) or a mask type (none yet: add content/mask-types/cleanser.md)`,
		`content/guides/a.md:12:7: warning: compare block has nothing to compare: the site has no mask types yet; add content/mask-types/NAME.md`,
		`content/guides/a.md:17:9: error: unknown ingredient "Niacinamide" in compare items: the site has no ingredient files yet; add content/ingredients/niacinamide.md to write one`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing\n%s\nin\n%s", want, got)
		}
	}
}
