// Package search builds the site's search index at build time: for each
// language, a list of documents (a measure, a provision, a policy) and an
// inverted index split into shards that the browser fetches on demand, so
// that search works on any static host under the site's strict CSP, with no
// server and no WebAssembly. Chinese is indexed by single characters and
// pairs of characters, other text by lowercased words, so that 算力券, 备案
// and 数据要素 are found without a dictionary. assets/ts/search.ts tokenizes
// queries the same way.
package search

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"xihuguide/generator/workers"
)

// Shards is how many files the index of a language is split into.
const Shards = 32

// Doc is one searchable thing.
type Doc struct {
	URL     string `json:"u"`           // the page
	Clause  string `json:"c,omitempty"` // the clause in the full text, when there is one
	Title   string `json:"t"`
	Context string `json:"x"` // the policy it belongs to
	Snippet string `json:"s"`
	// Text gives the words to index besides the title. Build calls it
	// once, on any goroutine, and lets go of what it returns: made all at
	// once, the texts of a large site would be a large part of the memory
	// its build needs.
	Text func() string `json:"-"`
	// Boost multiplies the document's weights: a measure's page ranks
	// above the overview that lists it for the same words.
	Boost float64 `json:"-"`
}

// compounds calls fn with each run of words joined by hyphens in s
// (first-of-a-kind, open-source), which are also indexed joined, so that
// opensource finds open-source. It finds what the regular expression
// [\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+ finds, without one: matching it
// took a third of the index's time.
func compounds(s string, fn func(string)) {
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }
	start, hyphens := -1, 0 // the run being read, and its hyphens
	end := func(at int) {
		if start >= 0 && hyphens > 0 {
			fn(s[start:at])
		}
		start, hyphens = -1, 0
	}
	for i, r := range s {
		switch {
		case word(r):
			if start < 0 {
				start = i
			}
		case r == '-' && start >= 0 && i > start && s[i-1] != '-':
			// A hyphen joins only when a word follows it.
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if word(next) {
				hyphens++
				continue
			}
			end(i)
		default:
			end(i)
		}
	}
	end(len(s))
}

// Tokens splits text into search terms. Keep in step with tokens() in
// assets/ts/search.ts.
func Tokens(text string) []string {
	var out []string
	var t tokenizer
	t.each(text, func(term []byte) { out = append(out, string(term)) })
	return out
}

// tokenizer splits text into terms without allocating for each one: the
// index is built from millions of them.
type tokenizer struct {
	word []byte // the current word, normalized
	han  []rune // the current run of Chinese characters
	term []byte // a character or pair of characters
}

// each calls emit with each term of text, in order. The slice is reused:
// emit must copy what it keeps.
func (t *tokenizer) each(text string, emit func(term []byte)) {
	t.word, t.han = t.word[:0], t.han[:0]
	flushWord := func() {
		if len(t.word) > 0 {
			emit(stem(t.word))
			t.word = t.word[:0]
		}
	}
	flushHan := func() {
		for i, r := range t.han {
			t.term = utf8.AppendRune(t.term[:0], r)
			emit(t.term)
			if i+1 < len(t.han) {
				emit(utf8.AppendRune(t.term, t.han[i+1]))
			}
		}
		t.han = t.han[:0]
	}
	for _, r := range text {
		r = normalize(r)
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			flushHan()
			t.word = append(t.word, byte(r))
		case r == '\'' || r == '’':
			// An apostrophe joins: enterprise's is enterprises, as a
			// visitor who leaves it out types it.
		case len(t.han) > 0 && inPhrase(r):
			// Punctuation and spaces inside a Chinese phrase do not part
			// it: 就高、不重复 is found as 就高不重复.
			flushWord()
		case r < utf8.RuneSelf:
			flushWord()
			flushHan()
		case unicode.Is(unicode.Han, r):
			flushWord()
			t.han = append(t.han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushHan()
			t.word = utf8.AppendRune(t.word, r)
		default:
			flushWord()
			flushHan()
		}
	}
	flushWord()
	flushHan()
}

// inPhrase reports whether r is punctuation or space that a Chinese phrase
// may hold without being parted, as a visitor would type it without.
// Keep in step with IN_PHRASE in assets/ts/search.ts.
func inPhrase(r rune) bool {
	return strings.ContainsRune(" \u3000、，,“”‘\"《》〈〉「」『』·・", r)
}

