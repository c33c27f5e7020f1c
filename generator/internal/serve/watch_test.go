package serve

import (
	"context"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// collect runs a watcher on dir and returns a function that gathers the
// site paths reported within d.
func collect(t *testing.T, dir string) func(d time.Duration) []string {
	t.Helper()
	w, err := newWatcher(dir, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan []string, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.run(ctx, 20*time.Millisecond, func(changed []string) { got <- changed })
	}()
	t.Cleanup(func() { cancel(); <-done; w.close() })
	return func(d time.Duration) []string {
		var all []string
		deadline := time.After(d)
		for {
			select {
			case c := <-got:
				if c == nil {
					c = []string{"(everything)"}
				}
				all = append(all, c...)
			case <-deadline:
				return all
			}
		}
	}
}

// A folder renamed or moved is the old tree gone and a new one made: the
// new one is watched, to its deepest folder, and the old paths report
// nothing any more.
func TestWatchFolderMoves(t *testing.T) {
	tests := []struct {
		name     string
		from, to string // the folder moved, relative to the site
		edit     string // a file under to, saved after the move
		want     []string
		wantNot  []string
	}{
		{
			name: "renamed in content",
			from: "content/guides/deep", to: "content/guides/deeper",
			edit:    "content/guides/deeper/sub/inner.md",
			want:    []string{"content/guides/deeper/sub/inner.md"},
			wantNot: []string{"content/guides/deep/sub/inner.md"},
		},
		{
			name: "renamed in templates",
			from: "templates/static/img", to: "templates/static/pics",
			edit:    "templates/static/pics/sub/dot.svg",
			want:    []string{"templates/static/pics/sub/dot.svg"},
			wantNot: []string{"templates/static/img/sub/dot.svg"},
		},
		{
			name: "moved out of content",
			from: "content/guides/deep", to: "attic/deep",
			edit:    "attic/deep/sub/inner.md",
			wantNot: []string{"content/guides/deep/sub/inner.md", "(everything)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, p := range []string{"content/guides/deep/deep.md", "content/guides/deep/sub/inner.md", "templates/static/img/sub/dot.svg", "attic/.keep"} {
				writeFile(t, filepath.Join(dir, p), "x\n")
			}
			next := collect(t, dir)
			if err := os.Rename(filepath.Join(dir, tt.from), filepath.Join(dir, tt.to)); err != nil {
				t.Fatal(err)
			}
			moved := next(300 * time.Millisecond)
			if !slices.Contains(moved, tt.from) {
				t.Errorf("the move reported %q, not %s", moved, tt.from)
			}
			if strings.HasPrefix(tt.to, "content/") || strings.HasPrefix(tt.to, "templates/") {
				if !slices.Contains(moved, tt.to) {
					t.Errorf("the move reported %q, not %s", moved, tt.to)
				}
			}
			// In place: a stale watch would name the file by its old path.
			writeFile(t, filepath.Join(dir, tt.edit), "edited\n")
			edited := next(300 * time.Millisecond)
			for _, p := range tt.want {
				if !slices.Contains(edited, p) {
					t.Errorf("the edit reported %q, not %s", edited, p)
				}
			}
			for _, p := range tt.wantNot {
				if slices.Contains(edited, p) {
					t.Errorf("the edit reported %q, with %s", edited, p)
				}
			}
		})
	}
}

// The black-box report: a guide's folder renamed, then the guide edited,
// serves the edit (the URL comes from the file name, so it stays).
func TestServeRenamedFolder(t *testing.T) {
	files := map[string]string{
		"content/site.yaml":                "title: T\nbase_url: https://e.org/\n",
		"content/guides/deep/deep.md":      "---\ntitle: Deep\ndescription: d.\ndate: 2024-06-02\n---\n\nx\n",
		"templates/static/img/sub/dot.svg": `<svg xmlns="http://www.w3.org/2000/svg" id="old"/>`,
	}
	r := start(t, files)
	ev := events(t, r.url)
	mv := func(from, to string) {
		t.Helper()
		if err := os.Rename(filepath.Join(r.dir, from), filepath.Join(r.dir, to)); err != nil {
			t.Fatal(err)
		}
		waitReload(t, ev)
	}
	mv("content/guides/deep", "content/guides/deeper")
	saveByRename(t, filepath.Join(r.dir, "content/guides/deeper/deep.md"), strings.Replace(files["content/guides/deep/deep.md"], "title: Deep", "title: Deeper", 1))
	waitFor(t, func() bool { _, _, b := get(t, r.url+"/guides/deep/"); return strings.Contains(b, "<h1>Deeper") })

	mv("templates/static/img", "templates/static/pics")
	saveByRename(t, filepath.Join(r.dir, "templates/static/pics/sub/dot.svg"), `<svg xmlns="http://www.w3.org/2000/svg" id="new"/>`)
	waitFor(t, func() bool { _, _, b := get(t, r.url+"/pics/sub/dot.svg"); return strings.Contains(b, `id="new"`) })
	if c, _, _ := get(t, r.url+"/img/sub/dot.svg"); c != 404 {
		t.Errorf("/img/sub/dot.svg after its folder was renamed: %d, want 404", c)
	}

	// Out of content/ altogether: its guides go.
	if err := os.MkdirAll(filepath.Join(r.dir, "attic"), 0o755); err != nil {
		t.Fatal(err)
	}
	mv("content/guides/deeper", "attic/deeper")
	waitFor(t, func() bool { c, _, _ := get(t, r.url+"/guides/deep/"); return c == 404 })
}
