// Package workers runs the independent steps of a build on every core.
package workers

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Count is how many goroutines Each uses: one a core.
func Count() int { return runtime.GOMAXPROCS(0) }

// Each calls f(w, i) for every i in [0, n), in no set order, on Count()
// goroutines, w being the number of the goroutine (0 ≤ w < Count()) so that
// f may keep one buffer a goroutine. It returns when every call has.
//
// A goroutine a step would start each step on a small stack that deep
// Markdown and template calls grow again every time; a few long-lived ones
// grow theirs once.
func Each(n int, f func(w, i int)) {
	k := min(Count(), n)
	if k <= 1 {
		for i := range n {
			f(0, i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range k {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(w, i)
			}
		})
	}
	wg.Wait()
}
