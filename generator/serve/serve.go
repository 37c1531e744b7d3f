// Package serve is the editors' preview: it builds the site into memory,
// serves it on the loopback address, watches content/, layouts/ and assets/
// and rebuilds on every change, and tells the open pages over server-sent
// events to reload, to swap their stylesheet, or to show the build's
// problems over the page. A failed build keeps the last good site on
// screen; a half-built site is never served, because a build is swapped in
// only whole. The preview's script exists only here, never in public/.
package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"xihuguide/generator/assets"
	"xihuguide/generator/build"
	"xihuguide/generator/diag"
	"xihuguide/generator/urls"
)

//go:embed preview.js
var previewJS []byte

//go:embed preview.css
var previewCSS []byte

// Server is a running preview.
type Server struct {
	// Hosts are the names besides loopback ones that requests may use:
	// the address given to --host.
	Hosts []string
	// Lang is the language of what the preview writes to the terminal.
	Lang    string
	builder *build.Builder
	log     io.Writer

	mu    sync.Mutex
	state state
	subs  map[chan state]bool
	// watching is closed once Watch watches every folder: a change made
	// after it is seen.
	watching     chan struct{}
	watchingOnce sync.Once
}

// state is what the open pages are told: the last good build and the
// problems of the latest one.
type state struct {
	Build    int           `json:"build"`
	Ready    bool          `json:"ready"` // a good build is being served
	Problems []*diag.Error `json:"problems"`
	// ProblemsZH are the same in Chinese: each page's overlay speaks its
	// page's language.
	ProblemsZH []*diag.Error `json:"problems_zh"`
	CSS        *cssSwap      `json:"css,omitempty"` // set when only the stylesheet changed
	files      map[string][]byte
	css        assets.File
	urls       urls.Layout // where the last good build's pages are served
}

type cssSwap struct {
	URL       string `json:"url"`
	Integrity string `json:"integrity"`
}

// New makes a preview of the site under root, and builds it once; it
// writes to log in the terminal's language.
func New(root string, asOf time.Time, log io.Writer) *Server {
	return NewIn(diag.Locale(), root, asOf, log)
}

// NewIn is New, writing to log in a language (zh or en).
func NewIn(lang, root string, asOf time.Time, log io.Writer) *Server {
	s := &Server{Lang: lang, builder: &build.Builder{Root: root, AsOf: asOf}, log: log, subs: map[chan state]bool{}, watching: make(chan struct{})}
	s.Rebuild()
	return s
}

// Rebuild builds the site again and tells the open pages.
func (s *Server) Rebuild() {
	start := time.Now()
	r, err := s.builder.Build()
	s.mu.Lock()
	next := s.state
	next.CSS = nil
	if err != nil {
		next.Problems = diag.All(err)
		next.ProblemsZH = make([]*diag.Error, len(next.Problems))
		for i, e := range next.Problems {
			next.ProblemsZH[i] = e.In("zh")
			fmt.Fprint(s.log, e.In(s.Lang).Report())
		}
		if next.files == nil {
			fmt.Fprintln(s.log, diag.Translate(s.Lang, fmt.Sprintf("build failed (%d problems); every page shows them until they are fixed", len(next.Problems))))
		} else {
			fmt.Fprintln(s.log, diag.Translate(s.Lang, fmt.Sprintf("build failed (%d problems); still serving the last good build", len(next.Problems))))
		}
	} else {
		next.Problems, next.ProblemsZH = []*diag.Error{}, []*diag.Error{}
		newCSS := r.Assets.CSS
		layout := r.Site.URLs()
		if next.files != nil && layout == next.urls && onlyStylesheetChanged(next.files, r.Output.Files, next.css, newCSS) {
			next.CSS = &cssSwap{URL: layout.Root(newCSS.URL), Integrity: newCSS.Integrity}
		}
		next.Build++
		next.Ready = true
		next.files, next.css, next.urls = r.Output.Files, newCSS, layout
		fmt.Fprintf(s.log, "built %d pages in %s\n", r.Output.Pages, time.Since(start).Round(time.Millisecond))
	}
	s.state = next
	for ch := range s.subs {
		select {
		case ch <- next:
		default: // a slow page gets the next state instead
		}
	}
	s.mu.Unlock()
}

