package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"molnkollen/internal/sitetest"
)

// benchPage is a page the load-time comparison opens.
type benchPage struct{ name, url string }

const ready = `[data-selfcheck="ready"]`

// loadTimes loads the bare page and the self-check page from n in turn,
// alternating, in headless Chromium that trusts n's certificate, and prints
// the bytes each file of the self-check page took, the median time from
// navigation to data-selfcheck="ready", where it goes, and (o.slow) one load
// of each on a slow phone; then Lighthouse (o.lighthouseRuns).
func loadTimes(ctx context.Context, o options, n *sitetest.Nginx) error {
	bctx, cancel, err := sitetest.NewBrowser(ctx, n.Cert)
	if err != nil {
		return err
	}
	defer cancel()
	pages := []benchPage{
		{"bare", n.URL + sitetest.SitePath + "bare/"},
		{"self-check", n.URL + sitetest.SitePath + "sjalvskattning/"},
	}
	pages = append(pages, comparePage(o, n)...)
	// The first round warms the browser and the disk cache.
	loads, err := inTurn(bctx, pages, o.runs, 1, nil)
	if err != nil {
		return err
	}
	printFiles(o, loads["self-check"][len(loads["self-check"])-1])
	bare, ours := median(readies(loads["bare"])), median(readies(loads["self-check"]))
	ratio := float64(ours) / float64(bare)
	fmt.Fprintf(o.stdout, "to ready      bare %8s  self-check %8s  ratio %.2f  %s\n", bare.Round(100*time.Microsecond), ours.Round(100*time.Microsecond), ratio, verdict(ratio, 1.5, 1.2))
	fmt.Fprintf(o.stdout, "              (median of %d, Chromium, cache off, over HTTPS from nginx)\n", o.runs)
	printCompare(o, loads)
	printPhases(o, pages, loads)
	if o.slow {
		if err := slowPhone(bctx, o, pages); err != nil {
			return err
		}
	}
	if err := laterStart(bctx, o, pages[1], 5); err != nil {
		return err
	}
	if o.trace {
		if err := traceLoads(bctx, o, pages, nil); err != nil {
			return err
		}
		if o.slow {
			if err := traceLoads(bctx, o, pages, sitetest.SlowMobile); err != nil {
				return err
			}
		}
	}
	if o.lighthouseRuns > 0 {
		return lighthouse(ctx, o, n.URL+sitetest.SitePath, n.Cert.SPKI)
	}
	return nil
}

// inTurn loads each page runs times on the device slow (nil: this
// machine), in turn, after warm rounds that do not count, and returns each
// page's loads.
func inTurn(bctx context.Context, pages []benchPage, runs, warm int, slow *sitetest.Slow) (map[string][]sitetest.Load, error) {
	loads := map[string][]sitetest.Load{}
	for i := 0; i < warm+runs; i++ {
		// Each round starts with another page: a load runs slower or faster
		// after some pages than after others (the last tab's clean-up), which
		// a fixed order would count against one of them.
		for j := range pages {
			p := pages[(i+j)%len(pages)]
			l, err := sitetest.Measure(bctx, p.url, ready, slow)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.name, err)
			}
			if i >= warm {
				loads[p.name] = append(loads[p.name], l)
			}
		}
	}
	return loads, nil
}

// readies are the loads' times to ready.
func readies(ls []sitetest.Load) []time.Duration {
	var ds []time.Duration
	for _, l := range ls {
		ds = append(ds, l.Ready)
	}
	return ds
}

// printFiles prints each file of one load of the self-check page: as sent
// (the encoded body) and raw, with the protocol Chromium used.
func printFiles(o options, l sitetest.Load) {
	fmt.Fprintf(o.stdout, "self-check page over the wire (as Chromium asks: gzip, deflate, br, zstd):\n")
	fmt.Fprintf(o.stdout, "  %-44s %6s %10s %10s\n", "file", "proto", "sent B", "raw B")
	sent, raw := 0, 0
	for _, f := range l.Files {
		name := f.URL
		if i := strings.Index(name, sitetest.SitePath); i >= 0 {
			name = name[i+len(sitetest.SitePath):]
		}
		if len(name) > 44 {
			name = name[:20] + "…" + name[len(name)-23:]
		}
		fmt.Fprintf(o.stdout, "  %-44s %6s %10d %10d\n", name, f.Protocol, f.Encoded, f.Decoded)
		sent += f.Encoded
		raw += f.Decoded
	}
	fmt.Fprintf(o.stdout, "  %-44s %6s %10d %10d  (bodies; headers not counted)\n", "total", "", sent, raw)
	fmt.Fprintf(o.stdout, "self-check DOM %d elements; layout shift until ready %.3f\n", l.DOM, l.CLS)
}