// normalize folds full-width ASCII to half-width and letters to lower case.
func normalize(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	if r >= 0x3000 && r < 0xA000 { // CJK punctuation, kana, ideographs: no case
		return r
	}
	return unicode.ToLower(r)
}

// stem drops an English plural s, so that voucher finds vouchers.
func stem(w []byte) []byte {
	if n := len(w); n > 3 && w[n-1] == 's' && w[n-2] != 's' {
		return w[:n-1]
	}
	return w
}

// Shard is the shard that holds a term: FNV-1a of its UTF-8 bytes.
func Shard(term string) int {
	h := uint32(2166136261)
	for i := 0; i < len(term); i++ {
		h = (h ^ uint32(term[i])) * 16777619
	}
	return int(h % Shards)
}

// postingBlock is how many postings a term's list holds before it goes on
// in a new block (4 KiB).
const postingBlock = 512

// posting is a document and a weight: the term's count in it times the
// term's rarity, rounded so that the index is small and exact.
type posting [2]int32 // half the memory of two ints: a large site has millions

// fullBlock is postingBlock postings of a term in many documents, kept in
// 2.5 KiB instead of 4: most counts are small, so each takes a byte, and a
// count that does not fit is kept exactly in its shard's table of large
// counts. A large site's common terms hold most of its postings.
type fullBlock struct {
	docs   [postingBlock]int32
	counts [postingBlock]uint8
}

// largeCount marks a count kept in the shard's table of large counts.
const largeCount = 255

// termDoc names a posting in a shard's table of large counts.
type termDoc struct {
	term string
	doc  int32
}

// Build makes the index files of one language under dir, docs.json and
// t00.json … t31.json, each {"term": [[doc, weight], …]}, and hands each to
// emit as soon as it is made, one at a time, so that a large site never
// holds its whole index twice.
func Build(dir string, docs []Doc, emit func(name string, data []byte)) {
	// Each document's terms go straight into the shards as [doc, count]
	// postings, so that no per-document table outlives its document; the
	// counts become weights once every document is in.
	var shards [Shards]struct {
		mu    sync.Mutex
		terms map[string][]posting
		// full holds, for a term in many documents, the blocks of
		// postingBlock postings filled before the one in terms: a list
		// grown by append alone would be copied, and thrown away, at every
		// doubling, and the copies of a large site's common terms are a
		// large part of the memory its index needs at its peak.
		full map[string][]*fullBlock
		// large holds the counts of largeCount or more in full's blocks.
		large map[termDoc]int32
	}
	for i := range shards {
		shards[i].terms = map[string][]posting{}
		shards[i].full = map[string][]*fullBlock{}
		shards[i].large = map[termDoc]int32{}
	}
	// Each worker keeps its own tables from one document to the next, and
	// one copy of each term it has met.
	type scratch struct {
		tokens  tokenizer
		counts  map[string]int
		terms   map[string]string
		byShard [Shards][]string
	}
	pool := sync.Pool{New: func() any { return &scratch{counts: map[string]int{}, terms: map[string]string{}} }}
	workers.Each(len(docs), func(i int) {
		sc := pool.Get().(*scratch)
		defer pool.Put(sc)
		clear(sc.counts)
		count := func(term []byte) {
			t, ok := sc.terms[string(term)]
			if !ok {
				t = string(term)
				sc.terms[t] = t
			}
			sc.counts[t]++
		}
		sc.tokens.each(docs[i].Title, count)
		sc.tokens.each(docs[i].Title, count) // the title counts twice
		var text string
		if docs[i].Text != nil {
			text = docs[i].Text()
		}
		sc.tokens.each(text, count)
		joined := func(c string) { sc.tokens.each(strings.ReplaceAll(c, "-", ""), count) }
		compounds(docs[i].Title, joined)
		compounds(text, joined)
		for s := range sc.byShard {
			sc.byShard[s] = sc.byShard[s][:0]
		}
		for t := range sc.counts {
			s := Shard(t)
			sc.byShard[s] = append(sc.byShard[s], t)
		}
		for s, terms := range sc.byShard {
			if len(terms) == 0 {
				continue
			}
			sh := &shards[s]
			sh.mu.Lock()
			for _, t := range terms {
				ps := sh.terms[t]
				if len(ps) == postingBlock {
					block := &fullBlock{}
					for k, p := range ps {
						block.docs[k] = p[0]
						if p[1] >= largeCount {
							block.counts[k] = largeCount
							sh.large[termDoc{t, p[0]}] = p[1]
						} else {
							block.counts[k] = uint8(p[1])
						}
					}
					sh.full[t] = append(sh.full[t], block)
					ps = ps[:0] // the list goes on in the same array
				}
				sh.terms[t] = append(ps, posting{int32(i), int32(sc.counts[t])})
			}
			sh.mu.Unlock()
		}
	})
	n := float64(len(docs))
	b, _ := json.Marshal(docs)
	emit(dir+"/docs.json", b)
	var emitting sync.Mutex
	workers.Each(Shards, func(s int) {
		sh := &shards[s]
		for t, blocks := range sh.full {
			all := make([]posting, 0, len(blocks)*postingBlock+len(sh.terms[t]))
			for _, b := range blocks {
				for k, doc := range b.docs {
					count := int32(b.counts[k])
					if count == largeCount {
						count = sh.large[termDoc{t, doc}]
					}
					all = append(all, posting{doc, count})
				}
			}
			sh.terms[t] = append(all, sh.terms[t]...)
		}
		sh.full, sh.large = nil, nil
		for _, ps := range shards[s].terms {
			idf := math.Log(1 + n/float64(len(ps)))
			for k := range ps {
				boost := docs[ps[k][0]].Boost
				if boost == 0 {
					boost = 1
				}
				ps[k][1] = int32(math.Round(100 * boost * (1 + math.Log(float64(ps[k][1]))) * idf))
			}
			sort.Slice(ps, func(a, b int) bool { return ps[a][0] < ps[b][0] })
		}
		encoded := encodeShard(shards[s].terms)
		shards[s].terms = nil // its postings are in encoded now
		emitting.Lock()
		defer emitting.Unlock()
		emit(fmt.Sprintf("%s/t%02d.json", dir, s), encoded)
	})
}

