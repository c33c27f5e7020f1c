package build_test

import (
	"bytes"
	"sync"
	"testing"

	"derma/generator/internal/build"
	"derma/generator/internal/corpus"
	"derma/generator/internal/render"
)

// TestStreamingMatchesInMemory: a streaming build (pages handed out as they
// are rendered, guide pages right after their bodies, as the build command
// writes them) gives the very files of a build held in memory.
func TestStreamingMatchesInMemory(t *testing.T) {
	fsys := corpus.Site(300, 7)
	opts := build.Options{Options: optsAt(now)}
	opts.Future = true
	mem := build.Build(fsys, opts)
	if !mem.OK() {
		t.Fatal(mem.Diags.Error())
	}
	var mu sync.Mutex
	got := map[string][]byte{}
	opts.Emit = func(o render.Output) error {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := got[o.Path]; dup {
			t.Errorf("%s emitted twice", o.Path)
		}
		got[o.Path] = bytes.Clone(o.Data)
		return nil
	}
	streamed := build.Build(fsys, opts)
	if !streamed.OK() {
		t.Fatal(streamed.Diags.Error())
	}
	if len(got) != len(mem.Outputs) {
		t.Errorf("streamed %d files, in memory %d", len(got), len(mem.Outputs))
	}
	for i, o := range mem.Outputs {
		if streamed.Outputs[i].Path != o.Path {
			t.Fatalf("output %d: streamed %s, in memory %s", i, streamed.Outputs[i].Path, o.Path)
		}
		if !bytes.Equal(got[o.Path], o.Data) {
			t.Errorf("%s differs between streaming and in-memory builds", o.Path)
		}
	}
}
