package blocks_test

import (
	"bytes"
	"maps"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"derma/generator/internal/blocks"
	"derma/generator/internal/markdown"
	"derma/generator/internal/resolve"
	"derma/generator/internal/site"
)

// routineYAML writes a routine whose step k (from 1) is on file line
// bodyLine+3+k, at column 5.
func routineYAML(when string, steps ...string) string {
	var b strings.Builder
	b.WriteString("title: Test routine\n")
	b.WriteString("time: " + when + "\n")
	b.WriteString("steps:\n")
	for _, s := range steps {
		b.WriteString("  - " + s + "\n")
	}
	return b.String()
}

// TestRoutineRules has a case for every rule a routine is checked by, and
// for the routines that follow them all.
func TestRoutineRules(t *testing.T) {
	tests := []struct {
		name  string
		when  string
		steps []string
		want  []string // "line:col: severity: message substring"
	}{
		// Routines that follow every rule.
		{"sheet mask before serum", "pm", []string{"cleanser", "sheet mask: HA", "serum: niacinamide", "moisturizer"}, nil},
		{"sleeping mask seals", "pm", []string{"cleanser", "serum: hyaluronic acid", "sleeping mask"}, nil},
		{"sealing mask before moisturizer in the morning", "am", []string{"cleanser", "serum", "sleeping mask", "moisturizer"},
			[]string{"16:5: warning: sleeping mask belongs in the evening, not in a morning routine: move it to a pm routine", "16:5: warning: the sleeping mask seals the routine, so it is the last step: move the sleeping mask after the moisturizer"}},
		{"sleeping mask after moisturizer", "pm", []string{"cleanser", "serum", "moisturizer", "overnight mask"}, nil},
		{"full morning", "am", []string{"cleanser", "toner", "serum: vitamin c", "moisturizer", "SPF"}, nil},
		{"aliases and mask suffix", "any", []string{"cleanser", "clay masks", "serums", "moisturiser"}, nil},
		{"face mask product", "any", []string{"cleanser", "mask", "serum"}, nil},
		{"step without ingredients", "any", []string{"cleanser:", "serum"}, nil},

		// Order by product order.
		{"moisturizer after sunscreen", "am", []string{"cleanser", "sunscreen", "moisturizer"},
			[]string{"16:5: warning: moisturizer (order 60) comes after sunscreen (order 90): move the moisturizer before the sunscreen"}},
		{"toner after serum", "any", []string{"cleanser", "serum", "toner"},
			[]string{"16:5: warning: toner (order 20) comes after serum (order 40): move the toner before the serum"}},
		{"toner after sheet mask", "any", []string{"cleanser", "sheet mask", "toner"}, nil},
		{"cleanser after sheet mask", "any", []string{"sheet mask", "cleanser", "serum"},
			[]string{"14:5: warning: the sheet mask goes on clean skin: move the cleanser before the sheet mask"}},
		{"sheet mask after moisturizer", "any", []string{"cleanser", "moisturizer", "sheet mask"},
			[]string{"16:5: warning: the sheet mask goes on before the serum and what follows it: move the moisturizer after the sheet mask"}},
		{"cleanser last", "any", []string{"serum", "moisturizer", "cleanser"},
			[]string{"16:5: warning: cleanser (order 10) comes after serum (order 40): move the cleanser before the serum"}},

		// Mask types against the serum.
		{"sheet mask after serum", "pm", []string{"cleanser", "serum", "sheet mask"},
			[]string{"16:5: warning: the sheet mask goes on before the serum, on clean skin: move the sheet mask before the serum"}},
		{"sleeping mask before serum", "pm", []string{"cleanser", "sleeping mask", "serum"},
			[]string{"15:5: warning: the sleeping mask seals the routine, so it goes on after the serum: move the sleeping mask after the serum"}},
		{"sleeping mask before moisturizer", "pm", []string{"cleanser", "serum", "sleeping mask", "moisturizer"},
			[]string{"16:5: warning: the sleeping mask seals the routine, so it is the last step at night: move the sleeping mask after the moisturizer"}},
		{"sleeping mask after moisturizer", "pm", []string{"cleanser", "serum", "moisturizer", "sleeping mask"}, nil},
		{"sleeping mask before toner", "pm", []string{"cleanser", "sleeping mask", "toner"},
			[]string{"15:5: warning: the sleeping mask seals the routine, so it goes on after the toner: move the sleeping mask after the toner"}},

		// Time of day.
		{"retinol in the morning", "am", []string{"cleanser", "serum: retinol", "sunscreen"},
			[]string{"15:12: warning: retinol belongs in the evening, not in a morning routine: move it to a pm routine"}},
		{"sunscreen at night", "pm", []string{"cleanser", "moisturizer", "sunscreen"},
			[]string{"16:5: warning: sunscreen belongs in the morning, not in an evening routine: move it to an am routine"}},
		{"sleeping mask in the morning", "am", []string{"cleanser", "serum", "sleeping mask"},
			[]string{"16:5: warning: sleeping mask belongs in the evening, not in a morning routine: move it to a pm routine"}},
		{"vitamin C at night", "pm", []string{"cleanser", "serum: [niacinamide, vitamin c]"},
			[]string{"15:26: warning: vitamin C belongs in the morning, not in an evening routine: move it to an am routine"}},
		{"morning and evening things together", "any", []string{"cleanser", "serum: retinol", "moisturizer", "sunscreen"},
			[]string{"17:5: warning: sunscreen belongs in the morning and retinol in the evening: split this routine into an am and a pm routine"}},

		// Ingredients that avoid each other, either way round.
		{"retinol and glycolic acid", "pm", []string{"cleanser", "serum: [retinol, glycolic acid]"},
			[]string{"15:22: warning: retinol and glycolic acid should not be combined in one routine: use them on alternate nights"}},
		{"avoid is symmetric", "pm", []string{"cleanser: AHA", "serum: retinol"},
			[]string{"15:12: warning: glycolic acid and retinol should not be combined in one routine: use them on alternate nights"}},
		{"avoid split by time", "pm", []string{"cleanser: BPO", "serum: retinol"},
			[]string{"15:12: warning: benzoyl peroxide and retinol should not be combined in one routine: use benzoyl peroxide in the morning and retinol in the evening"}},
		{"avoid named once", "pm", []string{"cleanser: AHA", "serum: [retinol, AHA]", "moisturizer: retinol"},
			[]string{"15:13: warning: glycolic acid and retinol should not be combined"}},

		// Several rules at once, each at its own line.
		{"several", "am", []string{"serum: [retinol, vitamin c]", "cleanser", "sleeping mask"},
			[]string{
				"14:13: warning: retinol belongs in the evening",
				"14:22: warning: retinol and vitamin C should not be combined in one routine: use vitamin C in the morning and retinol in the evening",
				"15:5: warning: cleanser (order 10) comes after serum (order 40): move the cleanser before the serum",
				"16:5: warning: sleeping mask belongs in the evening",
			}},

		// Names in the wrong place, or twice.
		{"ingredient as a step", "pm", []string{"cleanser", "retinol"},
			[]string{`15:5: error: unknown routine step "retinol": Retinol is an ingredient; name the step it goes on, as - serum: retinol`}},
		{"mask type as an ingredient", "pm", []string{"cleanser", "serum: [sheet mask]"},
			[]string{`15:13: warning: unknown ingredient "sheet mask" in routine step serum: Sheet mask is a mask type, not an ingredient; make it a step of its own, - sheet mask`}},
		{"ingredient twice in a step", "pm", []string{"cleanser", "serum: [HA, hyaluronic acid]"},
			[]string{`15:17: warning: ingredient "hyaluronic acid" is already in this step (as Hyaluronic Acid): remove it`}},

		// Errors.
		{"unknown step", "pm", []string{"cleanser", "sheat mask"},
			[]string{`15:5: error: unknown routine step "sheat mask" (did you mean "Sheet mask"?): a step is a product kind (cleanser, face-mask, moisturizer, serum, sunscreen, toner) or a mask type (clay, sheet, sleeping)`}},
		{"unknown ingredient", "pm", []string{"cleanser", "serum: [niacinamide, retinoll]"},
			[]string{`15:26: warning: unknown ingredient "retinoll" in routine step serum (did you mean`}},
		{"unknown ingredient without a near name", "pm", []string{"serum: snail mucin"},
			[]string{`14:12: warning: unknown ingredient "snail mucin" in routine step serum: name one of benzoyl-peroxide, glycolic-acid`}},
		{"bad time", "noon", []string{"cleanser"},
			[]string{`12:7: error: routine time "noon" is not am, pm or any`}},
		{"step with two keys", "pm", []string{"serum: retinol\n    toner: niacinamide"},
			[]string{`14:5: error: a routine step names one product kind or mask type`}},
		{"step as a list", "pm", []string{"[serum, toner]"},
			[]string{`14:5: error: a routine step must be a name such as serum`}},
		{"errors and warnings together", "am", []string{"sleeping mask", "nothing", "serum: [retinol, nothing]"},
			[]string{
				"14:5: warning: sleeping mask belongs in the evening",
				"14:5: warning: the sleeping mask seals the routine",
				`15:5: error: unknown routine step "nothing"`,
				"16:13: warning: retinol belongs in the evening",
				`16:22: warning: unknown ingredient "nothing"`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := renderBody(t, block("routine", routineYAML(tt.when, tt.steps...)))
			expectDiags(t, d.Diags, tt.want)
		})
	}
}

func TestRoutineBlockErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"missing steps", "title: x\n", []string{"11:1: error: routine block needs steps"}},
		{"empty steps", "steps: []\n", []string{"11:8: error: routine steps is an empty list"}},
		{"unknown key", "title: x\nstepz: [serum]\n", []string{`12:1: error: unknown key "stepz" in routine block (did you mean "steps"?)`}},
		{"duplicate key", "steps: [serum]\nsteps: [toner]\n", []string{`error:`}},
		{"not yaml", "steps: [serum\n", []string{"11: error: routine block is not valid YAML"}},
		{"list left open on a later line", "title: x\nsteps:\n  - serum: [niacinamide\n  - moisturizer\n", []string{"13: error: routine block is not valid YAML"}},
		{"second document", "steps: [cleanser]\n---\nsteps: [nosuchstep]\n", []string{"12:1: error: routine block holds a second YAML document"}},
		{"title not text", "title: [a, b]\nsteps: [serum]\n", []string{"11:8: error: title must be text"}},
		{"no space after the colon", "steps:\n  - serum:niacinamide\n", []string{`12:5: error: unknown routine step "serum:niacinamide": put a space after the colon, - serum: niacinamide`}},
		{"names with commas", "steps:\n  - serum: niacinamide, retinol\n", []string{`12:12: warning: a step's ingredients: "niacinamide, retinol" is read as 2 names; write them as a list, [niacinamide, retinol]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := renderBody(t, block("routine", tt.yaml))
			if tt.name == "duplicate key" {
				// yaml.v3 refuses duplicate keys itself; any error at a line will do.
				if len(d.Diags) == 0 || d.Diags[0].Line < bodyLine {
					t.Fatalf("got %v", d.Diags)
				}
				return
			}
			expectDiags(t, d.Diags, tt.want)
		})
	}
}

func TestRoutineGolden(t *testing.T) {
	// A routine's title is a heading one level below the section it is in.
	body := "## Evening\n\n" + block("routine", `
title: Evening sheet-mask routine
time: pm
steps:
  - cleanser
  - sheet mask: hyaluronic acid
  - serum: [niacinamide, HA]
  - moisturizer
`) + "\nText between.\n\n### Morning\n\n" + block("routine", `
time: am
steps: [cleanser, serum, sunscreen]
`) + block("routine", `
title: Evening sheet-mask routine
steps: [cleanser, serum: retinol, moisturizer]
`) + block("routine", `
title: "<&>"
steps: [cleanser, sunscreen]
`)
	html, d := renderBody(t, body)
	if len(d.Diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", d.Diags)
	}
	golden(t, "routine", html)

	var ids []string
	for _, r := range d.Routines {
		ids = append(ids, r.ID)
	}
	want := "routine-evening-sheet-mask-routine routine-morning-routine routine-evening-sheet-mask-routine-2 routine-4"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("routine ids = %s, want %s", got, want)
	}
	r := d.Routines[0]
	if r.Time != "pm" || len(r.Steps) != 4 || r.Steps[1].Entry.Slug != "sheet" || len(r.Steps[2].Ingredients) != 2 || r.Steps[2].Ingredients[1].Slug != "hyaluronic-acid" {
		t.Errorf("routine data = %+v", r)
	}
}

// TestRoutineStubs: what a guide's front matter names without a file (a
// stub) never changes another guide's routine. A step finds the entry with
// a file first, whatever kind the stub is; an unknown ingredient is the same
// warning whether or not a stub page exists, linked only when one does.
func TestRoutineStubs(t *testing.T) {
	fsys := fstest.MapFS{}
	for k, v := range fixture {
		fsys[k] = v
	}
	fsys["content/guides/mention.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Mention\ndescription: d.\ndate: 2025-01-01\nproducts: [clay]\ningredients: [squalane]\n---\n")}
	s, diags := site.Load(fsys, site.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	ix := resolve.Site(s, &diags)
	if diags.HasErrors() {
		t.Fatalf("site does not load:\n%v", diags)
	}
	r := markdown.New(markdown.Options{Blocks: blocks.Funcs(s, ix)})
	for _, tt := range []struct {
		steps    []string
		want     []string
		has, not string
	}{
		{[]string{"cleanser", "clay", "serum"}, nil, `<a href="/docs/mask-types/clay/">Clay mask</a>`, "/products/clay/"},
		{[]string{"cleanser", "serum", "clay"}, []string{"16:5: warning: the clay mask goes on before the serum"}, "/mask-types/clay/", "/products/clay/"},
		{[]string{"serum: squalane"}, []string{`14:12: warning: unknown ingredient "squalane" in routine step serum`}, `<a href="/docs/ingredients/squalane/">squalane</a>`, ""},
		{[]string{"serum: snail mucin"}, []string{`14:12: warning: unknown ingredient "snail mucin" in routine step serum`}, "with snail mucin</li>", "/ingredients/snail-mucin/"},
	} {
		d := &markdown.Doc{Path: path, Line: bodyLine, Source: []byte(block("routine", routineYAML("pm", tt.steps...)))}
		var out bytes.Buffer
		r.Render(d, &out)
		expectDiags(t, d.Diags, tt.want)
		if !strings.Contains(out.String(), tt.has) || tt.not != "" && strings.Contains(out.String(), tt.not) {
			t.Errorf("%v: want %s and not %q in\n%s", tt.steps, tt.has, tt.not, out.String())
		}
	}
}

// TestUnclosedBlock: a block whose fence is never closed reads the rest of
// the text as YAML; the error is told at the opening fence, as that fault.
func TestUnclosedBlock(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       []string
	}{
		{"unclosed", "Intro.\n\n```routine\nsteps:\n  - serum\n\nMore prose: here.\n", []string{"12: warning: routine block opened on this line is never closed", `16:1: error: unknown key "More prose"`}},
		{"unclosed, tildes", "~~~compare\nkind: products\n\nText, more.\n", []string{"10: warning: compare block opened on this line is never closed", "13: error: compare block is not valid YAML"}},
		{"closed", "```routine\nsteps: [serum\n```\n\nText.\n", []string{"11: error: routine block is not valid YAML"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, d := renderBody(t, tt.body)
			expectDiags(t, d.Diags, tt.want)
		})
	}
}

