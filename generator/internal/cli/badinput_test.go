package cli_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"derma/generator/internal/cli"
	"derma/generator/internal/linkcheck"
	"derma/generator/internal/output"
)

const siteYAML = "title: Test\nbase_url: https://example.org/\n"

const okGuide = "---\ntitle: A\ndescription: d\ndate: 2025-01-02\n---\nBody\n"

// writeSite makes a site folder with files (paths relative to it).
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["content/site.yaml"]; !ok {
		files["content/site.yaml"] = siteYAML
	}
	for p, s := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func run(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = cli.Run(args, &o, &e)
	return code, o.String(), e.String()
}

// TestBadInputExitCodes drives the CLI on real folders: each bad file is
// reported as path:line: message with exit 1, never a panic, and warnings
// alone exit 0 (1 under --strict).
func TestBadInputExitCodes(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		code  int
		want  string
		extra []string
	}{
		{"valid", okGuide, 0, "", nil},
		{"empty", "", 1, "content/guides/x.md:1:1: error: no front matter", nil},
		{"JSON on one line", "{\"title\": \"A\", \"date\": \"2025-01-01\"}\n\nText.\n", 1, "content/guides/x.md:1:1: error: no front matter: JSON front matter needs its opening { and its closing } each on a line of their own", nil},
		{"unclosed", "---\ntitle: A\n", 1, "content/guides/x.md:1:1: error: front matter opened with \"---\" is never closed", nil},
		{"invalid YAML", "---\ntitle: [\n---\n", 1, "content/guides/x.md:", nil},
		{"date 12", "---\ntitle: A\ndescription: d\ndate: 12\n---\n", 1, "content/guides/x.md:4:1: error: date must be a date", nil},
		{"no such date", "---\ntitle: A\ndescription: d\ndate: 2025-02-29\n---\n", 1, "content/guides/x.md:4:1: error: date \"2025-02-29\" is not a real date", nil},
		{"invalid UTF-8", "---\ntitle: \xff\n---\n", 1, "content/guides/x.md:2:8: error: invalid UTF-8", nil},
		{"CRLF line numbers", "---\r\ntitle: A\r\ndescription: d\r\ndate: 2025-01-01\r\ningredients:\r\n  - niacinimide\r\n---\r\n", 0, "content/guides/x.md:6:5: warning: unknown ingredient \"niacinimide\"", nil},
		{"CRLF strict", "---\r\ntitle: A\r\ndescription: d\r\ndate: 2025-01-01\r\ningredients:\r\n  - niacinimide\r\n---\r\n", 1, "content/guides/x.md:6:5: error: unknown ingredient \"niacinimide\"", []string{"--strict"}},
		{"broken link", "---\ntitle: A\ndescription: d\ndate: 2025-01-01\n---\n\nSee [x](x2.md).\n", 1, "content/guides/x.md:7:5: error: broken link \"x2.md\"", nil},
		{"CRLF broken link", "---\r\ntitle: A\r\ndescription: d\r\ndate: 2025-01-01\r\n---\r\n\r\nText.\r\n\r\nSee [x](x2.md).\r\n", 1, "content/guides/x.md:9:5: error: broken link \"x2.md\"", nil},
		{"BOM broken link", "\ufeff---\ntitle: A\ndescription: d\ndate: 2025-01-01\n---\n\nSee [x](x2.md).\n", 1, "content/guides/x.md:7:5: error: broken link \"x2.md\"", nil},
		{"bad slug", "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nslug: ../up\n---\n", 1, "content/guides/x.md:5:1: error: slug \"../up\"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, map[string]string{"content/guides/x.md": tt.file})
			for _, cmd := range []string{"check", "build"} {
				args := append([]string{cmd, "--site", dir}, tt.extra...)
				code, _, stderr := run(args...)
				if code != tt.code {
					t.Errorf("%s: exit %d, want %d; stderr:\n%s", cmd, code, tt.code, stderr)
				}
				if !strings.Contains(stderr, tt.want) {
					t.Errorf("%s: stderr lacks %q:\n%s", cmd, tt.want, stderr)
				}
			}
		})
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"bild"}, 2},
		{[]string{"build", "--nope"}, 2},
		{[]string{"build", "extra"}, 2},
		{[]string{"check", "--format", "xml"}, 2},
		{[]string{"build", "--site", "/does/not/exist"}, 2},
		{[]string{"--help"}, 0},
		{[]string{"build", "--help"}, 0},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			if code, _, stderr := run(tt.args...); code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
		})
	}
}

