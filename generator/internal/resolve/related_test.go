package resolve_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/diag"
	"derma/generator/internal/resolve"
	"derma/generator/internal/site"
)

var now = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// guide is one guide of a test site: its slug, date and the front matter
// lines that say what it is about.
type guide struct {
	slug, date string
	fm         string
}

func loadSite(t *testing.T, guides []guide) (*site.Site, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: Test\n")},
	}
	for _, n := range []string{"retinol", "niacinamide", "vitamin-c", "peptides"} {
		fsys["content/ingredients/"+n+".md"] = &fstest.MapFile{Data: []byte("---\nname: " + n + "\n---\n")}
	}
	for _, n := range []string{"sheet", "clay"} {
		fsys["content/mask-types/"+n+".md"] = &fstest.MapFile{Data: []byte("---\nname: " + n + "\n---\n")}
	}
	for _, n := range []string{"serum", "toner"} {
		fsys["content/products/"+n+".md"] = &fstest.MapFile{Data: []byte("---\nname: " + n + "\n---\n")}
	}
	for _, g := range guides {
		src := fmt.Sprintf("---\ntitle: %s\ndescription: d.\ndate: %s\n%s---\nBody.\n", g.slug, g.date, g.fm)
		fsys["content/guides/"+g.slug+".md"] = &fstest.MapFile{Data: []byte(src)}
	}
	s, diags := site.Load(fsys, site.Options{Now: now})
	resolve.Site(s, &diags)
	return s, diags
}

func related(s *site.Site, slug string) string {
	for _, g := range s.Guides {
		if g.Slug == slug {
			var out []string
			for _, r := range g.Related {
				out = append(out, r.Slug)
			}
			return strings.Join(out, " ")
		}
	}
	return "(no guide " + slug + ")"
}

func TestRelatedRanking(t *testing.T) {
	tests := []struct {
		name   string
		guides []guide
		want   string // related guides of "a", in order
	}{
		{"nothing shared", []guide{
			{"a", "2025-01-01", "ingredients: [retinol]\n"},
			{"b", "2025-01-01", "ingredients: [niacinamide]\n"},
		}, ""},
		{"pinned first, then by score", []guide{
			{"a", "2025-01-01", "ingredients: [retinol, niacinamide]\nrelated: [c]\n"},
			{"b", "2025-01-01", "ingredients: [retinol, niacinamide]\n"},
			{"c", "2025-01-01", "tags: [x]\n"},
		}, "c b"},
		{"pinned keep their written order", []guide{
			{"a", "2025-01-01", "related: [d, b, c]\n"},
			{"b", "2025-01-01", ""},
			{"c", "2025-01-01", ""},
			{"d", "2025-01-01", ""},
		}, "d b c"},
		{"pinned once, never itself, not scored again", []guide{
			{"a", "2025-01-01", "ingredients: [retinol]\nrelated: [b, B, a]\n"},
			{"b", "2025-01-01", "ingredients: [retinol]\n"},
		}, "b"},
		{"weights: ingredient 3 > concern 2 > skin type 1", []guide{
			{"a", "2025-01-01", "ingredients: [retinol]\nconcerns: [acne]\nskin_types: [oily]\n"},
			{"b", "2025-06-01", "skin_types: [oily]\n"},
			{"c", "2025-05-01", "concerns: [acne]\n"},
			{"d", "2025-04-01", "ingredients: [retinol]\n"},
		}, "d c b"},
		{"mask type weighs like an ingredient, product and tag like a skin type", []guide{
			{"a", "2025-01-01", "mask_types: [sheet]\nproducts: [serum]\ntags: [t]\nconcerns: [dryness]\n"},
			{"b", "2025-06-01", "products: [serum]\n"},
			{"c", "2025-05-01", "concerns: [dryness]\n"},
			{"d", "2025-04-01", "mask_types: [sheet]\n"},
			{"e", "2025-07-01", "tags: [t]\n"},
		}, "d c e b"},
		{"shared things add up", []guide{
			{"a", "2025-01-01", "ingredients: [retinol, niacinamide]\nconcerns: [acne, lines]\n"},
			{"b", "2025-06-01", "ingredients: [retinol]\n"},                       // 3
			{"c", "2025-05-01", "concerns: [acne, lines]\n"},                      // 4
			{"d", "2025-04-01", "ingredients: [niacinamide]\nconcerns: [acne]\n"}, // 5
		}, "d c b"},
		{"ties: newer first", []guide{
			{"a", "2025-01-01", "ingredients: [retinol]\n"},
			{"b", "2024-01-01", "ingredients: [retinol]\n"},
			{"c", "2026-01-01", "ingredients: [retinol]\n"},
			{"d", "2025-06-01", "ingredients: [retinol]\n"},
		}, "c d b"},
		{"ties on the same date: by slug", []guide{
			{"a", "2025-01-01", "ingredients: [retinol]\n"},
			{"zeta", "2025-02-01", "ingredients: [retinol]\n"},
			{"beta", "2025-02-01", "ingredients: [retinol]\n"},
			{"mu", "2025-02-01", "ingredients: [retinol]\n"},
		}, "beta mu zeta"},
		{"at most MaxRelated, pinned included", []guide{
			{"a", "2025-01-01", "ingredients: [retinol]\nrelated: [p]\n"},
			{"p", "2020-01-01", ""},
			{"b", "2025-01-07", "ingredients: [retinol]\n"},
			{"c", "2025-01-06", "ingredients: [retinol]\n"},
			{"d", "2025-01-05", "ingredients: [retinol]\n"},
			{"e", "2025-01-04", "ingredients: [retinol]\n"},
			{"f", "2025-01-03", "ingredients: [retinol]\n"},
			{"g", "2025-01-02", "ingredients: [retinol]\n"},
		}, "p b c d e"},
		{"aliases count as the same ingredient", []guide{
			{"a", "2025-01-01", "ingredients: [Retinol]\n"},
			{"b", "2025-01-01", "ingredients: [retinol]\n"},
		}, "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := loadSite(t, tt.guides)
			if diags.HasErrors() {
				t.Fatalf("site does not load:\n%v", diags)
			}
			if got := related(s, "a"); got != tt.want {
				t.Errorf("related(a) = %q, want %q", got, tt.want)
			}
			for _, g := range s.Guides {
				if len(g.Related) > resolve.MaxRelated {
					t.Errorf("%s has %d related guides", g.Slug, len(g.Related))
				}
			}
		})
	}
}

