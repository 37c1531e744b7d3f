package build

import (
	"os"
	"runtime/debug"
)

// The collector is paced for the kind of build, unless GOGC says otherwise:
// a build's heap is mostly what it keeps, so how often the collector runs
// trades the time a build takes against the memory it peaks at.

// PreviewGC makes the garbage collector run a quarter as often as by
// default (GOGC=400). A Builder holds a small heap and rebuilds the whole
// site on every save: at the default, marking the heap several times per
// rebuild is a fifth of the time an editor waits (go test ./generator/build
// -run X -bench RebuildOneMeasure/real, with and without GOGC=400). It
// returns a function that restores the setting.
func PreviewGC() (restore func()) { return gcPercent(400) }

// renderGC makes the collector of a build that runs once (publish, check)
// run, while it renders, when the heap has grown by 60% rather than 100%
// (GOGC=60). The render holds, besides the content and rules, each
// language's views and search index: that is where such a build peaks, and
// the peak is what a large site's build machine must have. Before it, the
// heap is smaller than it will be, and the default pacing costs no peak
// memory and less time. At 10,000 pages the peak falls by about a sixth
// (.ci/bench, or the build's -v with GOGC=100 and GOGC=60).
func renderGC() (restore func()) { return gcPercent(60) }

func gcPercent(p int) (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(p)
	return func() { debug.SetGCPercent(old) }
}
