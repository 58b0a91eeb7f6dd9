package sitetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// readyObserver records, in the page, the time since navigation start at which
// the selector first matches, and the layout shifts (CLS as Chromium counts
// them, without user input). At the load event it dispatches a pointerdown,
// as a user who starts at once would (the self-check runs its module only
// from the first interaction; the bare page ignores it). It is added with
// Page.addScriptToEvaluateOnNewDocument, which the page's CSP does not block.
const readyObserver = `(() => {
  const sel = %s;
  const startAfter = %d;
  window.__sitetestCLS = 0;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__sitetestCLS += e.value;
    }).observe({type: 'layout-shift', buffered: true});
  } catch (e) {}
  const check = () => {
    if (window.__sitetestReadyAt === undefined && document.querySelector(sel)) {
      window.__sitetestReadyAt = performance.now();
      obs.disconnect();
    }
  };
  // The self-check runs its module at the first interaction: act like a
  // user who starts when the page has loaded (its deferred script has run by
  // then), or startAfter ms later.
  const press = () => {
    window.__sitetestStartAt = performance.now();
    document.dispatchEvent(new PointerEvent('pointerdown'));
  };
  window.addEventListener('load', () => (startAfter > 0 ? window.setTimeout(press, startAfter) : press()));
  const obs = new MutationObserver(check);
  obs.observe(document, {subtree: true, childList: true, attributes: true});
  check();
})();`

// pageFigures reads, after ready, what the page itself measured.
const pageFigures = `(() => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const nav = performance.getEntriesByType('navigation')[0];
  const files = [nav, ...performance.getEntriesByType('resource')].map((e) => ({
    url: e.name, protocol: e.nextHopProtocol, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize}));
  const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
  const phases = {html: nav.responseEnd, domReady: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
    wasmStart: wasm ? wasm.startTime : -1, wasmEnd: wasm ? wasm.responseEnd : -1,
    marks: Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('molnkollen:'))
      .map((m) => [m.name.slice('molnkollen:'.length), m.startTime]))};
  return {ready: window.__sitetestReadyAt, start: window.__sitetestStartAt ?? -1, fcp: fcp ? fcp.startTime : -1, cls: window.__sitetestCLS,
    dom: document.getElementsByTagName('*').length, files, phases};
})()`

// Slow describes an emulated slow device: network latency and throughput,
// and a CPU slowdown factor.
type Slow struct {
	Latency    time.Duration
	BytesPerS  float64 // download; upload is half
	CPUSlowing float64
}

// Lighthouse's mobile conditions ("slow 4G"): 1.6 Mbit/s, 150 ms, CPU 4x.
var SlowMobile = &Slow{Latency: 150 * time.Millisecond, BytesPerS: 1.6e6 / 8, CPUSlowing: 4}

// File is one response the page loaded, with sizes as the browser saw them.
type File struct {
	URL      string `json:"url"`
	Protocol string `json:"protocol"` // as the browser fetched it: "h2", "http/1.1"
	Transfer int    `json:"transfer"` // on the wire, headers included
	Encoded  int    `json:"encoded"`  // the body as sent (compressed or not)
	Decoded  int    `json:"decoded"`  // the body after decoding
}

// Load is what Measure saw of one page load.
type Load struct {
	Ready  time.Duration // navigation start to the selector matching
	Start  time.Duration // navigation start to the pointerdown (MeasureOptions.StartAfter)
	FCP    time.Duration // first contentful paint (-1 if none)
	CLS    float64       // cumulative layout shift until ready
	DOM    int           // elements in the document at ready
	Files  []File        // the document and every resource, in load order
	Phases Phases        // where the time to ready went
	Tasks  []Task        // with MeasureOptions.Trace: the page's main-thread tasks
}

// Phases are moments of one page load, from navigation start: the document
// received, DOMContentLoaded handled, the load event handled, and the wasm
// module's request and last byte (negative when the page loaded none).
type Phases struct {
	HTML, DOMReady, Load, WasmStart, WasmEnd time.Duration
	// Marks are the page's own User Timing marks "molnkollen:<name>", by
	// name (the self-check's assets/js/selfcheck/timing.js).
	Marks map[string]time.Duration
}

// MeasureReady opens url in a new tab with the HTTP cache off and returns the
// time from navigation start (performance.timeOrigin) until an element matches
// selector, for example `[data-selfcheck="ready"]`, as measured by the page
// itself with a MutationObserver, so polling adds no delay.
//
// ctx must come from NewBrowser (trusting the server's certificate), so that
// several measurements share one browser. The first tab of a fresh browser
// also pays for starting a renderer: measure once to warm up and compare the
// medians of several runs. It gives up after 30 seconds or when ctx ends.
func MeasureReady(ctx context.Context, url, selector string) (time.Duration, error) {
	l, err := Measure(ctx, url, selector, nil)
	return l.Ready, err
}

