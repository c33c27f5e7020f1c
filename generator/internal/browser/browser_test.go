package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"derma/generator/internal/bundled"
)

// The widths the site is checked at: a phone and a desktop.
var (
	phone   = viewport{"phone", 390, 844, true}
	desktop = viewport{"desktop", 1280, 900, false}
)

type viewport struct {
	name   string
	w, h   int64
	mobile bool
}

func (v viewport) action() chromedp.Action[chromedp.Void] {
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if v.mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	return chromedp.EmulateViewport(v.w, v.h, opts...)
}

// env is the built bundled site served on loopback, and a browser.
type env struct {
	root      string // repository root
	public    string // the built site
	url       string // http://127.0.0.1:port
	browser   context.Context
	artifacts string
}

var shared *env

// setup builds and serves the site once and starts one browser for every
// test of the package.
func setup(t *testing.T) *env {
	t.Helper()
	if shared != nil {
		return shared
	}
	exe := chromium()
	if exe == "" {
		if bundled.Required() {
			t.Fatal("chromium not found and DERMA_BROWSER_TESTS=1: install it (apt-get install -y chromium)")
		}
		t.Skip("chromium not installed; set DERMA_BROWSER_TESTS=1 to make this a failure")
	}
	root, err := bundled.Root()
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "derma-browser-")
	if err != nil {
		t.Fatal(err)
	}
	cleanups = append(cleanups, func() { os.RemoveAll(tmp) })
	public := filepath.Join(tmp, "public")
	if err := bundled.Build(root, public); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(public)))
	cleanups = append(cleanups, srv.Close)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		acancel()
		t.Fatalf("start chromium: %v", err)
	}
	cleanups = append(cleanups, func() { bcancel(); acancel() })

	art := os.Getenv("DERMA_ARTIFACTS")
	if art == "" {
		art = filepath.Join(root, "test-artifacts")
	}
	if err := os.MkdirAll(art, 0o755); err != nil {
		t.Fatal(err)
	}
	shared = &env{root: root, public: public, url: srv.URL, browser: bctx, artifacts: art}
	return shared
}

var cleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}

func chromium() string {
	if p := os.Getenv("DERMA_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// tab opens a new tab at the viewport, closed with the test.
func (e *env) tab(t *testing.T, v viewport) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser)
	ctx, cancel2 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancel2(); cancel() })
	if err := chromedp.Do(ctx, v.action()); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func (e *env) shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(e.artifacts, name+".png"), buf, 0o644); err != nil {
		t.Error(err)
	}
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// get runs one action that returns a value.
func get[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// eval evaluates a script expression, awaiting it when it is a promise.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	return get(t, ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// path is the current location's path and query, without the host.
func path(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `location.pathname + location.search + location.hash`)
}

// searchIndex is the part of /search/index.json the tests compare against.
type searchIndex struct {
	G []struct {
		S string `json:"s"`
		E []int  `json:"e"`
	} `json:"g"`
	E []struct {
		S string `json:"s"`
		K string `json:"k"`
	} `json:"e"`
}

func (e *env) index(t *testing.T) searchIndex {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e.public, "search", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ix searchIndex
	if err := json.Unmarshal(b, &ix); err != nil {
		t.Fatal(err)
	}
	return ix
}

