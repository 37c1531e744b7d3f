package site

import (
	"sync"

	"xihuguide/generator/markdown"
)

// Memo keeps the pages a build rendered for each policy, so that the next
// build can reuse those of a policy that did not change. The preview's
// Builder holds one: on a portal of many policies, an edit to one measure
// then renders that policy's pages, and the pages every policy shares (the
// home page, the policy index, search, changes), not all of them.
//
// The caller gives each policy a key that changes whenever anything its
// pages are made of changes: the policy's folder, and everything outside
// it that every page depends on (layouts, UI strings, the site's settings,
// the assets, the history, the day the build is for). A page of a policy
// depends on nothing else: its navigation, footer and banner are its own
// policy's, and links to other policies are checked, not rendered.
type Memo struct {
	// Keys holds this build's key of each policy, by slug. A policy without
	// one is always rendered.
	Keys map[string]string

	mu   sync.Mutex
	last map[memoName]*memoPolicy // what the last good build made
	next map[memoName]*memoPolicy // what this build makes

	// charts keeps each chart's figures from one build to the next. While
	// a policy's rules do not change, the Builder hands every build the same
	// compiled measures, so an edit to a page's text no longer computes the
	// policy's charts again (half of such a rebuild's time).
	charts awardsMemo
}

type memoName struct{ lang, slug string }

// memoPolicy is what a build made of one policy in one language.
type memoPolicy struct {
	key   string
	pages []memoPage
}

type memoPage struct {
	file    string
	path    string // for the sitemap, when the page is in it
	html    []byte
	notes   []any // what each inspector kept of the page
	links   []markdown.Link
	sitemap bool
}

// key returns this build's key of a policy; a nil memo has none.
func (m *Memo) key(slug string) (string, bool) {
	if m == nil {
		return "", false
	}
	key, ok := m.Keys[slug]
	return key, ok
}

// reuse returns what the last build made of the policy in the language, if
// its key is the same now.
func (m *Memo) reuse(lang, slug string) *memoPolicy {
	key, ok := m.key(slug)
	if !ok {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if p := m.last[memoName{lang, slug}]; p != nil && p.key == key {
		m.next[memoName{lang, slug}] = p
		return p
	}
	return nil
}

// record starts what this build makes of a policy in a language; its pages
// are filled in as they are rendered. Without a key, nothing is kept.
func (m *Memo) record(lang, slug string) *memoPolicy {
	key, ok := m.key(slug)
	if !ok {
		return nil
	}
	p := &memoPolicy{key: key}
	m.mu.Lock()
	m.next[memoName{lang, slug}] = p
	m.mu.Unlock()
	return p
}

// begin readies the memo for a build.
func (m *Memo) begin() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next = map[memoName]*memoPolicy{}
	m.charts.begin()
}

// Commit keeps what the build just made for the next one. The caller calls
// it only after a build that passed every check: a failed build's pages are
// never reused.
func (m *Memo) Commit() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.last, m.next = m.next, nil
	m.charts.commit()
}
