package blocks_test

import (
	"testing"
)

// FuzzBlocks renders any YAML as a compare and as a routine block: no input
// may panic, and every problem must point into the block.
func FuzzBlocks(f *testing.F) {
	for _, seed := range []string{
		"kind: mask-types\nitems: [sheet, clay]\nfields: [rinse_off]\n",
		"title: x\ntime: pm\nsteps:\n  - cleanser\n  - serum: [retinol, AHA]\n  - sleeping mask\n",
		"steps: [&a serum, *a, {toner: [*a]}]\n",
		"kind: *x\n",
		"a: &a [*a]\n",
		"steps:\n  - ? [a]\n    : b\n",
		"- - -\n",
		"\x00\xff",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, yaml string) {
		for _, kind := range []string{"compare", "routine"} {
			_, d := renderBody(t, block(kind, yaml))
			for _, x := range d.Diags {
				if x.Path != path || x.Line < bodyLine {
					t.Errorf("%s block: %v does not point into the block", kind, x)
				}
			}
		}
	})
}