// guidesAbout lists the URLs of the guides about the entry with slug.
func (ix searchIndex) guidesAbout(slug string) []string {
	var out []string
	for _, g := range ix.G {
		for _, i := range g.E {
			if ix.E[i].S == slug {
				out = append(out, "/guides/"+g.S+"/")
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestSearchAliasOnPhone is the reader's path the issue asks for: on a
// phone, type an ingredient's other name in the header, land on the
// ingredient, and reach every guide about it from there.
func TestSearchAliasOnPhone(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, phone)
	run(t, ctx,
		chromedp.Navigate(e.url+"/"),
		chromedp.SendKeys(chromedp.CSS("#site-search"), "sodium hyaluronate\n"),
		chromedp.WaitVisible(chromedp.CSS(`#search-results .result-entry a`)),
	)
	if p := path(t, ctx); !strings.HasPrefix(p, "/search/?q=sodium") {
		t.Errorf("header search went to %s", p)
	}
	first := get(t, ctx, chromedp.Text(chromedp.CSS(`#search-results .result:first-child .result-title a`)))
	if !strings.EqualFold(first, "Hyaluronic acid") {
		t.Errorf("first result = %q, want Hyaluronic acid", first)
	}
	listed := eval[[]string](t, ctx, `[...document.querySelectorAll('#search-results .result:first-child .result-guides a')].map(a => new URL(a.href).pathname)`)
	want := e.index(t).guidesAbout("hyaluronic-acid")
	if len(want) == 0 {
		t.Fatal("no guide is about hyaluronic acid in the bundled site")
	}
	sort.Strings(listed)
	if strings.Join(listed, " ") != strings.Join(want, " ") {
		t.Errorf("result lists guides %v, want %v", listed, want)
	}
	e.shot(t, ctx, "search-phone")

	// Retinol's INCI name is Retinol: its result does not call it that again.
	run(t, ctx,
		chromedp.Navigate(e.url+"/search/?q=retinol"),
		chromedp.WaitVisible(chromedp.CSS(`#search-results .result-entry .result-aka`)),
	)
	if aka := get(t, ctx, chromedp.Text(chromedp.CSS(`#search-results .result-entry .result-aka`))); !strings.HasPrefix(aka, "Also called: vitamin A") {
		t.Errorf("retinol's result says %q, want its other names only", aka)
	}
	run(t, ctx, chromedp.Navigate(e.url+"/search/?q=sodium+hyaluronate"), chromedp.WaitVisible(chromedp.CSS(`#search-results .result-entry a`)))

	run(t, ctx,
		chromedp.Click(chromedp.CSS(`#search-results .result:first-child .result-title a`)),
		chromedp.WaitVisible(chromedp.CSS(`h1`)),
	)
	if p := path(t, ctx); p != "/ingredients/hyaluronic-acid/" {
		t.Fatalf("result led to %s", p)
	}
	onPage := eval[[]string](t, ctx, `[...new Set([...document.querySelectorAll('main a[href*="/guides/"]')].map(a => new URL(a.href).pathname).filter(p => p !== '/guides/'))]`)
	sort.Strings(onPage)
	for _, g := range want {
		if !contains(onPage, g) {
			t.Errorf("ingredient page has no link to %s (links: %v)", g, onPage)
		}
	}
	e.shot(t, ctx, "ingredient-phone")
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`main a[href$="`+want[0]+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`h1`)),
	)
	if p := path(t, ctx); p != want[0] {
		t.Errorf("guide link led to %s, want %s", p, want[0])
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSearchWhileTyping checks results appear without submitting, ranked
// with names first, and that the query lands in the URL.
func TestSearchWhileTyping(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, desktop)
	tests := []struct {
		query, first string
	}{
		{"HA", "Hyaluronic acid"},
		{"retinol", "Retinol"},
		{"sheet", "Sheet mask"},
		{"vitamin c", "Vitamin C"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			run(t, ctx,
				chromedp.Navigate(e.url+"/search/"),
				chromedp.WaitReady(chromedp.CSS(`#q`)),
				chromedp.SendKeys(chromedp.CSS(`#q`), tt.query),
				// Results may show for part of the query while keys arrive:
				// wait for the whole query in the status and the URL.
				chromedp.Poll[chromedp.Void](`document.getElementById('search-status').textContent.includes(`+strconv.Quote(tt.query)+`) && location.search.includes('q=')`, chromedp.WithPollingTimeout(10*time.Second)),
				chromedp.WaitVisible(chromedp.CSS(`#search-results .result`)),
			)
			first := get(t, ctx, chromedp.Text(chromedp.CSS(`#search-results .result:first-child .result-title a`)))
			status := get(t, ctx, chromedp.Text(chromedp.CSS(`#search-status`)))
			if !strings.EqualFold(first, tt.first) {
				t.Errorf("first result for %q = %q, want %q", tt.query, first, tt.first)
			}
			if !strings.Contains(status, "result") {
				t.Errorf("status = %q", status)
			}
			if p := path(t, ctx); !strings.Contains(p, "q=") {
				t.Errorf("query not in URL: %s", p)
			}
		})
	}
}

