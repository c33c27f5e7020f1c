package site

import (
	"fmt"
	"strings"
	"testing"
)

func TestRoutineMentions(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // text@line:col, the body starting on line 10; steps' names after "|"
	}{
		{"list", "```routine\nsteps:\n  - serum: [a, B c]\n```\n", []string{"a@12:13", "B c@12:16", "|", "serum@12:5"}},
		{"scalar", "```routine\nsteps:\n  - serum: a\n  - cleanser\n```\n", []string{"a@12:12", "|", "serum@12:5", "cleanser@13:5"}},
		{"names with commas", "```routine\nsteps:\n  - serum: a, b c\n  - toner: \"d, e\"\n```\n", []string{"a@12:12", "b c@12:15", "d, e@13:12", "|", "serum@12:5", "toner@13:5"}},
		{"tilde fence, info words", "~~~~ routine extra\nsteps: [{serum: x}]\n~~~~\n", []string{"x@11:17", "|", "serum@11:10"}},
		{"indented in a list", "- item\n\n   ```routine\n   steps:\n     - mask: y\n   ```\n", []string{"y@14:14", "|", "mask@14:8"}},
		{"longer closing fence", "```routine\nsteps:\n  - s: z\n`````\n", []string{"z@12:8", "|", "s@12:5"}},
		{"other language", "```yaml\nsteps:\n  - serum: no\n```\n", nil},
		{"routine inside another block", "````md\n```routine\nsteps:\n  - serum: no\n```\n````\n", nil},
		{"unclosed", "```routine\nsteps:\n  - serum: w\n", []string{"w@12:12", "|", "serum@12:5"}},
		{"bad yaml", "```routine\nsteps: [\n```\n", nil},
		{"null and empty", "```routine\nsteps:\n  - serum:\n  - toner: ''\n```\n", []string{"|", "serum@12:5", "toner@13:5"}},
		{"word only in text", "A routine helps.\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			ings, steps := RoutineMentions([]byte(tt.body), 10)
			for _, r := range ings {
				got = append(got, fmt.Sprintf("%s@%d:%d", r.Text, r.Pos.Line, r.Pos.Col))
			}
			if len(steps) > 0 {
				got = append(got, "|")
			}
			for _, r := range steps {
				got = append(got, fmt.Sprintf("%s@%d:%d", r.Text, r.Pos.Line, r.Pos.Col))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzRoutineMentions: any body is read without a panic, and every name
// found is placed inside the body.
func FuzzRoutineMentions(f *testing.F) {
	f.Add("```routine\nsteps:\n  - serum: [a, b]\n```\n")
	f.Add("  ~~~routine\n  steps:\n    - x: *a\n")
	f.Fuzz(func(t *testing.T, body string) {
		lines := strings.Count(body, "\n") + 1
		ings, steps := RoutineMentions([]byte(body), 1)
		for _, r := range append(ings, steps...) {
			if r.Pos.Line < 1 || r.Pos.Line > lines || r.Pos.Col < 1 {
				t.Fatalf("%q placed at %v in %d lines", r.Text, r.Pos, lines)
			}
		}
	})
}
