package blocks_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/blocks"
	"derma/generator/internal/diag"
	"derma/generator/internal/markdown"
	"derma/generator/internal/resolve"
	"derma/generator/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixture is a small site with every kind of entry the rules need.
var fixture = fstest.MapFS{
	"content/site.yaml": {Data: []byte("title: Test\nbase_url: https://example.org/docs/\n")},

	"content/products/cleanser.md":    {Data: []byte("---\nname: Cleanser\norder: 10\ntime: [am, pm]\nfrequency: twice a day\n---\n")},
	"content/products/toner.md":       {Data: []byte("---\nname: Toner\norder: 20\n---\n")},
	"content/products/face-mask.md":   {Data: []byte("---\nname: Face mask\naliases: [mask]\norder: 30\n---\n")},
	"content/products/serum.md":       {Data: []byte("---\nname: Serum\naliases: [serums]\norder: 40\nbest_for: [daily support, long-term concerns]\n---\n")},
	"content/products/moisturizer.md": {Data: []byte("---\nname: Moisturizer\naliases: [moisturiser]\norder: 60\n---\n")},
	"content/products/sunscreen.md":   {Data: []byte("---\nname: Sunscreen\naliases: [SPF]\norder: 90\ntime: [am]\n---\n")},

	"content/mask-types/sheet.md":    {Data: []byte("---\nname: Sheet mask\naliases: [sheet]\nfrequency: 1–3 times a week\nrinse_off: false\nstep: before-serum\nbest_for: [dry skin, most skin types]\n---\n")},
	"content/mask-types/clay.md":     {Data: []byte("---\nname: Clay mask\naliases: [clay]\nfrequency: 1–2 times a week\nrinse_off: true\nstep: before-serum\nscent: earthy <mud> & more\n---\n")},
	"content/mask-types/sleeping.md": {Data: []byte("---\nname: Sleeping mask\naliases: [sleeping, overnight mask]\nduration: overnight\nrinse_off: false\nstep: after-serum\ntime: [pm]\n---\n")},

	"content/ingredients/retinol.md":          {Data: []byte("---\nname: Retinol\ninci: Retinol\nfunctions: [retinoid]\ntime: [pm]\navoid_with: [glycolic acid, vitamin c, benzoyl peroxide]\npairs_with: [hyaluronic acid]\n---\n")},
	"content/ingredients/glycolic-acid.md":    {Data: []byte("---\nname: Glycolic Acid\naliases: [AHA]\nfunctions: [exfoliant]\ntime: [pm]\n---\n")},
	"content/ingredients/vitamin-c.md":        {Data: []byte("---\nname: Vitamin C\ninci: Ascorbic Acid\ntime: [am]\n---\n")},
	"content/ingredients/benzoyl-peroxide.md": {Data: []byte("---\nname: Benzoyl Peroxide\naliases: [BPO]\ntime: [am, pm]\n---\n")},
	"content/ingredients/hyaluronic-acid.md":  {Data: []byte("---\nname: Hyaluronic Acid\ninci: Sodium Hyaluronate\naliases: [HA]\nfunctions: [humectant]\n---\n")},
	"content/ingredients/niacinamide.md":      {Data: []byte("---\nname: Niacinamide\nfunctions: [barrier, oil balance]\n---\n")},
}

const path = "content/guides/t.md"

// bodyLine is the file line the test bodies start on, so that a block's
// fence sits on it and its first YAML line on bodyLine+1.
const bodyLine = 10

func load(t *testing.T) (*site.Site, *resolve.Index) {
	t.Helper()
	s, diags := site.Load(fixture, site.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	ix := resolve.Site(s, &diags)
	if diags.HasErrors() {
		t.Fatalf("fixture does not load:\n%v", diags)
	}
	return s, ix
}

// renderBody renders md as a guide body starting at bodyLine.
func renderBody(t *testing.T, md string) (string, *markdown.Doc) {
	t.Helper()
	s, ix := load(t)
	r := markdown.New(markdown.Options{Blocks: blocks.Funcs(s, ix)})
	d := &markdown.Doc{Path: path, Line: bodyLine, Source: []byte(md)}
	var out bytes.Buffer
	r.Render(d, &out)
	return out.String(), d
}

// block wraps YAML in a fence of the given kind.
func block(kind, yaml string) string {
	return "```" + kind + "\n" + strings.TrimPrefix(yaml, "\n") + "```\n"
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", name, file, got, want)
	}
}

// diagLines formats diagnostics as "line:col: severity: message".
func diagLines(l diag.List) []string {
	l.Sort()
	out := make([]string, len(l))
	for i, d := range l {
		out[i] = strings.TrimPrefix(d.String(), d.Path+":")
	}
	return out
}

// expectDiags checks that each of want ("14:5: warning: substring") matches
// one diagnostic, in order, and that there are no others.
func expectDiags(t *testing.T, got diag.List, want []string) {
	t.Helper()
	lines := diagLines(got)
	if len(lines) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(lines), len(want), strings.Join(lines, "\n"))
	}
	for i, w := range want {
		place, msg, _ := strings.Cut(w, " ")
		if !strings.HasPrefix(lines[i], place) || !strings.Contains(lines[i], msg) {
			t.Errorf("diagnostic %d = %q, want %q", i, lines[i], w)
		}
	}
	for _, d := range got {
		if d.Path != path || d.Line < bodyLine {
			t.Errorf("diagnostic %v does not name the file and line of the block", d)
		}
	}
}
