package serve

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"derma/generator/internal/blocks"
	"derma/generator/internal/build"
	"derma/generator/internal/render"
	"derma/generator/internal/site"
	"derma/templates"
)

// An incremental rebuild gives exactly the output of a full build, for
// every kind of edit an author makes.
func TestIncrementalMatchesFullBuild(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	opts := build.Options{Options: site.Options{Now: now}, Dev: true}
	first := tiny["content/guides/first.md"]
	edits := []struct {
		name string
		do   func(t *testing.T, dir string) []string
	}{
		{"body", func(t *testing.T, dir string) []string {
			return write(t, dir, "content/guides/first.md", strings.Replace(first, "Old text", "New *text*", 1))
		}},
		{"title", func(t *testing.T, dir string) []string {
			return write(t, dir, "content/guides/first.md", strings.Replace(first, "title: First guide", "title: Renamed guide", 1))
		}},
		{"ingredients", func(t *testing.T, dir string) []string {
			return write(t, dir, "content/guides/first.md", strings.Replace(first, "[HA, retinol]", "[HA]", 1))
		}},
		{"concerns", func(t *testing.T, dir string) []string {
			return write(t, dir, "content/guides/first.md", strings.Replace(first, "[dryness]", "[redness]", 1))
		}},
		{"last of a concern", func(t *testing.T, dir string) []string {
			return write(t, dir, "content/guides/second.md", strings.Replace(tiny["content/guides/second.md"], "[dryness, texture]", "[dryness]", 1))
		}},
		{"mask type stub", func(t *testing.T, dir string) []string {
			return write(t, dir, "content/guides/first.md", strings.Replace(first, "[sheet]", "[sheet, gel mask]", 1))
		}},
		{"mask type stub named again", func(t *testing.T, dir string) []string {
			return write(t, dir, "content/guides/first.md", strings.Replace(first, "[sheet]", "[sheet, Gel]", 1))
		}},
		{"mask type named with a plural", func(t *testing.T, dir string) []string {
			return write(t, dir, "content/guides/first.md", strings.Replace(first, "[sheet]", "[Sheet-Masks, gel-masks]", 1))
		}},
		{"date", func(t *testing.T, dir string) []string {
			return write(t, dir, "content/guides/first.md", strings.Replace(first, "2025-01-02", "2025-02-02", 1))
		}},
		{"related", func(t *testing.T, dir string) []string {
			second := strings.Replace(tiny["content/guides/second.md"], "[dryness, texture]", "[dryness]", 1)
			return write(t, dir, "content/guides/second.md", strings.Replace(second, "tags: [night]", "tags: [night]\nrelated: [first]", 1))
		}},
		{"slug", func(t *testing.T, dir string) []string {
			// A page goes and another comes, and a related: list names
			// the old slug: a full build.
			return write(t, dir, "content/guides/first.md", strings.Replace(first, "\ndate:", "\nslug: renamed\ndate:", 1))
		}},
		{"new guide", func(t *testing.T, dir string) []string {
			return write(t, dir, "content/guides/deep/third.md", "---\ntitle: Third\ndescription: Three.\ndate: 2025-01-05\ningredients: [retinol, niacinamide]\n---\n\nThird.\n")
		}},
		{"deleted guide", func(t *testing.T, dir string) []string {
			os.Remove(filepath.Join(dir, "content/guides/second.md"))
			return []string{"content/guides/second.md"}
		}},
		{"ingredient", func(t *testing.T, dir string) []string {
			return write(t, dir, "content/ingredients/retinol.md", "---\nname: Retinol\naliases: [vitamin A]\ntime: [pm]\ndescription: Changed.\n---\n\nChanged body.\n")
		}},
		{"site settings", func(t *testing.T, dir string) []string {
			return write(t, dir, "content/site.yaml", "title: Other Notes\nbase_url: https://notes.example.org/\n")
		}},
		{"template", func(t *testing.T, dir string) []string {
			return write(t, dir, "templates/guide.html", `{{template "base" .}}{{define "main"}}<h1>{{.Title}}</h1>{{.Guide.HTML}}{{end}}`)
		}},
		{"static", func(t *testing.T, dir string) []string {
			return write(t, dir, "templates/static/style.css", "body{color:red}\n")
		}},
		{"layout", func(t *testing.T, dir string) []string {
			// Cards are cached too: a changed partial must reach every list.
			b, err := fs.ReadFile(templates.FS, "partials.html")
			if err != nil {
				t.Fatal(err)
			}
			return write(t, dir, "templates/partials.html", strings.Replace(string(b), `<li class="card">`, `<li class="card changed">`, 1))
		}},
	}
	fastEdits := map[string]bool{"mask type stub": true, "mask type stub named again": true, "mask type named with a plural": true, "body": true, "title": true, "ingredients": true, "concerns": true, "last of a concern": true, "date": true, "related": true, "new guide": true, "deleted guide": true}
	dir := t.TempDir()
	writeSite(t, dir, tiny)
	b := NewBuilder(os.DirFS(dir), opts)
	if res := b.Build(nil); !res.OK() {
		t.Fatal(res.Diags)
	}
	// The edits pile up, so each one starts from the state the last left.
	for _, e := range edits {
		changed := e.do(t, dir)
		fast := b.Fast
		inc := b.Build(changed)
		full := build.Build(os.DirFS(dir), opts)
		sameAsFull(t, e.name, inc, full)
		// An edit of one guide that keeps the site's pages takes the fast
		// path; the others reuse cached pages.
		if got, want := b.Fast > fast, fastEdits[e.name]; got != want {
			t.Errorf("%s: fast path %v, want %v", e.name, got, want)
		}
		if b.cache.Reused == 0 && e.name == "slug" {
			t.Errorf("%s: no page reused", e.name)
		}
		// Front matter is parsed again only for the files that changed
		// since the last full build: this one, and the one the fast path
		// took edits of.
		if e.name == "slug" && b.opts.Parsed.Parsed != 2 {
			t.Errorf("%s: %d files parsed, want 2", e.name, b.opts.Parsed.Parsed)
		}
		// A new slug changes the bodies that link to the guide only.
		if e.name == "slug" && (b.opts.Bodies.Reused == 0 || b.opts.Bodies.Converted == 0) {
			t.Errorf("%s: %d bodies converted, %d reused", e.name, b.opts.Bodies.Converted, b.opts.Bodies.Reused)
		}

		if !slices.Equal(inc.Diags, full.Diags) {
			t.Errorf("%s: messages %v, full build %v", e.name, inc.Diags, full.Diags)
		}
		// A page template re-renders its own pages only; a static file none.
		guidePages := 0
		for _, o := range full.Outputs {
			if strings.HasPrefix(o.Path, "guides/") && o.Path != "guides/index.html" {
				guidePages++
			}
		}
		if e.name == "template" && b.cache.Rendered != guidePages {
			t.Errorf("%s: %d pages rendered, want the %d guide pages", e.name, b.cache.Rendered, guidePages)
		}
		if e.name == "static" && b.cache.Rendered != 0 {
			t.Errorf("%s: %d pages rendered, want none", e.name, b.cache.Rendered)
		}
		if b.Fast > fast {
			t.Logf("%s: fast path", e.name)
		} else {
			t.Logf("%s: %d pages rendered, %d reused", e.name, b.cache.Rendered, b.cache.Reused)
		}
	}
}

