package build_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
	"derma/generator/internal/corpus"
)

// TestHowToOutsideGuides: a routine in a standalone page or in an entry's
// write-up gives that page HowTo data, as one in a guide does.
func TestHowToOutsideGuides(t *testing.T) {
	fsys := corpus.Site(5, 5)
	routine := "\n```routine\ntitle: Clay evening\nsteps: [clay mask]\n```\n"
	fsys["content/pages/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\n---\n\nText.\n" + routine)}
	fsys["content/mask-types/clay.md"] = &fstest.MapFile{Data: []byte("---\nname: Clay mask\n---\n\nA clay mask.\n" + routine)}
	res := build.Build(fsys, build.Options{Options: optsAt(now), Blocks: blocks.Funcs})
	if !res.OK() {
		t.Fatal(res.Diags.Error())
	}
	out := outputs(res)
	for _, p := range []string{"about/index.html", "mask-types/clay/index.html"} {
		page := string(out[p])
		if !strings.Contains(page, `"@type":"HowTo","name":"Clay evening"`) || !strings.Contains(page, `/#routine-clay-evening"`) {
			t.Errorf("%s has no HowTo for its routine:\n%s", p, page)
		}
	}
}
