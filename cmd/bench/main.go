// Command bench measures the self-check's speed and size targets (issues 8
// and 18) and prints, for each, the figure and whether it is met. Everything
// the browser loads comes from a real nginx running deploy/nginx.conf with
// the brotli module, over HTTPS with HTTP/2 (a certificate made at run time),
// as readers get it:
//
//   - the wasm module as the build writes it for the server (gzip -9 and
//     brotli 11 copies), against a bare Go program that only registers one
//     syscall/js function, built with the same flags in the same run
//     (target: at most 1.3 times; goal 1.15);
//
//   - the module's bytes over the wire from nginx with Accept-Encoding
//     "br, gzip" (target: at most 1.05 times its own `brotli -q 11` size,
//     made here with the brotli program) and with gzip only;
//
//   - bytes over the wire for each file of the self-check page as Chromium
//     gets it, and raw;
//
//   - navigation to data-selfcheck="ready" in headless Chromium, against a page
//     that loads only that bare program, side by side (target: at most 1.5
//     times; goal 1.2);
//
//   - with -slow (the default), loads of each on an emulated slow phone
//     (one each, or the median of -slow-runs N)
//     (1.6 Mbit/s, 150 ms, CPU 4x slower): first paint (target 1.5 s),
//     ready (target 5 s; goal 3 s), layout shift;
//
//   - a later start: the wait from a first press 2 s after the load event
//     to ready (five loads, and one on the slow phone with -slow);
//
//   - one evaluation of a complete set of answers, natively (target: under 1 ms).
//
//   - with -lighthouse N, Lighthouse's mobile performance score of every
//     page, N runs each (target: at least 90 in the worst run; goal 100).
//
//   - with -trace, each page's main-thread tasks until ready, from a
//     Chromium performance trace (where the time goes, task by task).
//
//   - with -compare REV, the self-check page built from git revision REV,
//     loaded in turn with this checkout's: the two medians and their ratio
//     (figures on a shared machine move by a fifth from run to run; loads
//     in turn in one run are what compare two versions).
//
//     go run ./cmd/bench [-runs N] [-browser=false] [-slow=false] [-trace] [-lighthouse N] [-compare REV]
//
// Timed figures depend on the machine: they are not tests.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
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

// options are the command's flags.
type options struct {
	runs, lighthouseRuns int
	slowRuns             int
	browser, slow, trace bool
	lighthouseDir, root  string
	traceDir             string
	compare              string // a git revision whose self-check page loads in turn with this one's
	stdout, stderr       io.Writer
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := options{stdout: stdout, stderr: stderr}
	fs.IntVar(&o.runs, "runs", 7, "page loads per page for the load-time comparison")
	fs.BoolVar(&o.browser, "browser", true, "measure load time in headless Chromium")
	fs.BoolVar(&o.slow, "slow", true, "also load each page on an emulated slow phone")
	fs.IntVar(&o.slowRuns, "slow-runs", 1, "with -slow: loads per page on the slow phone (the median counts)")
	fs.BoolVar(&o.trace, "trace", false, "also load each page once with a Chromium performance trace (and once more on the slow phone with -slow) and print its main-thread tasks")
	fs.StringVar(&o.traceDir, "trace-dir", "", "with -trace: keep each traced load's whole trace (JSON, for Chromium's performance panel) in this folder")
	fs.StringVar(&o.lighthouseDir, "lighthouse-dir", "", "with -lighthouse: keep each page's last Lighthouse report (JSON) in this folder")
	fs.StringVar(&o.compare, "compare", "", "also build the site of this git `revision` (a temporary worktree) and load its self-check page in turn with this checkout's")
	fs.IntVar(&o.lighthouseRuns, "lighthouse", 0, "also run Lighthouse's mobile performance audit N times on every page (needs npm install --no-save lighthouse@12)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.runs < 1 || o.slowRuns < 1 {
		return fmt.Errorf("-runs and -slow-runs must be at least 1")
	}
	root, err := sitebuild.Root(".")
	if err != nil {
		return err
	}
	o.root = root
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "molnkollen-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	site := filepath.Join(tmp, "site")
	start := time.Now()
	if err := sitebuild.Build(ctx, sitebuild.Options{Root: root, Dest: site, BaseURL: sitetest.SitePath, Stderr: stderr}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "site built in %s (wasm, Hugo, gzip and brotli copies)\n", time.Since(start).Round(100*time.Millisecond))
	if err := buildCompare(ctx, o, site, tmp); err != nil {
		return err
	}
	if err := moduleSizes(ctx, stdout, filepath.Join(tmp, "bare"), site); err != nil {
		return err
	}

	n, err := startNginx(ctx, root, site)
	if err != nil {
		return err
	}
	defer n.Stop()
	fmt.Fprintf(stdout, "served by     %s\n", n)
	if err := overTheWire(stdout, n, site); err != nil {
		return err
	}
	if o.browser {
		if err := loadTimes(ctx, o, n); err != nil {
			return err
		}
	}
	return evaluate(ctx, stdout, root)
}

// startNginx serves the built site with deploy/nginx.conf and the brotli
// module.
func startNginx(ctx context.Context, root, site string) (*sitetest.Nginx, error) {
	conf, err := os.ReadFile(filepath.Join(root, "deploy", "nginx.conf"))
	if err != nil {
		return nil, err
	}
	n, err := sitetest.StartNginx(ctx, sitetest.NginxOptions{Conf: conf, Site: site, Brotli: true})
	if err != nil {
		return nil, fmt.Errorf("nginx with deploy/nginx.conf and the brotli module: %w", err)
	}
	return n, nil
}

// evaluate runs the engine's evaluation benchmark, natively.
func evaluate(ctx context.Context, stdout io.Writer, root string) error {
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

// verdict says whether a figure meets its target and goal (lower is
// better; a goal of 0 means none).
func verdict(v, target, goal float64) string {
	switch {
	case goal > 0 && v <= goal:
		return fmt.Sprintf("target <= %.4g MET, goal <= %.4g MET", target, goal)
	case v <= target && goal > 0:
		return fmt.Sprintf("target <= %.4g MET, goal <= %.4g not met", target, goal)
	case v <= target:
		return fmt.Sprintf("target <= %.4g MET", target)
	}
	return fmt.Sprintf("target <= %.4g NOT MET", target)
}
