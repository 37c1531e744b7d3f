package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"xihuguide/generator/build"
	"xihuguide/generator/content"
	"xihuguide/generator/diag"
	"xihuguide/generator/report"
	"xihuguide/generator/rules"
	"xihuguide/generator/rules/change"
	"xihuguide/generator/rules/eval"
	"xihuguide/generator/rules/mutate"
)

// parseInterspersed parses flags that may stand before or after the
// positional arguments, and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site `folder`")
	format := fs.String("format", "text", "output `format`: text or json")
	date := fs.String("date", "", "check as of this `day` (YYYY-MM-DD)")
	lang := langFlag(fs)
	mutateRules := fs.Bool("mutate", false, "also change each number, comparison and condition of the rules in turn and report the changes no case notices")
	diffRev := fs.String("diff", "", "also say what the rules' changes since this git `revision` (main: the last commit on main) do to every case and example profile")
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "--format %q: use text or json\n", *format)
		return 2
	}
	day, err := asOf(*date)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	err = build.Check(build.Options{Root: *root, AsOf: day})
	problems := diag.All(err)
	for i, e := range problems {
		problems[i] = e.In(*lang)
	}
	if *format == "json" {
		if problems == nil {
			problems = []*diag.Error{}
		}
		writeJSON(stdout, problems)
	} else {
		for _, e := range problems {
			fmt.Fprint(stdout, e.Report())
		}
		if len(problems) == 0 {
			fmt.Fprintln(stdout, diag.Translate(*lang, "no problems: the site builds, its links hold and every rule case passes"))
		} else {
			fmt.Fprintln(stdout, diag.Translate(*lang, fmt.Sprintf("%d problem(s)", len(problems))))
		}
	}
	if len(problems) > 0 {
		return 1
	}
	code := 0
	if *mutateRules {
		code = max(code, runMutate(*root, *lang, *format, stdout, stderr))
	}
	if *diffRev != "" {
		code = max(code, runDiff(*root, *diffRev, *lang, *format, stdout, stderr))
	}
	return code
}

// runDiff says what the rules' changes since rev do to the results of
// every case and example profile, per measure.
func runDiff(root, rev, lang, format string, stdout, stderr io.Writer) int {
	before, err := build.RulesAt(root, rev)
	switch {
	case errors.Is(err, build.ErrContentDoesNotLoad):
		fmt.Fprintln(stderr, diag.Translate(lang, fmt.Sprintf("the content at %s does not load; every policy counts as new", rev)))
	case err != nil:
		fmt.Fprintln(stderr, "--diff", err)
		return 1
	}
	s, after, ok := siteRules(root, stderr)
	if !ok {
		return 1
	}
	rep := change.Compare(before, after, root)
	if format == "json" {
		writeJSON(stdout, rep)
		return 0
	}
	fmt.Fprint(stdout, rep.Text(lang, s.Strings[lang]))
	return 0
}

// siteRules loads the site at root and compiles its rules, or says on
// stderr why it cannot.
func siteRules(root string, stderr io.Writer) (*content.Site, map[string]*rules.Suite, bool) {
	s, err := content.Load(root)
	if err == nil {
		var suites map[string]*rules.Suite
		if suites, err = build.LoadRules(s); err == nil {
			return s, suites, true
		}
	}
	fmt.Fprintln(stderr, err)
	return nil, nil, false
}

// runMutate reports, per policy, the changes to its rules that no case
// notices, and fails when a policy's score is below the one committed in
// its folder (mutation-score), so that a rules change cannot quietly
// leave numbers unpinned.
func runMutate(root, lang, format string, stdout, stderr io.Writer) int {
	s, suites, ok := siteRules(root, stderr)
	if !ok {
		return 1
	}
	code := 0
	var reports []mutate.Report
	for _, p := range s.Policies {
		suite := suites[p.Slug]
		if suite == nil {
			continue
		}
		dir := "content/policies/" + p.Slug
		rep := mutate.Run(root, dir, suite, lang)
		reports = append(reports, rep)
		committed, has := committedScore(root, dir)
		if format == "text" {
			for _, m := range rep.Survivors {
				where := m.Position.String()
				if m.Measure > 0 {
					where = fmt.Sprintf(s.Strings[lang]["measure_number"], m.Measure) + " " + where
				}
				if lang == "zh" {
					fmt.Fprintf(stdout, "%s 把 %s 改成 %s 后，没有用例失败：%s\n", where, m.Original, m.Mutated, m.Suggest)
				} else {
					fmt.Fprintf(stdout, "%s: changing %s to %s fails no case: %s\n", where, m.Original, m.Mutated, m.Suggest)
				}
			}
			for _, u := range rep.Unpinned {
				fmt.Fprintln(stdout, map[bool]string{true: "未变异（unpinned）：", false: "left out (unpinned): "}[lang == "zh"]+u)
			}
			if lang == "zh" {
				fmt.Fprintf(stdout, "%s：%d 个变异，用例发现了 %d 个，得分 %.1f%%", p.Slug, rep.Total, rep.Killed, rep.Score())
			} else {
				fmt.Fprintf(stdout, "%s: %d mutants, %d killed by the cases, score %.1f%%", p.Slug, rep.Total, rep.Killed, rep.Score())
			}
			if has {
				fmt.Fprintf(stdout, map[bool]string{true: "（已提交的得分 %.1f%%）", false: " (committed: %.1f%%)"}[lang == "zh"], committed)
			}
			fmt.Fprintln(stdout)
		}
		if has && rep.Score() < committed-1e-9 {
			code = 1
			fmt.Fprintln(stderr, diag.Translate(lang, fmt.Sprintf("%s/mutation-score: the score fell below what is committed: add the cases suggested above", dir)))
		}
	}
	if format == "json" {
		writeJSON(stdout, reports)
	}
	return code
}

