package build

import (
	"fmt"
	"testing"
	"time"

	"derma/generator/internal/corpus"
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
