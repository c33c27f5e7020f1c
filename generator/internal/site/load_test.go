package site_test

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/diag"
	"derma/generator/internal/site"
)

var now = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

const siteYAML = "title: Test\nbase_url: https://example.org/\n"

// load builds a site from files (paths under content/), adding site.yaml.
func load(t *testing.T, files map[string]string) (*site.Site, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{"content/site.yaml": {Data: []byte(siteYAML)}}
	for p, s := range files {
		fsys["content/"+p] = &fstest.MapFile{Data: []byte(s)}
	}
	s, d := site.Load(fsys, site.Options{Now: now})
	d.Sort()
	return s, d
}

func messages(d diag.List) string {
	var b strings.Builder
	for _, x := range d {
		b.WriteString(x.String())
		b.WriteByte('\n')
	}
	return b.String()
}

const okGuide = "---\ntitle: A\ndescription: d\ndate: 2025-01-02\n---\nBody\n"

// TestLoadBadInput holds the contract's promise that bad content gets a
// path:line message (and an error where it must stop the build), never a panic.
func TestLoadBadInput(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // each a substring of one diagnostic line
		ok    bool     // no errors expected
	}{
		{"empty file", map[string]string{"guides/x.md": ""},
			[]string{"content/guides/x.md:1:1: error: no front matter"}, false},
		{"no front matter", map[string]string{"guides/x.md": "# Hello\n\nText.\n"},
			[]string{"content/guides/x.md:1:1: error: no front matter"}, false},
		{"unclosed front matter", map[string]string{"guides/x.md": "---\ntitle: A\ndate: 2025-01-02\n\nBody\n"},
			[]string{"content/guides/x.md:1:1: error: front matter opened with \"---\" is never closed"}, false},
		{"unclosed after blank lines", map[string]string{"guides/x.md": "\n\n---\ntitle: A\n"},
			[]string{"content/guides/x.md:3:1: error: front matter opened with \"---\" is never closed"}, false},
		{"invalid YAML", map[string]string{"guides/x.md": "---\ntitle: A\ndate: 2025-01-02\ntags: [a, b\n---\n"},
			[]string{"content/guides/x.md:", "error: invalid YAML front matter"}, false},
		{"TOML slug and faq written as TOML", map[string]string{"guides/x.md": "+++\ntitle = \"A\"\ndescription = \"d\"\ndate = 2025-01-01\nslug = \"Bad Slug\"\n[faq]\nq = \"x\"\n+++\n"},
			[]string{`write slug = "bad-slug"`, `faq must be a list of questions: write each question as a table [[faq]]`}, false},
		{"JSON slug written as JSON", map[string]string{"guides/x.md": "{\n\"title\": \"A\",\n\"description\": \"d\",\n\"date\": \"2025-01-01\",\n\"slug\": \"Bad Slug\"\n}\n"},
			[]string{`content/guides/x.md:5:1: error: slug "Bad Slug" may only hold lower-case a-z, 0-9 and hyphens (no /, .., spaces or capitals): write "slug": "bad-slug"`}, false},
		{"TOML time of day as date", map[string]string{"guides/x.md": "+++\ntitle = \"A\"\ndescription = \"d\"\ndate = 10:00:00\n+++\n"},
			[]string{"content/guides/x.md:4:1: error: date must be a date as YYYY-MM-DD or RFC 3339 (2025-03-14T09:00:00Z), not the time of day 10:00:00"}, false},
		{"invalid YAML tab", map[string]string{"guides/x.md": "---\ntitle: A\n\tdate: x\n---\n"},
			[]string{"content/guides/x.md:3: error: invalid YAML front matter"}, false},
		{"invalid TOML", map[string]string{"guides/x.md": "+++\ntitle = \"A\"\ndate = \n+++\n"},
			[]string{"content/guides/x.md:3:", "error: invalid TOML front matter"}, false},
		{"invalid JSON", map[string]string{"guides/x.md": "{\n\"title\": \"A\",\n\"date\": \n}\n\nBody\n"},
			[]string{"content/guides/x.md:", "error: invalid JSON front matter"}, false},
		{"JSON without the blank line after it", map[string]string{"guides/x.md": "{\n\"title\": \"A\"\n}\nBody\n"},
			[]string{"content/guides/x.md:1:1: error: JSON front matter opened with \"{\" is never closed"}, false},
		{"front matter is a list", map[string]string{"guides/x.md": "---\n- a\n- b\n---\n"},
			[]string{"content/guides/x.md:2:1: error: front matter must be a mapping"}, false},
		{"date is a number", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 12\n---\n"},
			[]string{"content/guides/x.md:4:1: error: date must be a date as YYYY-MM-DD"}, false},
		{"date does not exist", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-02-30\n---\n"},
			[]string{"content/guides/x.md:4:1: error: date \"2025-02-30\" is not a real date"}, false},
		{"date month 13", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-13-01\n---\n"},
			[]string{"content/guides/x.md:4:1: error: date \"2025-13-01\" is not a real date"}, false},
		{"updated does not exist", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nupdated: 2023-02-29\n---\n"},
			[]string{"content/guides/x.md:5:1: error: updated \"2023-02-29\" is not a real date"}, false},
		{"missing title and date", map[string]string{"guides/x.md": "---\ndescription: d\n---\n"},
			[]string{"content/guides/x.md:1: error: missing required title", "content/guides/x.md:1: error: missing required date"}, false},
		{"title is a list", map[string]string{"guides/x.md": "---\ntitle: [a, b]\ndescription: d\ndate: 2025-01-01\n---\n"},
			[]string{"content/guides/x.md:2:1: error: title must be text, not a list"}, false},
		{"draft is not a bool", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\ndraft: maybe\n---\n"},
			[]string{"content/guides/x.md:5:1: error: draft must be true or false"}, false},
		{"tags is a mapping", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\ntags: {a: b}\n---\n"},
			[]string{"content/guides/x.md:5:1: error: tags must be a list, not a mapping"}, false},
		{"missing description warns", map[string]string{"guides/x.md": "---\ntitle: A\ndate: 2025-01-01\n---\n"},
			[]string{"content/guides/x.md:2:1: warning: missing description"}, true},
		{"empty description warns at its line", map[string]string{"guides/x.md": "---\ntitle: A\ndate: 2025-01-01\ndescription: \"\"\n---\n"},
			[]string{"content/guides/x.md:4:1: warning: empty description"}, true},
		{"swapped letters in a key warn", map[string]string{"guides/x.md": "---\ntitel: A\ndescription: d\ndate: 2025-01-01\n---\n"},
			[]string{`content/guides/x.md:2:1: warning: unknown key "titel" (did you mean "title"?)`}, false},
		{"a known key in capitals beside itself warns", map[string]string{"guides/x.md": "---\ntitle: A\nTitle: B\ndescription: d\ndate: 2025-01-01\n---\n"},
			[]string{`content/guides/x.md:3:1: warning: Title: is title: again (keys are read in any case), and only title: is read: remove one of them`}, true},
		{"a long key two letters off warns", map[string]string{"guides/x.md": "---\ntitle: A\ndescripton: d\ndate: 2025-01-01\ningrediants: [x]\n---\n"},
			[]string{`content/guides/x.md:3:1: warning: unknown key "descripton" (did you mean "description"?)`, `content/guides/x.md:5:1: warning: unknown key "ingrediants" (did you mean "ingredients"?)`}, true},
		{"entry without a name is told the name its file gives", map[string]string{"ingredients/green-tea_extract.md": "---\ninci: Camellia Sinensis\n---\n"},
			[]string{"content/ingredients/green-tea_extract.md:1: error: missing required name: add name: Green tea extract to the front matter"}, false},
		{"index.md directly in guides/ warns", map[string]string{"guides/index.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\n---\n"},
			[]string{"content/guides/index.md:1: warning: guides/index.md is a page of its own at /guides/index/; the text that opens the list page /guides/ goes in guides/_index.md"}, true},
		{"near-miss key warns", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\ningredient: [retinol]\n---\n"},
			[]string{"content/guides/x.md:5:1: warning: unknown key \"ingredient\" (did you mean \"ingredients\"?)"}, true},
		{"alias for aliases", map[string]string{"ingredients/x.md": "---\nname: X\nalias: [y]\n---\n", "guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nAlias: [/old/]\n---\n"},
			[]string{"content/ingredients/x.md:3:1: warning: unknown key \"alias\" (did you mean \"aliases\"?)", "content/guides/x.md:5:1: warning: unknown key \"Alias\" (did you mean \"aliases\"?)"}, true},
		{"invalid UTF-8", map[string]string{"guides/x.md": "---\ntitle: A\xff\n---\n"},
			[]string{"content/guides/x.md:2:9: error: invalid UTF-8"}, false},
		{"BOM is accepted", map[string]string{"guides/x.md": "\ufeff" + okGuide}, nil, true},
		{"CRLF is accepted", map[string]string{"guides/x.md": strings.ReplaceAll(okGuide, "\n", "\r\n")}, nil, true},
		{"CRLF keeps line numbers", map[string]string{"guides/x.md": "---\r\ntitle: A\r\ndescription: d\r\n\r\ndate: 2025-02-30\r\n---\r\n"},
			[]string{"content/guides/x.md:5:1: error: date \"2025-02-30\" is not a real date"}, false},
		{"slug with slash", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nslug: a/b\n---\n"},
			[]string{"content/guides/x.md:5:1: error: slug \"a/b\" may only hold"}, false},
		{"slug with dots", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nslug: ../etc\n---\n"},
			[]string{"content/guides/x.md:5:1: error: slug \"../etc\" may only hold"}, false},
		{"slug with space", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nslug: a b\n---\n"},
			[]string{"content/guides/x.md:5:1: error: slug \"a b\" may only hold"}, false},
		{"slug upper case", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nslug: Retinol\n---\n"},
			[]string{"content/guides/x.md:5:1: error: slug \"Retinol\" may only hold", "write slug: retinol"}, false},
		{"two guides one slug", map[string]string{
			"guides/a.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nslug: same\n---\n",
			"guides/b.md": "---\ntitle: B\ndescription: d\ndate: 2025-01-01\nslug: same\n---\n"},
			[]string{"content/guides/b.md:5: error: guide slug \"same\" is also the slug of content/guides/a.md: set another slug: here"}, false},
		{"a slug: meets a file name", map[string]string{
			"guides/first.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\n---\n",
			"guides/dup.md":   "---\ntitle: B\ndescription: d\ndate: 2025-01-01\nslug: first\n---\n"},
			[]string{"content/guides/dup.md:5: error: guide slug \"first\" is also the slug of content/guides/first.md: set another slug: here"}, false},
		{"two file names meet", map[string]string{
			"guides/a/same.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\n---\n",
			"guides/b/same.md": "---\ntitle: B\ndescription: d\ndate: 2025-01-01\n---\n"},
			[]string{"content/guides/b/same.md:1: error: guide slug \"same\" is also the slug of content/guides/a/same.md: rename one of the two files"}, false},
		{"two ingredients one slug", map[string]string{
			"ingredients/retinol.md":     "---\nname: Retinol\n---\n",
			"ingredients/sub/retinol.md": "---\nname: Retinol 2\n---\n"},
			[]string{"content/ingredients/sub/retinol.md:1: error: ingredient slug \"retinol\" is also the slug of content/ingredients/retinol.md"}, false},
		{"page slug reserved", map[string]string{"pages/search.md": "---\ntitle: Search\n---\n"},
			[]string{"content/pages/search.md:1: error: page slug \"search\" is taken"}, false},
		{"ingredient step invalid", map[string]string{"mask-types/x.md": "---\nname: X\nstep: during-serum\n---\n"},
			[]string{"content/mask-types/x.md:3:1: error: step \"during-serum\" is not before-serum or after-serum"}, false},
		{"time not am/pm", map[string]string{"ingredients/x.md": "---\nname: X\ntime: [am, noon]\n---\n"},
			[]string{"content/ingredients/x.md:3:", "error: time \"noon\" is not am or pm"}, false},
		{"draft on an ingredient and a page", map[string]string{"ingredients/x.md": "---\nname: X\ndraft: true\n---\n", "pages/p.md": "---\ntitle: P\ndraft: true\n---\n"},
			[]string{"content/ingredients/x.md:3:1: warning: draft: true holds back guides only: this ingredient is published all the same",
				"content/pages/p.md:3:1: warning: draft: true holds back guides only: this page is published"}, true},
		{"updated before date", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-02\nupdated: 2024-12-01\n---\n"},
			[]string{"content/guides/x.md:5:1: warning: updated 2024-12-01 is before date 2025-01-02"}, true},
		{"slug empty", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nslug: \"\"\n---\n"},
			[]string{"content/guides/x.md:5:1: error: slug is empty: remove the line to use the file name (x), or write slug: x"}, false},
		{"slug with a space before it", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nslug: \"  a \"\n---\n"},
			[]string{"content/guides/x.md:5:1: error: slug \"  a \" may only hold lower-case a-z, 0-9 and hyphens (no /, .., spaces or capitals): write slug: a"}, false},
		{"slug of symbols", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nslug: \"!!\"\n---\n"},
			[]string{"content/guides/x.md:5:1: error: slug \"!!\" may only hold", "write slug: some-words"}, false},
		{"mask type without name", map[string]string{"mask-types/x.md": "---\ndescription: d\n---\n"},
			[]string{"content/mask-types/x.md:1: error: missing required name: add name: X to the front matter"}, false},
		{"order not a number", map[string]string{"products/x.md": "---\nname: X\norder: first\n---\n"},
			[]string{"content/products/x.md:3:1: error: order must be a whole number"}, false},
		{"date as a list", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: [2024-01-01]\n---\n"},
			[]string{"content/guides/x.md:4:1: error: date must be a date as YYYY-MM-DD or RFC 3339 (2025-03-14T09:00:00Z), not a list"}, false},
		{"date in year 0", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 0000-01-01\n---\n"},
			[]string{"content/guides/x.md:4:1: error: date 0000-01-01 is in the year 0: write the real date as YYYY-MM-DD"}, false},
		{"Hugo and Zola keys that move or hold back a page", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nurl: /2019/old/\npublishDate: 2030-01-01\nexpiryDate: 2020-01-01\n---\n", "guides/z.md": "+++\ntitle = \"Z\"\ndescription = \"d\"\ndate = 2025-01-01\npath = \"2019/z\"\nrender = false\n+++\n"},
			[]string{"content/guides/x.md:5:1: warning: url: is not read (it is Hugo's or Zola's): to keep an old address write aliases: [/the/old/address/]",
				"content/guides/x.md:6:1: warning: publishDate: is not read (it is Hugo's or Zola's): a guide is published on its date:",
				"content/guides/x.md:7:1: warning: expiryDate: is not read (it is Hugo's or Zola's): nothing takes a guide down by date: set draft: true",
				"content/guides/z.md:5:1: warning: path: is not read", "content/guides/z.md:6:1: warning: render: is not read (it is Hugo's or Zola's): to keep a guide out of the site, set draft: true"}, true},
		{"TOML between --- lines", map[string]string{"guides/x.md": "---\ntitle = \"A\"\ndate = 2025-01-01\n---\n"},
			[]string{"content/guides/x.md:2:1: error: front matter between --- lines is YAML (key: value), and this is TOML (key = value): put it between +++ lines"}, false},
		{"faq item of other types", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nfaq:\n  - q: [a]\n    a: x\n  - q: Q\n    a: [one, two]\n---\n"},
			[]string{"content/guides/x.md:6:5: error: faq item 1: q must be text, not a list: write q: the question",
				"content/guides/x.md:8:5: error: faq item 2: a must be text (Markdown), not a list: write a: the answer"}, false},
		{"faq item without answer", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nfaq:\n  - q: Why?\n---\n"},
			[]string{"content/guides/x.md:6:5: error: faq item 1 needs both q:"}, false},
		{"YAML key written twice", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\ntitle: B\n---\n"},
			[]string{"content/guides/x.md:5:1: warning: title: is written again here (first on line 2) and this value replaces the first; remove one of them"}, true},
		{"YAML key written twice, slow path", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nx: &a [1]\ndate: 2025-01-02\n---\n"},
			[]string{"content/guides/x.md:6:1: warning: date: is written again here (first on line 4)"}, true},
		{"JSON key written twice", map[string]string{"guides/x.md": "{\n\"title\": \"A\",\n\"description\": \"d\",\n\"date\": \"2025-01-01\",\n  \"title\": \"B\"\n}\n\nBody\n"},
			[]string{"content/guides/x.md:5:3: warning: title: is written again here (first on line 2)"}, true},
		{"TOML key written twice", map[string]string{"guides/x.md": "+++\ntitle = \"A\"\ntitle = \"B\"\n+++\n"},
			[]string{"content/guides/x.md:3:", "error: invalid TOML front matter"}, false},
		{"site.yaml key written twice", map[string]string{"site.yaml": "title: A\nbase_url: https://example.org/\ntitle: B\n"},
			[]string{"content/site.yaml:3:1: warning: title: is written again here (first on line 1)"}, true},
		{"Markdown extension in upper case", map[string]string{"guides/Upper.MD": okGuide},
			[]string{"content/guides/Upper.MD:1: warning: not built and not copied: Markdown files end in .md; rename it to Upper.md"}, true},
		{"Markdown extension spelled out", map[string]string{"ingredients/retinol.markdown": "---\nname: Retinol\n---\n"},
			[]string{"content/ingredients/retinol.markdown:1: warning: not built and not copied: Markdown files end in .md; rename it to retinol.md"}, true},
		{"list written as one string", map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\ningredients: retinol, niacinamide\n---\n"},
			[]string{`content/guides/x.md:5:14: warning: ingredients: "retinol, niacinamide" is read as 2 names; write them as a list, ingredients: [retinol, niacinamide]`}, true},
		{"file name not UTF-8", map[string]string{"images/caf\xe9.png": "x", "guides/x.md": okGuide},
			[]string{"content/images/caf\uFFFD.png:1: error: the name is not valid UTF-8 (written in another encoding); rename it"}, false},
		{"file name with a line break", map[string]string{"guides/bad\nname.md": okGuide, "images/a\x01.png": "x", "guides/x.md": okGuide},
			[]string{`"content/guides/bad\nname.md":1: error: the name holds a line break or another control character; rename it`,
				`"content/images/a\x01.png":1: error: the name holds a line break`}, false},
		{"_index.md with no list page", map[string]string{"pages/_index.md": "---\ntitle: Pages\n---\n", "guides/sub/_index.md": "---\ntitle: Sub\n---\n"},
			[]string{"content/pages/_index.md:1: warning: not used: an _index.md opens the list page of guides/, ingredients/, mask-types/ or products/, and pages/ has none",
				"content/guides/sub/_index.md:1: warning: not used: an _index.md opens the list page of guides/, ingredients/, mask-types/ or products/, and guides/sub/ has none"}, true},
		{"a translation as Hugo names it", map[string]string{"guides/serum.fr.md": okGuide, "guides/vitamin.c.md": okGuide},
			[]string{"content/guides/serum.fr.md:1: warning: a name ending in .fr.md is a translation in Hugo: derma builds a site in one language (site.yaml's language:), so this is a page of its own, /guides/serum-fr/; build each language as a site of its own"}, true},
		{"Markdown where Hugo keeps pages", map[string]string{"about.md": "---\ntitle: About\n---\n", "posts/Night Care.md": "x", "posts/sheet/index.md": "x", "posts/_index.md": "x", "_index.md": "x", "docs/x.markdown": "x"},
			[]string{"content/about.md:1: warning: Markdown outside guides/, ingredients/, mask-types/, products/ and pages/ is copied as it is, not made a page; for a standalone page at /about/, move it to content/pages/about.md",
				"content/posts/Night Care.md:1: warning: Markdown outside guides/, ingredients/, mask-types/, products/ and pages/ is copied as it is, not made a page; move a guide to content/guides/Night Care.md (and add aliases: [/posts/night-care/] to keep its old address), a standalone page to content/pages/Night Care.md",
				"content/posts/sheet/index.md:1: warning: Markdown outside guides/, ingredients/, mask-types/, products/ and pages/ is copied as it is, not made a page; move the folder to content/guides/sheet/ (a page bundle: index.md and its files), and add aliases: [/posts/sheet/] to keep its old address",
				"content/posts/_index.md:1: warning: Markdown outside guides/, ingredients/, mask-types/, products/ and pages/ is copied as it is, not made a page; the text that opens the list of guides goes in content/guides/_index.md",
				"content/_index.md:1: warning: Markdown outside guides/, ingredients/, mask-types/, products/ and pages/ is copied as it is, not made a page; the home page is made from site.yaml",
				"content/docs/x.markdown:1: warning: Markdown outside"}, true},
		{"YAML alias bomb", map[string]string{"guides/x.md": aliasBomb()},
			[]string{"content/guides/x.md:2: error: invalid YAML front matter: document contains excessive aliasing"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := load(t, tt.files)
			got := messages(d)
			if d.HasErrors() == tt.ok {
				t.Errorf("errors = %v, want %v; got:\n%s", d.HasErrors(), !tt.ok, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
		})
	}
}

