package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// site makes a site folder with regular files and links that stay inside,
// and with escapes links that lead out of it.
func site(t *testing.T, escapes bool) string {
	t.Helper()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte("secret"), 0o644)
	dir := t.TempDir()
	files := map[string]string{
		"content/site.yaml":        "title: T\n",
		"content/guides/a.md":      "---\ntitle: A\n---\nBody a.\n",
		"content/guides/empty.md":  "",
		"content/guides/big.md":    strings.Repeat("x", 1<<17+3),
		"content/ingredients/b.md": "---\nname: B\n---\n",
	}
	for p, s := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if runtime.GOOS != "windows" {
		os.Symlink("a.md", filepath.Join(dir, "content/guides/inside.md"))
		if escapes {
			os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "content/guides/out.md"))
			os.Symlink(outside, filepath.Join(dir, "content/outdir"))
		}
		os.Symlink("../guides", filepath.Join(dir, "content/ingredients/g"))
	}
	return dir
}

func TestReadFileAsRoot(t *testing.T) {
	dir := site(t, true)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	names := []string{
		"content/site.yaml", "content/guides/a.md", "content/guides/empty.md", "content/guides/big.md",
		"content/ingredients/b.md", "content/guides/inside.md", "content/guides/out.md",
		"content/outdir/secret.md", "content/ingredients/g/a.md", "content/guides/missing.md",
		"content/guides", "content", ".", "", "/etc/passwd", "content/../content/site.yaml",
		"content/guides/a.md/x", "nothing/here.md",
	}
	for _, keep := range []bool{true, false} {
		f, err := Open(dir, keep)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			want, werr := fs.ReadFile(root.FS(), name)
			got, gerr := f.ReadFile(name)
			if string(got) != string(want) || (gerr == nil) != (werr == nil) {
				t.Errorf("keep=%v ReadFile(%q) = %.20q, %v; os.Root gives %.20q, %v", keep, name, got, gerr, want, werr)
			}
			if werr != nil && errors.Is(werr, fs.ErrNotExist) != errors.Is(gerr, fs.ErrNotExist) {
				t.Errorf("keep=%v ReadFile(%q): error %v, os.Root's %v", keep, name, gerr, werr)
			}
			for _, buf := range [][]byte{nil, make([]byte, 3, 10), make([]byte, 0, 1<<18)} {
				got, gerr := f.ReadFileInto(name, buf)
				if string(got) != string(want) || (gerr == nil) != (werr == nil) {
					t.Errorf("keep=%v ReadFileInto(%q, cap %d) = %.20q, %v; os.Root gives %.20q, %v", keep, name, cap(buf), got, gerr, want, werr)
				}
				regular := name == "content/guides/a.md" || name == "content/guides/big.md" // not links
				if keep && regular && cap(buf) >= len(want) && &got[0] != &buf[:1][0] {
					t.Errorf("ReadFileInto(%q) did not read into the buffer given", name)
				}
			}
		}
		f.Close()
	}
}

// The file system passes the standard checks (which need every link to lead
// somewhere), and reads from many goroutines at once.
func TestFS(t *testing.T) {
	dir := site(t, false)
	f, err := Open(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := fstest.TestFS(f, "content/site.yaml", "content/guides/a.md", "content/ingredients/b.md"); err != nil {
		t.Error(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if b, err := f.ReadFile("content/guides/a.md"); err != nil || !strings.Contains(string(b), "Body a.") {
					t.Errorf("ReadFile = %q, %v", b, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// Listings are os.Root's: the same names in the same order, the same types,
// and Info through the root (a link's own, not its target's).
func TestReadDirAsRoot(t *testing.T) {
	dir := site(t, true)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, keep := range []bool{true, false} {
		f, err := Open(dir, keep)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{".", "content", "content/guides", "content/ingredients", "content/outdir", "content/guides/a.md", "missing", "/abs", "content/ingredients/g"} {
			want, werr := fs.ReadDir(root.FS(), name)
			got, gerr := f.ReadDir(name)
			if (gerr == nil) != (werr == nil) {
				t.Errorf("keep=%v ReadDir(%q): error %v, os.Root's %v", keep, name, gerr, werr)
				continue
			}
			if len(got) != len(want) {
				t.Errorf("keep=%v ReadDir(%q): %d entries, os.Root %d", keep, name, len(got), len(want))
				continue
			}
			for i, w := range want {
				g := got[i]
				if g.Name() != w.Name() || g.Type() != w.Type() || g.IsDir() != w.IsDir() {
					t.Errorf("keep=%v ReadDir(%q)[%d] = %s %v, os.Root %s %v", keep, name, i, g.Name(), g.Type(), w.Name(), w.Type())
				}
				gi, gerr := g.Info()
				wi, werr := w.Info()
				if (gerr == nil) != (werr == nil) || (gerr == nil && (gi.Mode() != wi.Mode() || gi.Size() != wi.Size() || gi.Name() != wi.Name())) {
					t.Errorf("keep=%v %s/%s Info = %v, %v; os.Root's %v, %v", keep, name, g.Name(), gi, gerr, wi, werr)
				}
			}
		}
		f.Close()
	}
}