// slowPhone loads each page o.slowRuns times on an emulated slow phone; the self-check
// page's first paint (target 1.5 s) and ready (target 5 s; goal 3 s) are
// checked.
func slowPhone(bctx context.Context, o options, pages []benchPage) error {
	s := sitetest.SlowMobile
	fmt.Fprintf(o.stdout, "slow phone    (%.1f Mbit/s, %s latency, CPU %gx slower; median of %d load(s) each, in turn)\n", s.BytesPerS*8/1e6, s.Latency, s.CPUSlowing, o.slowRuns)
	loads, err := inTurn(bctx, pages, o.slowRuns, 0, s)
	if err != nil {
		return fmt.Errorf("slow phone: %w", err)
	}
	for _, p := range pages {
		var fcp []time.Duration
		cls := 0.0
		for _, l := range loads[p.name] {
			fcp, cls = append(fcp, l.FCP), max(cls, l.CLS)
		}
		f, r := median(fcp), median(readies(loads[p.name]))
		fmt.Fprintf(o.stdout, "  %-11s first paint %7s  ready %7s  layout shift %.3f (largest)\n", p.name, f.Round(time.Millisecond), r.Round(time.Millisecond), cls)
		if p.name == "self-check" {
			fmt.Fprintf(o.stdout, "              first paint %s\n", verdict(f.Seconds(), 1.5, 0)+" (s)")
			fmt.Fprintf(o.stdout, "              ready       %s\n", verdict(r.Seconds(), 5, 3)+" (s)")
		}
	}
	return nil
}

// printPhases prints where the time to ready goes on each page, and the
// self-check's own marks.
func printPhases(o options, pages []benchPage, loads map[string][]sitetest.Load) {
	fmt.Fprintf(o.stdout, "where the time goes (medians, ms from navigation start):\n")
	fmt.Fprintf(o.stdout, "  %-11s %8s %8s %8s %8s %8s %8s %8s\n", "page", "html", "domready", "paint", "load", "wasm req", "wasm end", "ready")
	for _, p := range pages {
		fmt.Fprintf(o.stdout, "  %-11s %s\n", p.name, phaseLine(loads[p.name]))
	}
	for _, p := range pages[1:] {
		fmt.Fprintf(o.stdout, "  %s's own marks: %s\n", p.name, markLine(loads[p.name]))
	}
}

// phaseLine prints the median of each phase, of the first contentful
// paint and of ready.
func phaseLine(ls []sitetest.Load) string {
	col := func(f func(sitetest.Load) time.Duration) string {
		var ds []time.Duration
		for _, l := range ls {
			ds = append(ds, f(l))
		}
		return fmt.Sprintf("%8.0f", float64(median(ds))/float64(time.Millisecond))
	}
	return strings.Join([]string{
		col(func(l sitetest.Load) time.Duration { return l.Phases.HTML }),
		col(func(l sitetest.Load) time.Duration { return l.Phases.DOMReady }),
		col(func(l sitetest.Load) time.Duration { return l.FCP }),
		col(func(l sitetest.Load) time.Duration { return l.Phases.Load }),
		col(func(l sitetest.Load) time.Duration { return l.Phases.WasmStart }),
		col(func(l sitetest.Load) time.Duration { return l.Phases.WasmEnd }),
		col(func(l sitetest.Load) time.Duration { return l.Ready }),
	}, " ")
}

// pageMarks are the self-check's marks (assets/js/selfcheck/timing.js), in
// the order they come.
var pageMarks = []string{"request", "compiled", "run", "opened", "ready"}

// markLine prints the median of each of the page's marks, in ms from
// navigation start ("-" for a mark no load made).
func markLine(ls []sitetest.Load) string {
	var cols []string
	for _, name := range pageMarks {
		var ds []time.Duration
		for _, l := range ls {
			if d, ok := l.Phases.Marks[name]; ok {
				ds = append(ds, d)
			}
		}
		v := "-"
		if len(ds) > 0 {
			v = fmt.Sprintf("%.0f", float64(median(ds))/float64(time.Millisecond))
		}
		cols = append(cols, name+" "+v)
	}
	return strings.Join(cols, ", ")
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
