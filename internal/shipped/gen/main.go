// Command gen writes what a site's build needs from its self-check data
// (package rulesgen): the site's data/selfcheck_open.json, and with -go the
// rules as Go values for the wasm module.
//
//	go run ./internal/shipped/gen -site DIR [-go FILE]
//
// go generate ./internal/shipped runs it for the project (writing
// internal/shipped/rules_gen.go) and for testdata/exampleorg; every site
// build does it for its site (internal/sitebuild).
package main

import (
	"flag"
	"fmt"
	"os"

	"molnkollen/internal/rulesgen"
)

func main() {
	site := flag.String("site", ".", "the site folder, whose data/selfcheck.json is read")
	goOut := flag.String("go", "", "also write the rules as Go values into this file")
	flag.Parse()
	if err := rulesgen.Write(*site, *goOut); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
