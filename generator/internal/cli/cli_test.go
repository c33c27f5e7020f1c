package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var good = map[string]string{
	"content/site.yaml":              "title: Test Notes\nbase_url: https://notes.example.org/\n",
	"content/guides/first.md":        "---\ntitle: First\ndescription: One.\ndate: 2025-01-02\ningredients: [retinol]\n---\n\nBody.\n",
	"content/ingredients/retinol.md": "---\nname: Retinol\ndescription: A retinoid.\n---\n\nAt night.\n",
}

// broken has an error (a broken link) and a warning (an unknown ingredient).
var broken = map[string]string{
	"content/site.yaml":       "title: Test Notes\n",
	"content/guides/first.md": "---\ntitle: First\ndescription: One.\ndate: 2025-01-02\ningredients: [niacinimide]\n---\n\nSee [this](missing.md).\n",
}

// warnOnly has a warning and no error.
var warnOnly = map[string]string{
	"content/site.yaml":       "title: Test Notes\n",
	"content/guides/first.md": "---\ntitle: First\ndescription: One.\ndate: 2025-01-02\ningredients: [niacinimide]\n---\n\nBody.\n",
}

func siteDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, body := range files {
		p = filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// withHugoFolders is files with the folders a Hugo site has, which derma
// does not read.
func withHugoFolders(files map[string]string) map[string]string {
	hugo := maps.Clone(files)
	hugo["static/logo.svg"] = "<svg/>"
	hugo["layouts/_default/single.html"] = "{{ .Content }}"
	return hugo
}

func TestExitCodes(t *testing.T) {
	goodDir := siteDir(t, good)
	brokenDir := siteDir(t, broken)
	warnDir := siteDir(t, warnOnly)
	noBase := maps.Clone(good)
	noBase["content/site.yaml"] = "title: Test Notes\n"
	noBaseDir := siteDir(t, noBase)
	hugoDir := siteDir(t, withHugoFolders(good))
	clash := maps.Clone(good)
	clash["content/guides/sub/two.md"] = "---\ntitle: Two\ndescription: d.\ndate: 2025-01-02\n---\n"
	clash["content/ingredients/hyaluronic-acid.md"] = "---\nname: Hyaluronic Acid\naliases: [HA]\n---\n"
	clash["content/ingredients/Crème Brûlée.md"] = "---\nname: Burnt cream\n---\n"
	clashDir := siteDir(t, clash)
	tests := []struct {
		name string
		args []string
		code int
		want string // in stdout or stderr
	}{
		{"new guide slug in a subfolder", []string{"new", "guide", "Two", "--site", clashDir}, 1, `content/guides/sub/two.md already has the slug "two" (/guides/two/): edit it, or choose another name`},
		{"new ingredient named by an alias", []string{"new", "ingredient", "ha", "--site", clashDir}, 1, `"ha" is already Hyaluronic Acid (content/ingredients/hyaluronic-acid.md)`},
		{"new ingredient folding to a slug", []string{"new", "ingredient", "Creme brulee", "--site", clashDir}, 1, `"Creme brulee" is already Burnt cream (content/ingredients/Crème Brûlée.md)`},
		{"new mask type beside an ingredient", []string{"new", "mask-type", "HA", "--site", clashDir}, 0, "wrote "},
		{"no args", nil, 2, "Usage:"},
		{"help", []string{"--help"}, 0, "derma serve"},
		{"help lists new", []string{"-h"}, 0, "derma new"},
		{"unknown command", []string{"biuld"}, 2, `did you mean "build"`},
		{"unknown flag", []string{"build", "--nope"}, 2, "Run 'derma build --help'"},
		{"build help", []string{"build", "--help"}, 0, "-base-url"},
		{"help build", []string{"help", "build"}, 0, "-base-url"},
		{"out inside public", []string{"build", "--site", goodDir, "--out", filepath.Join(goodDir, "public", "sub")}, 2, "is inside the site's own output folder"},
		{"help unknown", []string{"help", "frob"}, 2, `unknown command "frob"`},
		{"serve help", []string{"serve", "--help"}, 0, "-addr"},
		{"serve unknown flag", []string{"serve", "--port", "1"}, 2, "Run 'derma serve --help'"},
		{"serve stray argument", []string{"serve", "site"}, 2, "--site DIR"},
		{"serve missing site", []string{"serve", "--site", filepath.Join(goodDir, "nope")}, 2, "site folder"},
		{"build timings", []string{"build", "--site", goodDir, "--out", filepath.Join(t.TempDir(), "out"), "--timings"}, 0, "swap in"},
		{"check help", []string{"check", "--help"}, 0, "-format"},
		{"check unknown flag", []string{"check", "--json"}, 2, "Run 'derma check --help'"},
		{"check bad format", []string{"check", "--site", goodDir, "--format", "xml"}, 2, "use text or json"},
		{"check good", []string{"check", "--site", goodDir}, 0, "ok: 1 guide checked"},
		{"build good", []string{"build", "--site", goodDir, "--out", filepath.Join(t.TempDir(), "out")}, 0, "built 1 guide, "},
		{"build with Hugo's folders", []string{"build", "--site", hugoDir, "--out", filepath.Join(t.TempDir(), "out")}, 0, "static/ is not read: files copied as they are go in content/"},
		{"check with Hugo's folders", []string{"check", "--site", hugoDir}, 0, "layouts/ is not read: page templates go in templates/"},
		{"check json with Hugo's folders", []string{"check", "--site", hugoDir, "--format", "json"}, 0, "layouts/ is not read"},
		{"build without base_url", []string{"build", "--site", noBaseDir, "--out", filepath.Join(t.TempDir(), "out")}, 0, "no feed.xml or sitemap.xml: they need the site's address; set base_url"},
		{"check broken", []string{"check", "--site", brokenDir}, 1, `broken link "missing.md"`},
		{"check warning", []string{"check", "--site", warnDir}, 0, `warning: unknown ingredient "niacinimide"`},
		{"check warning strict", []string{"check", "--site", warnDir, "--strict"}, 1, `error: unknown ingredient "niacinimide"`},
		{"new help", []string{"new", "--help"}, 0, "guide|ingredient"},
		{"new no name", []string{"new", "guide"}, 2, "want a kind"},
		{"new unknown kind", []string{"new", "recipe", "Soup", "--site", goodDir}, 2, "guide, ingredient, mask-type, product"},
		{"new existing", []string{"new", "ingredient", "Retinol", "--site", goodDir}, 1, "already exists"},
		{"new name without a slug", []string{"new", "guide", "!!!", "--site", goodDir}, 2, `name "!!!" gives an empty slug`},
		{"new unknown flag", []string{"new", "--force", "guide", "X"}, 2, "Run 'derma new --help'"},
		{"new outside a site", []string{"new", "guide", "X", "--site", t.TempDir()}, 2, "no content/"},
		{"build out is a file", []string{"build", "--site", goodDir, "--out", filepath.Join(goodDir, "content", "site.yaml")}, 2, "is a file, not a folder: choose another --out"},
		{"build bad base url", []string{"build", "--site", goodDir, "--base-url", "notaurl"}, 2, `--base-url "notaurl": must be an absolute`},
		{"build base url query", []string{"build", "--site", goodDir, "--base-url", "https://example.org/?q=1"}, 2, "query"},
		{"serve port out of range", []string{"serve", "--site", goodDir, "--addr", "127.0.0.1:99999"}, 2, "host and a port"},
		{"build not a site folder", []string{"build", "--site", t.TempDir()}, 2, "is not a site folder (it has no content/)"},
		{"check not a site folder", []string{"check", "--site", t.TempDir()}, 2, "is not a site folder (it has no content/)"},
		{"serve bad addr", []string{"serve", "--site", goodDir, "--addr", "nonsense"}, 2, "host and a port"},
		{"build out at the root", []string{"build", "--site", goodDir, "--out", "/"}, 2, "root of the file system"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errs)
			}
			if !strings.Contains(out+errs, tt.want) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", tt.want, out, errs)
			}
		})
	}
}

