//go:build !(js && wasm)

package main

import "os"

// main exists so that "go build ./..." and "go vet ./..." work natively; the
// module only runs as GOOS=js GOARCH=wasm.
func main() {
	os.Stderr.WriteString("molnkollen wasm: build with GOOS=js GOARCH=wasm\n")
	os.Exit(2)
}
