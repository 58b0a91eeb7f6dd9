package sitetest

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The module's bytes have arrived whole (resource timing has an entry only
// for a finished response).
const scModuleFetched = `performance.getEntriesByType('resource').some(e => e.name.endsWith('.wasm') && e.responseEnd > 0)`

// scFailedShown is the data-fail of the failed message on screen, or "".
const scFailedShown = `(Array.from(document.querySelectorAll('[data-state-msg="failed"]')).find(e => e.getClientRects().length) || {dataset: {}}).dataset.fail || ''`

// noCache turns the tab's HTTP cache off, so that nothing reaches the page
// from the shared browser's cache.
func (tb *tab) noCache() {
	tb.t.Helper()
	if _, err := chromedp.Call(tb.ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		tb.t.Fatal(err)
	}
}

// offline cuts the tab's network, as a lost connection does.
func (tb *tab) offline() {
	tb.t.Helper()
	if _, err := chromedp.Call(tb.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		tb.t.Fatal(err)
	}
	if _, err := chromedp.Call(tb.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		tb.t.Fatal(err)
	}
}

// completeCase answers a whole self-check (the first of selfcheckCases)
// once the module is ready and checks the outcomes shown.
func (tb *tab) completeCase() {
	tb.t.Helper()
	c := selfcheckCases[0]
	tb.startEngine()
	if !tb.waitFor(`document.querySelector('`+scReady+`')`, 20*time.Second) {
		tb.t.Fatalf("data-selfcheck is %q, want \"ready\" (failed message shown: %q)",
			eval[string](tb, `document.querySelector('`+scRoot+`').getAttribute('data-selfcheck')`), eval[string](tb, scFailedShown))
	}
	tb.fill(c.answers)
	if got := tb.result(); !slices.Equal(got.Outcomes, c.outcomes) {
		tb.t.Errorf("outcomes shown: %v, want %v", got.Outcomes, c.outcomes)
	}
}

// checkFailed checks that the page gave up on the module with the message
// of reason, and shows the whole paper checklist.
func (tb *tab) checkFailed(reason string, within time.Duration) {
	tb.t.Helper()
	if !tb.waitFor(`document.querySelector('`+scRoot+`[data-selfcheck="failed"]')`, within) {
		tb.t.Fatalf("data-selfcheck is %q after %s, want \"failed\"",
			eval[string](tb, `document.querySelector('`+scRoot+`').getAttribute('data-selfcheck')`), within)
	}
	if got := eval[string](tb, scFailedShown); got != reason {
		tb.t.Errorf("the failed message shown is data-fail=%q, want %q", got, reason)
	}
	if n := eval[int](tb, `Array.from(document.querySelectorAll('`+scRoot+` [data-q]')).filter(e => !e.getClientRects().length).length`); n != 0 {
		tb.t.Errorf("%d questions are hidden although the module failed: want the paper checklist", n)
	}
}

// TestSelfcheckModuleAtHand (issue 14, part 7): once the page has loaded
// online, its module is fetched before anyone answers, so a network that is
// gone before the first answer changes nothing: a complete self-check is
// evaluated. The module is not started meanwhile. Control: with the module
// refused by the network from the start, the same steps end in "failed"
// with the message that says the module could not be fetched (not the one
// about an old browser).
func TestSelfcheckModuleAtHand(t *testing.T) {
	needWasm(t)
	needPage(t, selfcheckPage)
	t.Run("loaded, then offline", func(t *testing.T) {
		tb := newTab(t)
		tb.noCache()
		tb.open(selfcheckPage)
		if !tb.waitFor(scModuleFetched, 20*time.Second) {
			t.Fatal("the module was not fetched after the page had loaded")
		}
		if s := eval[string](tb, `document.querySelector('`+scRoot+`').getAttribute('data-selfcheck')`); s != "loading" {
			t.Errorf("before any interaction data-selfcheck is %q, want \"loading\" (fetched, not started)", s)
		}
		tb.offline()
		if eval[bool](tb, `navigator.onLine`) {
			t.Fatal("the tab is still online")
		}
		tb.completeCase()
		tb.checkClean()
	})
	t.Run("control: module refused", func(t *testing.T) {
		tb := newTab(t, blocking("*://*:*/*.wasm"))
		tb.noCache()
		tb.open(selfcheckPage)
		tb.startEngine()
		tb.checkFailed("network", 20*time.Second)
	})
}

