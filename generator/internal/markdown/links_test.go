package markdown_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"derma/generator/internal/markdown"
)

func testLinks() *markdown.Links {
	return &markdown.Links{
		Sources: map[string]string{
			"content/guides/a.md":            "/guides/a/",
			"content/guides/sub/b.md":        "/guides/b/",
			"content/ingredients/retinol.md": "/ingredients/retinol/",
			"content/pages/about.md":         "/about/",
			"content/guides/Cre\u0300me.md":  "/guides/creme/", // stored decomposed
			"content/guides/Sérum.md":        "/guides/serum/",
		},
		Pages:       map[string]bool{"/": true, "/guides/": true, "/guides/a/": true, "/guides/b/": true, "/ingredients/retinol/": true, "/about/": true, "/feed.xml": true},
		Files:       map[string]bool{"/images/a b.png": true, "/site.js": true, "/images/Cre\u0300me.png": true},
		Unpublished: map[string]bool{"content/guides/draft.md": true},
		Unloaded:    map[string]bool{"content/guides/typo.md": true},
		Moved:       map[string]string{"/2019/old-a/": "/guides/a/"},
	}
}

// TestResolve is the link rewriting table: what each destination written in
// content/guides/a.md becomes.
func TestResolve(t *testing.T) {
	tests := []struct {
		dest, want string
		problem    string // substring; "" for none
		warn, drop bool
	}{
		{dest: "sub/b.md", want: "/guides/b/"},
		{dest: "sub/b.md#part", want: "/guides/b/#part"},
		{dest: "../ingredients/retinol.md", want: "/ingredients/retinol/"},
		{dest: "./a.md?x=1#y", want: "/guides/a/?x=1#y"},
		{dest: "../pages/about.md", want: "/about/"},
		{dest: "/guides/a/", want: "/guides/a/"},
		{dest: "/guides/a", want: "/guides/a/"},
		{dest: "/guides/a#x", want: "/guides/a/#x"},
		{dest: "/guides//a/./", want: "/guides/a/"},
		{dest: "/guides/a/index.html", want: "/guides/a/index.html"},
		{dest: "/feed.xml", want: "/feed.xml"},
		{dest: "/2019/old-a/#x", want: "/guides/a/#x"},
		{dest: "/2019/old-a", want: "/guides/a/"},
		{dest: "/ingredients/retinol.md", want: "/ingredients/retinol/"},
		{dest: "/guides/sub/b.md#part", want: "/guides/b/#part"},
		{dest: "@/guides/sub/b.md", want: "/guides/b/"},
		{dest: "/guides/draft.md", problem: "draft or future guide", warn: true},
		{dest: "/guides/b.md", problem: `broken link "/guides/b.md": there is no content/guides/b.md; a link to a source file starts from content/`},
		{dest: "/images/a%20b.png", want: "/images/a%20b.png"},
		{dest: "../images/a b.png", want: "/images/a%20b.png"},
		{dest: "#top", want: "#top"},
		{dest: "Crème.md", want: "/guides/creme/"},
		{dest: "Se\u0301rum.md", want: "/guides/serum/"},
		{dest: "../images/Crème.png", want: "/images/Cre%CC%80me.png"},
		{dest: "", want: ""},
		{dest: "https://example.com/x", want: "https://example.com/x"},
		{dest: "mailto:a@example.org", want: "mailto:a@example.org"},
		{dest: "//cdn.example.com/x", want: "//cdn.example.com/x"},
		{dest: "missing.md", problem: `broken link "missing.md": the file does not exist`},
		{dest: "sub/_index.md", problem: `broken link "sub/_index.md": an _index.md is the opening text of a list page`},
		{dest: "../site.yaml", problem: `broken link "../site.yaml": the site's settings are not published`},
		{dest: "/guides/nope/", problem: `broken link "/guides/nope/": no page or file at /guides/nope/; link to a page`},
		{dest: "/posts/retinol/", problem: `broken link "/posts/retinol/": no page or file at /posts/retinol/ (did you mean /ingredients/retinol/?)`},
		{dest: "/ingredients/retinl/", problem: `(did you mean /ingredients/retinol/?)`},
		{dest: "/guides/../../etc/passwd", problem: "broken link"},
		{dest: "retinol", problem: "link to the Markdown file"},
		{dest: "draft.md", problem: "draft or future guide", warn: true},
		{dest: "typo.md", problem: `goes to content/guides/typo.md, which could not be read (see its own error)`, warn: true},
		{dest: "javascript:alert(1)", drop: true},
		{dest: "JavaScript:alert(1)", drop: true},
		{dest: " java\tscript:alert(1)", drop: true},
		{dest: "%6Aavascript:alert(1)", drop: true},
		{dest: "vbscript:msgbox", drop: true},
		{dest: "data:text/html;base64,PHNjcmlwdD4=", drop: true},
		{dest: "DATA:image/png,xx", drop: true},
		{dest: "&#106;avascript:alert(1)", drop: true},
		{dest: "javascript&colon;alert(1)", drop: true},
		{dest: "file:///etc/hosts", drop: true},
		{dest: "a&#46;md", want: "/guides/a/"},
	}
	l := testLinks()
	for _, tt := range tests {
		t.Run(tt.dest, func(t *testing.T) {
			out, problem, warn, drop := l.Resolve("content/guides/a.md", tt.dest)
			if drop != tt.drop {
				t.Fatalf("drop = %v, want %v", drop, tt.drop)
			}
			if tt.problem == "" && problem != "" || !strings.Contains(problem, tt.problem) {
				t.Fatalf("problem = %q, want %q", problem, tt.problem)
			}
			if warn != tt.warn {
				t.Errorf("warn = %v, want %v", warn, tt.warn)
			}
			if tt.problem == "" && !tt.drop && out != tt.want {
				t.Errorf("out = %q, want %q", out, tt.want)
			}
		})
	}
	t.Run("base path", func(t *testing.T) {
		l := testLinks()
		l.BasePath = "/docs"
		if out, _, _, _ := l.Resolve("content/guides/a.md", "sub/b.md#x"); out != "/docs/guides/b/#x" {
			t.Errorf("got %q", out)
		}
	})
}

