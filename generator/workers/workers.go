// Package workers runs independent pieces of a build on every core. Callers
// store each result at its index and read them in order afterwards, so that
// what a build produces never depends on timing.
package workers

import (
	"runtime"
	"sync"
)

// Each runs fn(0) … fn(n-1), as many at once as there are cores, and
// returns when all are done.
func Each(n int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
