package build_test

import (
	"bytes"
	"io/fs"
	"os"
	"sync"
	"testing"
	"testing/fstest"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
	"derma/generator/internal/corpus"
	"derma/generator/internal/render"
)

// TestStreamingMatchesInMemory: a streaming build (pages handed out as they
// are rendered, guide pages right after their bodies, as the build command
// writes them) gives the very files and messages of a build held in memory:
// on a generated site, on the bundled site (routines listed on entry pages,
// compare tables, the feed), and on sites whose bodies have errors or, in
// strict mode, warnings.
func TestStreamingMatchesInMemory(t *testing.T) {
	broken := fstest.MapFS{
		"content/site.yaml":              {Data: []byte("title: T\nbase_url: https://example.org/\n")},
		"content/guides/a.md":            {Data: []byte("---\ntitle: A\ndescription: One.\ndate: 2025-01-02\ningredients: [retinol]\n---\n\nSee [b](b.md) and [gone](missing.md).\n")},
		"content/guides/b.md":            {Data: []byte("---\ntitle: B\ndescription: Two.\ndate: 2025-01-03\n---\n\nText with a [link](https://example.org/x).\n")},
		"content/ingredients/retinol.md": {Data: []byte("---\nname: Retinol\n---\n\nAt night.\n")},
	}
	warned := fstest.MapFS{}
	for p, f := range broken {
		warned[p] = f
	}
	warned["content/guides/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\ndescription: One.\ndate: 2025-01-02\n---\n\nSee [the draft](c.md).\n")}
	warned["content/guides/c.md"] = &fstest.MapFile{Data: []byte("---\ntitle: C\ndescription: Three.\ndate: 2025-01-04\ndraft: true\n---\n\nLater.\n")}
	both := fstest.MapFS{}
	for p, f := range broken {
		both[p] = f
	}
	both["content/guides/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ndescription: Two.\ndate: 2025-13-45\n---\n\n[x](nowhere.md)\n")}
	tests := []struct {
		name   string
		fsys   fs.FS
		strict bool
	}{
		{"generated", corpus.Site(300, 7), false},
		{"bundled", os.DirFS("../../.."), false},
		{"body error", broken, false},
		{"front matter and body errors", both, false},
		{"body warning", warned, false},
		{"body warning strict", warned, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := build.Options{Options: optsAt(now), Blocks: blocks.Funcs, Strict: tt.strict}
			opts.Future = true
			mem := build.Build(tt.fsys, opts)
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
			streamed := build.Build(tt.fsys, opts)
			if a, b := mem.Diags.Error(), streamed.Diags.Error(); a != b {
				t.Fatalf("messages differ\nin memory:\n%s\nstreamed:\n%s", a, b)
			}
			t.Logf("%d outputs; messages:\n%s", len(mem.Outputs), mem.Diags.Error())
			if !mem.OK() {
				return
			}
			if len(got) != len(mem.Outputs) {
				t.Errorf("streamed %d files, in memory %d", len(got), len(mem.Outputs))
			}
			for i, o := range mem.Outputs {
				if streamed.Outputs[i].Path != o.Path {
					t.Fatalf("output %d: streamed %s, in memory %s", i, streamed.Outputs[i].Path, o.Path)
				}
				if o.Source == "" && !bytes.Equal(got[o.Path], o.Data) {
					t.Errorf("%s differs between streaming and in-memory builds", o.Path)
				}
			}
		})
	}
}

// editedFS gives the file edited another body from its second read on: an
// author saving while a streaming build runs, between the load and the page.
type editedFS struct {
	fstest.MapFS
	edited string
	mu     sync.Mutex
	reads  int
}

func (f *editedFS) ReadFile(name string) ([]byte, error) {
	b, err := f.MapFS.ReadFile(name)
	if name == f.edited {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.reads++; f.reads > 1 {
			b = bytes.Replace(b, []byte("Text with"), []byte("Words with"), 1)
		}
	}
	return b, err
}

// TestStreamingEditedMidBuild: a streaming build reads each guide's body
// again right before its page; a guide whose body changed since the load is
// an error that fails the build, not a page mixing two versions.
func TestStreamingEditedMidBuild(t *testing.T) {
	fsys := &editedFS{edited: "content/guides/b.md", MapFS: fstest.MapFS{
		"content/site.yaml":   {Data: []byte("title: T\nbase_url: https://example.org/\n")},
		"content/guides/a.md": {Data: []byte("---\ntitle: A\ndescription: One.\ndate: 2025-01-02\n---\n\nSee [b](b.md).\n")},
		"content/guides/b.md": {Data: []byte("---\ntitle: B\ndescription: Two.\ndate: 2025-01-03\n---\n\nText with a [link](https://example.org/x).\n")},
	}}
	opts := build.Options{Options: optsAt(now), Emit: func(render.Output) error { return nil }}
	res := build.Build(fsys, opts)
	want := "content/guides/b.md:1: error: the file changed while the site was being built; build again"
	if res.OK() || res.Diags.Error() != want {
		t.Errorf("messages:\n%s\nwant:\n%s", res.Diags.Error(), want)
	}
	fsys.reads = -100 // the same body on every read: the build succeeds
	if res := build.Build(fsys, opts); !res.OK() {
		t.Errorf("unchanged file: %s", res.Diags.Error())
	}
}
