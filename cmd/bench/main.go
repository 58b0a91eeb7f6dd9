// Command bench measures the self-check's speed and size targets (issue 8,
// "Speed and delivery") and prints, for each, the figure and whether it is
// met:
//
//   - the wasm module as sent (the build's gzip -9 copy), against a bare Go
//     program that only registers one syscall/js function, built with the
//     same flags in the same run (target: at most 1.3 times; goal 1.15);
//
//   - bytes over the wire for each file of the self-check page, compressed
//     as nginx sends it with deploy/nginx.conf and as it would be without;
//
//   - navigation to data-selfcheck="ready" in headless Chromium, against a page
//     that loads only that bare program, both served by a real nginx with
//     deploy/nginx.conf (the Go test server when there is no nginx), side by
//     side (target: at most 1.5 times; goal 1.2);
//
//   - with -slow (the default), one load of each on an emulated slow phone
//     (1.6 Mbit/s, 150 ms, CPU 4x slower): first paint, ready, layout shift;
//
//   - one evaluation of a complete set of answers, natively (target: under 1 ms).
//
//   - with -lighthouse N, Lighthouse's mobile performance score of every
//     page, N runs each (target: at least 90 in every run; goal 100).
//
//     go run ./cmd/bench [-runs N] [-browser=false] [-slow=false] [-lighthouse N]
//
// Timed figures depend on the machine: they are not tests.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
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
	slow := fs.Bool("slow", true, "also load each page once on an emulated slow phone")
	lhDir := fs.String("lighthouse-dir", "", "with -lighthouse: keep each page's last Lighthouse report (JSON) in this folder")
	lh := fs.Int("lighthouse", 0, "also run Lighthouse's mobile performance audit N times on every page (needs npm install --no-save lighthouse@12)")
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

	// 1. Sizes, both modules built now with the same flags. The bare page
	// lives inside the built site, so that both get the same server, headers
	// and compression.
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
	o := sitebuild.Options{Root: root, Dest: site, BaseURL: sitetest.SitePath, Stderr: stderr}
	if err := sitebuild.Build(ctx, o); err != nil {
		return err
	}
	barePage := filepath.Join(site, "bare")
	bareWasm := filepath.Join(barePage, "bare.wasm")
	if err := os.MkdirAll(barePage, 0o755); err != nil {
		return err
	}
	if err := goBuildWasm(ctx, bareDir, bareWasm); err != nil {
		return err
	}
	if err := writeBarePage(ctx, barePage); err != nil {
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
	fmt.Fprintf(stdout, "              ours %8d B (%7d B gzip -9)  ratio %.2f  %s\n",
		modRaw, modGz, float64(modGz)/float64(bareGz), verdict(float64(modGz)/float64(bareGz), 1.3, 1.15))

	// 2. Over the wire and load time, side by side.
	if *browser {
		if err := loadTimes(ctx, stdout, root, site, *runs, *slow, *lh, *lhDir); err != nil {
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

// verdict says whether a ratio meets its target and goal (lower is better).
func verdict(ratio, target, goal float64) string {
	switch {
	case ratio <= goal:
		return fmt.Sprintf("target <= %.2f MET, goal <= %.2f MET", target, goal)
	case ratio <= target:
		return fmt.Sprintf("target <= %.2f MET, goal <= %.2f not met", target, goal)
	}
	return fmt.Sprintf("target <= %.2f NOT MET", target)
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

// sizes returns the file's size and that of the gzip -9 copy the build
// writes beside it (made here when there is none).
func sizes(path string) (raw, gz int, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	if z, err := os.ReadFile(path + ".gz"); err == nil {
		return len(b), len(z), nil
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return len(b), buf.Len(), nil
}

// writeBarePage writes the bare reference page beside bare.wasm, with
// wasm_exec.js of this Go, and their gzip copies.
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

// loadTimes serves the built site, with the bare page inside it, from a real
// nginx with deploy/nginx.conf (or, without nginx, the Go test server that
// imitates it), and loads each page in turn, alternating, reporting the
// median time from navigation to data-selfcheck="ready", and the bytes each
// file of the self-check page took.
func loadTimes(ctx context.Context, stdout io.Writer, root, site string, runs int, slow bool, lighthouseRuns int, lighthouseDir string) error {
	confText, err := os.ReadFile(filepath.Join(root, "deploy", "nginx.conf"))
	if err != nil {
		return err
	}
	n, err := sitetest.StartNginx(ctx, sitetest.NginxOptions{Conf: confText, Site: site, Brotli: true})
	if err != nil {
		return fmt.Errorf("nginx with deploy/nginx.conf: %w", err)
	}
	defer n.Stop()
	base, served := n.URL, n.String()

	bctx, cancel, err := sitetest.NewBrowser(ctx, n.Cert)
	if err != nil {
		return err
	}
	defer cancel()
	pages := []struct{ name, url string }{
		{"bare", base + sitetest.SitePath + "bare/"},
		{"self-check", base + sitetest.SitePath + "sjalvskattning/"},
	}
	const ready = `[data-selfcheck="ready"]`
	times := map[string][]time.Duration{}
	phases := map[string][]sitetest.Phases{}
	var last sitetest.Load
	for i := 0; i < runs+1; i++ { // the first round warms the browser and the disk cache
		for _, p := range pages {
			l, err := sitetest.Measure(bctx, p.url, ready, nil)
			if err != nil {
				return fmt.Errorf("%s: %w", p.name, err)
			}
			if i > 0 {
				times[p.name] = append(times[p.name], l.Ready)
				phases[p.name] = append(phases[p.name], l.Phases)
			}
			if p.name == "self-check" {
				last = l
			}
		}
	}

	fmt.Fprintf(stdout, "self-check page over the wire (%s, Chromium asks for gzip):\n", served)
	fmt.Fprintf(stdout, "  %-44s %10s %10s\n", "file", "sent B", "raw B")
	sent, raw := 0, 0
	for _, f := range last.Files {
		name := f.URL
		if i := strings.Index(name, sitetest.SitePath); i >= 0 {
			name = name[i+len(sitetest.SitePath):]
		}
		if len(name) > 44 {
			name = name[:20] + "…" + name[len(name)-23:]
		}
		fmt.Fprintf(stdout, "  %-44s %10d %10d\n", name, f.Encoded, f.Decoded)
		sent += f.Encoded
		raw += f.Decoded
	}
	fmt.Fprintf(stdout, "  %-44s %10d %10d  (bodies; headers not counted)\n", "total", sent, raw)
	fmt.Fprintf(stdout, "self-check DOM %d elements; layout shift until ready %.3f\n", last.DOM, last.CLS)

	bare, ours := median(times["bare"]), median(times["self-check"])
	ratio := float64(ours) / float64(bare)
	fmt.Fprintf(stdout, "to ready      bare %8s  self-check %8s  ratio %.2f  %s\n", bare.Round(100*time.Microsecond), ours.Round(100*time.Microsecond), ratio, verdict(ratio, 1.5, 1.2))
	fmt.Fprintf(stdout, "              (median of %d, Chromium, cache off, %s)\n", runs, served)
	fmt.Fprintf(stdout, "where the time goes (medians, ms from navigation start):\n")
	fmt.Fprintf(stdout, "  %-11s %8s %8s %8s %8s %8s %8s\n", "page", "html", "domready", "load", "wasm req", "wasm end", "ready")
	for _, p := range pages {
		fmt.Fprintf(stdout, "  %-11s %s\n", p.name, phaseLine(phases[p.name], times[p.name]))
	}

	if slow {
		s := sitetest.SlowMobile
		fmt.Fprintf(stdout, "slow phone    (%.1f Mbit/s, %s latency, CPU %gx slower; one load each)\n", s.BytesPerS*8/1e6, s.Latency, s.CPUSlowing)
		for _, p := range pages {
			l, err := sitetest.Measure(bctx, p.url, ready, s)
			if err != nil {
				return fmt.Errorf("%s (slow): %w", p.name, err)
			}
			fmt.Fprintf(stdout, "  %-11s first paint %7s  ready %7s  layout shift %.3f\n", p.name, l.FCP.Round(time.Millisecond), l.Ready.Round(time.Millisecond), l.CLS)
		}
	}
	if lighthouseRuns > 0 {
		return lighthouse(ctx, stdout, root, base+sitetest.SitePath, lighthouseRuns, lighthouseDir)
	}
	return nil
}

// phaseLine prints the median of each phase and of ready.
func phaseLine(ps []sitetest.Phases, ready []time.Duration) string {
	col := func(f func(sitetest.Phases) time.Duration) string {
		var ds []time.Duration
		for _, p := range ps {
			ds = append(ds, f(p))
		}
		return fmt.Sprintf("%8.0f", float64(median(ds))/float64(time.Millisecond))
	}
	return strings.Join([]string{
		col(func(p sitetest.Phases) time.Duration { return p.HTML }),
		col(func(p sitetest.Phases) time.Duration { return p.DOMReady }),
		col(func(p sitetest.Phases) time.Duration { return p.Load }),
		col(func(p sitetest.Phases) time.Duration { return p.WasmStart }),
		col(func(p sitetest.Phases) time.Duration { return p.WasmEnd }),
		fmt.Sprintf("%8.0f", float64(median(ready))/float64(time.Millisecond)),
	}, " ")
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
