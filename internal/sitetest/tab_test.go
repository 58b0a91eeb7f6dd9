package sitetest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// One browser for the whole package; each test opens its own tabs.
var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserCancel context.CancelFunc
	browserErr    error
)

func closeBrowser() {
	if browserCancel != nil {
		browserCancel()
	}
}

// browser returns the shared Chromium, or fails (CI) / skips the test.
func browser(t testing.TB) context.Context {
	t.Helper()
	needServer(t)
	browserOnce.Do(func() {
		browserCtx, browserCancel, browserErr = NewBrowser(context.Background(), env.cert)
	})
	if browserErr != nil {
		skipOrFail(t, "no headless Chromium: %v", browserErr)
	}
	return browserCtx
}

// axeSource is axe-core as pinned by package-lock.json (npm ci).
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(filepath.Join(env.root, "node_modules", "axe-core", "axe.min.js"))
	return string(b), err
})

// cspRecorder is added to every document before its own scripts run (by the
// DevTools protocol, which the CSP does not govern) and keeps each CSP
// violation the page reports.
const cspRecorder = `window.__sitetestCSP = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__sitetestCSP.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`

// tab is one browser tab with a record of what went wrong in it: console
// errors, uncaught exceptions, browser-log errors, requests to another origin
// and JavaScript dialogs.
type tab struct {
	t   testing.TB
	ctx context.Context

	mu       sync.Mutex
	errors   []string
	foreign  []string
	requests []string
	dialogs  []string

	invisibleFocus map[string]bool // reported once each

	close func() // closes the tab (and its browser context, unless shared)
}

type tabOption func(*tabConfig)

type tabConfig struct {
	share    *tab
	scripts  []string
	noScript bool
	blocked  []string
	slow     *Slow
}

// withoutJS opens the tab with JavaScript turned off.
func withoutJS() tabOption { return func(c *tabConfig) { c.noScript = true } }

// sharing opens the tab beside other, in its browser context: the two
// share what the browser keeps for a site (Cache Storage, locks), as two
// tabs of one browser do. Without it, each tab has a browser context of its
// own, so that what one test leaves in the browser's storage (an
// unfinished self-check, which the page then offers) reaches no other.
func sharing(other *tab) tabOption { return func(c *tabConfig) { c.share = other } }

// withScript adds src to every document of the tab before the page's own
// scripts run (e.g. to make the browser's storage fail).
func withScript(src string) tabOption {
	return func(c *tabConfig) { c.scripts = append(c.scripts, src) }
}

// blocking makes the browser refuse URLs matching the patterns (e.g. "*.wasm").
func blocking(patterns ...string) tabOption {
	return func(c *tabConfig) { c.blocked = append(c.blocked, patterns...) }
}

// onSlowNetwork emulates the network of s (latency and throughput; the CPU
// keeps its speed), with the HTTP cache off so that everything comes over
// it (other tests in the shared browser have loaded the module already).
func onSlowNetwork(s *Slow) tabOption { return func(c *tabConfig) { c.slow = s } }

// newTab opens a tab in the shared browser and starts recording. The tab
// closes when the test ends.
func newTab(t testing.TB, opts ...tabOption) *tab {
	t.Helper()
	parent := browser(t)
	var cfg tabConfig
	for _, o := range opts {
		o(&cfg)
	}
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	if cfg.share != nil {
		ctx, cancel = chromedp.NewContext(cfg.share.ctx)
	}
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelT(); cancel() })
	tb := &tab{t: t, ctx: ctx, close: func() { cancelT(); cancel() }}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	own, _ := url.Parse(env.origin)
	dialogs := make(chan struct{}, 16)
	err := chromedp.Listen(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					if len(a.Value) > 0 {
						args = append(args, string(a.Value))
					} else {
						args = append(args, a.Description)
					}
				}
				tb.errors = append(tb.errors, "console."+string(ev.Type)+": "+strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			tb.errors = append(tb.errors, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, msg))
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				tb.errors = append(tb.errors, fmt.Sprintf("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			u := ev.Request.URL
			tb.requests = append(tb.requests, u)
			if p, err := url.Parse(u); err == nil {
				switch p.Scheme {
				case "data", "blob":
				default:
					if p.Host != own.Host {
						tb.foreign = append(tb.foreign, u)
					}
				}
			}
		case *page.EventJavascriptDialogOpening:
			tb.dialogs = append(tb.dialogs, string(ev.Type)+": "+ev.Message)
			select {
			case dialogs <- struct{}{}:
			default:
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	// A dialog blocks the page: close each one (accepting confirm()) from
	// another goroutine, as the listener may not call the browser.
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-dialogs:
				chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			}
		}
	}()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder}); err != nil {
		t.Fatal(err)
	}
	for _, src := range cfg.scripts {
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
			t.Fatal(err)
		}
	}
	if cfg.noScript {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}
	if s := cfg.slow; s != nil {
		if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{
				Latency: float64(s.Latency.Milliseconds()), DownloadThroughput: s.BytesPerS, UploadThroughput: s.BytesPerS / 2,
			}},
		}); err != nil {
			t.Fatal(err)
		}
	}
	if len(cfg.blocked) > 0 {
		var ps []*network.BlockPattern
		for _, p := range cfg.blocked {
			ps = append(ps, &network.BlockPattern{URLPattern: p, Block: true})
		}
		if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: ps}); err != nil {
			t.Fatal(err)
		}
	}
	return tb
}

