package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"molnkollen/internal/sitebuild"
	"molnkollen/internal/sitetest"
)

// bareMain is the reference program: it registers one function and blocks.
const bareMain = `package main

import "syscall/js"

func main() {
	js.Global().Set("bare", js.FuncOf(func(js.Value, []js.Value) any { return nil }))
	select {}
}
`

// bareHTML and bareJS make the reference page: the same loading steps as the
// self-check (wasm_exec.js, instantiateStreaming, go.run), then the same
// ready attribute.
const bareHTML = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>bare</title>
<script src="wasm_exec.js"></script><script src="bare.js" defer></script></head>
<body><div id="root" data-selfcheck="loading">bare</div></body></html>
`

const bareJS = `(async () => {
  const go = new Go();
  const r = await WebAssembly.instantiateStreaming(fetch("bare.wasm"), go.importObject);
  go.run(r.instance);
  if (window.bare) document.getElementById("root").dataset.selfcheck = "ready";
})();
`

// moduleSizes builds the bare program in src and its page into the built
// site (site/bare/, so that both get the same server, headers and
// compression) and prints the sizes of both modules and their copies.
func moduleSizes(ctx context.Context, stdout io.Writer, src, site string) error {
	if err := os.MkdirAll(src, 0o755); err != nil {
		return err
	}
	for name, text := range map[string]string{"go.mod": "module bare\n\ngo 1.26\n", "main.go": bareMain} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	page := filepath.Join(site, "bare")
	if err := os.MkdirAll(page, 0o755); err != nil {
		return err
	}
	if err := goBuildWasm(ctx, src, filepath.Join(page, "bare.wasm")); err != nil {
		return err
	}
	if err := writeBarePage(ctx, page); err != nil {
		return err
	}
	mod, err := module(site)
	if err != nil {
		return err
	}
	bare, err := sizes(filepath.Join(page, "bare.wasm"))
	if err != nil {
		return err
	}
	ours, err := sizes(mod)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wasm size     bare %8d B (%7d B gzip -9, %7d B brotli 11)\n", bare[0], bare[1], bare[2])
	fmt.Fprintf(stdout, "              ours %8d B (%7d B gzip -9, %7d B brotli 11)\n", ours[0], ours[1], ours[2])
	for i, enc := range []string{"", "gzip -9", "brotli 11"} {
		if i > 0 {
			r := float64(ours[i]) / float64(bare[i])
			fmt.Fprintf(stdout, "              ratio %-9s %.2f  %s\n", enc, r, verdict(r, 1.3, 1.15))
		}
	}
	return nil
}

// module is the built site's wasm module.
func module(site string) (string, error) {
	m, err := filepath.Glob(filepath.Join(site, "wasm", "*.wasm"))
	if err != nil || len(m) != 1 {
		return "", fmt.Errorf("the built site has %d wasm modules (%v)", len(m), err)
	}
	return m[0], nil
}

func goBuildWasm(ctx context.Context, dir, out string) error {
	cmd := exec.CommandContext(ctx, "go", sitebuild.WasmBuildArgs(out, ".")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0", "GOFLAGS=-mod=mod")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the bare module: %v\n%s", err, b)
	}
	return nil
}

// sizes returns the sizes of the file and of the .gz and .br copies the
// build wrote beside it.
func sizes(path string) (s [3]int64, err error) {
	for i, suffix := range []string{"", ".gz", ".br"} {
		fi, err := os.Stat(path + suffix)
		if err != nil {
			return s, err
		}
		s[i] = fi.Size()
	}
	return s, nil
}

// writeBarePage writes the bare reference page beside bare.wasm, with
// wasm_exec.js of this Go, and their compressed copies.
func writeBarePage(ctx context.Context, dir string) error {
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return err
	}
	wasmExec, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	for name, text := range map[string][]byte{"index.html": []byte(bareHTML), "bare.js": []byte(bareJS), "wasm_exec.js": wasmExec} {
		if err := os.WriteFile(filepath.Join(dir, name), text, 0o644); err != nil {
			return err
		}
	}
	return sitebuild.Precompress(dir)
}

// overTheWire prints the module's body as nginx sends it to a client that
// accepts br and gzip and to one that accepts gzip only, against the module
// compressed by the brotli program at quality 11 (target: at most 1.05
// times that).
func overTheWire(stdout io.Writer, n *sitetest.Nginx, site string) error {
	mod, err := module(site)
	if err != nil {
		return err
	}
	url := n.URL + sitetest.SitePath + "wasm/" + filepath.Base(mod)
	got := map[string]int{}
	for _, ae := range []string{"br, gzip", "gzip"} {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Accept-Encoding", ae)
		res, err := n.Client.Do(req)
		if err != nil {
			return err
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return err
		}
		got[ae] = len(b)
		fmt.Fprintf(stdout, "module sent   Accept-Encoding %-9q %8d B  (%s, Content-Encoding %q)\n", ae, len(b), res.Proto, res.Header.Get("Content-Encoding"))
	}
	ref, err := brotliProgram(mod)
	if err != nil {
		fmt.Fprintf(stdout, "              against brotli -q 11: not measured (%v; apt-get install brotli)\n", err)
		return nil
	}
	r := float64(got["br, gzip"]) / float64(ref)
	fmt.Fprintf(stdout, "              against brotli -q 11 of the module %8d B: ratio %.3f  %s\n", ref, r, verdict(r, 1.05, 0))
	return nil
}

// brotliProgram returns the size of path compressed by the brotli program
// (Debian's brotli) at quality 11.
func brotliProgram(path string) (int, error) {
	exe, err := exec.LookPath("brotli")
	if err != nil {
		return 0, err
	}
	var out bytes.Buffer
	cmd := exec.Command(exe, "-q", "11", "-c", path)
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return 0, err
	}
	return out.Len(), nil
}
