package search

import (
	"encoding/json"
	"slices"
	"testing"
)

// Renumbering an encoded index gives the encoding of the index with the
// new places and entries, whatever its strings hold.
func TestRenumber(t *testing.T) {
	entries := []Entry{{K: "i", S: "a", N: "A"}, {K: "i", S: "b", N: `B "e":[1],"e":[`}, {K: "m", S: "c", N: "C", A: []string{"x", "y"}}}
	guides := []Guide{
		{S: "one", T: `a title with "e":[0,1] and ],"e": in it`, E: []int{0, 2}},
		{S: "two", T: "[[no places]]", C: []string{"dry"}},
		{S: "three", T: "Three", D: "<b>&</b>", E: []int{2, 1, 0}, C: []string{"oily"}},
	}
	tests := []struct {
		name    string
		guides  []Guide
		entries []Entry
		remap   []int
		now     []Entry
	}{
		{"an entry before all", guides, entries, []int{1, 2, 3}, slices.Insert(slices.Clone(entries), 0, Entry{K: "i", S: "0", N: "Zero"})},
		{"an entry between", guides, entries, []int{0, 2, 3}, slices.Insert(slices.Clone(entries), 1, Entry{K: "i", S: "ab", N: "AB"})},
		{"an entry gone", guides, entries, []int{0, -1, 1}, slices.Delete(slices.Clone(entries), 1, 2)},
		{"places of more digits", guides, entries, []int{9, 99, 1000000}, entries},
		{"no guides", []Guide{}, entries, []int{0, 1, 2}, entries[:1]},
		{"no entries left", guides[1:2], entries[:1], []int{-1}, []Entry{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := (&Index{V: 1, Guides: tt.guides, Entries: tt.entries}).JSON()
			want := &Index{V: 1, Entries: tt.now}
			for _, g := range tt.guides {
				g.E = slices.Clone(g.E)
				for i, p := range g.E {
					g.E[i] = tt.remap[p]
				}
				want.Guides = append(want.Guides, g)
			}
			if want.Guides == nil {
				want.Guides = []Guide{}
			}
			now, err := json.Marshal(tt.now)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := Renumber(data, tt.remap, now, nil)
			if !ok || string(got) != string(want.JSON()) {
				t.Errorf("Renumber = %v\n%s\nwant\n%s", ok, got, want.JSON())
			}
			if js := ScriptIn(got, nil); string(js) != string(want.Script()) {
				t.Errorf("script\n%s\nwant\n%s", js, want.Script())
			}
		})
	}
	for _, bad := range []string{``, `{"v":1}`, `{"v":1,"g":[{"e":[x]}],"e":[]}`, `{"v":1,"g":[{"e":[7]}],"e":[]}`, `{"v":1,"g":[{"e":[1`} {
		if _, ok := Renumber([]byte(bad), []int{0, 1}, []byte("[]"), nil); ok {
			t.Errorf("Renumber(%q) took it", bad)
		}
	}
}
