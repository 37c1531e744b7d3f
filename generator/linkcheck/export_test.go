package linkcheck

import "sort"

// Scan and Summary let the tests outside the package compare the scanner
// with a full HTML tokenizer; a build scans through Site.Page.
func Scan(doc []byte) *Page { return scan(doc, 0) }

// Summary lists what a scan found, as sorted "attr value" lines, for tests
// that compare scanners.
func Summary(p *Page) []string {
	var out []string
	for id := range p.ids {
		out = append(out, "id "+id)
	}
	for _, id := range p.dups {
		out = append(out, "id "+id)
	}
	for _, r := range p.refs {
		if r.attr != "srcset" {
			out = append(out, r.attr+" "+r.value)
		}
	}
	sort.Strings(out)
	return out
}
