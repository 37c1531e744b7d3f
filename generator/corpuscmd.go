package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"xihuguide/generator/corpus"
)

func runCorpus(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site whose layouts/ and assets/ the corpus uses")
	pages := fs.Int("pages", 10000, "about how many pages, both languages together")
	measures := fs.Int("measures", 20, "measures per policy")
	out := fs.String("o", "", "the `folder` to write the corpus site into (required)")
	hugo := fs.String("hugo", "", "also write the same Markdown as a Hugo site into this `folder`")
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "corpus: -o is required")
		return 2
	}
	o := corpus.ForPages(*pages, *measures)
	if err := corpus.Site(*out, o); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, d := range []string{"layouts", "assets", "content/i18n"} {
		if err := corpus.CopyDir(filepath.Join(*root, d), filepath.Join(*out, d)); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if *hugo != "" {
		if err := corpus.Hugo(*hugo, *root, o); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	fmt.Fprintf(stdout, "wrote %d policies of %d measures: %d pages\n", o.Policies, o.Measures, o.Pages())
	return 0
}
