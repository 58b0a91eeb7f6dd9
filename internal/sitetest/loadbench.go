package sitetest

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// readyObserver records, in the page, the time since navigation start at which
// the selector first matches. It is added with
// Page.addScriptToEvaluateOnNewDocument, which the page's CSP does not block.
const readyObserver = `(() => {
  const sel = %s;
  const check = () => {
    if (window.__sitetestReadyAt === undefined && document.querySelector(sel)) {
      window.__sitetestReadyAt = performance.now();
      obs.disconnect();
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document, {subtree: true, childList: true, attributes: true});
  check();
})();`

// MeasureReady opens url in a new tab with the HTTP cache off and returns the
// time from navigation start (performance.timeOrigin) until an element matches
// selector, for example `[data-selfcheck="ready"]`, as measured by the page
// itself with a MutationObserver, so polling adds no delay.
//
// ctx should come from NewBrowser, so that several measurements share one
// browser; without a browser in ctx, MeasureReady starts one for this call
// only. The first tab of a fresh browser also pays for starting a renderer:
// measure once to warm up and compare the medians of several runs. It gives
// up after 30 seconds or when ctx ends.
func MeasureReady(ctx context.Context, url, selector string) (time.Duration, error) {
	if chromedp.FromContext(ctx) == nil {
		b, cancel, err := NewBrowser(ctx)
		if err != nil {
			return 0, err
		}
		defer cancel()
		ctx = b
	}
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	tab, cancelT := context.WithTimeout(tab, 30*time.Second)
	defer cancelT()
	if err := chromedp.Do(tab); err != nil { // opens the tab
		return 0, err
	}
	if _, err := chromedp.Call(tab, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		return 0, err
	}
	sel, _ := json.Marshal(selector)
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: fmt.Sprintf(readyObserver, sel)}); err != nil {
		return 0, err
	}
	if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
		return 0, err
	}
	for {
		ms, err := chromedp.Run(tab, chromedp.Evaluate[float64](`window.__sitetestReadyAt ?? -1`))
		if err != nil {
			return 0, err
		}
		if ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond)), nil
		}
		select {
		case <-tab.Done():
			return 0, fmt.Errorf("%s: %q did not match within 30 s: %w", url, selector, tab.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}
