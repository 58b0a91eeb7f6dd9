package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// lighthousePages are the site's pages, relative to the site path.
var lighthousePages = []string{"", "riktlinje/", "process/", "begrepp/", "sjalvskattning/", "tillganglighet/"}

// lighthouse runs Lighthouse's mobile performance audit (its default:
// simulated slow 4G and a 4x slower CPU) on every page, runs times each,
// with Debian's Chromium, and prints each score against the target 90
// (goal 100). Lighthouse is not a dependency of the project: install it
// with `npm install --no-save lighthouse@12` to use -lighthouse.
func lighthouse(ctx context.Context, stdout io.Writer, root, base string, runs int, saveDir string) error {
	bin := filepath.Join(root, "node_modules", ".bin", "lighthouse")
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
	fmt.Fprintf(stdout, "lighthouse    mobile performance, %d run(s) per page (target >= 90, goal 100)\n", runs)
	for _, page := range lighthousePages {
		var scores []string
		worst := 100.0
		var lcp, cls, tbt string
		for range runs {
			cmd := exec.CommandContext(ctx, bin, base+page, "--only-categories=performance", "--output=json", "--quiet",
				"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run")
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
			if saveDir != "" {
				name := strings.Trim(strings.ReplaceAll(page, "/", "-"), "-")
				if name == "" {
					name = "start"
				}
				if err := os.WriteFile(filepath.Join(saveDir, name+".json"), out, 0o644); err != nil {
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
		met := "MET"
		if worst < 90 {
			met = "NOT MET"
		}
		name := "/" + page
		fmt.Fprintf(stdout, "  %-18s scores %-12s %s  (last run: LCP %s, CLS %s, TBT %s)\n",
			name, strings.Join(scores, " "), met, lcp, cls, tbt)
	}
	return nil
}
