package site

import "xihuguide/generator/markdown"

// Inspector reads the site as it is made, so that checks need no page to
// be kept: Page sees every page on the core that rendered it (with the
// links its Markdown holds, to trace a problem to its source), File every
// other file, and Reused every page the preview took from its memo, with
// what Page kept of it then. The build plugs in its checks (the link
// check, the binding texts) and asks each for its verdict at the end.
type Inspector interface {
	// Page inspects a page; its note is kept for the page's reuse, and
	// its error fails the build.
	Page(name string, page []byte, links []markdown.Link) (note any, err error)
	File(name string)
	Reused(name string, note any, links []markdown.Link)
}
