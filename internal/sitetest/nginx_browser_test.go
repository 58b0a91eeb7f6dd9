package sitetest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserGetsHTTPS: the browser tests load the site as readers do, over
// HTTPS with HTTP/2 from nginx, and get the build's brotli copies where
// nginx has the brotli module.
func TestBrowserGetsHTTPS(t *testing.T) {
	needWasm(t)
	l, err := Measure(browser(t), env.base+selfcheckPage, scReady, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(env.base, "https://") {
		t.Errorf("the tests serve the site at %s, want https://", env.base)
	}
	modules := 0
	for _, f := range l.Files {
		if f.Protocol != "h2" {
			t.Errorf("%s came over %q, want h2", f.URL, f.Protocol)
		}
		if strings.HasSuffix(f.URL, ".wasm") {
			modules++
			br := builtFile(t, "wasm", ".wasm.br")
			if env.brotliErr == nil && int64(f.Encoded) != br {
				t.Errorf("the module came as %d B, want the .br copy's %d B", f.Encoded, br)
			}
		}
	}
	if modules != 1 {
		t.Errorf("the page loaded %d modules", modules)
	}
	if env.brotliErr != nil {
		skipOrFail(t, "%v", env.brotliErr)
	}
}

// builtFile is the size of the one file in the site's folder dir whose
// name ends with suffix.
func builtFile(t *testing.T, dir, suffix string) int64 {
	t.Helper()
	var found []int64
	entries, _ := os.ReadDir(filepath.Join(env.dir, dir))
	for _, e := range entries {
		if fi, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), suffix) {
			found = append(found, fi.Size())
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d files *%s in %s", len(found), suffix, dir)
	}
	return found[0]
}

// TestBrowserTrustsOnlyTheTestCertificate: Chromium accepts nginx's test
// certificate only because NewBrowser names its key; a browser that trusts
// no certificate, or another one, refuses the page.
func TestBrowserTrustsOnlyTheTestCertificate(t *testing.T) {
	needServer(t)
	if _, err := ChromiumPath(); err != nil {
		skipOrFail(t, "no headless Chromium: %v", err)
	}
	other, err := NewCertificate()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		trust *Certificate
		ok    bool
	}{{"the test certificate", env.cert, true}, {"none", nil, false}, {"another certificate", other, false}} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		b, stop, err := NewBrowser(ctx, c.trust)
		if err != nil {
			cancel()
			t.Fatal(err)
		}
		err = chromedp.Do(b, chromedp.Navigate(env.base))
		stop()
		cancel()
		if c.ok && err != nil || !c.ok && (err == nil || !strings.Contains(err.Error(), "ERR_CERT")) {
			t.Errorf("trusting %s: navigation error %v, want ok=%v (else a certificate error)", c.name, err, c.ok)
		}
		if err != nil {
			t.Logf("trusting %s: %v", c.name, err)
		}
	}
}
