// Package shipped holds the rules of data/selfcheck.json as Go values
// (rules_gen.go, written by ./gen), for the wasm module: it then starts
// without parsing the JSON, and without package embed and what it brings.
// With them are the earlier versions that "previous" lists, as archived in
// data/versions/, so that the module checks a file of an earlier version
// against the rules it was made with, as cmd/selfcheck does. Everything
// else parses the JSON with rules.Parse; a test checks that both give the
// same rules.
//
// Another site's module is built with its own rules laid over rules_gen.go
// (internal/sitebuild).
package shipped

//go:generate go run ./gen -site ../.. -go rules_gen.go
//go:generate go run ./gen -site ../../testdata/exampleorg

import "molnkollen/internal/rules"

func init() {
	shipped.Index()
	for _, r := range archived {
		r.Index()
	}
}

// Rules returns the shipped rules. They are shared: do not change them.
func Rules() *rules.Rules { return &shipped }

// Archived returns the earlier rules version that "previous" lists under
// rulesVersion, as archived; like Rules, it is shared.
func Archived(rulesVersion string) (*rules.Rules, error) {
	return rules.Version(archived[:], rulesVersion)
}