// committedScore reads the score committed for a policy, if any.
func committedScore(root, dir string) (float64, bool) {
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(dir), "mutation-score"))
	if err != nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(b)), 64)
	return v, err == nil
}

func runSelfcheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("selfcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site `folder`")
	lang := fs.String("lang", "", "language of the text output: zh or en (default: the site's default)")
	asJSON := fs.Bool("json", false, "print the result in its JSON form")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./generator selfcheck [--lang zh|en] [--json] PROFILE.json")
		fmt.Fprintln(stderr, "Each policy with rules ships an example: content/policies/SLUG/example-profile.json")
		fs.PrintDefaults()
	}
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(positional) != 1 {
		fs.Usage()
		return 2
	}
	data, err := readProfile(positional[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	site, err := content.Load(*root)
	if err != nil {
		printErrors(stderr, err, diag.Locale())
		return 1
	}
	// Problems are told in the language asked for, else the terminal's;
	// the result, in the one asked for, else the site's first.
	msgLang := diag.Locale()
	if *lang == "" {
		*lang = site.Config.DefaultLanguage
	} else {
		msgLang = *lang
	}
	if site.Strings[*lang] == nil {
		fmt.Fprintf(stderr, "--lang %q: the site's languages are %s\n", *lang, strings.Join(langCodes(site), ", "))
		return 2
	}
	policy, err := profilePolicy(site, data)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", positional[0], err)
		return 1
	}
	suite, err := rules.Load(site, policy, site.Prefix)
	if err != nil {
		printErrors(stderr, err, msgLang)
		return 1
	}
	prof, err := eval.DecodeJSON(suite.Program, data)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", positional[0], diag.Translate(msgLang, err.Error()))
		return 1
	}
	res, err := eval.Evaluate(suite.Program, prof)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", positional[0], err)
		return 1
	}
	if *asJSON {
		stdout.Write(res.JSON())
		fmt.Fprintln(stdout)
		return 0
	}
	w := &report.Writer{Program: suite.Program, Strings: site.Strings[*lang], Lang: *lang}
	w.Write(stdout, res)
	return 0
}

func langCodes(s *content.Site) []string {
	var out []string
	for _, l := range s.Languages() {
		out = append(out, l.Code)
	}
	return out
}

// profilePolicy finds the policy a profile is for: its "policy" field, or
// the site's home policy.
func profilePolicy(site *content.Site, data []byte) (*content.Policy, error) {
	var head struct {
		Policy string `json:"policy"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not valid JSON: %v", err)
	}
	slug := head.Policy
	if slug == "" {
		slug = site.Config.HomePolicy
	}
	p := site.Policy(slug)
	if p == nil {
		return nil, fmt.Errorf("policy %q: no such policy under content/policies", slug)
	}
	if !rules.Exists(site, p) {
		return nil, fmt.Errorf("policy %q has no rules", slug)
	}
	return p, nil
}

// maxProfile bounds what selfcheck reads: a profile is a few kilobytes, and
// a path such as /dev/zero must not be read until memory runs out.
const maxProfile = 1 << 20

func readProfile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxProfile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxProfile {
		return nil, fmt.Errorf("%s: larger than 1 MiB; a profile is a few kilobytes of JSON: is this the right file?", name)
	}
	return data, nil
}

// writeJSON writes v as --format json does: indented, with <, > and & as
// they are.
func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