// encodeShard writes {"term":[[doc,weight],…],…} with the terms in order, as
// json.Marshal would, without reflection: the shards of a large site hold
// millions of postings.
func encodeShard(terms map[string][]posting) []byte {
	keys := make([]string, 0, len(terms))
	size := 2
	for t, ps := range terms {
		keys = append(keys, t)
		size += len(t) + 6 + 12*len(ps)
	}
	sort.Strings(keys)
	out := make([]byte, 0, size)
	out = append(out, '{')
	for i, t := range keys {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendJSONString(out, t)
		out = append(out, ':', '[')
		for k, p := range terms[t] {
			if k > 0 {
				out = append(out, ',')
			}
			out = append(out, '[')
			out = strconv.AppendInt(out, int64(p[0]), 10)
			out = append(out, ',')
			out = strconv.AppendInt(out, int64(p[1]), 10)
			out = append(out, ']')
		}
		out = append(out, ']')
	}
	return append(out, '}')
}

// appendJSONString appends s as a JSON string. Terms are letters and digits;
// anything json.Marshal would escape goes through it.
func appendJSONString(out []byte, s string) []byte {
	for _, r := range s {
		if r < 0x20 || r == '"' || r == '\\' || r == '<' || r == '>' || r == '&' || r == '\u2028' || r == '\u2029' || r == utf8.RuneError {
			b, _ := json.Marshal(s)
			return append(out, b...)
		}
	}
	out = append(out, '"')
	out = append(out, s...)
	return append(out, '"')
}

// Snippet shortens text to about n characters at a word or sentence break.
// Runs of white space become one space. It reads no further into text than
// it needs: a measure's whole text is summed up by its first 120
// characters, and turning it all into runes took a third of the memory the
// index allocates.
func Snippet(text string, n int) string {
	var b strings.Builder
	runes := 0
	// cut ends the snippet as a conversion to runes would write it,
	// invalid bytes and all.
	cut := func() string { return string([]rune(b.String())) + "…" }
	for field := range strings.FieldsSeq(text) {
		if runes > 0 {
			if runes == n {
				return cut()
			}
			b.WriteByte(' ')
			runes++
		}
		for i := 0; i < len(field); {
			if runes == n {
				return cut()
			}
			_, size := utf8.DecodeRuneInString(field[i:])
			b.WriteString(field[i : i+size])
			i += size
			runes++
		}
	}
	return b.String()
}