func TestCheckWritesNothing(t *testing.T) {
	dir := siteDir(t, good)
	if code, _, errs := run("check", "--site", dir); code != 0 {
		t.Fatalf("check: %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("check wrote public/: %v", err)
	}
}

func TestCheckJSON(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]string
		strict bool
		code   int
		want   []jsonDiag
	}{
		{"good", good, false, 0, []jsonDiag{}},
		{"good, with Hugo's folders", withHugoFolders(good), false, 0, []jsonDiag{}},
		{"broken", broken, false, 1, []jsonDiag{
			{"content/guides/first.md", 5, 15, "warning", `unknown ingredient "niacinimide" (did you mean "niacinamide"?)`},
			{"content/guides/first.md", 8, 5, "error", `broken link "missing.md": the file does not exist`},
		}},
		{"warning", warnOnly, false, 0, []jsonDiag{{"content/guides/first.md", 5, 15, "warning", ""}}},
		{"warning strict", warnOnly, true, 1, []jsonDiag{{"content/guides/first.md", 5, 15, "error", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"check", "--format", "json", "--site", siteDir(t, tt.files)}
			if tt.strict {
				args = append(args, "--strict")
			}
			code, out, errs := run(args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (%s)", code, tt.code, errs)
			}
			var got []jsonDiag
			dec := json.NewDecoder(strings.NewReader(out))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&got); err != nil {
				t.Fatalf("stdout is not a JSON list of problems: %v\n%s", err, out)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Path != w.Path || g.Line != w.Line || g.Severity != w.Severity || (w.Message != "" && !strings.HasPrefix(g.Message, strings.SplitN(w.Message, " (", 2)[0])) {
					t.Errorf("problem %d = %+v, want %+v", i, g, w)
				}
			}
			var raw []map[string]any
			json.Unmarshal([]byte(out), &raw)
			for _, m := range raw {
				for _, k := range []string{"path", "line", "col", "severity", "message"} {
					if _, ok := m[k]; !ok {
						t.Errorf("problem lacks %q: %v", k, m)
					}
				}
			}
		})
	}
}