// TestOutRefused: --out may not replace the site, its content or templates.
func TestOutRefused(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/guides/x.md": okGuide, "templates/guide.html": "x"})
	for _, out := range []string{dir, filepath.Join(dir, "content"), filepath.Join(dir, "templates"), filepath.Join(dir, "content", "guides"), filepath.Join(dir, ".")} {
		t.Run(out, func(t *testing.T) {
			code, _, stderr := run("build", "--site", dir, "--out", out)
			if code != 2 || !strings.Contains(stderr, "--out") {
				t.Errorf("exit %d, stderr:\n%s", code, stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "content", "guides", "x.md")); err != nil {
				t.Errorf("content damaged: %v", err)
			}
		})
	}
	t.Run("parent of the site", func(t *testing.T) {
		if code, _, stderr := run("build", "--site", dir, "--out", filepath.Dir(dir)); code != 2 {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
	})
	t.Run("symbolic link to content", func(t *testing.T) {
		link := filepath.Join(t.TempDir(), "out")
		os.Symlink(filepath.Join(dir, "content"), link)
		if code, _, stderr := run("build", "--site", dir, "--out", link); code != 2 {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "content", "guides", "x.md")); err != nil {
			t.Errorf("content damaged: %v", err)
		}
	})
	t.Run("new folder inside content through a link", func(t *testing.T) {
		link := filepath.Join(t.TempDir(), "c")
		os.Symlink(filepath.Join(dir, "content"), link)
		if code, _, stderr := run("build", "--site", dir, "--out", filepath.Join(link, "public")); code != 2 {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
	})
	t.Run("relative", func(t *testing.T) {
		wd, _ := os.Getwd()
		defer os.Chdir(wd)
		if err := os.Chdir(dir); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := run("build", "--out", "content"); code != 2 {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
	})
}

// TestForeignFileKept: a file in public/ that derma did not write stops the
// build with a message saying to move it into content/; nothing is lost.
func TestForeignFileKept(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/guides/x.md": okGuide})
	if code, _, stderr := run("build", "--site", dir); code != 0 {
		t.Fatalf("first build: %d\n%s", code, stderr)
	}
	pub := filepath.Join(dir, "public")
	cname := filepath.Join(pub, "CNAME")
	os.WriteFile(cname, []byte("guides.example.org\n"), 0o644)
	before := snapshot(t, pub)
	code, _, stderr := run("build", "--site", dir)
	if code != 1 || !strings.Contains(stderr, "CNAME") || !strings.Contains(stderr, "move it into content/") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if after := snapshot(t, pub); after != before {
		t.Error("public/ changed by a refused build")
	}
	// Moved into content/, it is copied on every build.
	os.Rename(cname, filepath.Join(dir, "content", "CNAME"))
	if code, _, stderr := run("build", "--site", dir); code != 0 {
		t.Fatalf("build with content/CNAME: %d\n%s", code, stderr)
	}
	if b, err := os.ReadFile(cname); err != nil || string(b) != "guides.example.org\n" {
		t.Errorf("CNAME not copied: %q %v", b, err)
	}
}

// TestFailedBuildKeepsOutput: a build with errors leaves public/ as it was.
func TestFailedBuildKeepsOutput(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/guides/x.md": okGuide})
	if code, _, stderr := run("build", "--site", dir); code != 0 {
		t.Fatalf("first build: %d\n%s", code, stderr)
	}
	pub := filepath.Join(dir, "public")
	before := snapshot(t, pub)
	os.WriteFile(filepath.Join(dir, "content", "guides", "y.md"), []byte("---\ntitle: Y\n"), 0o644)
	if code, _, _ := run("build", "--site", dir); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if snapshot(t, pub) != before {
		t.Error("public/ changed by a failed build")
	}
	assertNoStrays(t, dir)
}

// TestSymlinkOutside: a link in content/ to a file or folder outside the
// site is refused with an error naming it.
func TestSymlinkOutside(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte(okGuide), 0o644)
	tests := []struct{ name, link, target string }{
		{"file", "content/guides/secret.md", filepath.Join(outside, "secret.md")},
		{"folder", "content/guides/more", outside},
		{"relative", "content/notes.txt", "../../" + filepath.Base(outside) + "/secret.md"},
		{"dangling", "content/guides/gone.md", filepath.Join(outside, "gone.md")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, map[string]string{"content/guides/x.md": okGuide})
			if err := os.Symlink(tt.target, filepath.Join(dir, filepath.FromSlash(tt.link))); err != nil {
				t.Skip(err)
			}
			code, _, stderr := run("build", "--site", dir)
			want := tt.link + ":1: error: symbolic link points outside the site"
			if code != 1 || !strings.Contains(stderr, want) {
				t.Errorf("exit %d, want 1 and %q; stderr:\n%s", code, want, stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
				t.Error("public/ written by a refused build")
			}
		})
	}
	t.Run("inside is fine", func(t *testing.T) {
		dir := writeSite(t, map[string]string{"content/guides/x.md": okGuide, "content/images/a.png": "PNG"})
		os.Symlink("../images/a.png", filepath.Join(dir, "content", "guides", "a.png"))
		if code, _, stderr := run("build", "--site", dir); code != 0 {
			t.Errorf("exit %d; stderr:\n%s", code, stderr)
		}
	})
}

// TestFileNames: names with spaces and accents become sensible slugs.
func TestFileNames(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/guides/Crème Masks.md":      okGuide,
		"content/ingredients/Vitamin C.md":   "---\nname: Vitamin C\n---\n",
		"content/images/My Photo.png":        "PNG",
		"content/guides/Łódź_Skin Tips 2.md": strings.Replace(okGuide, "title: A", "title: B", 1),
	})
	if code, _, stderr := run("build", "--site", dir); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	for _, p := range []string{"guides/creme-masks/index.html", "ingredients/vitamin-c/index.html", "images/My Photo.png", "guides/lodz-skin-tips-2/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, "public", filepath.FromSlash(p))); err != nil {
			t.Errorf("missing %s: %v", p, err)
		}
	}
}