// aliasBomb is the "billion laughs": nine levels of nine aliases each.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("---\ntitle: A\ndate: 2025-01-01\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("a")
		b.WriteString(string(rune('0' + i)))
		b.WriteString(": &a")
		b.WriteString(string(rune('0' + i)))
		b.WriteString(" [")
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a")
			b.WriteString(string(rune('0' + i - 1)))
		}
		b.WriteString("]\n")
	}
	b.WriteString("---\n")
	return b.String()
}

func TestAliasBombIsQuick(t *testing.T) {
	start := time.Now()
	_, d := load(t, map[string]string{"guides/x.md": aliasBomb()})
	if !d.HasErrors() {
		t.Fatalf("alias bomb accepted")
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("alias bomb took %v to refuse", el)
	}
}

// TestLoadAccepts covers input that looks odd but is valid.
func TestLoadAccepts(t *testing.T) {
	s, d := load(t, map[string]string{
		"guides/Crème Masks.md":           "---\ntitle: A\ndescription: d\ndate: 2025-01-01\ningredients: retinol\n---\n",
		"guides/two words.md":             "---\ntitle: B\ndescription: d\ndate: 2025-01-02\n---\n",
		"guides/Ölpflege_Tipps.md":        "---\ntitle: C\ndescription: d\ndate: 2025-01-03\n---\n",
		"guides/toml.md":                  "+++\ntitle = \"T\"\ndescription = \"d\"\ndate = 2025-01-04\ntags = [\"x\"]\n+++\nBody\n",
		"guides/json.md":                  "{\n  \"title\": \"J\",\n  \"description\": \"d\",\n  \"date\": \"2025-01-05\"\n}\n\nBody\n",
		"guides/rfc.md":                   "---\ntitle: R\ndescription: d\ndate: 2025-01-06T09:00:00Z\n---\n",
		"guides/rfc-lower.md":             "---\ntitle: L\ndescription: d\ndate: 2025-01-06t09:00:00z\n---\n",
		"guides/crlf.md":                  "\ufeff---\r\ntitle: C\r\ndescription: d\r\ndate: 2025-01-07\r\n---\r\nBody\r\n",
		"products/quoted.md":              "---\nname: Quoted\norder: \"40\"\n---\n",
		"products/float.md":               "{\n  \"name\": \"Float\",\n  \"order\": 20.0\n}\n",
		"guides/quoted-draft.md":          "---\ntitle: Q\ndescription: d\ndate: 2025-01-08\ndraft: \"True\"\n---\n",
		"guides/quoted-live.md":           "---\ntitle: Q\ndescription: d\ndate: 2025-01-08\ndraft: \"false\"\n---\n",
		"guides/bundle-one/index.md":      "---\ntitle: B1\ndescription: d\ndate: 2025-01-10\n---\n",
		"guides/deep/bundle-two/index.md": "---\ntitle: B2\ndescription: d\ndate: 2025-01-11\n---\n",
		"products/serum.md":               "---\nname: Serum\norder: 40\nstep: 3\nrinse_off: usually\ninci: [Aqua, Glycerin]\n---\n",
		"ingredients/lactic.md":           "---\nname: Lactic Acid\nstep: exfoliate\nfrequency: [nightly, weekly]\nabsorption: [fast]\norder: late\n---\n",
		"guides/index.md":                 "---\ntitle: I\ndescription: d\ndate: 2025-01-12\nslug: start-here\n---\n",
		"guides/capitals.md":              "---\nTitle: Caps\nDescription: d\nDate: 2025-01-09\nTags: [x]\nHero: h.jpg\n---\n",
		"ingredients/caps.md":             "+++\nName = \"Caps\"\nAliases = [\"cp\"]\n+++\n",
	})
	if d.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", messages(d))
	}
	slugs := map[string]*site.Guide{}
	for _, g := range s.Guides {
		slugs[g.Slug] = g
	}
	if slugs["quoted-draft"] != nil {
		t.Errorf("draft: \"True\" is published")
	}
	for _, want := range []string{"creme-masks", "two-words", "olpflege-tipps", "toml", "json", "rfc", "rfc-lower", "crlf", "quoted-live", "bundle-one", "bundle-two", "start-here"} {
		if slugs[want] == nil {
			t.Errorf("no guide with slug %q; have %v", want, keys(slugs))
		}
	}
	if g := slugs["creme-masks"]; g != nil {
		refs := g.Refs[site.Ingredient]
		if len(refs) != 1 || refs[0].Text != "retinol" || refs[0].Pos.Line != 5 {
			t.Errorf("ingredients: retinol as a string: got %+v, want one item at line 5", refs)
		}
	}
	if g := slugs["toml"]; g != nil && (g.Title != "T" || len(g.Terms[site.Tags]) != 1) {
		t.Errorf("toml guide: %+v", g)
	}
	for _, e := range s.Entries[site.Product] {
		want := map[string]int{"Quoted": 40, "Float": 20, "Serum": 40}[e.Name]
		if !e.HasOrder || e.Order != want {
			t.Errorf("%s: order = %d (set %v), want %d", e.Name, e.Order, e.HasOrder, want)
		}
	}
	if g := slugs["capitals"]; g == nil || g.Title != "Caps" || g.Description != "d" || len(g.Terms[site.Tags]) != 1 || g.Params["Hero"] != "h.jpg" {
		t.Errorf("keys in capitals: %+v", g)
	}
	if i := slices.IndexFunc(s.Entries[site.Ingredient], func(e *site.Entry) bool { return e.Slug == "caps" }); i < 0 || s.Entries[site.Ingredient][i].Name != "Caps" || len(s.Entries[site.Ingredient][i].Aliases) != 1 {
		t.Errorf("entry keys in capitals: %+v", s.Entries[site.Ingredient])
	}
	for _, m := range d {
		if strings.Contains(m.Path, "cap") || strings.HasSuffix(m.Path, "guides/index.md") {
			t.Errorf("keys in capitals: %s", m)
		}
	}
	// A key of another kind's table is a fact of the entry's own.
	for _, e := range append(s.Entries[site.Product], s.Entries[site.Ingredient]...) {
		switch e.Name {
		case "Serum":
			if e.INCI != "" || e.Step != "" || e.Fields["rinse_off"] != "usually" {
				t.Errorf("serum: inci %q, step %q, fields %v", e.INCI, e.Step, e.Fields)
			}
		case "Lactic Acid":
			if e.Step != "" || e.HasOrder || e.Fields["order"] != "late" {
				t.Errorf("lactic acid: step %q, order %v, fields %v", e.Step, e.HasOrder, e.Fields)
			}
		}
	}
	if g := slugs["crlf"]; g != nil && g.Title != "C" {
		t.Errorf("CRLF title = %q", g.Title)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestDraftsAndFuture(t *testing.T) {
	files := map[string]string{
		"guides/draft.md":  "---\ntitle: D\ndescription: d\ndate: 2025-01-01\ndraft: true\n---\n",
		"guides/future.md": "---\ntitle: F\ndescription: d\ndate: 2030-01-01\n---\n",
		"guides/now.md":    okGuide,
	}
	fsys := fstest.MapFS{"content/site.yaml": {Data: []byte(siteYAML)}}
	for p, s := range files {
		fsys["content/"+p] = &fstest.MapFile{Data: []byte(s)}
	}
	tests := []struct {
		name  string
		opts  site.Options
		count int
	}{
		{"default", site.Options{Now: now}, 1},
		{"drafts", site.Options{Now: now, Drafts: true}, 2},
		{"future", site.Options{Now: now, Future: true}, 2},
		{"both", site.Options{Now: now, Drafts: true, Future: true}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, d := site.Load(fsys, tt.opts)
			if d.HasErrors() {
				t.Fatal(messages(d))
			}
			if len(s.Guides) != tt.count {
				t.Errorf("%d guides, want %d", len(s.Guides), tt.count)
			}
		})
	}
}

