// Package build runs the whole pipeline: load the content, bundle the
// assets, render every page, check links and the verbatim text, and only
// then publish the result in one step.
package build

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"xihuguide/generator/assets"
	"xihuguide/generator/content"
	"xihuguide/generator/diag"
	"xihuguide/generator/history"
	"xihuguide/generator/linkcheck"
	"xihuguide/generator/markdown"
	"xihuguide/generator/publish"
	"xihuguide/generator/rules"
	"xihuguide/generator/rules/cases"
	"xihuguide/generator/site"
	"xihuguide/generator/urls"
	"xihuguide/generator/verbatim"
	"xihuguide/generator/workers"
)

// Options says what to build and where.
type Options struct {
	Root string    // the folder holding content/, layouts/ and assets/
	Out  string    // the output folder; empty renders and checks without writing
	AsOf time.Time // the day policy statuses are computed for
	// PastRules also publishes the rules of the policies as they were in
	// the last commits that changed content/, so that a self-check link
	// saved under older rules can show what changed for its answers.
	PastRules int
}

// Summary describes a finished build.
type Summary struct {
	Pages     int
	Files     int
	Languages int
	Duration  time.Duration
	Timings   []Timing
}

// Result is a rendered and checked site, before or after publishing.
type Result struct {
	Site    *content.Site
	Output  *site.Output
	Rules   map[string]*rules.Suite // their cases let go once run: see Suite.Examples
	Assets  *assets.Bundle
	Timings []Timing // how long each stage took
}

// Timing is how long one stage of a build took.
type Timing struct {
	Stage    string
	Duration time.Duration
}

