// Command bench measures the self-check's speed and size targets and prints
// the figures (issue 3, "Speed and size"):
//
//   - the wasm module as shipped, gzipped, against a bare Go program that only
//     registers one syscall/js function, built with the same flags in the same
//     run (target: at most 1.3 times);
//
//   - navigation to data-selfcheck="ready" in headless Chromium, against a page
//     that loads only that bare program, side by side (target: at most 1.5 times);
//
//   - one evaluation of a complete set of answers, natively (target: under 1 ms).
//
//     go run ./cmd/bench [-runs N] [-browser=false]
//
// It prints figures; it does not pass or fail on them.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"molnkollen/internal/sitebuild"
	"molnkollen/internal/sitetest"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

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

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 7, "page loads per page for the load-time comparison")
	browser := fs.Bool("browser", true, "measure load time in headless Chromium")
	if err := fs.Parse(args); err != nil {
		return err
	}
	root, err := sitebuild.Root(".")
	if err != nil {
		return err
	}
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "molnkollen-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	// 1. Sizes, both modules built now with the same flags.
	bareDir := filepath.Join(tmp, "bare")
	if err := os.MkdirAll(bareDir, 0o755); err != nil {
		return err
	}
	for name, text := range map[string]string{"go.mod": "module bare\n\ngo 1.26\n", "main.go": bareMain} {
		if err := os.WriteFile(filepath.Join(bareDir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	site := filepath.Join(tmp, "site")
	o := sitebuild.Options{Root: root, Dest: site, BaseURL: "/", Stderr: stderr}
	if err := sitebuild.Build(ctx, o); err != nil {
		return err
	}
	bareWasm := filepath.Join(tmp, "page", "bare.wasm")
	if err := os.MkdirAll(filepath.Dir(bareWasm), 0o755); err != nil {
		return err
	}
	if err := goBuildWasm(ctx, bareDir, bareWasm); err != nil {
		return err
	}
	bareRaw, bareGz, err := sizes(bareWasm)
	if err != nil {
		return err
	}
	modRaw, modGz, err := sizes(filepath.Join(root, sitebuild.WasmDir, "molnkollen.wasm"))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wasm size     bare %8d B (%7d B gzip -9)\n", bareRaw, bareGz)
	fmt.Fprintf(stdout, "              ours %8d B (%7d B gzip -9)  ratio %.2f (target <= 1.30)\n",
		modRaw, modGz, float64(modGz)/float64(bareGz))

	// 2. Load time, side by side.
	if *browser {
		if err := loadTimes(ctx, stdout, root, site, filepath.Dir(bareWasm), *runs); err != nil {
			return err
		}
	}

	// 3. One evaluation, natively.
	cmd := exec.CommandContext(ctx, "go", "test", "-run=^$", "-bench=Evaluate", "-benchmem", "./internal/engine")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go test -bench: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "Benchmark") {
			fmt.Fprintf(stdout, "evaluate      %s  (target < 1 ms/op)\n", strings.Join(strings.Fields(line), " "))
		}
	}
	return nil
}

func goBuildWasm(ctx context.Context, dir, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0", "GOFLAGS=-mod=mod")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the bare module: %v\n%s", err, b)
	}
	return nil
}

func sizes(path string) (raw, gz int, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return len(b), buf.Len(), nil
}

// loadTimes serves the built site and the bare page from one local server,
// with the production headers of deploy/nginx.conf (so the strict CSP
// applies), and loads each in turn, alternating, reporting the median time
// from navigation to data-selfcheck="ready".
func loadTimes(ctx context.Context, stdout io.Writer, root, site, barePage string, runs int) error {
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return err
	}
	wasmExec, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	for name, text := range map[string][]byte{"index.html": []byte(bareHTML), "bare.js": []byte(bareJS), "wasm_exec.js": wasmExec} {
		if err := os.WriteFile(filepath.Join(barePage, name), text, 0o644); err != nil {
			return err
		}
	}
	f, err := os.Open(filepath.Join(root, "deploy", "nginx.conf"))
	if err != nil {
		return err
	}
	conf, err := sitetest.ParseNginx(f)
	f.Close()
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/bare/", sitetest.Handler(barePage, "/bare/", conf))
	mux.Handle("/", sitetest.Handler(site, "/", conf))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	bctx, cancel, err := sitetest.NewBrowser(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	pages := []struct{ name, url string }{
		{"bare", base + "/bare/"},
		{"self-check", base + "/sjalvskattning/"},
	}
	times := map[string][]time.Duration{}
	for i := 0; i < runs+1; i++ { // the first round warms the browser and the disk cache
		for _, p := range pages {
			d, err := sitetest.MeasureReady(bctx, p.url, `[data-selfcheck="ready"]`)
			if err != nil {
				return fmt.Errorf("%s: %w", p.name, err)
			}
			if i > 0 {
				times[p.name] = append(times[p.name], d)
			}
		}
	}
	bare, ours := median(times["bare"]), median(times["self-check"])
	fmt.Fprintf(stdout, "to ready      bare %8s  self-check %8s  ratio %.2f (target <= 1.50; median of %d, Chromium, cache off, production headers)\n",
		bare.Round(100*time.Microsecond), ours.Round(100*time.Microsecond), float64(ours)/float64(bare), runs)
	return nil
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