// TestFilterGuides filters the guide list in the page and checks the state
// survives in the URL.
func TestFilterGuides(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, phone)
	want := e.index(t).guidesAbout("retinol")
	chip := `[data-filter="ingredient"] [data-value="retinol"]`
	run(t, ctx,
		chromedp.Navigate(e.url+"/guides/"),
		chromedp.Click(chromedp.CSS(`#filters summary`)),
		chromedp.Click(chromedp.CSS(chip)),
	)
	check := func(stage string) {
		t.Helper()
		shown := eval[[]string](t, ctx, `[...document.querySelectorAll('#guide-list .card')].filter(c => c.offsetParent !== null).map(c => new URL(c.querySelector('a').href).pathname)`)
		pressed := get(t, ctx, chromedp.AttributeValue(chromedp.CSS(chip), "aria-pressed")).Value
		sort.Strings(shown)
		if strings.Join(shown, " ") != strings.Join(want, " ") {
			t.Errorf("%s: shown %v, want %v", stage, shown, want)
		}
		if pressed != "true" {
			t.Errorf("%s: chip aria-pressed = %q", stage, pressed)
		}
		if p := path(t, ctx); p != "/guides/?ingredient=retinol" {
			t.Errorf("%s: URL %s", stage, p)
		}
	}
	check("after click")
	e.shot(t, ctx, "guides-filtered-phone")
	run(t, ctx, chromedp.Reload(), chromedp.WaitReady(chromedp.CSS(`#guide-list`)))
	check("after reload")

	// A second family narrows further; clearing shows every guide.
	run(t, ctx, chromedp.Click(chromedp.CSS(`#filter-clear`)))
	hidden := eval[int](t, ctx, `document.querySelectorAll('#guide-list .card[hidden]').length`)
	if hidden != 0 {
		t.Errorf("after clearing, %d guides still hidden", hidden)
	}
	if p := path(t, ctx); p != "/guides/" {
		t.Errorf("after clearing, URL %s", p)
	}
}

// TestIngredientIndexLetters jumps to a letter of the A-Z index.
func TestIngredientIndexLetters(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, phone)
	// With reduced motion the jump is instant; smooth scrolling is for readers who did not ask.
	reducedMotion(t, ctx, "light")
	run(t, ctx,
		chromedp.Navigate(e.url+"/ingredients/"),
		chromedp.Click(chromedp.CSS(`.letters a[href="#letter-s"]`)),
		chromedp.Sleep(300*time.Millisecond),
	)
	top := eval[float64](t, ctx, `document.getElementById('letter-s').getBoundingClientRect().top`)
	if p := path(t, ctx); p != "/ingredients/#letter-s" {
		t.Errorf("URL %s", p)
	}
	if top < -1 || top > 50 {
		t.Errorf("letter S is %.0fpx from the top of the window, want it at the top", top)
	}
	alias := eval[string](t, ctx, `[...document.querySelectorAll('#letter-s li')].filter(li => /^sodium hyaluronate/i.test(li.textContent)).map(li => new URL(li.querySelector('a').href).pathname).join()`)
	if alias != "/ingredients/hyaluronic-acid/" {
		t.Errorf("letter S: alias sodium hyaluronate leads to %q, want the hyaluronic acid page", alias)
	}
	e.shot(t, ctx, "ingredients-phone")
}

// TestKeyboard checks the skip link is the first stop and is visible when
// focused, and that focus is drawn.
func TestKeyboard(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, desktop)
	type focus struct {
		Class   string
		Left    float64
		Outline string
	}
	run(t, ctx, chromedp.Navigate(e.url+"/guides/"), chromedp.KeyEvent("\t"))
	res := eval[focus](t, ctx, `(() => { const a = document.activeElement, s = getComputedStyle(a);
		return {Class: a.className, Left: a.getBoundingClientRect().left, Outline: s.outlineStyle}; })()`)
	if res.Class != "skip" {
		t.Fatalf("first Tab focuses %q, want the skip link", res.Class)
	}
	if res.Left < 0 {
		t.Errorf("focused skip link is off screen (left %.0f)", res.Left)
	}
	if res.Outline == "none" {
		t.Errorf("focused skip link has no outline")
	}
	run(t, ctx, chromedp.KeyEvent("\r"), chromedp.KeyEvent("\t"))
	focused := eval[string](t, ctx, `document.activeElement.closest('main') ? 'main' : document.activeElement.tagName`)
	if focused != "main" {
		t.Errorf("after the skip link, Tab went to %s, want into main", focused)
	}
}