// do runs actions and fails the test on error.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression (through the DevTools protocol, which
// the page's CSP does not govern) and decodes its JSON result into T.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluating %.80q: %v", expr, err)
	}
	return v
}

// open navigates to a page path under the sub-path (e.g. "riktlinje/") and
// waits for the load event.
func (tb *tab) open(urlPath string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(env.base + urlPath))
}

// waitFor polls a JavaScript condition until it is true.
func (tb *tab) waitFor(cond string, timeout time.Duration) bool {
	tb.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if eval[bool](tb, "!!("+cond+")") {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// checkClean fails the test for every console error, exception, CSP
// violation and request to another origin seen in the tab so far.
func (tb *tab) checkClean() {
	tb.t.Helper()
	csp, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[[]string](`window.__sitetestCSP || []`))
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, e := range tb.errors {
		tb.t.Errorf("console error: %s", e)
	}
	for _, v := range csp {
		tb.t.Errorf("CSP violation: %s", v)
	}
	for _, u := range tb.foreign {
		tb.t.Errorf("request to another origin: %s", u)
	}
}

// axeTags are the rule sets the issue asks for.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// axeDisabled names every axe rule the tests turn off, with the reason. It
// is empty: no rule is turned off.
var axeDisabled = map[string]string{}

type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeRun runs axe-core on the tab's current document and returns the
// violations.
func (tb *tab) axeRun() []axeViolation {
	tb.t.Helper()
	src, err := axeSource()
	if err != nil {
		skipOrFail(tb.t, "axe-core is not installed (run npm ci in the project root): %v", err)
	}
	if !eval[bool](tb, `typeof axe === 'object'`) {
		if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			tb.t.Fatalf("injecting axe-core: %v", err)
		}
	}
	rules, _ := json.Marshal(func() map[string]any {
		m := map[string]any{}
		for id := range axeDisabled {
			m[id] = map[string]bool{"enabled": false}
		}
		return m
	}())
	tags, _ := json.Marshal(axeTags)
	return eval[[]axeViolation](tb, fmt.Sprintf(
		`axe.run(document, {runOnly: {type: 'tag', values: %s}, rules: %s, resultTypes: ['violations']}).then(r => r.violations)`,
		tags, rules))
}

// axe fails the test for every violation axe-core finds, naming the state
// (e.g. "empty form") and each element's selector.
func (tb *tab) axe(state string) {
	tb.t.Helper()
	for _, v := range tb.axeRun() {
		var b strings.Builder
		fmt.Fprintf(&b, "axe %s (%s) in state %q: %s (%s)", v.ID, v.Impact, state, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    at %v: %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
		tb.t.Error(b.String())
	}
}

// overflow returns, at the current viewport, why the page scrolls sideways
// (the widths and up to eight elements that stick out), or nil.
func (tb *tab) overflow() []string {
	tb.t.Helper()
	return eval[[]string](tb, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => {
  const de = document.documentElement, w = de.clientWidth;
  if (de.scrollWidth <= w) { r([]); return; }
  const out = ['scrollWidth ' + de.scrollWidth + ' > clientWidth ' + w];
  for (const el of document.body.querySelectorAll('*')) {
    const b = el.getBoundingClientRect();
    if (b.right > w + 0.5 && b.width > 0) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ' right=' + Math.round(b.right));
      if (out.length > 8) break;
    }
  }
  r(out);
})))`)
}
