// Package rulesgen writes what a site's build needs from its self-check
// data (data/selfcheck.json and the earlier versions its "previous" lists,
// kept in data/versions/), so that every rule is written once, in Go:
//
//   - the rules as Go values (GoSource), for the wasm module: it then
//     starts without parsing JSON, and checks files of earlier versions
//     against the rules they were made with, as cmd/selfcheck does. The
//     project's own are internal/shipped/rules_gen.go; another site's are
//     laid over that file when its module is built (internal/sitebuild);
//   - the open items each question can give (OpenItems), for Hugo, which
//     renders their texts and lists their ids in the file's JSON Schema.
//
// internal/shipped/gen runs it (go generate ./internal/shipped), every site
// build does too, and the tests in internal/shipped fail when a committed
// file is stale. cmd/selfcheck reads a site's data with the same Read, so
// that it checks a file with exactly the rules that site's module holds.
package rulesgen

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"molnkollen/internal/rules"
)

// OpenItemsFile is where a site keeps its open items, under the site
// folder: Hugo reads it as hugo.Data.selfcheck_open.
const OpenItemsFile = "data/selfcheck_open.json"

// Site is the self-check data of one site folder.
type Site struct {
	Rules    *rules.Rules
	Archived []*rules.Rules // the rules of Rules.Previous, in that order
}

// Read reads and checks dir/data/selfcheck.json and the archived version
// of each entry of its "previous".
func Read(dir string) (*Site, error) { return ReadFS(os.DirFS(dir)) }

// ReadFS is Read for a site folder given as a file system: data/selfcheck.json
// and data/versions/ under its root (molnkollen.Data is this project's).
func ReadFS(site fs.FS) (*Site, error) {
	b, err := fs.ReadFile(site, "data/selfcheck.json")
	if err != nil {
		return nil, err
	}
	r, err := rules.Parse(b)
	if err != nil {
		return nil, err
	}
	s := &Site{Rules: r}
	for _, p := range r.Previous {
		name := "data/versions/" + p.RulesVersion + ".json"
		b, err := fs.ReadFile(site, name)
		if err != nil {
			return nil, errors.New("rulesgen: \"previous\" lists " + p.RulesVersion + ", which is not archived: " + err.Error())
		}
		old, err := rules.Parse(b)
		if err != nil {
			return nil, errors.New("rulesgen: " + name + ": " + err.Error())
		}
		if old.RulesVersion != p.RulesVersion || old.FormatVersion != p.FormatVersion || old.Guideline.ValidFrom != p.ValidFrom {
			return nil, errors.New("rulesgen: " + name + ": its versions or its guideline's date differ from its \"previous\" entry")
		}
		s.Archived = append(s.Archived, old)
	}
	return s, nil
}

// Older returns the archived rules of an earlier version that "previous"
// lists: what the site's module checks a file of that version with.
func (s *Site) Older(rulesVersion string) (*rules.Rules, error) {
	return rules.Version(s.Archived, rulesVersion)
}

// Write writes the site's open items into dir/data/selfcheck_open.json
// and, when goOut is set, its rules as Go values into goOut. A file that
// would not change is left as it is.
func Write(dir, goOut string) error {
	s, err := Read(dir)
	if err != nil {
		return err
	}
	open, err := s.OpenItems()
	if err != nil {
		return err
	}
	if err := writeIfChanged(filepath.Join(dir, filepath.FromSlash(OpenItemsFile)), open); err != nil {
		return err
	}
	if goOut == "" {
		return nil
	}
	src, err := s.GoSource()
	if err != nil {
		return err
	}
	return writeIfChanged(goOut, src)
}

func writeIfChanged(name string, b []byte) error {
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, b) {
		return nil
	}
	return os.WriteFile(name, b, 0o644)
}
