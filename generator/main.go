// Command generator builds the policy guide: `go run ./generator` renders
// content/ through layouts/ into public/. Run it with -h for the commands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"xihuguide/generator/build"
	"xihuguide/generator/diag"
	"xihuguide/generator/publish"
)

const usage = `usage: go run ./generator [command] [flags]

commands:
  build      build the site (the default): go run ./generator build -o public
  check      run every check of a build and every rule case; list all problems
  selfcheck  estimate the support for a profile: go run ./generator selfcheck PROFILE.json
  serve      preview on http://127.0.0.1:1313/, rebuilding and reloading on every change
  new        new measure POLICY SLUG | new policy SLUG: write the files to start from
  corpus     write a synthetic portal for benchmarks: corpus -pages 10000 -o DIR [-hugo DIR]

Run "go run ./generator COMMAND -h" for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := "build"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "build":
		return runBuild(args, stdout, stderr)
	case "check":
		return runCheck(args, stdout, stderr)
	case "selfcheck":
		return runSelfcheck(args, stdout, stderr)
	case "serve":
		return runServe(args, stdout, stderr)
	case "new":
		return runNew(args, stdout, stderr)
	case "corpus":
		return runCorpus(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "unknown command %q\n\n%s", cmd, usage)
	return 2
}

// beijing is the policy's time zone: China keeps UTC+8 all year.
var beijing = time.FixedZone("UTC+8", 8*60*60)

// pastRulesKept is how many of the last changes to content/ a build looks
// back through for older rules to keep published: links saved under them
// then show what changed for their answers.
const pastRulesKept = 12

// asOf picks the day for which "in force" is computed: --date, else
// SOURCE_DATE_EPOCH (for reproducible builds), else today in Beijing.
func asOf(flagValue string) (time.Time, error) {
	if flagValue != "" {
		t, err := time.Parse(time.DateOnly, flagValue)
		if err != nil {
			return time.Time{}, fmt.Errorf("--date %q is not a date: write it as 2026-01-31", flagValue)
		}
		return t, nil
	}
	if epoch := os.Getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", epoch)
		}
		return time.Unix(sec, 0).In(beijing), nil
	}
	return time.Now().In(beijing), nil
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "public", "output `folder`")
	root := fs.String("root", ".", "the site `folder`, holding content/, layouts/ and assets/")
	date := fs.String("date", "", "compute whether policies are in force on this `day` (YYYY-MM-DD); default: SOURCE_DATE_EPOCH, else today")
	verbose := fs.Bool("v", false, "print how long each stage took")
	lang := langFlag(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	day, err := asOf(*date)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	sum, err := build.Run(build.Options{Root: *root, Out: *out, AsOf: day, PastRules: pastRulesKept})
	var refusal *publish.Refusal
	var swapped *publish.SwapError
	switch {
	case errors.As(err, &refusal):
		tr := func(s string) string { return diag.Translate(*lang, s) }
		label := "hint: "
		if *lang == "zh" {
			label = "提示："
		}
		fmt.Fprintf(stderr, "%s\n  %s%s\n%s\n", tr(fmt.Sprintf("build refused: -o %s: %s.", refusal.Dir, refusal.Why)), label, tr(refusal.Fix), tr("Nothing was written."))
		return 1
	case errors.As(err, &swapped):
		fmt.Fprintln(stderr, diag.Translate(*lang, fmt.Sprintf("build failed while publishing: %v", swapped)))
		return 1
	case err != nil:
		printErrors(stderr, err, *lang)
		fmt.Fprintln(stderr, diag.Translate(*lang, fmt.Sprintf("build failed; %s was left as it was", *out)))
		return 1
	}
	fmt.Fprintf(stdout, "built %d pages in %d languages (%d files) into %s in %s\n",
		sum.Pages, sum.Languages, sum.Files, *out, sum.Duration.Round(time.Millisecond))
	if *verbose {
		for _, t := range sum.Timings {
			fmt.Fprintf(stdout, "  %-26s %s\n", t.Stage, t.Duration.Round(time.Millisecond))
		}
	}
	return 0
}

// printErrors prints every problem in err in a language, each with its
// quoted line.
func printErrors(w io.Writer, err error, lang string) {
	errs := diag.All(err)
	for _, e := range errs {
		fmt.Fprint(w, e.In(lang).Report())
	}
	var list diag.List
	if errors.As(err, &list) && len(list) > 1 {
		fmt.Fprintln(w, diag.Translate(lang, fmt.Sprintf("%d problems", len(list))))
	}
}

// langFlag adds --lang, the language of the messages: zh or en, by default
// the terminal's (LANG).
func langFlag(fs *flag.FlagSet) *string {
	return fs.String("lang", diag.Locale(), "language of the messages: zh or en (default: from LANG)")
}