func write(t *testing.T, dir, rel, body string) []string {
	writeFile(t, filepath.Join(dir, rel), body)
	return []string{rel}
}

// Pages are served while body and title edits update the site: the race
// detector checks that an update never writes what a request reads.
func TestFastPathWhileServing(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, tiny)
	s := New(os.DirFS(dir), Options{Build: build.Options{Options: site.Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}}})
	if res := s.Rebuild(nil); !res.OK() {
		t.Fatal(res.Diags)
	}
	stop := readAll(t, s, func(code int) bool { return code == 200 }, "/guides/first/", "/guides/second/", "/feed.xml", "/search/index.json", "/")
	first := tiny["content/guides/first.md"]
	title, body := "First guide", "Old text"
	for i := range 20 {
		mark := fmt.Sprintf("Edit %d", i)
		if i%2 == 1 {
			// A title, which the lists that show the guide hold too.
			title = "First guide, " + mark + strings.Repeat(" again", i%4)
		} else {
			body = "## " + mark + "\n\n" + mark
		}
		write(t, dir, "content/guides/first.md", strings.Replace(strings.Replace(first, "Old text", body, 1), "title: First guide", "title: "+title, 1))
		if res := s.Rebuild([]string{"content/guides/first.md"}); !res.OK() {
			t.Fatal(res.Diags)
		}
		full := build.Build(os.DirFS(dir), build.Options{Options: site.Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}, Dev: true})
		files := s.cur.Load().files
		for _, o := range full.Outputs {
			if got := files[o.Path]; got.Source != o.Source || !bytes.Equal(got.Data, o.Data) {
				t.Errorf("edit %d: %s differs from a full build", i, o.Path)
			}
		}
		pages := []string{"/guides/first/", "/search/index.json"}
		if i%2 == 1 {
			pages = append(pages, "/", "/guides/")
		}
		for _, p := range pages {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", p, nil))
			if !strings.Contains(w.Body.String(), mark) {
				t.Fatalf("edit %d not served at %s", i, p)
			}
		}
	}
	stop()
	if s.builder.Fast != 20 {
		t.Errorf("%d of 20 edits took the fast path", s.builder.Fast)
	}
	// Updates write pages into the buffers of pages no longer served.
	if s.builder.pool.Reused == 0 {
		t.Error("no buffer reused")
	}

}

