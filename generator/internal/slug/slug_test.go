package slug_test

import (
	"testing"

	"derma/generator/internal/slug"
)

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Crème Masks", "creme-masks"},
		{"Hyaluronic Acid", "hyaluronic-acid"},
		{"hyaluronic_acid", "hyaluronic-acid"},
		{"  Vitamin  C  ", "vitamin-c"},
		{"Łódź Skin-Tips 2", "lodz-skin-tips-2"},
		{"Straße", "strasse"},
		{"STRAẞE", "strasse"},
		{"ÐÆØŒĐŁÞ", "daeooedlth"},
		{"Ceramide NP", "ceramide-np"},
		{"../../etc/passwd", "etc-passwd"},
		{"a/b\\c", "a-b-c"},
		{"Ⅻ", "xii"},
		{"日本語", "日本語"},
		{"日本語ガイド", "日本語ガイド"},
		{"마스크 가이드", "마스크-가이드"},
		{"Ελληνικά Μάσκα", "ελληνικά-μάσκα"},
		{"Йогурт маска", "йогурт-маска"},
		{"é-́x", "e-x"},
		{"---", ""},
		{"", ""},
		{"\xff\xfe", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := slug.Make(tt.in); got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"creme-masks", true}, {"a1", true}, {"", false}, {"A", false}, {"a b", false},
		{"a/b", false}, {"..", false}, {"a_b", false}, {"é", false},
	}
	for _, tt := range tests {
		if got := slug.Valid(tt.in); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzMake(f *testing.F) {
	f.Add("Crème Masks")
	f.Fuzz(func(t *testing.T, s string) {
		out := slug.Make(s)
		if out != slug.Make(out) {
			t.Errorf("Make is not idempotent: %q -> %q -> %q", s, out, slug.Make(out))
		}
	})
}
