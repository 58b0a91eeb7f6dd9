package main

import (
	"context"
	"fmt"
	"time"

	"molnkollen/internal/sitetest"
)

// laterAfter is how long after the load event the later user presses.
const laterAfter = 2 * time.Second

// laterStart loads the self-check page as a user who reads for a while
// before the first answer: the pointerdown comes laterAfter after the load
// event, and what counts is the wait from it to ready (the module's start
// as that user feels it), the median of n loads on this machine and of one
// on the slow phone. The web's own yardstick for a response to an
// interaction (INP) calls 200 ms good; issue 18 sets no target for it.
func laterStart(bctx context.Context, o options, page benchPage, n int) error {
	fmt.Fprintf(o.stdout, "a later start (the first press %s after the load event; from the press to ready):\n", laterAfter)
	var waits []time.Duration
	for i := 0; i < n; i++ {
		l, err := sitetest.MeasureWith(bctx, page.url, ready, sitetest.MeasureOptions{StartAfter: laterAfter})
		if err != nil {
			return fmt.Errorf("%s (later start): %w", page.name, err)
		}
		waits = append(waits, l.Ready-l.Start)
	}
	fmt.Fprintf(o.stdout, "  this machine  %8s  (median of %d)\n", median(waits).Round(100*time.Microsecond), n)
	if !o.slow {
		return nil
	}
	l, err := sitetest.MeasureWith(bctx, page.url, ready, sitetest.MeasureOptions{StartAfter: laterAfter, Slow: sitetest.SlowMobile})
	if err != nil {
		return fmt.Errorf("%s (later start, slow): %w", page.name, err)
	}
	fmt.Fprintf(o.stdout, "  slow phone    %8s  (one load)\n", (l.Ready - l.Start).Round(time.Millisecond))
	return nil
}
