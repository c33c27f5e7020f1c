package resolve

import (
	"runtime"
	"slices"

	"golang.org/x/sync/errgroup"

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

type posting struct {
	ranks  []int32 // the guides of one entry or term, by rank (site order)
	weight int
}

// related fills Guide.Related: pinned related: guides first, then the guides
// that share the most weighted ingredients, mask types and concerns, ties
// broken by date (newer first) then slug.
func related(s *site.Site, diags *diag.List) {
	bySlug := make(map[string]*site.Guide, len(s.Guides))
	for i, g := range s.Guides {
		g.Rank = int32(i)
		bySlug[g.Slug] = g
	}
	unpublished := map[string]bool{}
	for _, g := range s.Unpublished {
		unpublished[g.Slug] = true
	}
	// Pinned guides first, in the order written; problems reported in site
	// order before the parallel part.
	for _, g := range s.Guides {
		pin(g, bySlug, unpublished, diags)
	}
	// Every posting list holds ranks in site order (newest first), so a
	// guide's place in it is a binary search away.
	lists := make([][]posting, len(s.Guides)) // per guide: the lists it belongs to
	add := func(guides []*site.Guide, w int) {
		p := posting{make([]int32, len(guides)), w}
		for i, g := range guides {
			p.ranks[i] = g.Rank
		}
		for _, r := range p.ranks {
			lists[r] = append(lists[r], p)
		}
	}
	for _, k := range site.Kinds {
		w := [...]int{weightIngredient, weightMaskType, weightProduct}[k]
		for _, e := range s.Entries[k] {
			add(e.Guides, w)
		}
	}
	for _, t := range site.Taxonomies {
		w := [...]int{weightConcern, weightSkinType, weightTag}[t]
		for _, tp := range s.Terms[t] {
			add(tp.Guides, w)
		}
	}
	// Guides are independent of each other here: score them on every core,
	// each worker with its own score slice indexed by rank. Only the touched
	// slots are reset, so each guide costs what its windows hold.
	workers := runtime.GOMAXPROCS(0)
	chunk := (len(s.Guides) + workers - 1) / max(workers, 1)
	var g errgroup.Group
	for lo := 0; lo < len(s.Guides); lo += max(chunk, 1) {
		hi := min(len(s.Guides), lo+max(chunk, 1))
		g.Go(func() error {
			score := make([]int, len(s.Guides))
			var touched []int32
			for i := lo; i < hi; i++ {
				touched = scoreGuide(s, s.Guides[i], int32(i), lists[i], score, touched[:0])
			}
			return nil
		})
	}
	g.Wait()
}

// scoreGuide appends to guide g's Related the best-scoring guides sharing
// its lists, g being guide i of s or its new version, leaving score all
// zero again.
func scoreGuide(s *site.Site, g *site.Guide, i int32, lists []posting, score []int, touched []int32) []int32 {
	for _, p := range lists {
		pos, _ := slices.BinarySearch(p.ranks, i)
		lo, hi := max(0, pos-window), min(len(p.ranks), pos+window+1)
		for _, r := range p.ranks[lo:hi] {
			if r == i {
				continue
			}
			if score[r] == 0 {
				touched = append(touched, r)
			}
			score[r] += p.weight
		}
	}
	// Pinned guides are not picked again.
	for _, h := range g.Related {
		for _, r := range touched {
			if s.Guides[r] == h {
				score[r] = -score[r] - 1
			}
		}
	}
	// Pick the best few by selection: far cheaper than sorting all. Ties go
	// to the newer guide, then the slug: site order, that is, lower rank.
	for len(g.Related) < MaxRelated {
		best := int32(-1)
		for _, r := range touched {
			if score[r] > 0 && (best < 0 || score[r] > score[best] || score[r] == score[best] && r < best) {
				best = r
			}
		}
		if best < 0 {
			break
		}
		g.Related = append(g.Related, s.Guides[best])
		score[best] = -score[best] - 1
	}
	for _, r := range touched {
		score[r] = 0
	}
	return touched
}

// pin sets g's related guides to those its related: list names, reporting
// the names that lead to no guide.
func pin(g *site.Guide, bySlug map[string]*site.Guide, unpublished map[string]bool, diags *diag.List) {
	g.Related = g.Related[:0]
	for _, ref := range g.RelatedRefs {
		h := bySlug[Key(ref.Text)]
		if h == nil {
			if unpublished[Key(ref.Text)] {
				continue // a draft or future guide: shown once it is published
			}
			diags.Warnf(g.Path, ref.Pos.Line, ref.Pos.Col, "related guide %q does not exist: write the slug of a guide (its slug: or, without one, its file name without .md)", ref.Text)
			continue
		}
		switch {
		case h == g:
			diags.Warnf(g.Path, ref.Pos.Line, ref.Pos.Col, "related guide %q is this guide itself: remove it", ref.Text)
		case slices.Contains(g.Related, h):
			diags.Warnf(g.Path, ref.Pos.Line, ref.Pos.Col, "related guide %q is listed twice: remove one", ref.Text)
		default:
			g.Related = append(g.Related, h)
		}
	}
}