// stallServer serves the site's module over HTTPS with nginx's certificate:
// whole, or (stall) its first 64 KiB and then nothing, until the test ends.
func stallServer(t *testing.T, stall bool) *httptest.Server {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(env.dir, "*", "*", "wasm", "molnkollen.*.wasm"))
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join(env.dir, "wasm", "molnkollen.*.wasm"))
	}
	if len(files) != 1 {
		t.Fatalf("the built module: found %q", files)
	}
	mod, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		w.Header().Set("Content-Length", fmt.Sprint(len(mod)))
		if !stall {
			w.Write(mod)
			return
		}
		w.Write(mod[:64<<10])
		w.(http.Flusher).Flush()
		select { // a download that stalls midway: no more bytes, no end
		case <-done:
		case <-r.Context().Done():
		}
	}))
	cert, err := tls.X509KeyPair(env.cert.CertPEM, env.cert.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(func() { close(done); srv.Close() })
	return srv
}

// viaServer makes the tab fetch the module from srv instead of nginx, which
// the page cannot see (DevTools' Fetch domain changes the request's URL).
func (tb *tab) viaServer(srv *httptest.Server) {
	tb.t.Helper()
	paused := make(chan fetch.RequestID, 4)
	if err := chromedp.Listen(tb.ctx, func(ev any) {
		if ev, ok := ev.(*fetch.EventRequestPaused); ok {
			paused <- ev.RequestID
		}
	}); err != nil {
		tb.t.Fatal(err)
	}
	go func() {
		for {
			select {
			case <-tb.ctx.Done():
				return
			case id := <-paused:
				chromedp.Call(tb.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id, URL: srv.URL + "/module.wasm"})
			}
		}
	}()
	if _, err := chromedp.Call(tb.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*.wasm"}}}); err != nil {
		tb.t.Fatal(err)
	}
}

// shortStall sets the page's time limit for the module's download to 2 s
// (data-wasm-stall, read when the download starts) as soon as the parser
// has added the script element, before it runs.
func (tb *tab) shortStall() {
	tb.t.Helper()
	const src = `new MutationObserver((_, obs) => {
  const s = document.querySelector('script[data-wasm]');
  if (s) { s.dataset.wasmStall = '2'; obs.disconnect(); }
}).observe(document, {subtree: true, childList: true});`
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
		tb.t.Fatal(err)
	}
}

// TestSelfcheckModuleStalls (issue 15): a module download that stops midway
// (64 KiB, then no byte and no end) ends, after the page's time limit
// (shortened to 2 s here), in "failed" with the paper checklist and the
// message that says the download stopped. Control: the same server and
// interception sending the whole module: the self-check gets ready.
func TestSelfcheckModuleStalls(t *testing.T) {
	needWasm(t)
	needPage(t, selfcheckPage)
	t.Run("stalls", func(t *testing.T) {
		tb := newTab(t)
		tb.noCache()
		tb.shortStall()
		tb.viaServer(stallServer(t, true))
		tb.open(selfcheckPage)
		tb.startEngine()
		tb.checkFailed("stalled", 20*time.Second)
	})
	t.Run("control: whole module", func(t *testing.T) {
		tb := newTab(t)
		tb.noCache()
		tb.shortStall()
		tb.viaServer(stallServer(t, false))
		tb.open(selfcheckPage)
		tb.completeCase()
	})
}

// scMarks lists the page's own marks (assets/js/selfcheck/timing.js) in the
// order they were made.
const scMarks = `performance.getEntriesByType('mark').filter(m => m.name.startsWith('molnkollen:')).map(m => m.name.slice('molnkollen:'.length))`

// TestSelfcheckMarks: the moments cmd/bench prints are marked as they
// happen: the module asked for, compiled, run, the storage opened, ready
// (the storage may open at any time before ready). Control: with the module
// refused by the network, the page marks the request and never run or ready.
func TestSelfcheckMarks(t *testing.T) {
	needWasm(t)
	needPage(t, selfcheckPage)
	tb := newTab(t)
	tb.noCache()
	tb.open(selfcheckPage)
	tb.startEngine()
	if !tb.waitFor(`document.querySelector('`+scReady+`')`, 20*time.Second) {
		t.Fatal("the module did not become ready")
	}
	got := slices.DeleteFunc(eval[[]string](tb, scMarks), func(s string) bool { return s == "opened" })
	if want := []string{"request", "compiled", "run", "ready"}; !slices.Equal(got, want) {
		t.Errorf("marks (without opened) %q, want %q", got, want)
	}
	if all := eval[[]string](tb, scMarks); !slices.Contains(all, "opened") || all[len(all)-1] != "ready" {
		t.Errorf("marks %q: want opened before ready", all)
	}
	ctl := newTab(t, blocking("*://*:*/*.wasm"))
	ctl.noCache()
	ctl.open(selfcheckPage)
	ctl.startEngine()
	ctl.checkFailed("network", 20*time.Second)
	if m := eval[[]string](ctl, scMarks); !slices.Contains(m, "request") || slices.Contains(m, "run") || slices.Contains(m, "ready") {
		t.Errorf("control: module refused: marks %q, want request and neither run nor ready", m)
	}
}