func TestNew(t *testing.T) {
	dir := siteDir(t, good)
	newNow = func() time.Time { return time.Date(2025, 6, 7, 0, 0, 0, 0, time.UTC) }
	defer func() { newNow = time.Now }()
	tests := []struct{ kind, name, path string }{
		{"guide", "How to Use a Sheet Mask", "content/guides/how-to-use-a-sheet-mask.md"},
		{"ingredient", "Niacinamide", "content/ingredients/niacinamide.md"},
		{"mask-type", "Sleeping Mask", "content/mask-types/sleeping-mask.md"},
		{"product", "Serum", "content/products/serum.md"},
	}
	for _, tt := range tests {
		code, out, errs := run("new", tt.kind, tt.name, "--site", dir)
		if code != 0 || !strings.Contains(out, filepath.FromSlash(tt.path)) {
			t.Fatalf("new %s: %d %s %s", tt.kind, code, out, errs)
		}
		if _, err := os.Stat(filepath.Join(dir, tt.path)); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, tests[0].path))
	if !strings.Contains(string(b), "date: 2025-06-07") || !strings.Contains(string(b), `title: "How to Use a Sheet Mask"`) {
		t.Errorf("guide:\n%s", b)
	}
	before := string(b)
	if code, _, _ := run("new", "guide", "How to use a sheet mask", "--site", dir); code != 1 {
		t.Errorf("overwrite: exit %d, want 1", code)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, tests[0].path)); string(b) != before {
		t.Error("new overwrote a file")
	}
	if code, _, errs := run("check", "--site", dir); code != 0 {
		t.Errorf("site with new files does not check: %s", errs)
	}
}

