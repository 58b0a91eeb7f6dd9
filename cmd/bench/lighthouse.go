package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// lighthousePages are the site's pages, relative to the site path.
var lighthousePages = []string{"", "riktlinje/", "process/", "begrepp/", "sjalvskattning/", "tillganglighet/"}

// lhRun is what one Lighthouse run reports of a page.
type lhRun struct {
	Score         float64
	LCP, CLS, TBT string
	// Main is the report's main-thread breakdown ("mainthread-work-breakdown"):
	// ms per kind of work, after Lighthouse's CPU factor.
	Main map[string]float64
}

// lighthouse runs Lighthouse's mobile performance audit (its default:
// simulated slow 4G and a 4x slower CPU) on every page under base, o.lighthouseRuns
// times each, with Debian's Chromium trusting the certificate whose key has
// the hash spki, and prints each page's scores and the worst against the
// target 90 (goal 100), with the main-thread work of the worst run, so that
// the browser's own start-up ("Other") shows apart from the page's style,
// layout and script. Lighthouse is not a dependency of the project:
// install it with `npm install --no-save lighthouse@12` to use -lighthouse.
func lighthouse(ctx context.Context, o options, base, spki string) error {
	bin, chrome, err := lighthouseTools(o)
	if err != nil || bin == "" {
		return err
	}
	fmt.Fprintf(o.stdout, "lighthouse    mobile performance over HTTPS from nginx, %d run(s) per page; the worst run counts (target >= 90, goal 100)\n", o.lighthouseRuns)
	for _, page := range lighthousePages {
		var scores []string
		var worst, last lhRun
		worst.Score = 101
		for range o.lighthouseRuns {
			r, err := lighthouseRun(ctx, o, bin, chrome, base, page, spki)
			for try := 1; err != nil && try < 3; try++ {
				// Lighthouse itself sometimes fails to record a trace on a
				// loaded machine (NO_NAVSTART): say so and run again.
				fmt.Fprintf(o.stdout, "  %-18s (run failed, again: %v)\n", "/"+page, err)
				r, err = lighthouseRun(ctx, o, bin, chrome, base, page, spki)
			}
			if err != nil {
				return err
			}
			scores = append(scores, fmt.Sprintf("%.0f", r.Score))
			if r.Score < worst.Score {
				worst = r
			}
			last = r
		}
		met := "target >= 90 NOT MET"
		switch {
		case worst.Score >= 100:
			met = "target >= 90 MET, goal 100 MET"
		case worst.Score >= 90:
			met = "target >= 90 MET, goal 100 not met"
		}
		fmt.Fprintf(o.stdout, "  %-18s scores %-12s worst %3.0f  %s  (last run: LCP %s, CLS %s, TBT %s)\n",
			"/"+page, strings.Join(scores, " "), worst.Score, met, last.LCP, last.CLS, last.TBT)
		fmt.Fprintf(o.stdout, "  %-18s worst run: LCP %s, TBT %s; main thread %s\n", "", worst.LCP, worst.TBT, mainLine(worst.Main))
	}
	return nil
}

// lighthouseTools finds Lighthouse (the project's node_modules or PATH) and
// Chromium; bin is "" (and a line says so) when Lighthouse is missing.
func lighthouseTools(o options) (bin, chrome string, err error) {
	bin = filepath.Join(o.root, "node_modules", ".bin", "lighthouse")
	if _, err := os.Stat(bin); err != nil {
		if bin, err = exec.LookPath("lighthouse"); err != nil {
			fmt.Fprintln(o.stdout, "lighthouse    not installed (npm install --no-save lighthouse@12); skipped")
			return "", "", nil
		}
	}
	chrome, err = exec.LookPath("chromium")
	return bin, chrome, err
}

// lighthouseRun runs Lighthouse once on base+page and reads its report
// (kept in o.lighthouseDir when set).
func lighthouseRun(ctx context.Context, o options, bin, chrome, base, page, spki string) (lhRun, error) {
	// Lighthouse's Chromium gets a profile folder of its own, which the SPKI
	// flag needs.
	cmd := exec.CommandContext(ctx, bin, base+page, "--only-categories=performance", "--output=json", "--quiet",
		"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run --ignore-certificate-errors-spki-list="+spki)
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(ee.Stderr)))
		}
		return lhRun{}, fmt.Errorf("lighthouse %s: %w", page, err)
	}
	if o.lighthouseDir != "" {
		name := strings.Trim(strings.ReplaceAll(page, "/", "-"), "-")
		if name == "" {
			name = "start"
		}
		if err := os.WriteFile(filepath.Join(o.lighthouseDir, name+".json"), out, 0o644); err != nil {
			return lhRun{}, err
		}
	}
	return parseLighthouse(out, page)
}

// parseLighthouse reads the figures of one report.
func parseLighthouse(out []byte, page string) (lhRun, error) {
	var rep struct {
		Categories struct {
			Performance struct{ Score float64 } `json:"performance"`
		} `json:"categories"`
		Audits map[string]struct {
			DisplayValue string          `json:"displayValue"`
			Details      json.RawMessage `json:"details"` // differs from audit to audit
		} `json:"audits"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return lhRun{}, fmt.Errorf("lighthouse %s: %w", page, err)
	}
	r := lhRun{Score: rep.Categories.Performance.Score * 100, Main: map[string]float64{},
		LCP: rep.Audits["largest-contentful-paint"].DisplayValue,
		CLS: rep.Audits["cumulative-layout-shift"].DisplayValue,
		TBT: rep.Audits["total-blocking-time"].DisplayValue}
	var main struct {
		Items []struct {
			Group    string  `json:"group"`
			Duration float64 `json:"duration"`
		} `json:"items"`
	}
	if d := rep.Audits["mainthread-work-breakdown"].Details; len(d) > 0 {
		if err := json.Unmarshal(d, &main); err != nil {
			return lhRun{}, fmt.Errorf("lighthouse %s: mainthread-work-breakdown: %w", page, err)
		}
	}
	for _, it := range main.Items {
		r.Main[it.Group] += it.Duration
	}
	return r, nil
}

// mainLine prints the main-thread breakdown, longest first.
func mainLine(m map[string]float64) string {
	type kv struct {
		k string
		v float64
	}
	var kvs []kv
	total := 0.0
	for k, v := range m {
		kvs = append(kvs, kv{k, v})
		total += v
	}
	slices.SortFunc(kvs, func(a, b kv) int { return cmp.Compare(b.v, a.v) })
	parts := []string{fmt.Sprintf("%.0f ms:", total)}
	for _, e := range kvs {
		parts = append(parts, fmt.Sprintf("%s %.0f", e.k, e.v))
	}
	return strings.Join(parts, " ")
}