// onlyStylesheetChanged reports whether the new build differs from the old
// one by its stylesheet alone (and the pages' links to it).
func onlyStylesheetChanged(old, new map[string][]byte, oldCSS, newCSS assets.File) bool {
	if oldCSS.URL == newCSS.URL || len(old) != len(new) {
		return false
	}
	for name, b := range new {
		if name == newCSS.Path {
			continue
		}
		was, ok := old[name]
		if !ok {
			return false
		}
		if strings.HasSuffix(name, ".html") {
			// html/template writes + as &#43; in attributes; compare the values.
			was = bytes.ReplaceAll(was, []byte("&#43;"), []byte("+"))
			b = bytes.ReplaceAll(b, []byte("&#43;"), []byte("+"))
			was = bytes.ReplaceAll(was, []byte(oldCSS.URL), []byte(newCSS.URL))
			was = bytes.ReplaceAll(was, []byte(oldCSS.Integrity), []byte(newCSS.Integrity))
		}
		if !bytes.Equal(was, b) {
			return false
		}
	}
	return true
}

// Problems returns the problems of the latest build.
func (s *Server) Problems() []*diag.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.Problems
}

func (s *Server) current() state {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// ServeHTTP serves the last good build, the preview's own files and its
// event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// A page elsewhere that points its own name at 127.0.0.1 (DNS
	// rebinding) reaches the preview under that name: only loopback names
	// and the host the preview was asked to listen on are served, and a
	// request that fails gets nothing of the drafts.
	if !s.hostAllowed(r.Host) {
		w.WriteHeader(http.StatusMisdirectedRequest)
		return
	}
	p := r.URL.Path
	if strings.Contains(p, "..") || strings.ContainsAny(p, "\\\x00") || !strings.HasPrefix(p, "/") {
		http.Error(w, "refused: the path leaves the site", http.StatusBadRequest)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	switch p {
	case "/__preview/events":
		// The stream quotes the drafts' lines: only the preview's own pages
		// may read it.
		if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		s.events(w, r)
		return
	case "/__preview/preview.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(previewJS)
		return
	case "/__preview/preview.css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Write(previewCSS)
		return
	}
	cur := s.current()
	files := cur.files
	if files == nil {
		// No build has succeeded since the preview started: every page is
		// the problems, and reloads itself once they are fixed.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write(inject(waiting(p)))
		return
	}
	if base := cur.urls.Base(); base != "" && (p == "/" || p == "") {
		// The site lives under a sub-path, as it will when published.
		http.Redirect(w, r, base+"/", http.StatusFound)
		return
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	name, ours := cur.urls.File(clean)
	body, ok := files[name]
	if !ours {
		ok = false
	}
	if !ok {
		if _, dir := files[path.Join(name, "index.html")]; dir && ours {
			// One slash at the start, however many the request had: a
			// redirect to //x/ would leave the site for host x.
			http.Redirect(w, r, "/"+strings.TrimLeft(clean, "/")+"/", http.StatusMovedPermanently)
			return
		}
		notFound := "404.html"
		if lang, _, found := strings.Cut(name, "/"); found && files[lang+"/404.html"] != nil {
			notFound = lang + "/404.html"
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(inject(files[notFound]))
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	if strings.HasSuffix(name, ".html") {
		body = inject(body)
	}
	w.Write(body)
}

// inject adds the preview's stylesheet and script to a page.
// waiting is the page the preview serves before the site has built once, in
// the language the path asks for; the preview's script lays the problems
// over it.
func waiting(p string) []byte {
	lang, title, text := "zh-CN", "网站尚未生成", "内容中有错误，网站还不能生成。错误列在下面；改正后，本页会自动刷新。"
	if seg := strings.Split(strings.Trim(p, "/"), "/"); slices.Contains(seg, "en") {
		lang, title, text = "en", "The site does not build yet", "The content has problems, so the site cannot be built yet. They are listed below; once they are fixed, this page reloads by itself."
	}
	return []byte(`<!doctype html><html lang="` + lang + `"><head><meta charset="utf-8"><title>` + title + `</title></head><body><main><h1>` +
		title + `</h1><p>` + text + `</p></main></body></html>`)
}

func inject(page []byte) []byte {
	tag := []byte(`<link rel="stylesheet" href="/__preview/preview.css"><script src="/__preview/preview.js" defer></script></head>`)
	return bytes.Replace(page, []byte("</head>"), tag, 1)
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	ch := make(chan state, 1)
	s.mu.Lock()
	s.subs[ch] = true
	first := s.state
	first.CSS = nil
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}()
	send := func(st state) bool {
		b, _ := json.Marshal(st)
		if _, err := fmt.Fprintf(w, "event: state\ndata: %s\n\n", b); err != nil {
			return false
		}
		flusher.Flush()
		return true
	}
	if !send(first) {
		return
	}
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case st := <-ch:
			if !send(st) {
				return
			}
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			flusher.Flush()
		}
	}
}

// Watching is closed once Watch is watching: from then on every change is
// seen.
func (s *Server) Watching() <-chan struct{} { return s.watching }

// Watch rebuilds after every change under content/, layouts/ and assets/,
// until stop is closed. Changes that come close together (an editor writes
// a file in several steps) make one rebuild; a change during a rebuild
// makes another after it.
func (s *Server) Watch(root string, stop <-chan struct{}) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	for _, d := range []string{"content", "layouts", "assets"} {
		filepath.WalkDir(filepath.Join(root, d), func(p string, e os.DirEntry, err error) error {
			if err == nil && e.IsDir() {
				w.Add(p)
			}
			return nil
		})
	}
	// A commit changes what the pages say of their history: the branch
	// heads and HEAD are watched too (a repository made later is found at
	// the next change, when the content folder is written anyway).
	gitDir := filepath.Join(root, ".git")
	for _, d := range []string{gitDir, filepath.Join(gitDir, "refs", "heads")} {
		w.Add(d)
	}
	s.watchingOnce.Do(func() { close(s.watching) })
	const settle = 15 * time.Millisecond
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-stop:
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			base := filepath.Base(ev.Name)
			if inGit := strings.HasPrefix(ev.Name, gitDir+string(filepath.Separator)); inGit {
				if !newCommit(gitDir, ev.Name) {
					continue
				}
			} else if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") || base == "4913" {
				continue // editors' scratch files
			}
			if ev.Op&fsnotify.Create != 0 && !strings.HasPrefix(ev.Name, gitDir) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.Add(ev.Name)
				}
			}
			timer.Reset(settle)
		case err := <-w.Errors:
			fmt.Fprintln(s.log, "watching:", err)
		case <-timer.C:
			s.Rebuild()
		}
	}
}

