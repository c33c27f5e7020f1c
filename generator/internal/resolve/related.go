package resolve

import (
	"sort"

	"derma/generator/internal/diag"
	"derma/generator/internal/site"
)

// MaxRelated is how many related guides a guide shows.
const MaxRelated = 5

// window bounds how far into each shared list a guide looks for companions,
// on either side of its own place (lists are ordered by date), so the cost is
// linear in the number of guides, never quadratic, however popular an
// ingredient is.
const window = 48

// Weights of what two guides share.
const (
	weightIngredient = 3
	weightMaskType   = 3
	weightProduct    = 1
	weightConcern    = 2
	weightSkinType   = 1
	weightTag        = 1
)

type candidate struct {
	guide       *site.Guide
	score, rank int
}

type posting struct {
	guides []*site.Guide
	weight int
}

// related fills Guide.Related: pinned related: guides first, then the guides
// that share the most weighted ingredients, mask types and concerns, ties
// broken by date (newer first) then slug.
func related(s *site.Site, diags *diag.List) {
	rank := make(map[*site.Guide]int, len(s.Guides))
	bySlug := make(map[string]*site.Guide, len(s.Guides))
	for i, g := range s.Guides {
		rank[g] = i
		bySlug[g.Slug] = g
	}
	unpublished := map[string]bool{}
	for _, g := range s.Unpublished {
		unpublished[g.Slug] = true
	}
	// Every posting list is in site order (newest first), so a guide's place
	// in it is found by binary search on rank.
	var lists [][]posting // per guide: the lists it belongs to
	lists = make([][]posting, len(s.Guides))
	for _, k := range site.Kinds {
		w := [...]int{weightIngredient, weightMaskType, weightProduct}[k]
		for _, e := range s.Entries[k] {
			p := posting{e.Guides, w}
			for _, g := range e.Guides {
				lists[rank[g]] = append(lists[rank[g]], p)
			}
		}
	}
	for _, t := range site.Taxonomies {
		w := [...]int{weightConcern, weightSkinType, weightTag}[t]
		for _, tp := range s.Terms[t] {
			p := posting{tp.Guides, w}
			for _, g := range tp.Guides {
				lists[rank[g]] = append(lists[rank[g]], p)
			}
		}
	}
	score := map[*site.Guide]int{}
	var cands []candidate
	for i, g := range s.Guides {
		g.Related = g.Related[:0]
		pinned := map[*site.Guide]bool{g: true}
		for _, ref := range g.RelatedRefs {
			h := bySlug[Key(ref.Text)]
			if h == nil {
				if unpublished[Key(ref.Text)] {
					continue // a draft or future guide: shown once it is published
				}
				diags.Warnf(g.Path, ref.Pos.Line, ref.Pos.Col, "related guide %q does not exist: write the slug of a guide (its file name without .md)", ref.Text)
				continue
			}
			if !pinned[h] {
				pinned[h] = true
				g.Related = append(g.Related, h)
			}
		}
		clear(score)
		for _, p := range lists[i] {
			pos := sort.Search(len(p.guides), func(j int) bool { return rank[p.guides[j]] >= i })
			lo, hi := max(0, pos-window), min(len(p.guides), pos+window+1)
			for _, h := range p.guides[lo:hi] {
				if !pinned[h] {
					score[h] += p.weight
				}
			}
		}
		// Scores and ranks are copied next to each candidate so that sorting
		// compares ints, not map lookups: this loop runs once per guide.
		cands = cands[:0]
		for h, sc := range score {
			cands = append(cands, candidate{h, sc, rank[h]})
		}
		sort.Slice(cands, func(a, b int) bool {
			x, y := cands[a], cands[b]
			if x.score != y.score {
				return x.score > y.score
			}
			return x.rank < y.rank // newer first, slug within a date: site order
		})
		for _, c := range cands {
			if len(g.Related) >= MaxRelated {
				break
			}
			g.Related = append(g.Related, c.guide)
		}
	}
}