// Guides come and go while pages are served: a new file naming an
// ingredient no file describes, the guide made a draft and published
// again, the file deleted. Each takes the fast path and serves what a full
// build gives; the race detector checks that no update writes what a
// request reads.
func TestAddRemoveWhileServing(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	writeSite(t, dir, tiny)
	s := New(os.DirFS(dir), Options{Build: build.Options{Options: site.Options{Now: now}}})
	if res := s.Rebuild(nil); !res.OK() {
		t.Fatal(res.Diags)
	}
	stop := readAll(t, s, func(code int) bool { return code == 200 || code == 404 }, "/guides/third/", "/ingredients/zzyzx/", "/", "/guides/", "/ingredients/", "/search/index.json", "/sitemap.xml")
	const rel = "content/guides/third.md"
	third := "---\ntitle: Third guide\ndescription: Three.\ndate: 2025-01-05\ningredients: [retinol, Zzyzx]\ntags: [fresh]\n---\n\nThird, see [the second](second.md).\n"
	steps := []struct {
		name string
		src  string // "" deletes the file
		page int    // the status of /guides/third/ after
	}{
		{"new guide", third, 200},
		{"draft", strings.Replace(third, "\ndate:", "\ndraft: true\ndate:", 1), 404},
		{"published", third, 200},
		{"deleted", "", 404},
	}
	for round := range 2 {
		for _, st := range steps {
			name := fmt.Sprintf("%s, round %d", st.name, round)
			if st.src == "" {
				if err := os.Remove(filepath.Join(dir, rel)); err != nil {
					t.Fatal(err)
				}
			} else {
				write(t, dir, rel, st.src)
			}
			fast := s.builder.Fast
			if res := s.Rebuild([]string{rel}); !res.OK() {
				t.Fatal(res.Diags)
			}
			if s.builder.Fast != fast+1 {
				t.Errorf("%s: no fast path", name)
			}
			full := build.Build(os.DirFS(dir), build.Options{Options: site.Options{Now: now}, Dev: true})
			files := s.cur.Load().files
			if len(files) != len(full.Outputs) {
				t.Errorf("%s: %d files served, a full build has %d", name, len(files), len(full.Outputs))
			}
			for _, o := range full.Outputs {
				if got := files[o.Path]; got.Source != o.Source || !bytes.Equal(got.Data, o.Data) {
					t.Errorf("%s: %s differs from a full build", name, o.Path)
				}
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", "/guides/third/", nil))
			if w.Code != st.page {
				t.Errorf("%s: /guides/third/ %d, want %d", name, w.Code, st.page)
			}
		}
	}
	stop()
}

// readCounter counts the files read from a folder.
type readCounter struct {
	fs.FS
	mu    sync.Mutex
	reads []string
}

func (c *readCounter) ReadFile(name string) ([]byte, error) {
	c.mu.Lock()
	c.reads = append(c.reads, name)
	c.mu.Unlock()
	return fs.ReadFile(c.FS, name)
}

// A full build after an edit reads only the files the watcher named, and
// every file when it names none.
func TestBuildReadsChangedFilesOnly(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, tiny)
	rc := &readCounter{FS: os.DirFS(dir)}
	b := NewBuilder(rc, build.Options{Options: site.Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}})
	if res := b.Build(nil); !res.OK() {
		t.Fatal(res.Diags)
	}
	all := len(rc.reads)
	for _, e := range []struct {
		name    string
		changed []string
		want    int
	}{
		{"ingredient", write(t, dir, "content/ingredients/retinol.md", "---\nname: Retinol\ntime: [pm]\ndescription: Changed.\n---\n\nChanged.\n"), 1},
		{"folder", []string{"content/ingredients"}, len(listDir(t, dir, "content/ingredients"))},
		{"everything", nil, all},
	} {
		rc.reads = nil
		res := b.Build(e.changed)
		if !res.OK() {
			t.Fatal(res.Diags)
		}
		if len(rc.reads) != e.want {
			t.Errorf("%s: read %v, want %d files", e.name, rc.reads, e.want)
		}
		if e.name == "ingredient" && !strings.Contains(string(res.Outputs[slices.IndexFunc(res.Outputs, func(o render.Output) bool { return o.Path == "ingredients/retinol/index.html" })].Data), "Changed.") {
			t.Errorf("%s: the edit is not in the page", e.name)
		}
	}
}