func render(t *testing.T, o markdown.Options, src string) (string, *markdown.Doc) {
	t.Helper()
	d := &markdown.Doc{Path: "content/guides/a.md", Line: 5, Source: []byte(src)}
	var buf bytes.Buffer
	markdown.New(o).Render(d, &buf)
	return buf.String(), d
}

func TestRenderLinks(t *testing.T) {
	html, d := render(t, markdown.Options{Links: testLinks()},
		"Intro.\n\nSee [b](sub/b.md), [gone](gone.md) and\n[x](javascript:alert(1)) ![i](data:image/png,AA) <javascript:alert(1)>.\n")
	for _, want := range []string{`<a href="/guides/b/">b</a>`, "gone and\nx i"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in %s", want, html)
		}
	}
	for _, bad := range []string{`href="javascript`, `src="data:`, `href="gone.md"`} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("%q reached the page: %s", bad, html)
		}
	}
	// The body starts at file line 5: the link to gone.md is on body line 3, column 20.
	if len(d.Diags) != 1 || d.Diags[0].String() != `content/guides/a.md:7:20: error: broken link "gone.md": the file does not exist` {
		t.Errorf("diags = %v", d.Diags)
	}
}

func TestRawHTML(t *testing.T) {
	src := "Text <b onclick=\"x()\">bold</b>.\n\n<script>alert(1)</script>\n\n<div>block</div>\n"
	t.Run("dropped by default", func(t *testing.T) {
		html, d := render(t, markdown.Options{}, src+"\n<!-- a note to self -->\n\n<div></div>\n")
		// The block's words are lost, and told of; the comment, the empty
		// block, the script and the inline tags lose none.
		if len(d.Diags) != 1 || d.Diags[0].String() != "content/guides/a.md:9:1: warning: an HTML block is left out of the page, and its text with it: write the text in Markdown, or set raw_html: true in content/site.yaml to keep raw HTML" {
			t.Errorf("diags = %v", d.Diags)
		}
		for _, bad := range []string{"<b", "<script", "<div", "raw HTML omitted"} {
			if strings.Contains(html, bad) {
				t.Errorf("%q in %s", bad, html)
			}
		}
		if !strings.Contains(html, "bold") {
			t.Errorf("text of the inline HTML lost: %s", html)
		}
		if html, _ := render(t, markdown.Options{}, "| a |\n|---|\n| pea-sized<br>amount, <BR />once |\n"); !strings.Contains(html, "pea-sized amount,  once") {
			t.Errorf("a <br> left out joins words: %s", html)
		}
	})
	t.Run("kept when the site opts in", func(t *testing.T) {
		html, _ := render(t, markdown.Options{RawHTML: true}, src)
		for _, want := range []string{"<b onclick", "<div>block</div>"} {
			if !strings.Contains(html, want) {
				t.Errorf("missing %q in %s", want, html)
			}
		}
	})
}