// TestBadTemplates: a site's own template that does not parse or fails to
// run is reported against its file, with exit 1.
func TestBadTemplates(t *testing.T) {
	tests := []struct{ name, tmpl, want string }{
		{"parse", "{{template \"base\" .}}{{define \"main\"}}{{if}}{{end}}", "templates/guide.html:1"},
		{"execute", "{{template \"base\" .}}{{define \"main\"}}{{.Nope.Deeper}}{{end}}", "templates/guide.html"},
		{"unclosed", "{{template \"base\" .}}{{define \"main\"}}{{range .Guides}}", "templates/guide.html"},
		{"unclosed action", "{{template \"base\" .}}\n{{define \"main\"}}<p>{{ .Title\n\n\n", "templates/guide.html:2: error: template: unclosed action started at guide.html:2"},
		{"action not closed before text", "{{template \"base\" .}}\n{{define \"main\"}}\n<h1>{{ .Title</h1>\n{{end}}\n", "templates/guide.html:3: error: template: bad character U+003C '<'; inside {{ }} only template words may stand: close the action with }}"},
		{"execute column", "{{template \"base\" .}}{{define \"main\"}}\n  {{.Nope.Deeper}}{{end}}", "templates/guide.html:2:10: error: template: executing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, map[string]string{"content/guides/x.md": okGuide, "templates/guide.html": tt.tmpl})
			code, _, stderr := run("build", "--site", dir)
			if code != 1 || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "error") {
				t.Errorf("exit %d, want 1 and %q; stderr:\n%s", code, tt.want, stderr)
			}
		})
	}
}

// TestBundledSite builds the repo's own site through the command, with every
// block derma renders, and checks that every internal link of the written
// output resolves.
func TestBundledSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := run("build", "--site", "../../..", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stderr, "error") {
		t.Errorf("errors reported:\n%s", stderr)
	}
	files := map[string][]byte{}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		var data []byte
		if strings.HasSuffix(p, ".html") {
			data, err = os.ReadFile(p)
		}
		files[filepath.ToSlash(rel)] = data
		return err
	})
	problems, checked := linkcheck.Check(files, "")
	for _, p := range problems {
		t.Error(p)
	}
	if checked < 500 {
		t.Errorf("only %d links checked", checked)
	}
	for _, p := range []string{"index.html", "feed.xml", "sitemap.xml", "robots.txt", "404.html", "guides/index.html", "ingredients/index.html", output.Manifest} {
		if _, ok := files[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
}

// TestForeignTemplates: template files the theme has no use for (Hugo's
// single.html, a folder of layouts), a Tera template (Zola's) and Hugo's
// .Content are told of with what derma reads; every broken page template
// is reported in one run.
func TestForeignTemplates(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/guides/x.md":          okGuide,
		"templates/single.html":        "{{ .Content }}",
		"templates/_default/list.html": "{{ .Content }}",
		"templates/terms.html":         "{% extends \"base.html\" %}{% block content %}x{% endblock %}",
		"templates/page.html":          "{{template \"base\" .}}{{define \"main\"}}{{if}}{{end}}",
		"templates/guide.html":         "{{template \"base\" .}}{{define \"main\"}}{{if}}{{end}}",
	})
	_, _, stderr := run("build", "--site", dir)
	for _, want := range []string{
		"templates/single.html:1: warning: not a file of the theme, so no page uses it: the pages' templates are 404.html, compare.html,",
		"templates/_default/list.html:1: warning: not a file of the theme, so it is not read (templates are the files directly in templates/)",
		"templates/terms.html:1: warning: this looks like a Tera or Jinja template (Zola's)",
		"templates/page.html:1:",
		"templates/guide.html:1:",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("missing %q in:\n%s", want, stderr)
		}
	}
	// A broken layout hides no page template's own mistakes.
	dir = writeSite(t, map[string]string{
		"content/guides/x.md":  okGuide,
		"templates/base.html":  "<p>\n{{ .Nope\n",
		"templates/guide.html": "<p>\n{{ .Nope\n",
		"templates/home.html":  "<p>\n{{ .Nope\n",
	})
	_, _, stderr = run("build", "--site", dir)
	for _, want := range []string{"templates/base.html:2: error", "templates/guide.html:2: error", "templates/home.html:2: error"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("missing %q in:\n%s", want, stderr)
		}
	}
	dir = writeSite(t, map[string]string{"content/guides/x.md": okGuide, "templates/guide.html": "{{template \"base\" .}}{{define \"main\"}}{{.Content}}{{end}}"})
	if _, _, stderr := run("build", "--site", dir); !strings.Contains(stderr, "the body of a page is .Guide.HTML on a guide's page") {
		t.Errorf("no word of .Guide.HTML for .Content:\n%s", stderr)
	}
}
