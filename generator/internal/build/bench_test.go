package build

import (
	"fmt"
	"testing"
	"time"

	"derma/generator/internal/corpus"
	"derma/generator/internal/render"
	"derma/generator/internal/site"
)

var benchNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		fsys := corpus.Site(n, 1)
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			for b.Loop() {
				res := Build(fsys, Options{Options: site.Options{Now: benchNow, Future: true}})
				if !res.OK() {
					b.Fatal(res.Diags.Error())
				}
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		fsys := corpus.Site(n, 1)
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			for b.Loop() {
				site.Load(fsys, site.Options{Now: benchNow, Future: true})
			}
		})
	}
}

// BenchmarkRender times the page templates alone (every page of the site,
// bytes discarded) on a site already loaded, resolved and converted.
func BenchmarkRender(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		fsys := corpus.Site(n, 1)
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			res := Build(fsys, Options{Options: site.Options{Now: benchNow, Future: true}, Incremental: true})
			if !res.OK() || res.inc == nil {
				b.Fatal(res.Diags.Error())
			}
			for b.Loop() {
				render.Pages(res.Site, res.inc.theme, render.Options{Emit: func(render.Output) error { return nil }})
			}
		})
	}
}
