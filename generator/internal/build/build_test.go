package build_test

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/build"
	"derma/generator/internal/linkcheck"
	"derma/generator/internal/render"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the current output")

// now is the clock of every test build, so that dates in the output are fixed.
var now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func buildDir(t *testing.T, dir string) *build.Result {
	t.Helper()
	res := build.Build(os.DirFS(dir), build.Options{Options: optsAt(now)})
	if !res.OK() {
		t.Fatalf("build of %s failed:\n%s", dir, res.Diags.Error())
	}
	return res
}

func outputs(res *build.Result) map[string][]byte {
	m := map[string][]byte{}
	for _, o := range res.Outputs {
		m[o.Path] = o.Data
	}
	return m
}

// TestGolden builds testdata/site and compares representative pages with
// testdata/golden byte for byte. Run with -update to accept a change.
func TestGolden(t *testing.T) {
	res := buildDir(t, "testdata/site")
	out := outputs(res)
	pages := []struct{ golden, path string }{
		{"home.html", "index.html"},
		{"guide.html", "guides/sheet-masks-and-ha/index.html"},
		{"ingredients.html", "ingredients/index.html"},
		{"ingredient.html", "ingredients/hyaluronic-acid/index.html"},
		{"stub.html", "ingredients/squalane/index.html"},
		{"term.html", "concerns/dryness/index.html"},
		{"page.html", "about/index.html"},
		{"feed.xml", "feed.xml"},
		{"sitemap.xml", "sitemap.xml"},
	}
	for _, p := range pages {
		t.Run(p.golden, func(t *testing.T) {
			got, ok := out[p.path]
			if !ok {
				t.Fatalf("the build made no %s", p.path)
			}
			file := filepath.Join("testdata", "golden", p.golden+".golden")
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./generator/internal/build -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n%s\nrun go test ./generator/internal/build -update if the change is intended", p.path, file, firstDiff(want, got))
			}
		})
	}
}

func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant: %s\ngot:  %s", i+1, w, g)
		}
	}
	return "(same lines, different bytes)"
}

// TestDeterministic holds the promise that two builds of one input are
// byte-identical, whatever order the workers finish in.
func TestDeterministic(t *testing.T) {
	for _, dir := range []string{"testdata/site", "../../.."} {
		t.Run(dir, func(t *testing.T) {
			a, b := buildDir(t, dir), buildDir(t, dir)
			if len(a.Outputs) != len(b.Outputs) {
				t.Fatalf("%d outputs, then %d", len(a.Outputs), len(b.Outputs))
			}
			for i := range a.Outputs {
				x, y := a.Outputs[i], b.Outputs[i]
				if x.Path != y.Path || x.Source != y.Source || !bytes.Equal(x.Data, y.Data) {
					t.Errorf("output %d differs between builds: %s and %s", i, x.Path, y.Path)
				}
			}
		})
	}
}

// TestLinksResolve builds the bundled site (content/ at the repo root) and
// the test site and checks that every internal link and asset in every
// page leads to a file of the output, and every #fragment to an id there.
func TestLinksResolve(t *testing.T) {
	for _, dir := range []string{"../../..", "testdata/site"} {
		t.Run(dir, func(t *testing.T) {
			res := buildDir(t, dir)
			checkLinks(t, res.Outputs, "")
		})
	}
	t.Run("base path", func(t *testing.T) {
		o := build.Options{Options: optsAt(now)}
		o.BaseURL = "https://example.org/docs/"
		res := build.Build(os.DirFS("../../.."), o)
		if !res.OK() {
			t.Fatal(res.Diags.Error())
		}
		checkLinks(t, res.Outputs, "/docs")
	})
}

func checkLinks(t *testing.T, outs []render.Output, base string) {
	t.Helper()
	files := map[string][]byte{}
	for _, o := range outs {
		files[o.Path] = o.Data
	}
	problems, checked := linkcheck.Check(files, base)
	for _, p := range problems {
		t.Error(p)
	}
	if checked < 50 {
		t.Errorf("only %d links checked; is the link pattern still right?", checked)
	}
}

// TestCopiesFiles: files beside the Markdown are copied unchanged.
func TestCopiesFiles(t *testing.T) {
	res := buildDir(t, "testdata/site")
	for _, o := range res.Outputs {
		if o.Path == "images/bottle.png" {
			if o.Source != "content/images/bottle.png" {
				t.Errorf("bottle.png source = %q", o.Source)
			}
			data, err := fs.ReadFile(os.DirFS("testdata/site"), o.Source)
			if err != nil || string(data) != "PNG" {
				t.Errorf("read %s: %q %v", o.Source, data, err)
			}
			return
		}
	}
	t.Error("images/bottle.png not in the output")
}

// TestOddNames: tags, file names and references with accents, scripts
// without an ASCII form, slashes and quotes still give pages whose links
// all resolve.
func TestOddNames(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: T\nbase_url: https://example.org/sub/\n")},
		"content/guides/Crème Masks.md": {Data: []byte("---\ntitle: \"Crème <masks> & \\\"more\\\"\"\ndescription: d\ndate: 2025-01-01\n" +
			"tags: [日本語, Crème, \"a/b\", \"..\", \"C++\"]\nconcerns: [\"Fine Lines\", fine-lines]\ningredients: [Ölsäure, \"vitamin c?\", 日本]\n" +
			"related: [creme-masks, nope]\n---\n\n## Ünïcödé heading\n\n[self](Crème%20Masks.md#ünïcödé-heading) [img](../images/My%20Photo.png)\n")},
		"content/guides/second.md":         {Data: []byte("---\ntitle: S\ndescription: d\ndate: 2025-01-02\ntags: [日本語]\n---\n\n[first](Crème%20Masks.md)\n")},
		"content/images/My Photo.png":      {Data: []byte("PNG")},
		"content/ingredients/Ölsäure.md":   {Data: []byte("---\nname: Ölsäure\naliases: [oleic acid]\n---\n")},
		"content/pages/Über uns.md":        {Data: []byte("---\ntitle: Über uns\n---\n")},
		"content/mask-types/_index.md":     {Data: []byte("---\ntitle: Masks\n---\nAll the masks.\n")},
		"content/guides/sub/deep/guide.md": {Data: []byte("---\ntitle: D\ndescription: d\ndate: 2025-01-03\n---\n\n[up](../../second.md)\n")},
	}
	res := build.Build(fsys, build.Options{Options: optsAt(now)})
	if !res.OK() {
		t.Fatal(res.Diags.Error())
	}
	out := outputs(res)
	for _, p := range []string{"guides/creme-masks/index.html", "tags/日本語/index.html", "tags/a-b/index.html", "tags/c/index.html", "ingredients/olsaure/index.html", "uber-uns/index.html", "guides/guide/index.html"} {
		if _, ok := out[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	checkLinks(t, res.Outputs, "/sub")
}
