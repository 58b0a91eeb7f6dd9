// Package molnkollen holds the one source of the self-check's questions and
// rules, data/selfcheck.json, for the Go side. Hugo reads the same file as site
// data; embedding it here is what lets the engine, the wasm module and
// cmd/selfcheck use exactly the file the pages were rendered from.
package molnkollen

import (
	"embed"
	"errors"
	"io/fs"
)

// SelfcheckJSON is data/selfcheck.json as it was when the binary was built.
//
//go:embed data/selfcheck.json
var SelfcheckJSON []byte

// data holds data/selfcheck.json and every earlier rules version as
// released, as data/versions/<rulesVersion>.json: a site folder's self-check
// data, as internal/rulesgen reads it. Only cmd/selfcheck and the tests read
// it; the wasm module does not refer to it, so the linker leaves it out.
//
//go:embed data/selfcheck.json data/versions/*.json
var data embed.FS

// Data returns this project's self-check data as a site folder holds it
// (data/selfcheck.json, data/versions/), as it was when the binary was built.
func Data() fs.FS { return data }

// ArchivedRules returns the data of an earlier rules version, as kept in
// data/versions/, or an error if there is none.
func ArchivedRules(rulesVersion string) ([]byte, error) {
	for _, c := range []byte(rulesVersion) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-' || c == '.') {
			return nil, errors.New("molnkollen: not a rules version: " + rulesVersion)
		}
	}
	return data.ReadFile("data/versions/" + rulesVersion + ".json")
}

// ArchivedVersions lists the rules versions kept in data/versions/.
func ArchivedVersions() []string {
	entries, _ := data.ReadDir("data/versions")
	var out []string
	for _, e := range entries {
		n := e.Name()
		out = append(out, n[:len(n)-len(".json")])
	}
	return out
}
