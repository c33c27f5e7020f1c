package meta_test

import (
	"fmt"
	"strings"
	"testing"

	"derma/generator/internal/meta"
)

// guide is a guide as authors write them: quoted title and description, a
// date, flow lists of references and tags, a two-question FAQ, then prose.
func guide() []byte {
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString("title: \"Layering niacinamide with hyaluronic acid (part 42)\"\n")
	b.WriteString("description: \"Gently apply serum after cleanser, then seal the layer with a moisturizer at night.\"\n")
	b.WriteString("date: 2025-03-14\n")
	b.WriteString("ingredients: [\"niacinamide\", \"HA\", \"Ceramides\", \"glycerin\"]\n")
	b.WriteString("mask_types: [\"sheet\", \"sleeping\"]\n")
	b.WriteString("concerns: [\"dullness\", \"dehydration\"]\n")
	b.WriteString("skin_types: [\"dry\", \"combination\"]\n")
	b.WriteString("faq:\n")
	b.WriteString("  - q: \"Can niacinamide and hyaluronic acid be used together\"\n")
	b.WriteString("    a: \"Yes: apply the thinner serum first and wait a minute before the next step.\"\n")
	b.WriteString("  - q: \"How often should a sleeping mask be used\"\n")
	b.WriteString("    a: \"Two or three nights a week, after serum, as the last step of the evening routine.\"\n")
	b.WriteString("---\n\n")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&b, "## Step %d\n\nCleanse gently, pat dry and apply a thin layer; the skin barrier keeps moisture when the routine stays consistent. ", i+1)
		b.WriteString("Patch test a new product for a week before using it daily.\n\n- **Niacinamide**: evens tone and supports the barrier.\n- **Hyaluronic acid**: draws water into the surface.\n\n")
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	src := guide()
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := meta.Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}