func TestSiteConfig(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string
	}{
		{"missing title", "base_url: https://example.org/\n", "content/site.yaml:1: error: missing required title"},
		{"bad base_url", "title: T\nbase_url: example.org\n", "content/site.yaml:2:1: error: base_url \"example.org\""},
		{"invalid YAML", "title: T\nbase_url: [\n", "content/site.yaml:2: error: invalid YAML site settings"},
		{"raw_html not bool", "title: T\nraw_html: yes please\n", "content/site.yaml:2:1: error: raw_html must be true or false, not the text \"yes please\": write raw_html: true or raw_html: false"},
		{"raw_html a number", "title: T\nraw_html: 2\n", "content/site.yaml:2:1: error: raw_html must be true or false, not 2"},
		{"language not a tag", "title: T\nlanguage: English <UK>\n", "content/site.yaml:2:1: error: language \"English <UK>\" is not a language tag"},
		{"bracket open at the end", "title: [", "content/site.yaml:1: error: invalid YAML site settings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"content/site.yaml": {Data: []byte(tt.yaml)}}
			_, d := site.Load(fsys, site.Options{Now: now})
			if got := messages(d); !strings.Contains(got, tt.want) || !d.HasErrors() {
				t.Errorf("want error %q, got:\n%s", tt.want, got)
			}
		})
	}
	// Settings written as YAML documents or as front matter, or in
	// site.yml, read as plain site.yaml does, every line in its place.
	for _, tt := range []struct{ name, file, src, want string }{
		{"between --- lines", "site.yaml", "---\ntitle: Dashes\nbase_url: https://example.org/\n---\n", "Dashes"},
		{"document end", "site.yaml", "\xef\xbb\xbf---\ntitle: Dots\n...\n", "Dots"},
		{"site.yml", "site.yml", "title: Short\n", "Short"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"content/" + tt.file: {Data: []byte(tt.src)}}
			s, d := site.Load(fsys, site.Options{Now: now})
			if d.HasErrors() || s.Config.Title != tt.want {
				t.Errorf("title %q, want %q; messages:\n%s", s.Config.Title, tt.want, messages(d))
			}
		})
	}
	t.Run("marker lines keep places", func(t *testing.T) {
		fsys := fstest.MapFS{"content/site.yaml": {Data: []byte("---\ntitle: T\nraw_html: maybe\n---\n")}}
		_, d := site.Load(fsys, site.Options{Now: now})
		if got := messages(d); !strings.Contains(got, "content/site.yaml:3:1: error: raw_html must be true or false") {
			t.Errorf("got:\n%s", got)
		}
	})
	t.Run("missing site.yaml", func(t *testing.T) {
		_, d := site.Load(fstest.MapFS{"content/guides/x.md": {Data: []byte(okGuide)}}, site.Options{Now: now})
		if got := messages(d); !strings.Contains(got, "content/site.yaml:1: error: missing") {
			t.Errorf("got:\n%s", got)
		}
	})
}

