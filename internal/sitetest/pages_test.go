package sitetest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// settle lets a page that loads the self-check module finish, so that axe
// and the console see the page as a reader does.
func (tb *tab) settle() {
	tb.t.Helper()
	tb.waitFor(`!document.querySelector('[data-selfcheck="loading"]')`, 15*time.Second)
}

// TestDeployHeaders: nginx with deploy/nginx.conf sends a strict CSP on every
// page and module.
func TestDeployHeaders(t *testing.T) {
	needServer(t)
	res, err := env.nginx.Client.Get(env.base)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	for _, bad := range []string{"unsafe-inline", "'unsafe-eval'", "http:", "https:", "*"} {
		if strings.Contains(csp, bad) {
			t.Errorf("Content-Security-Policy %q allows %q", csp, bad)
		}
	}
	for _, p := range allPages(t) {
		res, err := env.nginx.Client.Get(pageURL(p))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Content-Security-Policy"); !strings.Contains(got, "script-src 'self'") {
			t.Errorf("%s: served without the CSP (got %q)", p, got)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: Content-Type %q", p, ct)
		}
	}
	// The self-check module keeps the CSP and the wasm type. The type comes
	// from deploy/nginx.conf alone: nginx runs with a mime.types without
	// wasm.
	wasmFiles := 0
	filepath.WalkDir(env.dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".wasm") {
			return err
		}
		wasmFiles++
		rel, _ := filepath.Rel(env.dir, p)
		res, err := env.nginx.Client.Get(env.base + filepath.ToSlash(rel))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if ct := res.Header.Get("Content-Type"); ct != "application/wasm" {
			t.Errorf("%s: Content-Type %q, want application/wasm", rel, ct)
		}
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: served without the CSP (a location block without add_header inheritance?)", rel)
		}
		return nil
	})
	if wasmFiles == 0 && env.wasmErr == nil {
		t.Error("the built site has no .wasm file to check")
	}
	t.Logf("served by %s; checked %d .wasm file(s)", env.served, wasmFiles)
}

// TestPagesInBrowser opens every built page in Chromium with the deployment
// headers: axe-core finds no violation, nothing is logged as an error, no CSP
// violation, no request leaves the origin, and at 320 CSS px nothing scrolls
// sideways (WCAG 1.4.10).
func TestPagesInBrowser(t *testing.T) {
	for _, p := range allPages(t) {
		t.Run(pageName(p), func(t *testing.T) {
			tb := newTab(t)
			tb.do(chromedp.Navigate(pageURL(p)))
			tb.settle()
			tb.axe("loaded")

			if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: 320, Height: 640, DeviceScaleFactor: 1,
			}); err != nil {
				t.Fatal(err)
			}
			over := tb.overflow()
			if len(over) > 0 {
				t.Errorf("scrolls sideways at 320 CSS px (WCAG 1.4.10): %s", strings.Join(over, "; "))
			}
			tb.checkClean()
		})
	}
}

// TestChecksCanFail is the control for the browser checks: each one reports
// a problem planted in a real page.
func TestChecksCanFail(t *testing.T) {
	tb := newTab(t)
	tb.open(guidelinePage)
	eval[chromedp.Void](tb, `(() => {
  const img = document.createElement('img'); img.src = 'data:,'; document.querySelector('main').append(img);
  const wide = document.createElement('div'); wide.style.width = '900px'; wide.style.height = '1px'; document.querySelector('main').append(wide);
  console.error('planted error');
})()`)
	found := false
	for _, v := range tb.axeRun() {
		found = found || v.ID == "image-alt"
	}
	if !found {
		t.Error("axe-core did not report an <img> without alt")
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 320, Height: 640, DeviceScaleFactor: 1,
	}); err != nil {
		t.Fatal(err)
	}
	if len(tb.overflow()) == 0 {
		t.Error("the reflow check missed a 900 px wide element at 320 px")
	}
	time.Sleep(50 * time.Millisecond)
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if !slices.ContainsFunc(tb.errors, func(e string) bool { return strings.Contains(e, "planted error") }) {
		t.Errorf("the console recorder missed console.error; it has %q", tb.errors)
	}
}