func listDir(t *testing.T, dir, rel string) []os.DirEntry {
	t.Helper()
	es, err := os.ReadDir(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// readAll requests each path over and over from its own goroutine, as open
// browser tabs do, until the returned stop is called; a status ok refuses
// fails the test.
func readAll(t *testing.T, s *Server, ok func(code int) bool, paths ...string) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				w := httptest.NewRecorder()
				s.ServeHTTP(w, httptest.NewRequest("GET", p, nil))
				if !ok(w.Code) {
					t.Errorf("%s: %d", p, w.Code)
					return
				}
			}
		})
	}
	return func() {
		close(done)
		wg.Wait()
	}
}

// TestRoutineStubsIncremental: edits that touch the names routines give (an
// unknown ingredient added to a step, a stub a routine and another guide's
// front matter both name) come out as a full build makes them.
func TestRoutineStubsIncremental(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	opts := build.Options{Options: site.Options{Now: now}, Dev: true, Blocks: blocks.Funcs}
	files := map[string]string{
		"content/site.yaml":                  "title: T\nbase_url: https://t.example.org/\n",
		"content/products/serum.md":          "---\nname: Serum\norder: 40\n---\n",
		"content/ingredients/niacinamide.md": "---\nname: Niacinamide\n---\n",
		"content/guides/a.md":                "---\ntitle: A\ndescription: d.\ndate: 2026-04-01\n---\n\n```routine\nsteps:\n  - serum\n```\n",
		"content/guides/b.md":                "---\ntitle: B\ndescription: d.\ndate: 2026-07-01\ningredients: [snail mucin]\n---\n\nText.\n",
	}
	a := files["content/guides/a.md"]
	edits := []edit{
		{"unknown ingredient in a step", "content/guides/a.md", strings.Replace(a, "- serum", "- serum: Snail Mucin", 1)},
		{"another unknown instead", "content/guides/a.md", strings.Replace(a, "- serum", "- serum: bakuchiol", 1)},
		{"back to the stub's name", "content/guides/a.md", strings.Replace(a, "- serum", "- serum: Snail Mucin", 1)},
		{"an ingredient only a routine names", "content/guides/a.md", strings.Replace(a, "- serum", "- serum: [Kojic Acid]", 1)},
		{"its name written otherwise", "content/guides/a.md", strings.Replace(a, "- serum", "- serum: [kojic-acid]", 1)},
		{"an ingredient with a file, only in a routine", "content/guides/a.md", strings.Replace(a, "- serum", "- serum: [Niacinamide]", 1)},
		{"and in two routines", "content/guides/a.md", strings.Replace(a, "- serum", "- serum: [Niacinamide]\n```\n\n```routine\nsteps:\n  - serum: niacinamide", 1)},
		{"and in none", "content/guides/a.md", a},
		{"the front matter's guide older", "content/guides/b.md", strings.Replace(files["content/guides/b.md"], "2026-07-01", "2026-01-01", 1)},
		{"and newer again", "content/guides/b.md", files["content/guides/b.md"]},
	}
	editsAsFull(t, files, opts, edits)
}

