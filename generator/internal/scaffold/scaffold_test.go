package scaffold

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"derma/generator/internal/build"
)

var now = time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)

func TestPath(t *testing.T) {
	tests := []struct{ kind, name, want, err string }{
		{"guide", "How to Use a Sheet Mask", "content/guides/how-to-use-a-sheet-mask.md", ""},
		{"ingredient", "Crème d'Argile", "content/ingredients/creme-d-argile.md", ""},
		{"mask-type", "Sleeping mask", "content/mask-types/sleeping-mask.md", ""},
		{"product", "Face_Wash", "content/products/face-wash.md", ""},
		{"recipe", "X", "", "unknown kind"},
		{"guide", "!!!", "", "empty slug"},
		{"guide", strings.Repeat("a", 300), "content/guides/" + strings.Repeat("a", 80) + ".md", ""},
		{"guide", strings.Repeat("Sheet masks ", 20), "content/guides/sheet-masks-sheet-masks-sheet-masks-sheet-masks-sheet-masks-sheet-masks-sheet.md", ""},
	}
	for _, tt := range tests {
		t.Run(tt.kind+" "+tt.name, func(t *testing.T) {
			got, err := Path(tt.kind, tt.name)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Path = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// Every file New writes builds without errors and holds every key.
func TestNewBuilds(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/site.yaml"), []byte("title: T\n"), 0o644)
	keys := map[string][]string{
		"guide":      {"title:", "description:", "date: 2025-03-04", "updated:", "draft:", "slug:", "author:", "ingredients:", "mask_types:", "products:", "concerns:", "skin_types:", "tags:", "faq:", "related:"},
		"ingredient": {"name:", "inci:", "aliases:", "functions:", "benefits:", "time:", "avoid_with:", "pairs_with:", "description:"},
		"mask-type":  {"name:", "aliases:", "frequency:", "duration:", "texture:", "rinse_off:", "step:", "time:", "best_for:", "description:"},
		"product":    {"name:", "aliases:", "order:", "time:", "frequency:", "duration:", "texture:", "purpose:", "absorption:", "best_for:", "description:"},
	}
	for _, kind := range Kinds {
		name := `Quote "and" colon: ` + kind
		rel, err := New(dir, kind, name, now)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, rel))
		for _, k := range keys[kind] {
			if !strings.Contains(string(b), k) {
				t.Errorf("%s lacks %q", rel, k)
			}
		}
		if _, err := New(dir, kind, name, now); !errors.Is(err, ErrExists) {
			t.Errorf("second New: %v, want ErrExists", err)
		}
		if b2, _ := os.ReadFile(filepath.Join(dir, rel)); string(b2) != string(b) {
			t.Error("second New changed the file")
		}
	}
	res := build.Build(os.DirFS(dir), build.Options{})
	if !res.OK() {
		t.Fatalf("new files do not build: %v", res.Diags)
	}
	for _, k := range []string{"ingredient", "mask-type", "product"} {
		found := false
		for _, ks := range res.Site.Entries {
			for _, e := range ks {
				if e.Name == `Quote "and" colon: `+k {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("no %s entry with the quoted name", k)
		}
	}
}
