package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"time"

	"molnkollen/internal/sitebuild"
	"molnkollen/internal/sitetest"
)

// comparePath is where, under the served site, the site of -compare's
// revision is built.
const comparePath = "compare/"

// buildCompare builds the site of git revision o.compare (a temporary
// worktree of the checkout) into site/compare/, at the address the bench
// serves it from, so that its self-check page loads in turn with this
// checkout's: on a machine whose timings move by a fifth from run to run,
// only alternating loads in one run compare two versions fairly.
func buildCompare(ctx context.Context, o options, site, tmp string) error {
	if o.compare == "" {
		return nil
	}
	src := filepath.Join(tmp, "compare-src")
	if out, err := exec.CommandContext(ctx, "git", "-C", o.root, "worktree", "add", "--detach", src, o.compare).CombinedOutput(); err != nil {
		return fmt.Errorf("-compare %s: git worktree add: %v\n%s", o.compare, err, out)
	}
	defer exec.Command("git", "-C", o.root, "worktree", "remove", "--force", src).Run()
	start := time.Now()
	if err := sitebuild.Build(ctx, sitebuild.Options{Root: src, Dest: filepath.Join(site, comparePath), BaseURL: sitetest.SitePath + comparePath, Stderr: o.stderr}); err != nil {
		return fmt.Errorf("-compare %s: %w", o.compare, err)
	}
	fmt.Fprintf(o.stdout, "site at %s built in %s, served at %s%s\n", o.compare, time.Since(start).Round(100*time.Millisecond), sitetest.SitePath, comparePath)
	return nil
}

// comparePage is the self-check page of -compare's revision, or none.
func comparePage(o options, n *sitetest.Nginx) []benchPage {
	if o.compare == "" {
		return nil
	}
	return []benchPage{{"at " + o.compare, n.URL + sitetest.SitePath + comparePath + "sjalvskattning/"}}
}

// printCompare prints the self-check's median ready against that of
// -compare's revision, loaded in turn with it.
func printCompare(o options, loads map[string][]sitetest.Load) {
	if o.compare == "" {
		return
	}
	ours, theirs := median(readies(loads["self-check"])), median(readies(loads["at "+o.compare]))
	fmt.Fprintf(o.stdout, "compared      self-check %8s  at %s %8s  ratio %.2f  (median of %d each, loaded in turn)\n",
		ours.Round(100*time.Microsecond), o.compare, theirs.Round(100*time.Microsecond), float64(ours)/float64(theirs), o.runs)
}
