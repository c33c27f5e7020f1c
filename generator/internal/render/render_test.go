package render

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"derma/generator/internal/site"
)

func TestLabel(t *testing.T) {
	tests := []struct{ key, want string }{
		{"rinse_off", "Rinse off"},
		{"best_for", "Best for"},
		{"inci", "INCI name"},
		{"frequency", "Frequency"},
		{"time-of-day", "Time of day"},
	}
	for _, tt := range tests {
		if got := Label(tt.key); got != tt.want {
			t.Errorf("Label(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestValue(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, ""},
		{"true", true, "Yes"},
		{"false", false, "No"},
		{"list", []any{"dry", "dehydrated", nil}, "dry, dehydrated"},
		{"number", 40, "40"},
		{"date", time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC), "14 March 2025"},
		{"map, keys sorted", map[string]any{"b": 2, "a": []any{"x"}}, "a: x; b: 2"},
	}
	for _, tt := range tests {
		if got := Value(tt.in); got != tt.want {
			t.Errorf("%s: Value(%v) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestTimes(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, "Morning and evening"},
		{[]string{"am", "pm"}, "Morning and evening"},
		{[]string{"am"}, "Morning"},
		{[]string{"pm"}, "Evening"},
	}
	for _, tt := range tests {
		if got := Times(tt.in); got != tt.want {
			t.Errorf("Times(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestAZIndex: every ingredient and every other name for it (INCI name,
// aliases) stands in its alphabetical place under its letter; a name that
// only differs in case from the entry's is not repeated, one with an accent
// of its own is; names starting
// with a digit or another script's letter come last, in one group "#".
func TestAZIndex(t *testing.T) {
	ha := &site.Entry{Slug: "hyaluronic-acid", Name: "Hyaluronic Acid", INCI: "Sodium Hyaluronate", Aliases: []string{"HA", "hyaluronic acid"}}
	b3 := &site.Entry{Slug: "niacinamide", Name: "Niacinamide", Aliases: []string{"3-pyridinecarboxamide", "vitamin B3", "Niacinamidé"}}
	bg := &site.Entry{Slug: "bg", Name: "1,3-Butylene Glycol", Aliases: []string{"α-Arbutin", "ω3"}}
	letters := azIndex([]*site.Entry{ha, b3, bg})
	var got []string
	for _, l := range letters {
		var items []string
		for _, it := range l.Items {
			label := it.Label
			if it.Alias {
				label += "->" + it.Entry.Slug
			}
			items = append(items, label)
		}
		got = append(got, l.Letter+"("+l.ID+"): "+strings.Join(items, ", "))
	}
	want := []string{
		"H(letter-h): HA->hyaluronic-acid, Hyaluronic Acid",
		"N(letter-n): Niacinamide, Niacinamidé->niacinamide",
		"S(letter-s): Sodium Hyaluronate->hyaluronic-acid",
		"V(letter-v): vitamin B3->niacinamide",
		"#(letter-other): 1,3-Butylene Glycol, 3-pyridinecarboxamide->niacinamide, α-Arbutin->bg, ω3->bg",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("index:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCardNames: a card names the guide's first ingredients and counts the
// rest, so that the page of each of a hundred ingredients does not list all
// hundred again.
func TestCardNames(t *testing.T) {
	es := func(n int) []*site.Entry {
		var out []*site.Entry
		for i := range n {
			out = append(out, &site.Entry{Name: fmt.Sprintf("I%d", i+1)})
		}
		return out
	}
	for _, tt := range []struct {
		n    int
		want string
	}{
		{0, ""},
		{1, "I1"},
		{7, "I1, I2, I3, I4, I5, I6, I7"},
		{8, "I1, I2, I3, I4, I5, I6 and 2 more"},
		{1000, "I1, I2, I3, I4, I5, I6 and 994 more"},
	} {
		if got := cardNames(es(tt.n)); got != tt.want {
			t.Errorf("%d names: %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestAbsolute: links and images in a feed entry's HTML are absolute; other
// attributes, other sites' links and text are left as they are.
func TestAbsolute(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`<a href="/skin/guides/x/">x</a>`, `<a href="https://ex.org/skin/guides/x/">x</a>`},
		{`<img src="/skin/a.png" alt="a"> <a href="#fn:1">1</a>`, `<img src="https://ex.org/skin/a.png" alt="a"> <a href="https://ex.org/skin/guides/g/#fn:1">1</a>`},
		{`<a href="//cdn.example/x" title="/y">a href=&quot;/z&quot;</a>`, `<a href="//cdn.example/x" title="/y">a href=&quot;/z&quot;</a>`},
		{`<a href="https://other.example/">o</a><td class="x">"</td>`, `<a href="https://other.example/">o</a><td class="x">"</td>`},
		{`<p>plain</p>`, `<p>plain</p>`},
	} {
		if got := absolute(tt.in, "https://ex.org", "https://ex.org/skin/guides/g/"); got != tt.want {
			t.Errorf("absolute(%s)\n = %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestUpperFirst(t *testing.T) {
	for in, want := range map[string]string{"fine lines": "Fine lines", "pH balance": "pH balance", "iPhone tips": "iPhone tips", "été": "Été", "": ""} {
		if got := upperFirst(in); got != want {
			t.Errorf("upperFirst(%q) = %q, want %q", in, got, want)
		}
	}
}
