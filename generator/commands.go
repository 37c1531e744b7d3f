package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"xihuguide/generator/build"
	"xihuguide/generator/content"
	"xihuguide/generator/diag"
	"xihuguide/generator/report"
	"xihuguide/generator/rules"
	"xihuguide/generator/rules/eval"
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
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(problems)
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
	return 0
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
