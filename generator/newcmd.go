package main

import (
	"flag"
	"fmt"
	"io"

	"xihuguide/generator/scaffold"
)

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site `folder`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./generator new measure POLICY SLUG")
		fmt.Fprintln(stderr, "       go run ./generator new policy SLUG")
		fs.PrintDefaults()
	}
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	var created scaffold.Created
	switch {
	case len(positional) == 3 && positional[0] == "measure":
		created, err = scaffold.Measure(*root, positional[1], positional[2])
	case len(positional) == 2 && positional[0] == "policy":
		day, derr := asOf("")
		if derr != nil {
			fmt.Fprintln(stderr, derr)
			return 2
		}
		created, err = scaffold.Policy(*root, positional[1], day)
	default:
		fs.Usage()
		return 2
	}
	for _, f := range created {
		fmt.Fprintln(stdout, "created", f)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintln(stdout, "Write the real text over every （待填：…） and (to fill: …): `go run ./generator check` lists each one left,")
	fmt.Fprintln(stdout, "and nothing publishes until none is. Add each Chinese clause, word for word, to the policy's original.zh.txt too.")
	fmt.Fprintln(stdout, "Preview as you go with `go run ./generator serve`.")
	return 0
}
