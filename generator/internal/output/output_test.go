package output_test

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"derma/generator/internal/output"
	"derma/generator/internal/render"
)

func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func entries(t *testing.T, dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestWrite(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	src := fstest.MapFS{"content/img/a.png": {Data: []byte("PNG")}}
	first := []render.Output{
		{Path: "index.html", Data: []byte("home")},
		{Path: "guides/a/index.html", Data: []byte("a")},
		{Path: "guides/old/index.html", Data: []byte("old")},
		{Path: "img/a.png", Source: "content/img/a.png"},
	}
	if err := output.Write(out, src, first); err != nil {
		t.Fatal(err)
	}
	want := "guides/a/index.html guides/old/index.html img/a.png index.html " + output.Manifest
	if got := strings.Join(files(t, out), " "); got != strings.Join(sorted(want), " ") {
		t.Errorf("files = %s", got)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "img", "a.png")); string(b) != "PNG" {
		t.Errorf("copied file = %q", b)
	}

	// The second build drops a page: the old file goes, because derma wrote it.
	second := []render.Output{{Path: "index.html", Data: []byte("home 2")}, {Path: "guides/a/index.html", Data: []byte("a2")}}
	if err := output.Write(out, src, second); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(files(t, out), " "); got != strings.Join(sorted("guides/a/index.html index.html "+output.Manifest), " ") {
		t.Errorf("files after second write = %s", got)
	}
	if got := strings.Join(entries(t, parent), " "); got != "public" {
		t.Errorf("beside the output: %s, want only public", got)
	}

	// A file derma did not write stops the write and is kept.
	os.WriteFile(filepath.Join(out, "CNAME"), []byte("x"), 0o644)
	os.MkdirAll(filepath.Join(out, "extra"), 0o755)
	os.WriteFile(filepath.Join(out, "extra", "notes.txt"), []byte("y"), 0o644)
	err := output.Write(out, src, second)
	var fe *output.ForeignError
	if !errors.As(err, &fe) || strings.Join(fe.Files, " ") != "CNAME extra/notes.txt" {
		t.Fatalf("err = %v, want a ForeignError for CNAME and extra/notes.txt", err)
	}
	if !strings.Contains(err.Error(), "CNAME:1: error: this file was not written by derma") || !strings.Contains(err.Error(), "move it into content/") {
		t.Errorf("message: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "CNAME")); string(b) != "x" {
		t.Error("CNAME lost")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "home 2" {
		t.Error("output changed by a refused write")
	}
	// A page of the build landing on such a file replaces it: refused too.
	err = output.Write(out, src, append(second, render.Output{Path: "CNAME", Data: []byte("z")}, render.Output{Path: "extra/notes.txt", Data: []byte("y")}))
	if !errors.As(err, &fe) || strings.Join(fe.Files, " ") != "CNAME" {
		t.Fatalf("err = %v, want a ForeignError for CNAME only (notes.txt is written as it is)", err)
	}
	if !strings.Contains(err.Error(), "CNAME:1: error: this file was not written by derma and the build's own /CNAME would replace it") {
		t.Errorf("message: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "CNAME")); string(b) != "x" {
		t.Error("CNAME replaced")
	}
	// Unless the build writes those bytes itself (the file moved into
	// content/, as the message says): from then on the file is derma's.
	if err := output.Write(out, src, append(second, render.Output{Path: "CNAME", Data: []byte("x")}, render.Output{Path: "extra/notes.txt", Data: []byte("y")})); err != nil {
		t.Errorf("write that owns CNAME: %v", err)
	}
	if err := output.Write(out, src, append(second, render.Output{Path: "CNAME", Data: []byte("z")}, render.Output{Path: "extra/notes.txt", Data: []byte("w")})); err != nil {
		t.Errorf("write that changes its own CNAME: %v", err)
	}
}

func sorted(s string) []string {
	f := strings.Fields(s)
	sort.Strings(f)
	return f
}

func TestWriteRemovesStale(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	for _, stale := range []string{".public.derma-tmp-123", ".public.derma-old-456"} {
		os.MkdirAll(filepath.Join(parent, stale, "guides"), 0o755)
	}
	os.MkdirAll(filepath.Join(parent, ".other.derma-tmp-1"), 0o755) // another output's: kept
	if err := output.Write(out, fstest.MapFS{}, []render.Output{{Path: "index.html", Data: []byte("h")}}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(entries(t, parent), " "); got != ".other.derma-tmp-1 public" {
		t.Errorf("beside the output: %s", got)
	}
}

func TestWriteOutIsAFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	os.WriteFile(out, []byte("x"), 0o644)
	err := output.Write(out, fstest.MapFS{}, []render.Output{{Path: "index.html", Data: []byte("h")}})
	if err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("err = %v", err)
	}
}

func TestWriteFailureKeepsOutput(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if err := output.Write(out, fstest.MapFS{}, []render.Output{{Path: "index.html", Data: []byte("h")}}); err != nil {
		t.Fatal(err)
	}
	// A copy whose source is missing fails midway.
	err := output.Write(out, fstest.MapFS{}, []render.Output{{Path: "index.html", Data: []byte("h2")}, {Path: "a.png", Source: "content/a.png"}})
	if err == nil {
		t.Fatal("no error for a missing source")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "h" {
		t.Errorf("index.html = %q, want the previous output", b)
	}
	if got := strings.Join(entries(t, parent), " "); got != "public" {
		t.Errorf("beside the output: %s", got)
	}
}