func TestServeCommand(t *testing.T) {
	dir := siteDir(t, good)
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	serveContext, serveReady = ctx, func(a string) { ready <- a }
	defer func() { serveContext, serveReady = context.Background(), nil }()
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() { done <- Run([]string{"serve", "--site", dir, "--addr", ":0"}, io.Discard, &errb) }()
	var addr string
	select {
	case addr = <-ready:
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, errb.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Errorf("listening on %s, want loopback", addr)
	}
	resp, err := http.Get("http://" + addr + "/guides/first/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "/_derma/livereload.js") {
		t.Errorf("GET: %d", resp.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop")
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Error("serve wrote public/")
	}
}

// TestForeignFile: a file in public/ that derma did not write stops build and
// check alike, named as the site folder sees it, and is kept.
func TestForeignFile(t *testing.T) {
	dir := siteDir(t, good)
	if code, _, errs := run("build", "--site", dir); code != 0 {
		t.Fatalf("build: %d %s", code, errs)
	}
	keep := filepath.Join(dir, "public", "keep.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"check", "build"} {
		code, _, errs := run(cmd, "--site", dir)
		if code != 1 || !strings.Contains(errs, "public/keep.txt:1: error: this file was not written by derma") {
			t.Errorf("%s: exit %d, want 1 naming public/keep.txt:\n%s", cmd, code, errs)
		}
	}
	if b, err := os.ReadFile(keep); err != nil || string(b) != "mine" {
		t.Errorf("keep.txt is gone or changed: %q %v", b, err)
	}

	// With content errors too, both are told in one run; a hand-written
	// file where a page goes is left to the run that can compare bytes.
	if err := os.WriteFile(filepath.Join(dir, "public", "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "notes.txt"), []byte("theirs"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "guides", "bad.md"), []byte("---\ntitle: Bad\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"check", "build"} {
		code, _, errs := run(cmd, "--site", dir)
		if code != 1 || !strings.Contains(errs, "content/guides/bad.md:") || !strings.Contains(errs, "public/keep.txt:1: error: this file was not written by derma") || strings.Contains(errs, "public/notes.txt") {
			t.Errorf("%s with content errors: exit %d, want 1 naming bad.md and public/keep.txt only:\n%s", cmd, code, errs)
		}
	}
}

// TestPageCountLeavesOutRedirects: the pages a build reports are the site's
// own; those at guides' old addresses are not counted.
func TestPageCountLeavesOutRedirects(t *testing.T) {
	moved := maps.Clone(good)
	moved["content/guides/first.md"] = strings.Replace(good["content/guides/first.md"], "ingredients: [retinol]", "ingredients: [retinol]\naliases: [/old/first/, /2019/first.html]", 1)
	var outs []string
	for _, files := range []map[string]string{good, moved} {
		code, out, errs := run("build", "--site", siteDir(t, files), "--out", filepath.Join(t.TempDir(), "out"))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		outs = append(outs, strings.Fields(out)[3]) // built 1 guide, N pages
	}
	if outs[0] != outs[1] {
		t.Errorf("%s pages without old addresses, %s with two", outs[0], outs[1])
	}
}

// TestLinkedPublic: public/ as a symbolic link to a folder is built through:
// the folder it leads to is replaced and the link leads on to the new one;
// check and build still keep a file there that derma did not write.
func TestLinkedPublic(t *testing.T) {
	dir := siteDir(t, good)
	real := filepath.Join(t.TempDir(), "www")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, filepath.Join(dir, "public")); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if code, out, errs := run("build", "--site", dir); code != 0 || !strings.Contains(out, "in "+filepath.Join(dir, "public")) {
			t.Fatalf("build %d: %d %s %s", i, code, out, errs)
		}
	}
	if fi, err := os.Lstat(filepath.Join(dir, "public")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("public is no longer the link: %v %v", fi, err)
	}
	if _, err := os.Stat(filepath.Join(real, "guides", "first", "index.html")); err != nil {
		t.Fatalf("the linked folder holds no site: %v", err)
	}
	if err := os.WriteFile(filepath.Join(real, "keep.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"check", "build"} {
		if code, _, errs := run(cmd, "--site", dir); code != 1 || !strings.Contains(errs, "public/keep.txt:1: error: this file was not written by derma") {
			t.Errorf("%s: exit %d, want 1 naming public/keep.txt:\n%s", cmd, code, errs)
		}
	}
}