func TestHeadingIDs(t *testing.T) {
	src := "# Crème masks\n\n## 日本語 x\n\n## Names & \"quotes\"\n\n## Crème Masks\n\n## ***\n\n## Ünïcödé_heading-2\n\n" +
		"## See [retinol](../ingredients/retinol.md) first\n\n## Img ![alt text](../img/photo.png) here\n\n## HTML <em>raw</em> x\n\n## A_b *c* `d_e`\n\n" +
		"## Mine {#custom-id}\n\n## Custom id\n\n## Again {#custom-id}\n\n## Styled {.note style=\"x\"}\n\n> ## Quoted\n\n## Empty {#}\n\n" +
		"## Step&nbsp;two &amp; more\n\n## Sun &gt; shade \\*\n\n## Notes {#fn:1}\n\nSee.[^1]\n\n[^1]: Note.\n\n## Cre\u0300me bru\u0302le\u0301e\n"
	html, d := render(t, markdown.Options{}, src)
	var got []string
	for _, h := range d.Headings {
		got = append(got, h.ID)
	}
	// An id the author wrote is claimed before the ones made from text.
	want := "crème-masks 日本語-x names--quotes crème-masks-1 heading ünïcödé_heading-2 see-retinol-first img-alt-text-here html-raw-x a_b-c-d_e custom-id custom-id-2 custom-id-1 styled empty step-two--more sun--shade- fn1 crème-brûlée"
	if strings.Join(got, " ") != want {
		t.Errorf("ids = %q, want %q", strings.Join(got, " "), want)
	}
	for _, w := range []string{`<h2 id="custom-id">Mine</h2>`, `<h2 class="note" id="styled">Styled</h2>`, `<h2 id="quoted">Quoted</h2>`} {
		if !strings.Contains(html, w) {
			t.Errorf("missing %s in %s", w, html)
		}
	}
	if strings.Contains(html, "style=") {
		t.Errorf("a style attribute reached the page: %s", html)
	}
	var diags []string
	for _, x := range d.Diags {
		diags = append(diags, x.String())
	}
	wantDiags := []string{
		`content/guides/a.md:29:4: warning: heading id "custom-id" is already used on this page: it becomes "custom-id-1"; choose another`,
		`content/guides/a.md:31:4: warning: heading attribute "style" is not kept: a heading takes {#id} and {.class}`,
		`content/guides/a.md:41:4: warning: heading id "fn:1" has the form of a footnote's (fn:1, fnref:1): it becomes "fn1"; choose another`,
	}
	if strings.Join(diags, "\n") != strings.Join(wantDiags, "\n") {
		t.Errorf("diags:\n%s\nwant:\n%s", strings.Join(diags, "\n"), strings.Join(wantDiags, "\n"))
	}
}

func TestGFM(t *testing.T) {
	html, d := render(t, markdown.Options{}, "## Names & \"quotes\"\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote.[^1]\n\n[^1]: A footnote.\n")
	for _, want := range []string{`<h2 id="names--quotes">`, "<table>", `<td>1</td>`, `id="fn:1"`, "&ldquo;quotes&rdquo;"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in %s", want, html)
		}
	}
	if len(d.Headings) != 1 || d.Headings[0].ID != "names--quotes" || d.Headings[0].Text != `Names & “quotes”` {
		t.Errorf("headings = %+v", d.Headings)
	}
}