// newCommit reports whether a change under .git moves a branch or HEAD: a
// commit, a checkout, a pull. Git's lock files, its index and its logs
// change on every git add too, and say nothing new about the history.
func newCommit(gitDir, name string) bool {
	if strings.HasSuffix(name, ".lock") {
		return false
	}
	rel, err := filepath.Rel(gitDir, name)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	return rel == "HEAD" || rel == "packed-refs" || strings.HasPrefix(rel, "refs/heads/")
}

// hostAllowed reports whether a request's Host names this machine by a
// loopback name or address, or is one of the hosts the preview was told to
// answer to (--host).
func (s *Server) hostAllowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	if ip != nil && ip.IsLoopback() {
		return true
	}
	// Listening on every address (--host 0.0.0.0) means being reached by
	// an address: one, not a name, which a rebinding page cannot use.
	if ip != nil && slices.ContainsFunc(s.Hosts, func(h string) bool { a := net.ParseIP(h); return a != nil && a.IsUnspecified() }) {
		return true
	}
	return slices.Contains(s.Hosts, host)
}

// HTTPServer is the preview's HTTP server: a request must send its headers
// within headerTimeout, and an idle connection is closed after a minute,
// so that half-sent requests cannot hold the preview.
func HTTPServer(h http.Handler, headerTimeout time.Duration) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: headerTimeout, IdleTimeout: time.Minute}
}
