// Package molnkollen holds the one source of the self-check's questions and
// rules, data/selfcheck.json, for the Go side. Hugo reads the same file as site
// data; embedding it here is what lets the engine, the wasm module and
// cmd/selfcheck use exactly the file the pages were rendered from.
package molnkollen

import _ "embed"

// SelfcheckJSON is data/selfcheck.json as it was when the binary was built.
//
//go:embed data/selfcheck.json
var SelfcheckJSON []byte
