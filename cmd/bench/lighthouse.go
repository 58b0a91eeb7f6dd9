package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// lighthousePages are the site's pages, relative to the site path.
var lighthousePages = []string{"", "riktlinje/", "process/", "begrepp/", "sjalvskattning/", "tillganglighet/"}

// lighthouse runs Lighthouse's mobile performance audit (its default:
// simulated slow 4G and a 4x slower CPU) on every page under base, o.lighthouseRuns
// times each, with Debian's Chromium trusting the certificate whose key has
// the hash spki, and prints each page's scores and the worst against the
// target 90 (goal 100). Lighthouse is not a dependency of the project:
// install it with `npm install --no-save lighthouse@12` to use -lighthouse.
func lighthouse(ctx context.Context, o options, base, spki string) error {
	stdout := o.stdout
	bin := filepath.Join(o.root, "node_modules", ".bin", "lighthouse")
	if _, err := os.Stat(bin); err != nil {
		if bin, err = exec.LookPath("lighthouse"); err != nil {
			fmt.Fprintln(stdout, "lighthouse    not installed (npm install --no-save lighthouse@12); skipped")
			return nil
		}
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "lighthouse    mobile performance over HTTPS from nginx, %d run(s) per page; the worst run counts (target >= 90, goal 100)\n", o.lighthouseRuns)
	for _, page := range lighthousePages {
		var scores []string
		worst := 100.0
		var lcp, cls, tbt string
		for range o.lighthouseRuns {
			// Lighthouse's Chromium gets a profile folder of its own, which
			// the SPKI flag needs.
			cmd := exec.CommandContext(ctx, bin, base+page, "--only-categories=performance", "--output=json", "--quiet",
				"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run --ignore-certificate-errors-spki-list="+spki)
			cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
			out, err := cmd.Output()
			if err != nil {
				return fmt.Errorf("lighthouse %s: %w", page, err)
			}
			var rep struct {
				Categories struct {
					Performance struct{ Score float64 } `json:"performance"`
				} `json:"categories"`
				Audits map[string]struct {
					DisplayValue string `json:"displayValue"`
				} `json:"audits"`
			}
			if o.lighthouseDir != "" {
				name := strings.Trim(strings.ReplaceAll(page, "/", "-"), "-")
				if name == "" {
					name = "start"
				}
				if err := os.WriteFile(filepath.Join(o.lighthouseDir, name+".json"), out, 0o644); err != nil {
					return err
				}
			}
			if err := json.Unmarshal(out, &rep); err != nil {
				return fmt.Errorf("lighthouse %s: %w", page, err)
			}
			s := rep.Categories.Performance.Score * 100
			worst = min(worst, s)
			scores = append(scores, fmt.Sprintf("%.0f", s))
			lcp = rep.Audits["largest-contentful-paint"].DisplayValue
			cls = rep.Audits["cumulative-layout-shift"].DisplayValue
			tbt = rep.Audits["total-blocking-time"].DisplayValue
		}
		met := "target >= 90 NOT MET"
		switch {
		case worst >= 100:
			met = "target >= 90 MET, goal 100 MET"
		case worst >= 90:
			met = "target >= 90 MET, goal 100 not met"
		}
		name := "/" + page
		fmt.Fprintf(stdout, "  %-18s scores %-12s worst %3.0f  %s  (last run: LCP %s, CLS %s, TBT %s)\n",
			name, strings.Join(scores, " "), worst, met, lcp, cls, tbt)
	}
	return nil
}