func TestRelatedPinnedProblems(t *testing.T) {
	s, diags := loadSite(t, []guide{
		{"a", "2025-01-01", "related:\n  - nowhere\n  - later\n  - b\n"},
		{"b", "2025-01-01", ""},
		{"later", "2031-01-01", ""}, // future: unpublished
	})
	if got := related(s, "a"); got != "b" {
		t.Errorf("related(a) = %q, want b", got)
	}
	var found []string
	for _, d := range diags {
		if strings.Contains(d.Message, "related guide") {
			found = append(found, d.String())
		}
	}
	want := `content/guides/a.md:6:5: warning: related guide "nowhere" does not exist`
	if len(found) != 1 || !strings.HasPrefix(found[0], want) {
		t.Errorf("diagnostics about related guides = %q, want one starting %q", found, want)
	}
}

// TestRelatedScale checks that related guides stay linear: 100,000 guides
// that all share one ingredient would be 10^10 pairs if compared all-pairs.
func TestRelatedScale(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("large site: skipped with -short and under the race detector")
	}
	const n = 100_000
	e := &site.Entry{Kind: site.Ingredient, Slug: "retinol", Name: "Retinol", Fields: map[string]any{}}
	s := &site.Site{Sections: map[string]*site.Section{}, Unpublished: map[string]*site.Guide{}}
	s.Entries[site.Ingredient] = []*site.Entry{e}
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		g := &site.Guide{Slug: fmt.Sprintf("g%06d", i), Date: base.Add(-time.Duration(i) * time.Hour)}
		g.Refs[site.Ingredient] = []site.Ref{{Text: "retinol"}}
		g.Terms[site.Concerns] = []site.Term{{Name: "acne", Slug: "acne"}}
		s.Guides = append(s.Guides, g)
	}
	start := time.Now()
	var diags diag.List
	resolve.Site(s, &diags)
	took := time.Since(start)
	if took > 20*time.Second {
		t.Errorf("related guides for %d guides took %v", n, took)
	}
	for _, i := range []int{0, n / 2, n - 1} {
		g := s.Guides[i]
		if len(g.Related) != resolve.MaxRelated {
			t.Fatalf("%s has %d related guides", g.Slug, len(g.Related))
		}
		for _, r := range g.Related {
			if r == g {
				t.Errorf("%s is related to itself", g.Slug)
			}
		}
	}
}