// Measure is MeasureReady with more figures, optionally on an emulated slow
// device (slow may be nil); it gives up after 30 s, or 120 s when slow.
func Measure(ctx context.Context, url, selector string, slow *Slow) (Load, error) {
	return MeasureWith(ctx, url, selector, MeasureOptions{Slow: slow})
}

// MeasureOptions say how MeasureWith loads a page.
type MeasureOptions struct {
	Slow *Slow // an emulated slow device, or nil
	// StartAfter is how long after the load event the user presses
	// (pointerdown); 0: at the load event.
	StartAfter time.Duration
	Trace      bool // record a Chromium trace and return the main thread's tasks (Load.Tasks)
	// TraceFile, with Trace, also keeps the whole trace there (JSON, for
	// Chromium's performance panel).
	TraceFile string
}

// MeasureWith is Measure with options: with o.Trace it also records a
// performance trace of the load (which slows it a little: compare traced
// loads only with traced loads).
func MeasureWith(ctx context.Context, url, selector string, o MeasureOptions) (Load, error) {
	if chromedp.FromContext(ctx) == nil {
		return Load{}, errors.New("sitetest.Measure: no browser in ctx (use NewBrowser)")
	}
	tab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext()) // a first visit: nothing kept from earlier tabs
	defer cancel()
	limit := 30 * time.Second
	if o.Slow != nil {
		limit = 120 * time.Second
	}
	tab, cancelT := context.WithTimeout(tab, limit)
	defer cancelT()
	if err := prepareTab(tab, selector, o); err != nil {
		return Load{}, err
	}
	var tr *tracer
	if o.Trace {
		var err error
		if tr, err = startTrace(tab); err != nil {
			return Load{}, err
		}
	}
	if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
		return Load{}, err
	}
	if err := waitReady(tab, url, selector, limit); err != nil {
		return Load{}, err
	}
	l, err := readFigures(tab)
	if err != nil || tr == nil {
		return l, err
	}
	l.Tasks, err = tr.stop(tab, o.TraceFile, l.Phases.DOMReady)
	return l, err
}

// prepareTab opens the tab, turns its cache off, emulates the slow device
// (if any) and adds the observer of selector.
func prepareTab(tab context.Context, selector string, o MeasureOptions) error {
	slow := o.Slow
	if err := chromedp.Do(tab); err != nil { // opens the tab
		return err
	}
	if _, err := chromedp.Call(tab, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		return err
	}
	if slow != nil {
		if _, err := chromedp.Call(tab, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{
				Latency: float64(slow.Latency.Milliseconds()), DownloadThroughput: slow.BytesPerS, UploadThroughput: slow.BytesPerS / 2,
			}},
		}); err != nil {
			return fmt.Errorf("network emulation: %w", err)
		}
		if _, err := chromedp.Call(tab, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: slow.CPUSlowing}); err != nil {
			return fmt.Errorf("CPU throttling: %w", err)
		}
	}
	sel, _ := json.Marshal(selector)
	_, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: fmt.Sprintf(readyObserver, sel, o.StartAfter.Milliseconds())})
	return err
}

// waitReady polls, every 10 ms, whether the page's observer saw selector.
func waitReady(tab context.Context, url, selector string, limit time.Duration) error {
	for {
		ms, err := chromedp.Run(tab, chromedp.Evaluate[float64](`window.__sitetestReadyAt ?? -1`))
		if err != nil {
			return err
		}
		if ms >= 0 {
			return nil
		}
		select {
		case <-tab.Done():
			return fmt.Errorf("%s: %q did not match within %s: %w", url, selector, limit, tab.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// readFigures reads what the page measured (pageFigures) into a Load.
func readFigures(tab context.Context) (Load, error) {
	var f struct {
		Ready, Start, FCP, CLS float64
		DOM                    int
		Files                  []File
		Phases                 struct {
			HTML, DOMReady, Load, WasmStart, WasmEnd float64
			Marks                                    map[string]float64
		}
	}
	raw, err := chromedp.Run(tab, chromedp.Evaluate[json.RawMessage](pageFigures))
	if err != nil {
		return Load{}, err
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return Load{}, err
	}
	ms := func(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }
	l := Load{Ready: ms(f.Ready), Start: ms(f.Start), FCP: ms(f.FCP), CLS: f.CLS, DOM: f.DOM, Files: f.Files,
		Phases: Phases{HTML: ms(f.Phases.HTML), DOMReady: ms(f.Phases.DOMReady), Load: ms(f.Phases.Load),
			WasmStart: ms(f.Phases.WasmStart), WasmEnd: ms(f.Phases.WasmEnd), Marks: map[string]time.Duration{}}}
	for k, v := range f.Phases.Marks {
		l.Phases.Marks[k] = ms(v)
	}
	if f.FCP < 0 {
		l.FCP = -1
	}
	return l, nil
}
