// Package sitetest holds the end-to-end tests of the built site: it builds the
// site once, serves it under a sub-path with a real nginx running
// deploy/nginx.conf over HTTPS (HTTP/2), and checks it as files (text, links,
// origins, inline code), as nginx sends it, and in the system's headless
// Chromium (axe-core, keyboard, console, CSP, reflow, print to PDF, the
// self-check).
//
// The non-test files are small helpers that cmd/bench uses too: Chromium
// (NewBrowser), nginx (StartNginx) and MeasureReady.
package sitetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// ChromiumPath returns the browser the tests drive: $CHROMIUM if set, else
// Debian's /usr/bin/chromium, else chromium or chromium-browser on $PATH.
func ChromiumPath() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium: install Debian's chromium package or set CHROMIUM to the browser's path")
}

// NewBrowser starts the system Chromium, headless, with a fresh profile that
// is removed again by cancel, and returns a chromedp context for it. Use
// chromedp.NewContext(ctx) for each tab. The browser accepts the certificate
// trust (the test nginx's; nil for none) by its public key
// (--ignore-certificate-errors-spki-list, which Chromium honours only with
// a profile folder of its own, as here); every other certificate error still
// fails, as for a reader.
func NewBrowser(parent context.Context, trust *Certificate) (context.Context, context.CancelFunc, error) {
	profile, err := os.MkdirTemp("", "sitetest-chromium-")
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel, err := NewBrowserIn(parent, trust, profile)
	if err != nil {
		os.RemoveAll(profile)
		return nil, nil, err
	}
	return ctx, func() { cancel(); os.RemoveAll(profile) }, nil
}

// NewBrowserIn is NewBrowser with the profile folder given, which it leaves
// in place: cancel closes the browser gracefully (it writes what it keeps
// on disk), and the folder holds what it wrote.
func NewBrowserIn(parent context.Context, trust *Certificate, profile string) (context.Context, context.CancelFunc, error) {
	exe, err := ChromiumPath()
	if err != nil {
		return nil, nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("lang", "sv-SE"),
		chromedp.WindowSize(1280, 900),
	}
	if trust != nil {
		opts = append(opts, chromedp.Flag("ignore-certificate-errors-spki-list", trust.SPKI))
	}
	actx, acancel := chromedp.NewExecAllocator(parent, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	cancel := func() {
		chromedp.Cancel(bctx) // Browser.close, and waits for the browser to exit
		bcancel()
		acancel()
	}
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		cancel()
		return nil, nil, fmt.Errorf("starting %s: %w", exe, err)
	}
	return bctx, cancel, nil
}
