package blocks_test

import (
	"strings"
	"testing"

	"derma/generator/internal/blocks"
)

func TestCompareGolden(t *testing.T) {
	tests := []struct{ name, yaml string }{
		{"compare-masks", `
kind: mask-types
items: [sheet, Clay Mask, overnight mask]
fields: [frequency, duration, rinse_off, step, best_for, scent]
caption: Masks <compared>
`},
		{"compare-products-default", "kind: products\n"},
		{"compare-ingredients-default", "kind: ingredients\nitems: [retinol, AHA, ha, vitamin c]\n"},
		{"compare-singular-labels", "kind: Mask-Type\nitems: sheet\nfields: [Rinse off, time, name]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html, d := renderBody(t, block("compare", tt.yaml))
			if len(d.Diags) > 0 {
				t.Fatalf("unexpected diagnostics:\n%v", d.Diags)
			}
			golden(t, tt.name, html)
		})
	}
}

func TestCompareTableShape(t *testing.T) {
	html, _ := renderBody(t, block("compare", "kind: mask-types\nitems: [sheet, clay]\nfields: [rinse_off, scent, texture]\n"))
	for _, want := range []string{
		`<caption>Mask types compared</caption>`,
		`<th scope="col"><a href="/docs/mask-types/sheet/">Sheet mask</a></th>`,
		`<th scope="row">Rinse off</th><td>No</td><td>Yes</td>`,
		`<td>earthy &lt;mud&gt; &amp; more</td>`,
		`<th scope="row">Texture</th><td>—</td><td>—</td>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
}

// TestCompareDocumentedFields: a key the content model gives the kind may be
// compared even when no entry of the site sets it.
func TestCompareDocumentedFields(t *testing.T) {
	for _, yaml := range []string{"kind: ingredients\nitems: [retinol]\nfields: [benefits, description]\n", "kind: products\nfields: [aliases, purpose]\n", "kind: mask-types\nitems: [clay]\nfields: [description, time]\n"} {
		html, d := renderBody(t, block("compare", yaml))
		if len(d.Diags) > 0 || !strings.Contains(html, "<table") {
			t.Errorf("%s: diags %v\n%s", yaml, d.Diags, html)
		}
	}
}

func TestCompareErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown item", "kind: mask-types\nitems: [sheet, shet]\n",
			[]string{`12:16: error: unknown mask type "shet" in compare items (did you mean "sheet"?): valid mask-types are clay, sheet, sleeping`}},
		{"unknown field", "kind: mask-types\nfields:\n  - frequency\n  - rinse\n",
			[]string{`14:5: error: unknown field "rinse" for mask-types (did you mean "rinse_off"?)`, "valid fields are aliases, best_for, description, duration, frequency"}},
		{"unknown kind", "kind: serums\n", []string{`11:7: error: unknown kind "serums"`}},
		{"missing kind", "items: [sheet]\n", []string{`11:1: error: compare block needs a kind`}},
		{"unknown key", "kind: products\ncolumns: [serum]\n", []string{`12:1: error: unknown key "columns" in compare block`}},
		{"bad yaml", "kind: products\nitems: [serum\n", []string{`12: error: compare block is not valid YAML: did not find expected`}},
		{"not a mapping", "- serum\n", []string{`11:1: error: compare block must be a mapping`}},
		{"empty", "", []string{`10: error: compare block is empty`}},
		{"item twice", "kind: products\nitems: [serum, serums]\n", []string{`12:16: warning: product kind "serums" is already in this table`}},
		{"item not text", "kind: products\nitems: [serum, [toner]]\n", []string{`12:16: error: each of items must be text`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := renderBody(t, block("compare", tt.yaml))
			if tt.name == "unknown field" {
				// The list of valid fields is long: check its start separately.
				expectDiags(t, d.Diags, tt.want[:1])
				if !strings.Contains(d.Diags[0].Message, tt.want[1]) {
					t.Errorf("message %q does not list %q", d.Diags[0].Message, tt.want[1])
				}
				return
			}
			expectDiags(t, d.Diags, tt.want)
		})
	}
}

func TestTables(t *testing.T) {
	s, _ := load(t)
	var b strings.Builder
	for _, h := range blocks.Tables(s) {
		b.WriteString(string(h))
	}
	got := b.String()
	for _, id := range []string{`<h2 id="mask-types">`, `<h2 id="products">`, `<h2 id="ingredients">`} {
		if !strings.Contains(got, id) {
			t.Errorf("missing %s", id)
		}
	}
	golden(t, "compare-page", got)
}
