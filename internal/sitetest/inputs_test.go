package sitetest

import (
	"io/fs"
	"os"
	"path/filepath"
)

// built are the folders of the checkout that hold what builds write (the
// ones .gitignore names): not inputs.
var built = map[string]bool{".git": true, "node_modules": true, "public": true, "resources": true,
	"bench-out": true, "assets/wasm": true, "testdata/exampleorg/assets": true}

// trackInputs opens every file and folder of the checkout a build can read.
// go test caches a package's result against the files its own process
// opened, but Hugo and the Go compiler read content, data, layouts, assets
// and Go code in subprocesses: without this, an edit to content/ left
// `go test ./...` reporting these tests' earlier result, "(cached)".
func trackInputs(root string) {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if built[filepath.ToSlash(rel)] {
				return filepath.SkipDir
			}
			return nil
		}
		if f, err := os.Open(p); err == nil {
			f.Close()
		}
		return nil
	})
}