// TestHeldGuides: a guide the build leaves out tells its errors (they would
// stop it being published) and none of its warnings, until it is built.
func TestHeldGuides(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":       {Data: []byte(siteYAML)},
		"content/guides/now.md":   {Data: []byte(okGuide)},
		"content/guides/wip.md":   {Data: []byte("---\ntitle: WIP\ndate: 2025-01-01\ndraft: true\ningredent: [x]\n---\n")},
		"content/guides/later.md": {Data: []byte("---\ntitle: Later\ndate: 2030-01-01\n---\n")},
		"content/guides/bad.md":   {Data: []byte("---\ntitle: Bad\ndescription: d\ndate: 2025-01-01\ndraft: true\nslug: Not Valid\n---\n")},
	}
	_, d := site.Load(fsys, site.Options{Now: now})
	got := messages(d)
	if strings.Contains(got, "wip.md") || strings.Contains(got, "later.md") {
		t.Errorf("warnings of guides left out:\n%s", got)
	}
	if !strings.Contains(got, "content/guides/bad.md:6:1: error: slug") {
		t.Errorf("the error of a draft is not told:\n%s", got)
	}
	_, d = site.Load(fsys, site.Options{Now: now, Drafts: true, Future: true})
	got = messages(d)
	for _, want := range []string{"content/guides/wip.md:2:1: warning: missing description", "content/guides/wip.md:5:1: warning: unknown key", "content/guides/later.md:2:1: warning: missing description"} {
		if !strings.Contains(got, want) {
			t.Errorf("built with --drafts --future: no %q in\n%s", want, got)
		}
	}
}