// axePages are the page kinds axe-core checks.
var axePages = []string{
	"/",
	"/guides/",
	"/guides/retinol-what-not-to-mix/",
	"/guides/mask-types-compared/",
	"/ingredients/",
	"/ingredients/hyaluronic-acid/",
	"/mask-types/",
	"/mask-types/sheet/",
	"/products/serum/",
	"/concerns/dryness/",
	"/concerns/",
	"/compare/",
	"/about/",
	"/search/?q=sodium+hyaluronate",
	"/404.html",
}

// reducedMotion makes the tab prefer reduced motion and the colour scheme.
func reducedMotion(t *testing.T, ctx context.Context, scheme string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{
		{Name: "prefers-color-scheme", Value: scheme},
		{Name: "prefers-reduced-motion", Value: "reduce"},
	}}); err != nil {
		t.Fatal(err)
	}
}

type axeResult struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// TestAxe runs axe-core's WCAG 2.1 A and AA rules on every page kind, in
// light and dark colour schemes, at phone and desktop widths.
func TestAxe(t *testing.T) {
	e := setup(t)
	axe := loadAxe(t, e.root)
	for _, v := range []viewport{phone, desktop} {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(v.name+"-"+scheme, func(t *testing.T) {
				ctx := e.tab(t, v)
				reducedMotion(t, ctx, scheme)
				for _, p := range axePages {
					actions := []chromedp.Action[chromedp.Void]{chromedp.Navigate(e.url + p), chromedp.WaitReady(chromedp.CSS("body"))}
					if strings.HasPrefix(p, "/search/") {
						actions = append(actions, chromedp.WaitVisible(chromedp.CSS(`#search-results .result`)))
					}
					run(t, ctx, actions...)
					axeCheck(t, ctx, axe, p)
					if p == "/guides/retinol-what-not-to-mix/" || p == "/" {
						name := strings.Trim(strings.ReplaceAll(p, "/", "-"), "-")
						if name == "" {
							name = "home"
						}
						e.shot(t, ctx, name+"-"+v.name+"-"+scheme)
					}
				}
			})
		}
	}
}

// loadAxe reads axe-core from tools/, skipping the test (failing it under
// DERMA_BROWSER_TESTS=1) when it is not installed.
func loadAxe(t *testing.T, root string) []byte {
	t.Helper()
	p := bundled.Tool(root, "axe-core/axe.min.js")
	if p == "" {
		if bundled.Required() {
			t.Fatal("axe-core not installed: run npm ci --prefix tools")
		}
		t.Skip("axe-core not installed (npm ci --prefix tools)")
	}
	axe, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return axe
}

// axeCheck runs axe-core's WCAG 2.1 A and AA rules on the page the tab
// shows, named p in the messages.
func axeCheck(t *testing.T, ctx context.Context, axe []byte, p string) {
	t.Helper()
	run(t, ctx, chromedp.Evaluate[chromedp.Void](string(axe)))
	violations := eval[[]axeResult](t, ctx, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']}).then(r => r.violations)`)
	for _, viol := range violations {
		var where []string
		for _, n := range viol.Nodes {
			where = append(where, fmt.Sprint(n.Target)+": "+strings.ReplaceAll(n.Summary, "\n", " "))
		}
		t.Errorf("%s: %s (%s): %s\n\t%s", p, viol.ID, viol.Impact, viol.Help, strings.Join(where, "\n\t"))
	}
}

// TestAxeGenerated runs the same rules on every page kind of a generated
// site, whose guides carry what the bundled ones lack (a heading of their
// own named like the theme's sections, every taxonomy, links to drafts).
func TestAxeGenerated(t *testing.T) {
	e := setup(t)
	axe := loadAxe(t, e.root)
	public, err := bundled.BuildGenerated(30, 9, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(public)))
	defer srv.Close()
	// Every list page, and the first page of each folder of pages.
	pages := []string{"/404.html"}
	folders := map[string]bool{}
	err = filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(public, p)
		rel = filepath.ToSlash(rel)
		if strings.Count(rel, "/") > 1 {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(p, "index.html")); err != nil {
			return nil
		}
		if rel == "." {
			pages = append(pages, "/")
			return nil
		}
		if folder, _, ok := strings.Cut(rel, "/"); ok {
			if folders[folder] {
				return nil // one page of a folder is enough
			}
			folders[folder] = true
		}
		pages = append(pages, "/"+rel+"/")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 12 {
		t.Fatalf("only %d pages to check: %v", len(pages), pages)
	}
	ctx := e.tab(t, desktop)
	for _, p := range pages {
		run(t, ctx, chromedp.Navigate(srv.URL+p), chromedp.WaitReady(chromedp.CSS("body")))
		axeCheck(t, ctx, axe, p)
	}
	t.Logf("checked %d pages: %v", len(pages), pages)
}

