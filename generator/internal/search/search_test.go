package search

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"derma/generator/internal/site"
)

func testSite() *site.Site {
	ha := &site.Entry{Kind: site.Ingredient, Slug: "hyaluronic-acid", Name: "Hyaluronic acid",
		INCI: "Sodium Hyaluronate", Aliases: []string{"HA", "hyaluronan"}, Description: "A humectant.",
		Body: []byte("a long body that must not be indexed")}
	sheet := &site.Entry{Kind: site.MaskType, Slug: "sheet", Name: "Sheet mask"}
	serum := &site.Entry{Kind: site.Product, Slug: "serum", Name: "Serum"}
	g := &site.Guide{Slug: "ha-hydration", Title: "Hyaluronic acid for hydration", Description: "How HA works.",
		Body: []byte("guide body text"),
		Headings: []site.Heading{{Level: 1, Text: "Top"}, {Level: 2, ID: "why", Text: "Why it works"},
			{Level: 3, Text: "Layering"}, {Level: 4, Text: "Too deep"}}}
	g.Entries[site.Ingredient] = []*site.Entry{ha}
	g.Entries[site.MaskType] = []*site.Entry{sheet}
	g.Terms[site.Concerns] = []site.Term{{Name: "dryness", Slug: "dryness"}}
	g.Terms[site.SkinTypes] = []site.Term{{Name: "dry", Slug: "dry"}}
	g.Terms[site.Tags] = []site.Term{{Name: "basics", Slug: "basics"}}
	s := &site.Site{Guides: []*site.Guide{g}}
	s.Entries[site.Ingredient] = []*site.Entry{ha}
	s.Entries[site.MaskType] = []*site.Entry{sheet}
	s.Entries[site.Product] = []*site.Entry{serum}
	return s
}

func TestBuild(t *testing.T) {
	ix := Build(testSite())
	want := `{"v":1,"g":[{"s":"ha-hydration","t":"Hyaluronic acid for hydration","d":"How HA works.","h":"Why it works · Layering","e":[0,1],"c":["dryness","dry"]}],"e":[{"k":"i","s":"hyaluronic-acid","n":"Hyaluronic acid","x":"Sodium Hyaluronate","a":["HA","hyaluronan"],"d":"A humectant."},{"k":"m","s":"sheet","n":"Sheet mask"},{"k":"p","s":"serum","n":"Serum"}]}` + "\n"
	if got := string(ix.JSON()); got != want {
		t.Errorf("JSON:\n got %s\nwant %s", got, want)
	}
}

func TestNoBodies(t *testing.T) {
	b := Build(testSite()).JSON()
	for _, s := range []string{"long body", "guide body"} {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("index holds body text %q", s)
		}
	}
}

func TestScript(t *testing.T) {
	tests := []struct {
		name  string
		title string
	}{
		{"plain", "Hyaluronic acid"},
		{"script end tag", "</script><script>alert(1)</script>"},
		{"line separator", "a\u2028b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testSite()
			s.Guides[0].Title = tt.title
			ix := Build(s)
			js := string(ix.Script())
			const pre, post = "window.dermaSearchIndex=", ";\n"
			if !strings.HasPrefix(js, pre) || !strings.HasSuffix(js, post) {
				t.Fatalf("script shape: %q", js)
			}
			if strings.Contains(js, "</script") || strings.Contains(js, "\u2028") {
				t.Errorf("script not escaped: %q", js)
			}
			var back Index
			if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(js, pre), post)), &back); err != nil {
				t.Fatal(err)
			}
			if back.Guides[0].T != tt.title {
				t.Errorf("title = %q, want %q", back.Guides[0].T, tt.title)
			}
		})
	}
}

func TestEmptySite(t *testing.T) {
	if got, want := string(Build(&site.Site{}).JSON()), `{"v":1,"g":[],"e":[]}`+"\n"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestSize keeps the index compact: 10,000 guides must stay far below what
// their bodies would weigh.
func TestSize(t *testing.T) {
	s := testSite()
	g := s.Guides[0]
	s.Guides = nil
	for range 10000 {
		c := *g
		s.Guides = append(s.Guides, &c)
	}
	n := len(Build(s).JSON())
	if per := n / 10000; per > 300 {
		t.Errorf("%d bytes per guide, want at most 300", per)
	}
}
