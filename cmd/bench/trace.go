package main

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"molnkollen/internal/sitetest"
)

// traceLoads loads each page once with a Chromium performance trace and
// prints the main thread's tasks of at least 2 ms until ready: when each
// started, how long it took and what it did (the longest work inside it),
// so that the page's own work shows apart from the browser's.
func traceLoads(bctx context.Context, o options, pages []benchPage, slow *sitetest.Slow) error {
	for _, p := range pages {
		mo := sitetest.MeasureOptions{Slow: slow, Trace: true}
		if o.traceDir != "" {
			mo.TraceFile = filepath.Join(o.traceDir, fmt.Sprintf("%s-%s.json", p.name, map[bool]string{true: "slow", false: "fast"}[slow != nil]))
		}
		l, err := sitetest.MeasureWith(bctx, p.url, ready, mo)
		if err != nil {
			return fmt.Errorf("%s (trace): %w", p.name, err)
		}
		how, least := "fast machine", 2*time.Millisecond
		if slow != nil {
			how, least = "slow phone", 8*time.Millisecond
		}
		var busy time.Duration
		kinds := map[string]time.Duration{}
		for _, t := range l.Tasks {
			if t.Start <= l.Ready {
				busy += t.Dur
				for _, w := range t.Work {
					kinds[w.Name] += w.Dur
				}
			}
		}
		fmt.Fprintf(o.stdout, "trace         %s, %s: ready %s, main thread busy %s until then: %s\n",
			p.name, how, l.Ready.Round(time.Millisecond), busy.Round(time.Millisecond), kindLine(kinds))
		fmt.Fprintf(o.stdout, "              tasks >= %s (start and length, ms from navigation start):\n", least)
		for _, t := range l.Tasks {
			if t.Dur < least || t.Start > l.Ready {
				continue
			}
			fmt.Fprintf(o.stdout, "  %7.1f %6.1f  %s\n", ms(t.Start), ms(t.Dur), workLine(t.Work))
		}
	}
	return nil
}

// workLine names the longest work of a task (up to four kinds).
func workLine(w []sitetest.Slice) string {
	var parts []string
	for i, s := range w {
		if i == 4 || s.Dur < 500*time.Microsecond {
			break
		}
		name := s.Name
		if s.Detail != "" {
			d := s.Detail
			if i := strings.LastIndex(d, "/"); i >= 0 && i < len(d)-1 {
				d = d[i+1:]
			}
			if len(d) > 28 {
				d = d[:12] + "…" + d[len(d)-12:]
			}
			name += " " + d
		}
		parts = append(parts, fmt.Sprintf("%s %.1f", name, ms(s.Dur)))
	}
	return strings.Join(parts, ", ")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// kindLine names the kinds of work that took most of the main thread.
func kindLine(kinds map[string]time.Duration) string {
	var ws []sitetest.Slice
	for k, d := range kinds {
		ws = append(ws, sitetest.Slice{Name: k, Dur: d})
	}
	slices.SortFunc(ws, func(a, b sitetest.Slice) int { return cmp.Compare(b.Dur, a.Dur) })
	var parts []string
	for i, w := range ws {
		if i == 8 {
			break
		}
		parts = append(parts, fmt.Sprintf("%s %.0f", w.Name, ms(w.Dur)))
	}
	return strings.Join(parts, ", ")
}