// TestCSPBlocksInlineScript is the control for the checks above: the served
// CSP really blocks an inline script, and the tab records the violation.
func TestCSPBlocksInlineScript(t *testing.T) {
	needSite(t)
	if env.nginxErr != nil {
		skipOrFail(t, "deploy/nginx.conf: %v", env.nginxErr)
	}
	tb := newTab(t)
	tb.open("")
	ran := eval[bool](tb, `new Promise(r => {
  window.__inlineRan = false;
  const s = document.createElement('script');
  s.textContent = 'window.__inlineRan = true';
  document.head.appendChild(s);
  setTimeout(() => r(window.__inlineRan), 100);
})`)
	if ran {
		t.Error("an inline script ran: the page is served without a strict CSP")
	}
	csp := eval[[]string](tb, `window.__sitetestCSP`)
	if len(csp) == 0 {
		t.Error("the blocked inline script was not reported as a CSP violation; the recorder is broken")
	}
}

// TestSkipLink: on every page the first Tab stop is a skip link, it is
// visible when focused, its focus is visible, and Enter moves focus to the
// main content.
func TestSkipLink(t *testing.T) {
	for _, p := range allPages(t) {
		t.Run(pageName(p), func(t *testing.T) {
			tb := newTab(t)
			tb.do(chromedp.Navigate(pageURL(p)))
			tb.settle()
			tb.do(chromedp.KeyEvent("\t"))
			type focusInfo struct {
				Tag, Href, Text, Outline, OutlineWidth, Shadow string
				FocusVisible, OnScreen, TargetExists           bool
			}
			f := eval[focusInfo](tb, `(() => {
  const a = document.activeElement, cs = getComputedStyle(a), b = a.getBoundingClientRect();
  const href = a.getAttribute('href') || '';
  const target = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
  return {Tag: a.tagName.toLowerCase(), Href: href, Text: a.textContent.trim(),
    Outline: cs.outlineStyle, OutlineWidth: cs.outlineWidth, Shadow: cs.boxShadow,
    FocusVisible: a.matches(':focus-visible'),
    OnScreen: b.width > 1 && b.height > 1 && b.top >= 0 && b.left >= 0 && b.bottom <= innerHeight && b.right <= innerWidth,
    TargetExists: !!target};
})()`)
			if f.Tag != "a" || !strings.HasPrefix(f.Href, "#") || !f.TargetExists {
				t.Fatalf("first Tab stop is <%s href=%q> %q, want a skip link to an element on the page", f.Tag, f.Href, f.Text)
			}
			if !f.OnScreen {
				t.Errorf("the skip link %q is not visible on screen when focused", f.Text)
			}
			if !f.FocusVisible || ((f.Outline == "none" || f.OutlineWidth == "0px") && f.Shadow == "none") {
				t.Errorf("focus on the skip link is not visible: :focus-visible=%v outline %s %s, box-shadow %s", f.FocusVisible, f.Outline, f.OutlineWidth, f.Shadow)
			}
			tb.do(chromedp.KeyEvent("\r"))
			target := strings.TrimPrefix(f.Href, "#")
			inMain := func() bool {
				return eval[bool](tb, `(() => { const m = document.getElementById(`+jsString(target)+`), a = document.activeElement; return m === a || m.contains(a); })()`)
			}
			if !inMain() {
				// A target without tabindex does not take focus itself; the
				// next Tab must then land inside it.
				tb.do(chromedp.KeyEvent("\t"))
				if !inMain() {
					t.Errorf("after Enter on the skip link (and one more Tab) focus is on %s, not in #%s", eval[string](tb, `document.activeElement.outerHTML.slice(0, 120)`), target)
				}
			}
			if eval[string](tb, `document.getElementById(`+jsString(target)+`).closest('main') ? 'main' : document.getElementById(`+jsString(target)+`).tagName`) != "main" &&
				eval[string](tb, `document.getElementById(`+jsString(target)+`).tagName.toLowerCase()`) != "main" {
				t.Errorf("the skip link target #%s is not the main content", target)
			}
			tb.checkClean()
		})
	}
}