// TestDeepNesting: lists and quotes nested thousands of levels deep get a
// warning at their line and are built flattened, quickly, instead of a parse
// whose cost is cubic in the depth; real nesting and deep inline markup render.
func TestDeepNesting(t *testing.T) {
	tests := []struct {
		name, src string
		line      int // file line of the error; 0 for none
	}{
		{"blockquotes", "Intro.\n\n" + strings.Repeat(">", 5000) + " deep\n", 7},
		{"blockquotes spaced", strings.Repeat("> ", 5000) + "deep\n", 5},
		{"lists", strings.Repeat("- ", 5000) + "deep\n", 5},
		{"ordered lists", strings.Repeat("1. ", 5000) + "deep\n", 5},
		{"quotes in lists", strings.Repeat("- > ", 2500) + "deep\n", 5},
		{"indented lists", nestedList(1000), 5 + 100},
		{"repeated deep lines", strings.Repeat(strings.Repeat("- ", 600)+"x\n", 600), 5},
		{"tabs", strings.Repeat("\t", 60) + "x\n", 5},
		{"100 levels are fine", strings.Repeat("> ", 100) + "deep\n", 0},
		{"indented 100 levels are fine", nestedList(60), 0},
		{"thematic break", "- - -\n\n---\n", 0},
		{"emphasis", strings.Repeat("*", 5000) + "x" + strings.Repeat("*", 5000) + "\n", 0},
		{"links", strings.Repeat("[", 5000) + "x" + strings.Repeat("](/guides/)", 5000) + "\n", 0},
		{"numbers", strings.Repeat("1234567890", 1000) + ". x\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			html, d := render(t, markdown.Options{Links: testLinks()}, tt.src)
			if el := time.Since(start); el > 5*time.Second {
				t.Errorf("took %v", el)
			}
			if tt.line == 0 {
				if html == "" || d.Diags.HasErrors() {
					t.Errorf("not rendered: %v", d.Diags)
				}
				return
			}
			want := fmt.Sprintf("content/guides/a.md:%d: warning: lists and block quotes nested more than 100 levels deep", tt.line)
			if len(d.Diags) != 1 || !strings.HasPrefix(d.Diags[0].String(), want) {
				t.Errorf("diags = %v, want %q", d.Diags, want)
			}
			// The page is built: the text of the deepest line is there, and
			// no more containers are open than the limit allows.
			words := strings.Fields(tt.src)
			if last := words[len(words)-1]; !strings.Contains(html, last) {
				t.Errorf("%q missing from the page", last)
			}
			if n := strings.Count(html, "<blockquote>") + strings.Count(html, "<li>"); n > markdown.MaxNesting*strings.Count(tt.src, "\n") {
				t.Errorf("%d containers", n)
			}
		})
	}
}

func nestedList(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat("  ", i))
		b.WriteString("- item\n")
	}
	return b.String()
}

// TestBodyH1Demoted: the page title is the only <h1>; "# Heading" in a body
// becomes an <h2>, and deeper headings keep their level.
func TestBodyH1Demoted(t *testing.T) {
	html, d := render(t, markdown.Options{}, "# Top\n\n### Deep\n")
	if strings.Contains(html, "<h1") || !strings.Contains(html, `<h2 id="top">Top</h2>`) || !strings.Contains(html, `<h3 id="deep">`) {
		t.Errorf("html = %s", html)
	}
	if len(d.Headings) != 2 || d.Headings[0].Level != 2 || d.Headings[1].Level != 3 {
		t.Errorf("headings = %+v", d.Headings)
	}
}

// TestImageSize: images copied from content/ get width and height, so the
// page does not shift when they load.
func TestImageSize(t *testing.T) {
	links := testLinks()
	links.ImageSize = func(p string) (int, int, bool) {
		if p == "/images/a b.png" {
			return 40, 30, true
		}
		return 0, 0, false
	}
	html, d := render(t, markdown.Options{Links: links}, "![a](../images/a%20b.png) ![s](/site.js)\n")
	if !strings.Contains(html, `<img src="/images/a%20b.png" alt="a" width="40" height="30">`) || !strings.Contains(html, `<img src="/site.js" alt="s">`) {
		t.Errorf("html = %s", html)
	}
	if len(d.Diags) != 0 {
		t.Errorf("diags = %v", d.Diags)
	}
}

