package site

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"

	"xihuguide/generator/diag"
	"xihuguide/generator/markdown"
	"xihuguide/generator/workers"
)

// job is a page waiting to be rendered.
type job struct {
	tmpl  *template.Template
	data  *PageData
	file  string
	links []markdown.Link
	html  []byte
	err   error // from the template
	fail  error // from writing the page
	// inspected is what the inspectors found wrong with the page.
	inspected diag.List
	// notes are what each inspector kept of the page, for its reuse.
	notes []any
	// capture and slot say where the memo keeps the page.
	capture *memoPolicy
	slot    int
}

// addReused adds the pages taken from the memo to the output, as if they
// had been rendered.
func (b *builder) addReused() {
	for _, p := range b.reused {
		for i, in := range b.opts.Inspectors {
			in.Reused(p.file, p.notes[i], p.links)
		}
		b.out.Files[p.file] = p.html
		if p.sitemap {
			b.paths = append(b.paths, p.path)
		}
		b.out.Pages++
		b.out.Count++
	}
	b.out.Reused = len(b.reused)
}

// pageBuffers are reused from page to page: a build of 10,000 pages would
// otherwise allocate a quarter of its memory growing them.
var pageBuffers = sync.Pool{New: func() any {
	b := new(bytes.Buffer)
	b.Grow(32 << 10)
	return b
}}

// renderBatch is how many queued pages wait before they are rendered: enough
// to keep every core busy, few enough that a build of 50,000 pages does not
// hold the data of every page at once (a fifth of its live memory).
const renderBatch = 512

// renderQueued executes the queued pages on every core, then gathers them in
// queue order, so that the output and the errors do not depend on timing.
func (b *builder) renderQueued() {
	workers.Each(len(b.jobs), func(i int) {
		j := b.jobs[i]
		buf := pageBuffers.Get().(*bytes.Buffer)
		defer pageBuffers.Put(buf)
		buf.Reset()
		if j.err = j.tmpl.ExecuteTemplate(buf, "base.html", j.data); j.err != nil {
			return
		}
		page := buf.Bytes()
		// The page is inspected on the core that made it. What an
		// inspector keeps of it is held only for the preview's memo: a
		// one-off build of 10,000 pages would otherwise hold every page's
		// scan to the end (a sixth of its peak memory).
		if j.capture != nil {
			j.notes = make([]any, len(b.opts.Inspectors))
		}
		for i, in := range b.opts.Inspectors {
			note, err := in.Page(j.file, page, j.links)
			if j.notes != nil {
				j.notes[i] = note
			}
			j.inspected.Add(err)
		}
		if b.opts.Sink == nil {
			j.html = bytes.Clone(page)
			if j.capture != nil {
				j.capture.pages[j.slot].html, j.capture.pages[j.slot].notes = j.html, j.notes
			}
			return
		}
		// Streaming: hand the page on; the build keeps nothing of it but
		// what its inspectors keep.
		if err := b.opts.Sink(j.file, page); err != nil {
			j.fail = &diag.Error{Position: diag.Position{File: j.file}, Msg: "cannot write: " + err.Error()}
		}
		j.data, j.links = nil, nil
	})
	for _, j := range b.jobs {
		b.out.Inspected = append(b.out.Inspected, j.inspected...)
		if j.fail != nil {
			b.errs.Add(j.fail)
			continue
		}
		if j.err != nil {
			e := templateError(j.err, b.site.Root)
			de, ok := e.(*diag.Error)
			if !ok {
				b.errs.Add(e)
				continue
			}
			b.faults.add(de, j.file)
			continue
		}
		b.out.Pages++
		b.out.Count++
		if j.html != nil {
			b.out.Files[j.file] = j.html
		}
	}
	clear(b.jobs) // the rendered pages' data goes with them
	b.jobs = b.jobs[:0]
}

// faults gathers template errors across batches. A template fault usually
// breaks every page of a kind: it is reported once, with the first page it
// broke and how many others.
type faults struct {
	list []*fault
	seen map[string]*fault
}

type fault struct {
	err    *diag.Error
	first  string
	others int
}

func (fs *faults) add(e *diag.Error, file string) {
	key := fmt.Sprintf("%s:%d:%d:%s", e.File, e.Line, e.Col, e.Msg)
	if f := fs.seen[key]; f != nil {
		f.others++
		return
	}
	if fs.seen == nil {
		fs.seen = map[string]*fault{}
	}
	fs.seen[key] = &fault{err: e, first: file}
	fs.list = append(fs.list, fs.seen[key])
}

// report adds each fault to errs, naming the pages it broke.
func (fs *faults) report(errs *diag.List) {
	for _, f := range fs.list {
		switch f.others {
		case 0:
			f.err.Msg = fmt.Sprintf("%s (while rendering %s)", f.err.Msg, f.first)
		case 1:
			f.err.Msg = fmt.Sprintf("%s (while rendering %s and 1 other page)", f.err.Msg, f.first)
		default:
			f.err.Msg = fmt.Sprintf("%s (while rendering %s and %d other pages)", f.err.Msg, f.first, f.others)
		}
		errs.Add(f.err)
	}
}

// file adds a file that is not a page to the output.
func (b *builder) file(name string, data []byte) {
	b.out.Count++
	for _, in := range b.opts.Inspectors {
		in.File(name)
	}
	if b.opts.Sink == nil {
		b.out.Files[name] = data
		return
	}
	if err := b.opts.Sink(name, data); err != nil {
		b.errs.Add(&diag.Error{Position: diag.Position{File: name}, Msg: "cannot write: " + err.Error()})
	}
}