// pageName names a page's subtest: "home", "riktlinje", "404.html".
func pageName(rel string) string {
	if n := strings.TrimSuffix(PageURLPath(rel), "/"); n != "" {
		return n
	}
	return "home"
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// pdfText prints the tab's page to an A4 PDF and returns its text (pdftotext,
// from poppler-utils), whitespace folded.
func (tb *tab) pdfText() string {
	tb.t.Helper()
	return strings.Join(tb.pdfPages(), " ")
}

var headingRE = regexp.MustCompile(`(?m)^##\s+(.+?)\s*$`)

// TestGuidelinePDF: the guideline printed on A4 holds every chapter title and
// the document metadata.
func TestGuidelinePDF(t *testing.T) {
	needPage(t, guidelinePage)
	src := sourceText(t)
	tb := newTab(t)
	tb.open(guidelinePage)
	text := tb.pdfText()
	for _, m := range headingRE.FindAllStringSubmatch(src, -1) {
		if !strings.Contains(text, norm(m[1])) {
			t.Errorf("the printed guideline lacks the chapter title %q", m[1])
		}
	}
	for _, m := range regexp.MustCompile(`(?m)^\*\*(.+?):\*\*\s*(.+)$`).FindAllStringSubmatch(src, -1) {
		label, value := norm(m[1]), norm(m[2])
		if !strings.Contains(text, label) {
			t.Errorf("the printed guideline lacks the metadata label %q", label)
		}
		if !strings.Contains(text, value) {
			t.Errorf("the printed guideline lacks the metadata value %q (%s)", value, label)
		}
	}
	if !strings.Contains(text, env.base+strings.TrimSuffix(guidelinePage, "/")) {
		t.Errorf("the printout does not show the page's address %s%s", env.base, guidelinePage)
	}
	printed := siteWord(t, "print_date")
	if !regexp.MustCompile(regexp.QuoteMeta(printed) + `\s+(\d{4}-\d{2}-\d{2}|\d{1,2} \p{L}+ \d{4})`).MatchString(text) {
		t.Errorf("the printout does not say when it was printed (no %q followed by a date)", printed)
	}
	tb.checkClean()
}

// TestPageWeight logs what each page transfers, before compression, by kind
// (HTML, CSS, JS, images, wasm), as the browser loaded it, for the figures
// of issue 2. Its 100 KB per page is a target to report, not a requirement
// of the tests, so a page over it is logged, not failed. The self-check's
// module has its own size target (cmd/bench) and is listed apart.
func TestPageWeight(t *testing.T) {
	const limit = 100 * 1024
	for _, p := range allPages(t) {
		tb := newTab(t)
		tb.do(chromedp.Navigate(pageURL(p)))
		tb.settle()
		sizes := eval[map[string]int](tb, `(() => {
  const out = {html: 0, css: 0, js: 0, img: 0, wasm: 0, other: 0};
  const kind = (u, t) => /\.wasm$/.test(u) ? 'wasm' : /\.css$/.test(u) ? 'css' : /\.js$/.test(u) ? 'js' :
    /\.(svg|png|jpe?g|gif|webp|ico)$/.test(u) || t === 'img' ? 'img' : 'other';
  for (const e of performance.getEntriesByType('navigation')) out.html += e.decodedBodySize;
  for (const e of performance.getEntriesByType('resource')) out[kind(new URL(e.name).pathname, e.initiatorType)] += e.decodedBodySize;
  return out;
})()`)
		total := sizes["html"] + sizes["css"] + sizes["js"] + sizes["img"] + sizes["other"]
		t.Logf("%-16s total %6.1f KB: HTML %6.1f, CSS %5.1f, JS %5.1f, images %5.1f, other %5.1f; wasm %7.1f KB apart",
			pageName(p), kb1(total), kb1(sizes["html"]), kb1(sizes["css"]), kb1(sizes["js"]), kb1(sizes["img"]), kb1(sizes["other"]), kb1(sizes["wasm"]))
		if total > limit {
			t.Logf("%s: OVER THE 100 KB TARGET (%.1f KB without the wasm module)", pageName(p), kb1(total))
		}
		if sizes["html"] == 0 || sizes["css"] == 0 {
			t.Errorf("%s: the browser reports no HTML or CSS size (%v); the measurement is broken", pageName(p), sizes)
		}
	}
}

func kb1(n int) float64 { return float64(n) / 1024 }

// TestMeasureReady runs the helper cmd/bench may use, on the self-check.
func TestMeasureReady(t *testing.T) {
	needWasm(t)
	needPage(t, selfcheckPage)
	d, err := MeasureReady(browser(t), env.base+selfcheckPage, scReady)
	if err != nil {
		t.Fatal(err)
	}
	if d <= 0 {
		t.Fatalf("MeasureReady = %s", d)
	}
	t.Logf("navigation to %s: %s", scReady, d.Round(time.Millisecond))
}
