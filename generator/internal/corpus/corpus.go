// Package corpus writes synthetic skincare sites of any size, for benchmarks
// and scale tests. The same seed gives the same site.
package corpus

import (
	"fmt"
	"math/rand"
	"strings"
	"testing/fstest"
)

var ingredients = []struct {
	name    string
	aliases []string
	time    string
	avoid   []string
}{
	{"Hyaluronic Acid", []string{"sodium hyaluronate", "HA", "hyaluronan"}, "[am, pm]", nil},
	{"Vitamin C", []string{"ascorbic acid", "L-ascorbic acid"}, "[am]", []string{"retinol"}},
	{"Retinol", []string{"vitamin A", "retinoid"}, "[pm]", []string{"glycolic-acid", "salicylic-acid"}},
	{"Niacinamide", []string{"nicotinamide", "vitamin B3"}, "[am, pm]", nil},
	{"Peptides", []string{"matrixyl"}, "[am, pm]", nil},
	{"Collagen", []string{"hydrolyzed collagen"}, "[am, pm]", nil},
	{"Glycolic Acid", []string{"AHA"}, "[pm]", nil},
	{"Salicylic Acid", []string{"BHA", "beta hydroxy acid"}, "[am, pm]", nil},
	{"Ceramides", []string{"ceramide NP"}, "[am, pm]", nil},
	{"Squalane", nil, "[am, pm]", nil},
	{"Glycerin", []string{"glycerol"}, "[am, pm]", nil},
	{"Centella Asiatica", []string{"cica", "tiger grass"}, "[am, pm]", nil},
	{"Kaolin", []string{"white clay"}, "[am, pm]", nil},
	{"Bentonite", []string{"bentonite clay"}, "[am, pm]", nil},
	{"Aloe Vera", nil, "[am, pm]", nil},
	{"Panthenol", []string{"provitamin B5"}, "[am, pm]", nil},
	{"Azelaic Acid", nil, "[am, pm]", nil},
	{"Green Tea", []string{"EGCG"}, "[am, pm]", nil},
	{"Snail Mucin", nil, "[am, pm]", nil},
	{"Urea", nil, "[am, pm]", nil},
}

var masks = []string{"Sheet", "Clay", "Cream", "Gel", "Sleeping", "Peel-off", "Exfoliating"}

var concerns = []string{"dehydration", "dullness", "fine-lines", "pigmentation", "breakouts", "redness", "oiliness", "texture", "dryness"}

var words = strings.Fields("skin barrier layer hydration routine evening morning texture glow tone moisture water oil " +
	"cleanse apply gently pat layer absorb seal calm soothe brighten firm plump smooth even week daily night " +
	"patch test sensitive dry oily combination result consistency product formula concentration gentle active")

func slugify(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), " ", "-")
}

// Site returns a site of n guides as an in-memory file system.
func Site(n int, seed int64) fstest.MapFS {
	r := rand.New(rand.NewSource(seed))
	fsys := fstest.MapFS{}
	put := func(p, s string) { fsys[p] = &fstest.MapFile{Data: []byte(s)} }
	put("content/site.yaml", "title: Skincare guides\nbase_url: https://example.org/\n")
	for _, in := range ingredients {
		var b strings.Builder
		fmt.Fprintf(&b, "---\nname: %s\n", in.name)
		if len(in.aliases) > 0 {
			fmt.Fprintf(&b, "aliases: [%s]\n", strings.Join(in.aliases, ", "))
		}
		fmt.Fprintf(&b, "time: %s\n", in.time)
		if len(in.avoid) > 0 {
			fmt.Fprintf(&b, "avoid_with: [%s]\n", strings.Join(in.avoid, ", "))
		}
		fmt.Fprintf(&b, "---\n\n%s is an ingredient.\n", in.name)
		put("content/ingredients/"+slugify(in.name)+".md", b.String())
	}
	for _, m := range masks {
		put("content/mask-types/"+slugify(m)+".md", fmt.Sprintf("---\nname: %s mask\nfrequency: twice a week\n---\n\nA %s mask.\n", m, strings.ToLower(m)))
	}
	sentence := func(lo, hi int) string {
		k := lo + r.Intn(hi-lo+1)
		w := make([]string, k)
		for i := range w {
			w[i] = words[r.Intn(len(words))]
		}
		s := strings.Join(w, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	for i := 0; i < n; i++ {
		var b strings.Builder
		perm := r.Perm(len(ingredients))[:2+r.Intn(5)]
		var refs []string
		for _, j := range perm {
			in := ingredients[j]
			switch x := r.Float64(); {
			case x < 0.2 && len(in.aliases) > 0:
				refs = append(refs, in.aliases[0])
			case x < 0.6:
				refs = append(refs, slugify(in.name))
			default:
				refs = append(refs, in.name)
			}
		}
		var ms []string
		for _, j := range r.Perm(len(masks))[:r.Intn(3)] {
			ms = append(ms, slugify(masks[j]))
		}
		fmt.Fprintf(&b, "---\ntitle: \"Guide %d to %s\"\ndescription: \"%s\"\ndate: 20%02d-%02d-%02d\n", i, strings.ToLower(ingredients[perm[0]].name), sentence(8, 14), 18+i%7, 1+i%12, 1+i%28)
		fmt.Fprintf(&b, "ingredients: [%s]\nmask_types: [%s]\n", strings.Join(refs, ", "), strings.Join(ms, ", "))
		fmt.Fprintf(&b, "concerns: [%s, %s]\nskin_types: [dry, oily]\n", concerns[r.Intn(len(concerns))], concerns[r.Intn(len(concerns))])
		fmt.Fprintf(&b, "faq:\n  - q: \"%s?\"\n    a: \"%s\"\n---\n\n", sentence(4, 8), sentence(8, 14))
		for h := 0; h < 3+r.Intn(3); h++ {
			fmt.Fprintf(&b, "## %s\n\n", strings.TrimSuffix(sentence(2, 5), "."))
			for p := 0; p < 3+r.Intn(3); p++ {
				b.WriteString(sentence(8, 18) + " ")
			}
			b.WriteString("\n\n")
			switch h % 3 {
			case 0:
				for k := 0; k < 4; k++ {
					fmt.Fprintf(&b, "- **%s**: %s\n", ingredients[perm[r.Intn(len(perm))]].name, sentence(5, 10))
				}
			case 1:
				b.WriteString("| Feature | A | B |\n| --- | --- | --- |\n")
				for k := 0; k < 4; k++ {
					fmt.Fprintf(&b, "| %s | %s | %s |\n", words[r.Intn(len(words))], sentence(2, 4), sentence(2, 4))
				}
			default:
				for k := 0; k < 4; k++ {
					fmt.Fprintf(&b, "%d. %s\n", k+1, sentence(4, 8))
				}
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "## Related\n\n- [Guide](/guides/g%05d/)\n- [%s](/ingredients/%s/)\n", r.Intn(n), ingredients[perm[1]].name, slugify(ingredients[perm[1]].name))
		if i%10 == 0 {
			b.WriteString("\n## Checklist\n\n- [x] Patch test done\n- [ ] Sunscreen bought\n")
		}
		put(fmt.Sprintf("content/guides/g%05d.md", i), b.String())
	}
	return fsys
}