// TestNotRegularFiles: a named pipe in content/ is an error at its path;
// reading it would wait for a writer for ever.
func TestNotRegularFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":     {Data: []byte("title: T\n")},
		"content/guides/p.md":   {Mode: fs.ModeNamedPipe},
		"content/images/x.png":  {Mode: fs.ModeNamedPipe},
		"content/images/ok.png": {Data: []byte("png")},
	}
	s, diags := site.Load(fsys, site.Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	want := "content/guides/p.md:1: error: not a regular file (a named pipe, socket or device): remove it from content/\n" +
		"content/images/x.png:1: error: not a regular file (a named pipe, socket or device): remove it from content/"
	if got := diags.Error(); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if len(s.Files) != 1 || s.Files[0] != "content/images/ok.png" {
		t.Errorf("files = %v", s.Files)
	}
}

// TestHiddenFiles: hidden files such as .htaccess and the .well-known
// folder are copied; editors' and systems' files are not.
func TestHiddenFiles(t *testing.T) {
	fsys := fstest.MapFS{"content/site.yaml": {Data: []byte("title: T\n")}}
	copied := []string{"content/.htaccess", "content/.well-known/security.txt", "content/images/.keep"}
	for _, p := range copied {
		fsys[p] = &fstest.MapFile{Data: []byte("x")}
	}
	for _, p := range []string{"content/.DS_Store", "content/.git/config", "content/guides/.#a.md", "content/guides/a.md~",
		"content/guides/#a.md#", "content/guides/.a.md.swp", "content/guides/a.swp", "content/guides/.hidden.md"} {
		fsys[p] = &fstest.MapFile{Data: []byte("x")}
	}
	s, diags := site.Load(fsys, site.Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if fmt.Sprint(s.Files) != fmt.Sprint(copied) {
		t.Errorf("files = %v, want %v", s.Files, copied)
	}
}

// TestFuture: a date without a time is a day, published once the clock's own
// calendar reaches it, so that a guide dated today by an author ahead of UTC
// is not held back until the day begins in UTC.
func TestFuture(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	la := time.FixedZone("PST", -8*3600)
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tests := []struct {
		name   string
		date   time.Time
		now    time.Time
		future bool
	}{
		{"today in Tokyo, still yesterday in UTC", day("2026-12-04"), time.Date(2026, 12, 4, 8, 0, 0, 0, tokyo), false},
		{"tomorrow in Tokyo", day("2026-12-05"), time.Date(2026, 12, 4, 8, 0, 0, 0, tokyo), true},
		{"today in Los Angeles, already tomorrow in UTC", day("2026-12-03"), time.Date(2026, 12, 3, 20, 0, 0, 0, la), false},
		{"tomorrow in Los Angeles, today in UTC", day("2026-12-04"), time.Date(2026, 12, 3, 20, 0, 0, 0, la), true},
		{"today in UTC", day("2026-12-03"), time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), false},
		{"a time of day is an instant", time.Date(2026, 12, 4, 9, 0, 0, 0, tokyo), time.Date(2026, 12, 4, 8, 0, 0, 0, tokyo), true},
		{"a past instant", time.Date(2026, 12, 4, 7, 0, 0, 0, tokyo), time.Date(2026, 12, 4, 8, 0, 0, 0, tokyo), false},
	}
	for _, tt := range tests {
		if got := site.Future(&site.Guide{Date: tt.date}, tt.now); got != tt.future {
			t.Errorf("%s: Future = %v, want %v", tt.name, got, tt.future)
		}
	}
}