// edit is one file written anew, named for the test's messages.
type edit struct{ name, path, body string }

// editsAsFull builds files, then makes each edit in turn, and requires each
// incremental rebuild to give what a full build of the site then gives.
func editsAsFull(t *testing.T, files map[string]string, opts build.Options, edits []edit) {
	t.Helper()
	dir := t.TempDir()
	writeSite(t, dir, files)
	b := NewBuilder(os.DirFS(dir), opts)
	if res := b.Build(nil); !res.OK() {
		t.Fatal(res.Diags)
	}
	for _, e := range edits {
		sameAsFull(t, e.name, b.Build(write(t, dir, e.path, e.body)), build.Build(os.DirFS(dir), opts))
	}
}

// sameAsFull requires an incremental rebuild's outputs to be a full build's.
func sameAsFull(t *testing.T, name string, inc, full *build.Result) {
	t.Helper()
	if !inc.OK() || !full.OK() {
		t.Fatalf("%s: %v %v", name, inc.Diags, full.Diags)
	}
	if len(inc.Outputs) != len(full.Outputs) {
		t.Fatalf("%s: %d outputs, full build %d", name, len(inc.Outputs), len(full.Outputs))
	}
	for i, o := range full.Outputs {
		if g := inc.Outputs[i]; g.Path != o.Path || g.Source != o.Source || !bytes.Equal(g.Data, o.Data) {
			t.Errorf("%s: %s differs from the full build", name, o.Path)
		}
	}
}

// TestProductPlaceIncremental: a product kind's page names the kinds just
// before and after it, so an edit to another kind's order, name or file
// changes it, and serve must rebuild it as a full build would.
func TestProductPlaceIncremental(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	opts := build.Options{Options: site.Options{Now: now}, Dev: true, Blocks: blocks.Funcs}
	files := map[string]string{
		"content/site.yaml":               "title: T\n",
		"content/products/cleanser.md":    "---\nname: Cleanser\norder: 10\n---\n",
		"content/products/serum.md":       "---\nname: Serum\norder: 40\n---\n",
		"content/products/moisturizer.md": "---\nname: Moisturizer\norder: 60\n---\n",
		"content/guides/a.md":             "---\ntitle: A\ndescription: d.\ndate: 2026-04-01\nproducts: [serum]\n---\n\nText.\n",
	}
	edits := []edit{
		{"moisturizer before serum", "content/products/moisturizer.md", "---\nname: Moisturizer\norder: 30\n---\n"},
		{"moisturizer renamed", "content/products/moisturizer.md", "---\nname: Cream\norder: 30\n---\n"},
		{"a new kind between", "content/products/toner.md", "---\nname: Toner\norder: 20\n---\n"},
		{"its order gone", "content/products/toner.md", "---\nname: Toner\n---\n"},
	}
	editsAsFull(t, files, opts, edits)
}
