// Package molnkollen holds the one source of the self-check's questions and
// rules, data/selfcheck.json, for the Go side. Hugo reads the same file as site
// data; embedding it here is what lets the engine, the wasm module and
// cmd/selfcheck use exactly the file the pages were rendered from.
package molnkollen

import (
	"embed"
	"errors"
)

// SelfcheckJSON is data/selfcheck.json as it was when the binary was built.
//
//go:embed data/selfcheck.json
var SelfcheckJSON []byte

// versions holds every earlier rules version as released, as
// data/versions/<rulesVersion>.json. Only cmd/selfcheck reads them; the wasm
// module does not refer to them, so the linker leaves them out of it.
//
//go:embed data/versions/*.json
var versions embed.FS

// ArchivedRules returns the data of an earlier rules version, as kept in
// data/versions/, or an error if there is none.
func ArchivedRules(rulesVersion string) ([]byte, error) {
	for _, c := range []byte(rulesVersion) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-' || c == '.') {
			return nil, errors.New("molnkollen: not a rules version: " + rulesVersion)
		}
	}
	return versions.ReadFile("data/versions/" + rulesVersion + ".json")
}

// ArchivedVersions lists the rules versions kept in data/versions/.
func ArchivedVersions() []string {
	entries, _ := versions.ReadDir("data/versions")
	var out []string
	for _, e := range entries {
		n := e.Name()
		out = append(out, n[:len(n)-len(".json")])
	}
	return out
}
