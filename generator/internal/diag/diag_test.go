package diag_test

import (
	"testing"

	"derma/generator/internal/diag"
)

func TestString(t *testing.T) {
	tests := []struct {
		d    diag.Diagnostic
		want string
	}{
		{diag.Diagnostic{Path: "content/guides/x.md", Line: 7, Col: 5, Severity: diag.Warning, Message: `unknown ingredient "niacinimide" (did you mean "niacinamide"?)`},
			`content/guides/x.md:7:5: warning: unknown ingredient "niacinimide" (did you mean "niacinamide"?)`},
		{diag.Diagnostic{Path: "content/guides/x.md", Line: 12, Severity: diag.Error, Message: `broken link "x.md"`}, `content/guides/x.md:12: error: broken link "x.md"`},
		{diag.Diagnostic{Path: "content/site.yaml", Severity: diag.Error, Message: "missing"}, "content/site.yaml:1: error: missing"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}

func TestSortStrict(t *testing.T) {
	var l diag.List
	l.Warnf("b.md", 2, 0, "w")
	l.Errorf("a.md", 9, 1, "e")
	l.Warnf("a.md", 3, 0, "w")
	l.Warnf("a.md", 3, 0, "w")
	l.Sort()
	if l.Error() != "a.md:3: warning: w\na.md:9:1: error: e\nb.md:2: warning: w" {
		t.Errorf("sorted:\n%s", l.Error())
	}
	var w diag.List
	w.Warnf("a.md", 1, 0, "w")
	if w.HasErrors() {
		t.Error("a warning is an error")
	}
	w.Strict()
	if !w.HasErrors() || w.Error() != "a.md:1: error: w" {
		t.Errorf("strict: %s", w.Error())
	}
}