// TestEmailsAndTaskBoxes: an e-mail address is a mailto: link, never a file
// to look for; a list item that starts with the link [x](file.md) keeps its
// link (and its check), since GFM makes a task box only of "[x] " with a space.
func TestEmailsAndTaskBoxes(t *testing.T) {
	html, d := render(t, markdown.Options{Links: testLinks()},
		"Write to <me@example.com> or me@example.com.\n\n- [x](sub/b.md)\n- [X](nope.md)\n- [x] done\n- [ ] to do\n- [x]\n")
	for _, want := range []string{
		`<a href="mailto:me@example.com">me@example.com</a> or <a href="mailto:me@example.com">me@example.com</a>.`,
		`<li><a href="/guides/b/">x</a></li>`,
		`<li><input checked="" disabled="" type="checkbox" aria-label="done"> done</li>`,
		`<li><input disabled="" type="checkbox" aria-label="to do"> to do</li>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in %s", want, html)
		}
	}
	if len(d.Diags) != 1 || !strings.Contains(d.Diags[0].String(), `a.md:8:3: error: broken link "nope.md"`) {
		t.Errorf("diags = %v", d.Diags)
	}
}

// TestOffSiteImages: an image from another host is kept, with a warning
// that readers' browsers will ask that host for it; the site's own host,
// links and relative images are not warned of.
func TestOffSiteImages(t *testing.T) {
	links := testLinks()
	links.Host = "guides.example.org"
	_, d := render(t, markdown.Options{Links: links},
		"![a](https://cdn.example.com/a.png) ![b](//cdn.example.com/b.png) ![own](https://Guides.Example.org/c.png)\n[link](https://cdn.example.com/) ![rel](../images/a%20b.png)\n")
	var got []string
	for _, x := range d.Diags {
		got = append(got, x.String())
	}
	want := []string{
		`content/guides/a.md:5:1: warning: image "https://cdn.example.com/a.png" is on another site: every reader's browser asks that site for it; copy the image into content/ and write its path`,
		`content/guides/a.md:5:37: warning: image "//cdn.example.com/b.png" is on another site: every reader's browser asks that site for it; copy the image into content/ and write its path`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diags:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestShortcodes: Hugo's and Zola's shortcodes, which derma does not have,
// are warned of where they are written, with what to write instead; the
// same text as code, and braces in prose, are not.
func TestShortcodes(t *testing.T) {
	src := "See [the mask]({{< ref \"sheet.md\" >}}) and {{< relref \"b.md\" >}}.\n\n" +
		"{{< figure src=\"/a.png\" title=\"A sheet mask\" >}}\n\n{{% notice tip %}}\nPat.\n{{% /notice %}}\n\n" +
		"{{ youtube(id=\"abc\") }}\n\n{% note() %}\nHi\n{% end %}\n\n" +
		"Code: `{{< ref \"x.md\" >}}` and\n\n```\n{{< figure >}}\n```\n\n" +
		"Braces {{ in prose }}, {% prose %}, {{< not closed and {{.Title}}.\n\n<!--more-->\n\n`<!--more-->`\n"
	_, d := render(t, markdown.Options{}, src)
	var got []string
	for _, x := range d.Diags {
		got = append(got, x.String())
	}
	const p = "content/guides/a.md:"
	want := []string{
		p + `27:1: warning: <!--more--> (Hugo's summary divider) is not read: a guide's summary on cards, in search and in the feed is its description: in front matter`,
		p + `5:16: warning: Hugo shortcode {{< ref >}} is shown as written: derma has no shortcodes; link to the file itself: [text](sheet.md)`,
		p + `5:44: warning: Hugo shortcode {{< relref >}} is shown as written: derma has no shortcodes; link to the file itself: [text](b.md)`,
		p + `7:1: warning: Hugo shortcode {{< figure >}} is shown as written: derma has no shortcodes; write a Markdown image: ![A sheet mask](/a.png)`,
		p + `9:1: warning: Hugo shortcode {{% notice %}} is shown as written: derma has no shortcodes; write it in Markdown, or as a compare or routine block`,
		p + `13:1: warning: Zola shortcode youtube() is shown as written: derma has no shortcodes; an embed would load another site into the page; link to it instead: [text](https://…)`,
		p + `15:1: warning: Zola shortcode note() is shown as written: derma has no shortcodes; write it in Markdown, or as a compare or routine block`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diags:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