// TestRoutineTitleID: the id of a routine's heading (id-title) is kept clear
// of the headings' ids too, so no page holds one id twice.
func TestRoutineTitleID(t *testing.T) {
	html, _ := renderBody(t, "## Routine\n\n"+block("routine", "steps: [cleanser]\n")+"\n## Routine routine title\n")
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`id="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		if seen[m[1]] {
			t.Errorf("id %q twice in\n%s", m[1], html)
		}
		seen[m[1]] = true
	}
}

// TestStepOfTwoKinds: a step naming both a product kind and a mask type is
// read as the product kind, with a warning that says how to name the mask.
func TestStepOfTwoKinds(t *testing.T) {
	fsys := maps.Clone(fixture)
	fsys["content/products/cream.md"] = &fstest.MapFile{Data: []byte("---\nname: Cream\naliases: [clay]\norder: 50\n---\n")}
	s, diags := site.Load(fsys, site.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	ix := resolve.Site(s, &diags)
	r := markdown.New(markdown.Options{Blocks: blocks.Funcs(s, ix)})
	d := &markdown.Doc{Path: path, Line: bodyLine, Source: []byte(block("routine", "time: pm\nsteps:\n  - cleanser\n  - clay\n"))}
	var out bytes.Buffer
	r.Render(d, &out)
	expectDiags(t, d.Diags, []string{`14:5: warning: "clay" names both the product kind Cream and the mask type Clay mask: it is read as the product kind; for the mask, write - Clay mask`})
}