// TestNamesWithCommas: a list of names written as one string is split at
// its commas, each name placed where it is written; a comma without a space
// after it belongs to the name.
func TestNamesWithCommas(t *testing.T) {
	tests := []struct {
		value string
		want  []string
		cols  []int
	}{
		{"retinol, niacinamide", []string{"retinol", "niacinamide"}, []int{14, 23}},
		{"1,2-hexanediol", []string{"1,2-hexanediol"}, []int{14}},
		{"[\"Vitamin C, stable\"]", []string{"Vitamin C, stable"}, []int{15}},
		{"\"crème,  acide, \"", []string{"crème", "acide"}, []int{14, 22}}, // placed from the opening quote
	}
	for _, tt := range tests {
		s, _ := load(t, map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\ningredients: " + tt.value + "\n---\n"})
		if len(s.Guides) != 1 {
			t.Fatalf("%s: no guide", tt.value)
		}
		var got []string
		var cols []int
		for _, r := range s.Guides[0].Refs[site.Ingredient] {
			got = append(got, r.Text)
			cols = append(cols, r.Pos.Col)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) || fmt.Sprint(cols) != fmt.Sprint(tt.cols) {
			t.Errorf("%s: names %q at columns %v, want %q at %v", tt.value, got, cols, tt.want, tt.cols)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"title", "title", 0}, {"titel", "title", 1}, {"nmae", "name", 1}, {"tilte", "title", 1},
		{"dat", "date", 1}, {"ingrediants", "ingredients", 1}, {"abc", "cba", 2}, {"", "abc", 3}, {"crème", "creme", 1},
	} {
		if got := site.Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestAliasesOnce: "Also called" names each other name once; an alias that
// repeats the name, the INCI name or an earlier alias but for case and
// separators is left out, one with an accent of its own is not.
func TestAliasesOnce(t *testing.T) {
	s, d := load(t, map[string]string{
		"ingredients/ha.md":      "---\nname: Hyaluronic Acid\ninci: Sodium Hyaluronate\naliases: [HA, hyaluronic acid, ha, sodium-hyaluronate, Hyaluronan, HA, Hyaluronic_Acid, acide hyaluronique, Hyaluronsäure]\n---\n",
		"ingredients/retinol.md": "---\nname: Retinol\naliases: [rétinol, RETINOL, Vitamin A]\n---\n",
	})
	if d.HasErrors() {
		t.Fatal(messages(d))
	}
	for i, want := range []string{"HA|Hyaluronan|acide hyaluronique|Hyaluronsäure", "rétinol|Vitamin A"} {
		if got := strings.Join(s.Entries[site.Ingredient][i].Aliases, "|"); got != want {
			t.Errorf("aliases = %q, want %s", got, want)
		}
	}
}

// TestSlugListOneError: a slug written as a list is one problem, not two.
func TestSlugListOneError(t *testing.T) {
	_, d := load(t, map[string]string{"guides/x.md": "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nslug: [x]\n---\n"})
	if got := messages(d); len(d) != 1 || !strings.Contains(got, "x.md:5:1: error: slug must be text, not a list") {
		t.Errorf("want one error at the slug line, got:\n%s", got)
	}
}

// TestSortEntries: entries are listed as the A–Z index lists them, accents
// folded and in any case, wherever they appear.
func TestSortEntries(t *testing.T) {
	var es []*site.Entry
	for _, n := range []string{"Vitamin C", "Écorce d'Orange", "azelaic acid", "Zinc", "Ølie"} {
		es = append(es, &site.Entry{Name: n, Slug: n})
	}
	site.SortEntries(es)
	var got []string
	for i, e := range es {
		got = append(got, e.Name)
		if i > 0 && !site.EntryBefore(es[i-1], e) {
			t.Errorf("EntryBefore(%q, %q) is false", es[i-1].Name, e.Name)
		}
	}
	if want := "azelaic acid|Écorce d'Orange|Ølie|Vitamin C|Zinc"; strings.Join(got, "|") != want {
		t.Errorf("order %q, want %q", strings.Join(got, "|"), want)
	}
}

// TestCustomKeysQuiet: keys of a site's own, even a letter away from a
// short known key or another tool's name for one, are parameters and facts
// without a warning, so that --strict passes.
func TestCustomKeysQuiet(t *testing.T) {
	_, d := load(t, map[string]string{
		"guides/x.md":      "---\ntitle: A\ndescription: d\ndate: 2025-01-01\nupdated: 2025-02-01\ncreated: 2024-12-01\ndata: x\nrate: 5\nsummary: s\nlastmod: 2025-02-01\nexcerpt: e\n---\n",
		"ingredients/x.md": "---\nname: X\navoid: during pregnancy\ninci_name: Xa\nsource: plants\n---\n",
	})
	if len(d) != 0 {
		t.Errorf("warnings for keys of the site's own:\n%s", messages(d))
	}
}

// TestZolaTaxonomies: a guide's [taxonomies] table (Zola's) gives its free
// tags and lists, unless the top of the front matter has them too; other
// taxonomies are told of, not dropped without a word.
func TestZolaTaxonomies(t *testing.T) {
	s, d := load(t, map[string]string{
		"guides/x.md": "+++\ntitle = \"A\"\ndescription = \"d\"\ndate = 2025-01-01\nconcerns = [\"dryness\"]\n\n[taxonomies]\ntags = [\"sleeping mask\", \"night\"]\nconcerns = [\"dullness\"]\ningredients = [\"retinol\"]\ncategories = [\"care\"]\n+++\n\nBody.\n",
	})
	got := messages(d)
	for _, want := range []string{
		`content/guides/x.md:7:2: warning: taxonomies: categories is not read: the free tags of a guide are tags, concerns and skin_types`,
		`content/guides/x.md:7:2: warning: taxonomies: concerns is not read, since concerns is also written at the top; remove one of them`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	g := s.Guides[0]
	if len(g.Terms[site.Tags]) != 2 || g.Terms[site.Tags][0].Slug != "sleeping-mask" || len(g.Terms[site.Concerns]) != 1 || g.Terms[site.Concerns][0].Slug != "dryness" || len(g.Refs[site.Ingredient]) != 1 {
		t.Errorf("tags %v, concerns %v, ingredients %v", g.Terms[site.Tags], g.Terms[site.Concerns], g.Refs[site.Ingredient])
	}
}
