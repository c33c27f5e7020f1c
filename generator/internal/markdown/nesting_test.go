package markdown

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzFlatten: a flattened text keeps its lines, nests no line deeper than
// MaxNesting, and is the text itself when nothing was too deep.
func FuzzFlatten(f *testing.F) {
	f.Add(strings.Repeat("> ", 150) + "deep\n")
	f.Add(strings.Repeat("- ", 150) + "x\n" + strings.Repeat("1. ", 120) + "y")
	f.Add(strings.Repeat("  ", 120) + "- z\n\ttext\n")
	f.Add("plain\n")
	f.Fuzz(func(t *testing.T, src string) {
		in := []byte(src)
		out := flatten(in)
		if bytes.Count(out, []byte("\n")) != bytes.Count(in, []byte("\n")) {
			t.Fatalf("lines changed: %q", out)
		}
		if l := tooDeep(out); l >= 0 {
			t.Fatalf("line %d still too deep: %q", l, out)
		}
		if tooDeep(in) < 0 && !bytes.Equal(in, out) {
			t.Fatalf("changed a text that was not too deep: %q", out)
		}
	})
}
