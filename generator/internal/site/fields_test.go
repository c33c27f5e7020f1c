package site

import "testing"

// TestTermName: a term written as a slug reads as words; one written with
// a space, a capital or stray hyphens is shown as written.
func TestTermName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"fine-lines", "fine lines"},
		{"sun-protection", "sun protection"},
		{"dryness", "dryness"},
		{"fine lines", "fine lines"},
		{"Anti-Aging", "Anti-Aging"},
		{"k-beauty-2", "k beauty 2"},
		{"-x", "-x"},
		{"a--b", "a--b"},
		{"crème-masks", "crème masks"},
	} {
		if got := termName(c.in); got != c.want {
			t.Errorf("termName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