// Render loads, renders and checks the site without writing anything. It
// stops at the first stage that fails.
func Render(opts Options) (*Result, error) {
	r, errs := publishable(opts, nil, fresh{opts.Root})
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// Check runs everything a build checks, including every rule case, and
// goes on past a failed stage wherever the next one does not need it, so
// that one run lists every problem.
func Check(opts Options) error {
	// Pages are checked as they are rendered and then let go: nothing is
	// written, and nothing is kept.
	discard := func(string, []byte) error { return nil }
	_, errs := everyProblem(opts, discard, fresh{opts.Root})
	return errs.Err()
}

// inputs makes what a build needs besides the content: a fresh build makes
// everything anew, the preview's Builder reuses what did not change.
type inputs interface {
	bundle() (*assets.Bundle, error)
	rules(s *content.Site) (map[string]*rules.Suite, error)
	templates(s *content.Site) (*site.Templates, error) // nil: site.Build parses them
	history() *history.History
	memo(s *content.Site, h *history.History) *site.Memo // nil: every page is rendered
}

// fresh makes every input anew.
type fresh struct{ root string }

func (f fresh) bundle() (*assets.Bundle, error)                    { return assets.Build(f.root) }
func (f fresh) templates(s *content.Site) (*site.Templates, error) { return nil, nil }
func (f fresh) history() *history.History                          { return history.Load(f.root) }
func (f fresh) memo(*content.Site, *history.History) *site.Memo    { return nil }

// rules lets each policy's cases go as soon as they have run: the pages
// show each case by its example, and the cases' answers (with, through
// them, the text of every rules file) would otherwise stay in memory to the
// end of the build, and all at once while the rules compile.
func (f fresh) rules(s *content.Site) (map[string]*rules.Suite, error) {
	return compileRules(s, nil, false)
}

// publishable runs the stages and stops at the first that fails: what a
// build needs to know is whether the site can be published.
func publishable(opts Options, sink func(string, []byte) error, in inputs) (*Result, diag.List) {
	return stages(opts, false, sink, in)
}

// everyProblem runs the stages and goes on past a failed one wherever the
// next does not need it: what check needs is every problem at once.
func everyProblem(opts Options, sink func(string, []byte) error, in inputs) (*Result, diag.List) {
	return stages(opts, true, sink, in)
}

// stages runs the stages; with a sink, files go to it as they are made.
func stages(opts Options, keepGoing bool, sink func(string, []byte) error, in inputs) (*Result, diag.List) {
	var errs diag.List
	var timings []Timing
	mark := time.Now()
	failed := func(err error) bool {
		errs.Add(err)
		return err != nil && !keepGoing
	}
	lap := func(stage string) {
		now := time.Now()
		timings = append(timings, Timing{stage, now.Sub(mark)})
		mark = now
	}
	s, err := content.Load(opts.Root)
	lap("load content")
	if s != nil {
		// What holds the site back does not stop the stages after it, so
		// that a build names every problem; the build still fails.
		errs.Add(s.Held.Err())
	}
	if failed(err) || s == nil {
		if s == nil && keepGoing {
			_, aerr := assets.Build(opts.Root)
			errs.Add(aerr)
		}
		return nil, errs
	}
	bundle, err := in.bundle()
	lap("bundle assets")
	if failed(err) {
		return nil, errs
	}
	suites, err := in.rules(s)
	lap("compile rules, run cases")
	if failed(err) || bundle == nil {
		return nil, errs
	}
	tmpls, err := in.templates(s)
	if failed(err) {
		return nil, errs
	}
	hist := in.history()
	lap("read git history")
	links := linkcheck.NewSite(s.URLs())
	// A build that streams its files (publish, check) runs once: it hands
	// back no content, and its collector is paced for its peak, which the
	// render reaches. One that keeps its files in memory (the preview's, the
	// tests') hands back the site, whole.
	if sink != nil {
		defer renderGC()()
	}
	out, err := site.Build(s, bundle, site.Options{AsOf: opts.AsOf, Rules: suites, Templates: tmpls, History: hist, Sink: sink,
		Once: sink != nil, Inspectors: []site.Inspector{links, newBindingTexts(s)}, Memo: in.memo(s, hist)})
	lap("render and write")
	if failed(err) || out == nil {
		return nil, errs
	}
	err = links.Check()
	lap("check links")
	// The binding texts were checked as their pages were rendered; their
	// problems come after the links'.
	errs.Add(err)
	if failed(out.Inspected.Err()) || err != nil && !keepGoing {
		return nil, errs
	}
	return &Result{Site: s, Output: out, Rules: suites, Assets: bundle, Timings: timings}, errs
}

// LoadRules compiles the rules of every policy that has them and runs their
// cases: rules whose own cases fail are not published.
func LoadRules(s *content.Site) (map[string]*rules.Suite, error) {
	return compileRules(s, nil, true)
}

// compileRules is the one way rules become suites, for a fresh build and
// for the preview alike: each policy's rules are compiled and their cases
// run, on every core, and gathered in policy order. A cache, when there is
// one, gives the suites compiled before from the same files, which are
// taken as they are, and keeps each suite compiled anew without a problem.
// Unless keepCases, each suite's cases are let go once they have run.
func compileRules(s *content.Site, c rulesCache, keepCases bool) (map[string]*rules.Suite, error) {
	type result struct {
		suite *rules.Suite
		errs  diag.List
		fresh bool
	}
	results := make([]result, len(s.Policies))
	workers.Each(len(s.Policies), func(i int) {
		p, r := s.Policies[i], &results[i]
		if !rules.Exists(s, p) {
			return
		}
		if c != nil {
			if suite := c.reuse(s, p); suite != nil {
				r.suite = suite
				return
			}
		}
		suite, err := rules.Load(s, p, s.Prefix)
		r.errs.Add(err)
		if suite == nil {
			return
		}
		r.errs.Add(cases.Errors(suite))
		if !keepCases {
			suite.Cases = nil
		}
		if suite.Complete {
			r.suite, r.fresh = suite, true
		}
	})
	suites := map[string]*rules.Suite{}
	var errs diag.List
	for i, r := range results {
		errs = append(errs, r.errs...)
		if r.suite != nil {
			suites[s.Policies[i].Slug] = r.suite
			if c != nil && r.fresh && len(r.errs) == 0 {
				c.keep(s, s.Policies[i], r.suite)
			}
		}
	}
	return suites, errs.Err()
}

// rulesCache keeps compiled suites from one build to the next (the
// preview's Builder).
type rulesCache interface {
	reuse(s *content.Site, p *content.Policy) *rules.Suite
	keep(s *content.Site, p *content.Policy, suite *rules.Suite)
}

// bindingTexts is the page inspector that proves each policy's full-text
// page in the default language reproduces the policy's binding text, as
// the page is rendered.
type bindingTexts map[string][]content.OriginalLine

func newBindingTexts(s *content.Site) bindingTexts {
	originals := bindingTexts{}
	for _, p := range s.Policies {
		// Where the sources already depart from the binding text, that was
		// said at the file the editor changed; the page would only repeat it.
		if len(p.Original) > 0 && len(p.Departures) == 0 {
			originals[path.Join("policies", p.Slug, "text", "index.html")] = p.Original
		}
	}
	return originals
}

func (b bindingTexts) Page(name string, page []byte, _ []markdown.Link) (any, error) {
	if original := b[name]; original != nil {
		return nil, verbatim.Check(original, page, name)
	}
	return nil, nil
}

func (bindingTexts) File(string)                         {}
func (bindingTexts) Reused(string, any, []markdown.Link) {}

// Run renders the site and publishes it to opts.Out. Pages are written to a
// folder beside it as they are rendered, so that the build holds no more of
// the output than its checks need; the folder is swapped in only when every
// check passed. On any error the output folder is left as it was.
func Run(opts Options) (Summary, error) {
	start := time.Now()
	if opts.Out == "" {
		r, err := Render(opts)
		if err != nil {
			return Summary{}, err
		}
		return summary(r, start), nil
	}
	if err := publish.CheckTarget(opts.Out, opts.Root, sources(opts.Root)...); err != nil {
		return Summary{}, err
	}
	tree, err := publish.Begin(opts.Out)
	if err != nil {
		return Summary{}, err
	}
	defer removeOnInterrupt(tree)()
	r, errs := publishable(opts, tree.Write, fresh{opts.Root})
	if err := errs.Err(); err != nil {
		tree.Abort()
		return Summary{}, err
	}
	if opts.PastRules > 0 {
		for _, f := range pastRules(opts.Root, r.Rules, opts.PastRules) {
			if err := tree.Write(f.path, f.data); err != nil {
				tree.Abort()
				return Summary{}, err
			}
			r.Output.Count++
		}
	}
	if err := tree.Commit(); err != nil {
		return Summary{}, err
	}
	return summary(r, start), nil
}

func summary(r *Result, start time.Time) Summary {
	return Summary{Pages: r.Output.Pages, Files: r.Output.Count, Languages: len(r.Site.Languages()), Duration: time.Since(start),
		Timings: r.Timings}
}

// sources are the folders of the site's root that people write: a build
// must never write into or replace them.
func sources(root string) []string {
	var out []string
	for _, dir := range []string{"content", "layouts", "assets", "generator", ".git"} {
		out = append(out, filepath.Join(root, dir))
	}
	return out
}

// removeOnInterrupt removes the tree being written when the build is
// interrupted (Ctrl+C, or a stop from CI), then lets the signal end the
// process as it would have. A build killed outright leaves its tree to the
// next build, which removes it. The returned function stops listening.
func removeOnInterrupt(tree *publish.Tree) func() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			tree.Abort()
			signal.Stop(sigs)
			if p, err := os.FindProcess(os.Getpid()); err == nil {
				p.Signal(sig)
			}
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

// ErrContentDoesNotLoad is RulesAt's error for a revision whose content
// does not load.
var ErrContentDoesNotLoad = errors.New("the content does not load")

// RulesAt compiles the rules of the content/ of root's git revision rev.
// Like LoadRules, it returns the suites that compiled when others did not.
func RulesAt(root, rev string) (map[string]*rules.Suite, error) {
	dir, err := os.MkdirTemp("", "xihu-rev-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := history.Content(root, rev, dir); err != nil {
		return nil, err
	}
	s, err := content.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rev, ErrContentDoesNotLoad)
	}
	suites, _ := LoadRules(s)
	return suites, nil
}

type pastFile struct {
	path string
	data []byte
}

// pastRules compiles the rules of each policy as they were in the last n
// commits that changed content/, and returns the files of the versions
// that differ from today's, under the names a saved link asks for
// (rules-VERSION.json). Content of the past that no longer loads is passed
// over: the self-check then says only that the rules changed.
func pastRules(root string, now map[string]*rules.Suite, n int) []pastFile {
	h := history.Load(root)
	seen := map[string]bool{}
	for slug, s := range now {
		seen[urls.Rules(slug, s.Program.Version)] = true
	}
	var out []pastFile
	for i, c := range h.Commits {
		if i >= n {
			break
		}
		suites, err := RulesAt(root, c.Hash)
		if err != nil {
			continue
		}
		for _, slug := range slices.Sorted(maps.Keys(suites)) {
			p := suites[slug].Program
			name := urls.Rules(slug, p.Version)
			if now[slug] != nil && !seen[name] {
				seen[name] = true
				out = append(out, pastFile{strings.TrimPrefix(name, "/"), p.JSON()})
			}
		}
	}
	return out
}
