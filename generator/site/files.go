package site

import (
	"bytes"
	"fmt"
	"html/template"
	"sort"

	"xihuguide/generator/urls"
)

func (b *builder) sitemap() []byte {
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	paths := append([]string{}, b.paths...)
	sort.Strings(paths)
	for _, p := range paths {
		for _, lang := range b.site.Languages() {
			fmt.Fprintf(&buf, "  <url>\n    <loc>%s</loc>\n", xmlEscape(b.urls.Abs(b.prefix(lang)+p)))
			for _, alt := range b.site.Languages() {
				fmt.Fprintf(&buf, "    <xhtml:link rel=\"alternate\" hreflang=\"%s\" href=\"%s\"/>\n", alt.Tag, xmlEscape(b.urls.Abs(b.prefix(alt)+p)))
			}
			fmt.Fprintf(&buf, "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"%s\"/>\n  </url>\n", xmlEscape(b.urls.Abs(b.urls.Page(b.site.Config.DefaultLanguage, p))))
		}
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

func xmlEscape(s string) string {
	var buf bytes.Buffer
	template.HTMLEscape(&buf, []byte(s))
	return buf.String()
}

// favicon is the site's icon: a seal-red square with a white bar chart,
// for a guide to money a policy gives.
const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#a61b29"/>` +
	`<path fill="#fff" d="M7 22h4v4H7zm7-6h4v10h-4zm7-7h4v17h-4z"/></svg>` + "\n"

// headers is a _headers file for hosts that read one (Netlify, Cloudflare
// Pages): the same policy as the pages' meta tag, plus what only a header can
// say.
func headers(l urls.Layout) []byte {
	return []byte(l.Root("/*") + "\n" +
		"  Content-Security-Policy: " + CSP + "; frame-ancestors 'none'\n" +
		"  X-Content-Type-Options: nosniff\n" +
		"  Referrer-Policy: no-referrer\n" +
		"  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()\n" +
		l.Root("/assets/*") + "\n" +
		"  Cache-Control: public, max-age=31536000, immutable\n")
}
