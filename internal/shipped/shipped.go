// Package shipped holds the rules of data/selfcheck.json as Go values
// (rules_gen.go, written by ./gen), for the wasm module: it then starts
// without parsing the JSON, and without package embed and what it brings.
// Everything else parses the JSON with rules.Parse; a test checks that both
// give the same rules.
package shipped

//go:generate go run ./gen

import "molnkollen/internal/rules"

func init() { shipped.Index() }

// Rules returns the shipped rules. They are shared: do not change them.
func Rules() *rules.Rules { return &shipped }
