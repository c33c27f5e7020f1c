package workers

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestEach(t *testing.T) {
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 2, 3, 100, 1000} {
			seen := make([]atomic.Int32, n)
			var bad atomic.Int32
			Each(n, func(w, i int) {
				if w < 0 || w >= Count() {
					bad.Add(1)
				}
				seen[i].Add(1)
			})
			if bad.Load() != 0 {
				t.Errorf("procs %d, n %d: a worker number out of range", procs, n)
			}
			for i := range seen {
				if c := seen[i].Load(); c != 1 {
					t.Errorf("procs %d, n %d: item %d done %d times, want once", procs, n, i, c)
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// Workers with the same number never run at once, so a buffer a worker is
// safe.
func TestEachWorkerExclusive(t *testing.T) {
	busy := make([]atomic.Int32, Count())
	var overlap atomic.Int32
	Each(10000, func(w, i int) {
		if busy[w].Add(1) != 1 {
			overlap.Add(1)
		}
		busy[w].Add(-1)
	})
	if overlap.Load() != 0 {
		t.Errorf("%d items ran beside another of the same worker", overlap.Load())
	}
}
