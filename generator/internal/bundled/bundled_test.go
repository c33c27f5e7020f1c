package bundled

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// built is the bundled site built once for every test of the package.
var built struct {
	once       sync.Once
	root, dir  string
	err        error
	pages      []string // every .html file, slash-separated, relative to dir
	redirects  []string // the pages at guides' old addresses, not in pages
	baseURL    string
	cleanupDir string
}

func site(t *testing.T) (root, dir string) {
	t.Helper()
	built.once.Do(func() {
		built.root, built.err = Root()
		if built.err != nil {
			return
		}
		built.cleanupDir, built.err = os.MkdirTemp("", "derma-bundled-")
		if built.err != nil {
			return
		}
		built.dir = filepath.Join(built.cleanupDir, "public")
		if built.err = Build(built.root, built.dir); built.err != nil {
			return
		}
		built.err = fs.WalkDir(os.DirFS(built.dir), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || !strings.HasSuffix(p, ".html") {
				return err
			}
			b, err := os.ReadFile(filepath.Join(built.dir, p))
			if bytes.Contains(b, []byte(`<meta http-equiv="refresh"`)) {
				built.redirects = append(built.redirects, p)
			} else {
				built.pages = append(built.pages, p)
			}
			return err
		})
		b, _ := os.ReadFile(filepath.Join(built.root, "content", "site.yaml"))
		if m := regexp.MustCompile(`(?m)^base_url:\s*"?([^"\s]+)"?`).FindSubmatch(b); m != nil {
			built.baseURL = strings.TrimSuffix(string(m[1]), "/")
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.root, built.dir
}

// TestRedirectPages: the bundled site's old address of a guide is a page
// that sends readers on, with the head every page has for phones and dark
// schemes, and it is not in the sitemap.
func TestRedirectPages(t *testing.T) {
	_, dir := site(t)
	if len(built.redirects) == 0 {
		t.Fatal("no page at an old address: the bundled site has one (aliases:)")
	}
	sitemap, _ := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
	for _, p := range built.redirects {
		b, _ := os.ReadFile(filepath.Join(dir, p))
		for _, want := range []string{`<meta name="viewport"`, `<meta name="color-scheme" content="light dark">`, `<link rel="canonical" href="` + built.baseURL + `/guides/`, `<html lang="`} {
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("%s lacks %s", p, want)
			}
		}
		if bytes.Contains(sitemap, []byte("/"+strings.TrimSuffix(p, "index.html")+"<")) {
			t.Errorf("%s is in the sitemap", p)
		}
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.cleanupDir != "" {
		os.RemoveAll(built.cleanupDir)
	}
	os.Exit(code)
}

func read(t *testing.T, dir, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestHTMLValid runs the Nu Html Checker (vnu-jar from tools/) over every
// page and fails on any error or warning.
func TestHTMLValid(t *testing.T) {
	root, dir := site(t)
	vnu(t, root, dir)
	if len(built.pages) < 20 {
		t.Errorf("only %d pages checked", len(built.pages))
	}
}

// TestHTMLValidGenerated runs the checker over a generated site, whose
// guides have what the bundled ones lack (a "Related" heading of their own,
// every taxonomy, broken links).
func TestHTMLValidGenerated(t *testing.T) {
	root, _ := site(t)
	out, err := BuildGenerated(40, 9, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	vnu(t, root, out)
}

func vnu(t *testing.T, root, dir string) {
	t.Helper()
	jar := Tool(root, "vnu-jar/build/dist/vnu.jar")
	java, _ := exec.LookPath("java")
	if jar == "" || java == "" {
		if Required() {
			t.Fatalf("the Nu Html Checker needs java and tools/node_modules/vnu-jar (npm ci --prefix tools)")
		}
		t.Skip("vnu-jar or java missing (npm ci --prefix tools)")
	}
	out, err := exec.Command(java, "-jar", jar, "--skip-non-html", "--format", "json", dir).CombinedOutput()
	var res struct {
		Messages []struct {
			URL     string `json:"url"`
			Type    string `json:"type"`
			Line    int    `json:"lastLine"`
			Message string `json:"message"`
			Extract string `json:"extract"`
		} `json:"messages"`
	}
	if jerr := json.Unmarshal(out, &res); jerr != nil {
		t.Fatalf("vnu: %v: %v\n%s", err, jerr, out)
	}
	for _, m := range res.Messages {
		t.Errorf("%s:%d: %s: %s\n\t%s", strings.TrimPrefix(m.URL, "file:"+dir), m.Line, m.Type, m.Message, m.Extract)
	}
}

// TestFeed checks feed.xml has what RFC 4287 requires of an Atom feed.
func TestFeed(t *testing.T) {
	_, dir := site(t)
	type person struct {
		Name string `xml:"name"`
	}
	var f struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Author  []person `xml:"author"`
		Links   []link   `xml:"link"`
		Entries []struct {
			ID      string   `xml:"id"`
			Title   string   `xml:"title"`
			Updated string   `xml:"updated"`
			Links   []link   `xml:"link"`
			Author  []person `xml:"author"`
			Content struct {
				Type string `xml:"type,attr"`
				Body string `xml:",chardata"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(read(t, dir, "feed.xml")), &f); err != nil {
		t.Fatal(err)
	}
	if !abs(f.ID) || f.Title == "" || !rfc3339(f.Updated) {
		t.Errorf("feed id %q, title %q, updated %q", f.ID, f.Title, f.Updated)
	}
	if !hasRel(f.Links, "self") {
		t.Error("feed has no rel=self link")
	}
	feedAuthor := len(f.Author) > 0 && f.Author[0].Name != ""
	if len(f.Entries) == 0 {
		t.Fatal("feed has no entries")
	}
	ids := map[string]bool{}
	for _, e := range f.Entries {
		if !abs(e.ID) || ids[e.ID] || e.Title == "" || !rfc3339(e.Updated) {
			t.Errorf("entry id %q, title %q, updated %q", e.ID, e.Title, e.Updated)
		}
		ids[e.ID] = true
		if !hasRel(e.Links, "alternate") {
			t.Errorf("entry %s has no alternate link", e.ID)
		}
		if !feedAuthor && len(e.Author) == 0 {
			t.Errorf("entry %s has no author and the feed has none", e.ID)
		}
		if e.Content.Type != "html" || e.Content.Body == "" {
			t.Errorf("entry %s: content type %q, %d bytes", e.ID, e.Content.Type, len(e.Content.Body))
		}
	}
}

type link struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

func hasRel(ls []link, rel string) bool {
	for _, l := range ls {
		if (l.Rel == rel || (rel == "alternate" && l.Rel == "")) && abs(l.Href) {
			return true
		}
	}
	return false
}

func abs(u string) bool { return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") }

func rfc3339(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

// TestSitemap checks sitemap.xml against the sitemaps.org schema's rules and
// that it lists every page but the 404 page.
func TestSitemap(t *testing.T) {
	_, dir := site(t)
	var u struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	data := read(t, dir, "sitemap.xml")
	if err := xml.Unmarshal([]byte(data), &u); err != nil {
		t.Fatal(err)
	}
	if len(data) > 50<<20 || len(u.URLs) > 50000 {
		t.Errorf("sitemap too large: %d bytes, %d URLs", len(data), len(u.URLs))
	}
	seen := map[string]bool{}
	for _, x := range u.URLs {
		if !strings.HasPrefix(x.Loc, built.baseURL+"/") || len(x.Loc) > 2048 || seen[x.Loc] {
			t.Errorf("bad or repeated loc %q", x.Loc)
		}
		seen[x.Loc] = true
		if x.LastMod != "" {
			if _, err := time.Parse("2006-01-02", x.LastMod); err != nil {
				t.Errorf("%s: lastmod %q", x.Loc, x.LastMod)
			}
		}
	}
	for _, p := range built.pages {
		if p == "404.html" {
			continue
		}
		loc := built.baseURL + "/" + strings.TrimSuffix(p, "index.html")
		if !seen[loc] {
			t.Errorf("sitemap lacks %s", loc)
		}
	}
}

var (
	assetRE     = regexp.MustCompile(`<(?:script|link|img|source|iframe|video|audio)\b[^>]*?\s(?:src|href)="([^"]+)"`)
	imgRE       = regexp.MustCompile(`<img\b[^>]*>`)
	canonicalRE = regexp.MustCompile(`<link rel="canonical" href="([^"]+)">`)
)

// TestPageWeight keeps every guide with the CSS and scripts it loads under
// 60 KB uncompressed.
func TestPageWeight(t *testing.T) {
	_, dir := site(t)
	const limit = 60 << 10
	n := 0
	for _, p := range built.pages {
		if !strings.HasPrefix(p, "guides/") || p == "guides/index.html" {
			continue
		}
		n++
		page := read(t, dir, p)
		total := len(page)
		var parts []string
		for _, m := range assetRE.FindAllStringSubmatch(page, -1) {
			ref := m[1]
			if !strings.HasSuffix(ref, ".css") && !strings.HasSuffix(ref, ".js") {
				continue
			}
			total += len(read(t, dir, strings.TrimPrefix(ref, "/")))
			parts = append(parts, ref)
		}
		if total > limit {
			t.Errorf("%s with %v weighs %d bytes, over %d", p, parts, total, limit)
		}
	}
	if n == 0 {
		t.Fatal("no guide pages")
	}
}

// TestHead checks what search engines and social sites read: a canonical
// URL from base_url, Open Graph tags, a description and a viewport; and that
// nothing is loaded from another host and every image has its size.
func TestHead(t *testing.T) {
	_, dir := site(t)
	for _, p := range built.pages {
		page := read(t, dir, p)
		for _, want := range []string{`<meta name="viewport"`, `<meta name="description" content="`, `<meta property="og:title"`, `<meta name="color-scheme"`, `<html lang="`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", p, want)
			}
		}
		if p != "404.html" {
			want := built.baseURL + "/" + strings.TrimSuffix(p, "index.html")
			if m := canonicalRE.FindStringSubmatch(page); m == nil || m[1] != want {
				t.Errorf("%s: canonical %v, want %s", p, m, want)
			}
			if !strings.Contains(page, `<meta property="og:url" content="`+want+`">`) {
				t.Errorf("%s lacks og:url %s", p, want)
			}
		}
		for _, m := range assetRE.FindAllStringSubmatch(page, -1) {
			if strings.Contains(m[0], "<link") && !regexp.MustCompile(`rel="(stylesheet|icon|preload|modulepreload)"`).MatchString(m[0]) {
				continue // canonical, alternate: links, not loads
			}
			if strings.Contains(m[1], "//") {
				t.Errorf("%s loads %s from another host", p, m[1])
			}
		}
		for _, img := range imgRE.FindAllString(page, -1) {
			if !strings.Contains(img, " width=") || !strings.Contains(img, " height=") {
				t.Errorf("%s: image without width and height: %s", p, img)
			}
		}
	}
}

// TestSearchIndex checks the build wrote the search index and its script
// fallback, and that the search page loads the script.
func TestSearchIndex(t *testing.T) {
	_, dir := site(t)
	var ix struct {
		G []json.RawMessage `json:"g"`
		E []json.RawMessage `json:"e"`
	}
	if err := json.Unmarshal([]byte(read(t, dir, "search/index.json")), &ix); err != nil {
		t.Fatal(err)
	}
	if len(ix.G) == 0 || len(ix.E) == 0 {
		t.Errorf("index has %d guides and %d entries", len(ix.G), len(ix.E))
	}
	if js := read(t, dir, "search/index.js"); !strings.HasPrefix(js, "window.dermaSearchIndex={") {
		t.Errorf("index.js starts %.40q", js)
	}
	if !strings.Contains(read(t, dir, "search/index.html"), `src="../search.js"`) {
		t.Error("search page does not load search.js")
	}
}