// TestNoThirdPartyRequests loads a guide and checks every request stayed on
// the site's own host.
func TestNoThirdPartyRequests(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, desktop)
	run(t, ctx, chromedp.Navigate(e.url+"/guides/retinol-what-not-to-mix/"))
	urls := eval[[]string](t, ctx, `performance.getEntriesByType('resource').map(r => r.name)`)
	for _, u := range urls {
		if !strings.HasPrefix(u, e.url+"/") {
			t.Errorf("request to another host: %s", u)
		}
	}
	cls := eval[float64](t, ctx, `new Promise(done => { let s = 0;
		new PerformanceObserver(l => { for (const x of l.getEntries()) if (!x.hadRecentInput) s += x.value; }).observe({type: 'layout-shift', buffered: true});
		setTimeout(() => done(s), 500); })`)
	if cls > 0.01 {
		t.Errorf("cumulative layout shift %.3f, want none", cls)
	}
}

// TestSearchFromFile opens the built site from disk: fetch() is refused on
// file:// pages, so search must fall back to search/index.js and still lead
// to the ingredient.
func TestSearchFromFile(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, phone)
	u := "file://" + filepath.ToSlash(e.public) + "/search/index.html?q=sodium+hyaluronate"
	run(t, ctx,
		chromedp.Navigate(u),
		chromedp.WaitVisible(chromedp.CSS(`#search-results .result-entry a`)),
		chromedp.Click(chromedp.CSS(`#search-results .result:first-child .result-title a`)),
		chromedp.WaitVisible(chromedp.CSS(`h1`)),
	)
	if p := path(t, ctx); !strings.HasSuffix(p, "/ingredients/hyaluronic-acid/index.html") {
		t.Errorf("from file://, the result led to %s", p)
	}
}

// TestSearchAnyScript: a name in any script (Korean, Japanese, Cyrillic)
// finds its ingredient, on a site of its own.
func TestSearchAnyScript(t *testing.T) {
	e := setup(t)
	dir := t.TempDir()
	for p, body := range map[string]string{
		"content/site.yaml":               "title: T\n",
		"content/ingredients/centella.md": "---\nname: Centella asiatica\naliases: [cica, 병풀, ツボクサ, центелла]\n---\nSoothing.\n",
		"content/guides/cica.md":          "---\ntitle: Cica care\ndescription: Calm skin.\ndate: 2025-01-01\ningredients: [cica]\n---\nText.\n",
	} {
		f := filepath.Join(dir, "site", filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	public := filepath.Join(dir, "public")
	if err := bundled.Build(filepath.Join(dir, "site"), public); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(public)))
	defer srv.Close()
	ctx := e.tab(t, desktop)
	for _, q := range []string{"병풀", "ツボクサ", "Центелла", "cica", "ＣＩＣＡ", "ﾂﾎﾞｸｻ"} {
		run(t, ctx,
			chromedp.Navigate(srv.URL+"/search/?q="+url.QueryEscape(q)),
			chromedp.WaitVisible(chromedp.CSS(`#search-results .result`)),
		)
		if first := get(t, ctx, chromedp.Text(chromedp.CSS(`#search-results .result:first-child .result-title a`))); first != "Centella asiatica" {
			t.Errorf("first result for %q = %q, want Centella asiatica", q, first)
		}
	}
}
