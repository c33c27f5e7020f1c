package build_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
	"derma/generator/internal/corpus"
	"derma/generator/internal/render"
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

// TestRoutineInAnswer: a routine in a FAQ answer is one of the guide's: it
// gives HowTo data and is listed on the pages of the entries it uses.
func TestRoutineInAnswer(t *testing.T) {
	fsys := corpus.Site(5, 5)
	fsys["content/guides/faq-routine.md"] = &fstest.MapFile{Data: []byte("---\ntitle: FAQ routine\ndescription: d.\ndate: 2024-01-01\nfaq:\n  - q: What is a good night?\n    a: |\n      ```routine\n      title: Answer night\n      steps: [clay mask]\n      ```\n---\n\nText.\n")}
	for _, stream := range []bool{false, true} {
		opts := build.Options{Options: optsAt(now), Blocks: blocks.Funcs}
		var emitted map[string][]byte
		if stream {
			emitted = map[string][]byte{}
			var mu sync.Mutex // pages are emitted from every core
			opts.Emit = func(o render.Output) error {
				mu.Lock()
				defer mu.Unlock()
				emitted[o.Path] = bytes.Clone(o.Data)
				return nil
			}
		}
		res := build.Build(fsys, opts)
		if !res.OK() {
			t.Fatal(res.Diags.Error())
		}
		out := outputs(res)
		if stream {
			out = emitted
		}
		if page := string(out["guides/faq-routine/index.html"]); !strings.Contains(page, `"@type":"HowTo","name":"Answer night"`) {
			t.Errorf("stream %v: the guide has no HowTo for its answer's routine", stream)
		}
		if page := string(out["mask-types/clay/index.html"]); !strings.Contains(page, `/guides/faq-routine/#routine-answer-night"`) {
			t.Errorf("stream %v: the clay mask's page does not list the answer's routine", stream)
		}
	}
}
