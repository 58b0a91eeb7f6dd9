package sitetest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"molnkollen/internal/sitebuild"
)

// sitePrefix is the sub-path the tests serve the site under, as on the
// intranet: every link must carry it.
const sitePrefix = "/intranat/molntjanster/"

// env is the site that TestMain built once and serves for every test.
var env struct {
	root      string // project root
	dir       string // built site
	origin    string // https://127.0.0.1:PORT
	base      string // origin + sitePrefix
	buildErr  error
	buildLog  string
	wasmErr   error
	buildTime time.Duration
	cert      *Certificate // nginx's, which the browser and env.nginx.Client trust
	nginx     *Nginx       // the real nginx with deploy/nginx.conf; nil when it did not start
	nginxErr  error        // why env.nginx is nil
	brotliErr error        // why env.nginx runs without the brotli module (and brotli_static)
	served    string       // what serves the site, for the logs
}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	root, err := sitebuild.Root(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitetest:", err)
		return 1
	}
	env.root = root
	trackInputs(root)
	tmp, err := os.MkdirTemp("", "sitetest-site-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitetest:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	env.dir = filepath.Join(tmp, "public")

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	// Every test that fetches a page gets it from a real nginx with
	// deploy/nginx.conf over HTTPS, as readers do (without nginx those tests
	// skip, and fail in CI). The address is known before the build, which
	// writes it into the pages.
	if env.cert, err = NewCertificate(); err != nil {
		fmt.Fprintln(os.Stderr, "sitetest:", err)
		return 1
	}
	env.origin, env.served = "https://127.0.0.1", "nothing (no nginx)"
	env.nginx, env.brotliErr, env.nginxErr = startSiteNginx(ctx, root, env.dir, env.cert)
	if env.nginx != nil {
		defer env.nginx.Stop()
		env.origin, env.served = env.nginx.URL, env.nginx.String()
	}
	env.base = env.origin + sitePrefix

	start := time.Now()
	env.buildLog, env.buildErr, env.wasmErr = build(ctx, sitebuild.Options{Root: root, Dest: env.dir, BaseURL: env.base})
	env.buildTime = time.Since(start)

	code := m.Run()
	closeBrowser()
	reportSkipped(os.Stderr)
	markSkipped()
	return code
}

// startSiteNginx starts nginx with deploy/nginx.conf for the site in dir,
// with the brotli module; where that module is missing, without it and
// without the brotli_static line, as deploy/nginx.conf says to run it then
// (brotliErr says why; the brotli tests skip, and fail in CI).
func startSiteNginx(ctx context.Context, root, dir string, cert *Certificate) (n *Nginx, brotliErr, err error) {
	conf, err := os.ReadFile(filepath.Join(root, "deploy", "nginx.conf"))
	if err != nil {
		return nil, nil, err
	}
	if _, err := NginxPath(); err != nil {
		return nil, nil, err
	}
	o := NginxOptions{Conf: conf, Site: dir, Cert: cert, Brotli: true}
	if _, brotliErr = BrotliModule(); brotliErr != nil {
		o.Brotli = false
		if o.Conf, err = WithoutBrotli(conf); err != nil {
			return nil, brotliErr, err
		}
	}
	n, err = StartNginx(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitetest: nginx did not start:", err)
	}
	return n, brotliErr, err
}

// skippedFile lists, after a local run that skipped checks, what it skipped
// (ignored by git). skipOrFail opens it, so go test's cache looks at it; it
// is written just before the test binary exits, and the cache does not keep
// a result that read a file only seconds old. So a run that skipped is never
// replayed as "(cached)": the next `go test ./...` runs again, and says again
// what it skipped, until Chromium and the rest are installed.
func skippedFile() string { return filepath.Join(env.root, ".sitetest-skipped") }

func markSkipped() {
	if len(skipped) == 0 {
		os.Remove(skippedFile())
		return
	}
	os.WriteFile(skippedFile(), []byte(strings.Join(skipped, "\n")+"\n"), 0o644)
}

// reportSkipped lists the checks skipOrFail skipped. `go test ./...` shows a
// passing package's output only with -v, so without -v the list goes
// straight to the terminal (/dev/tty) when there is one: a developer without
// Chromium sees what was not checked. Without a terminal (an editor, a pipe)
// it is in the -v output; in CI nothing skips anyway.
func reportSkipped(w io.Writer) {
	if len(skipped) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "sitetest: %d check(s) SKIPPED here; in CI they FAIL:\n", len(skipped))
	for _, s := range skipped {
		fmt.Fprintf(&b, "  - %s\n", s)
	}
	if !testing.Verbose() {
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			defer tty.Close()
			w = tty
		}
	}
	io.WriteString(w, b.String())
}

// trackSources reads the listings of the project's folders so that go test's
// cache knows what the site is built from. The site is built by other
// processes (go build, Hugo), whose reads the cache does not see: without
// this, `go test ./...` would report "(cached)" after a change to a layout,
// the content or the engine. Built folders (assets/wasm, public, resources)
// are left out, as every run writes them. The cache hears only of what a
// test reads while m.Run runs, so needSite calls it, once.
var trackSources = sync.OnceFunc(func() {
	root := env.root
	for _, dir := range []string{"content", "data", "layouts", "i18n", "assets", "static",
		"testdata", "deploy", "wasm", "internal", "cmd"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() && p == filepath.Join(root, sitebuild.WasmDir) {
				return filepath.SkipDir
			}
			return nil
		})
	}
	for _, f := range []string{"hugo.toml", "go.mod", "go.sum", "selfcheck.go", "package-lock.json"} {
		os.Stat(filepath.Join(root, f))
	}
})

// build builds the site as cmd/site does. When the wasm module does not
// compile, it still renders the pages, so that the site's own tests run; the
// self-check tests then fail (in CI) or skip. That build runs without
// --panicOnWarning, as the self-check page warns that its module is missing.
func build(ctx context.Context, o sitebuild.Options) (log string, buildErr, wasmErr error) {
	var out bytes.Buffer
	o.Stdout, o.Stderr = &out, &out
	if wasmErr = sitebuild.Wasm(ctx, o); wasmErr != nil {
		buildErr = sitebuild.Hugo(ctx, o, "--source", o.Root, "--destination", o.Dest,
			"--cleanDestinationDir", "--baseURL", o.BaseURL)
		if buildErr == nil {
			buildErr = sitebuild.Precompress(o.Dest)
		}
		return out.String(), buildErr, wasmErr
	}
	buildErr = sitebuild.Build(ctx, o)
	return out.String(), buildErr, nil
}

// inCI reports whether the tests run in CI, where nothing may be skipped.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "false" && v != "0"
}

// skipOrFail fails in CI and skips, loudly, elsewhere: for tools (Chromium,
// axe-core, pdftotext) and parts of the site that are not there yet.
func skipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if inCI() {
		t.Fatalf("CI: %s", msg)
	}
	if f, err := os.Open(skippedFile()); err == nil { // for the cache: see skippedFile
		f.Close()
	}
	skippedMu.Lock()
	if !slices.Contains(skipped, firstLine(msg)) {
		skipped = append(skipped, firstLine(msg))
	}
	skippedMu.Unlock()
	t.Skipf("SKIPPED (this FAILS in CI): %s", msg)
}

// skipped collects the reasons of skipOrFail, printed once at the end.
var (
	skippedMu sync.Mutex
	skipped   []string
)

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// needSite stops the test when the site did not build.
func needSite(t testing.TB) {
	t.Helper()
	trackSources()
	if env.buildErr != nil {
		t.Fatalf("the site did not build: %v\n%s", env.buildErr, env.buildLog)
	}
}

// needServer stops a test that fetches pages when nginx does not serve
// them: it fails in CI and skips elsewhere.
func needServer(t testing.TB) {
	t.Helper()
	needSite(t)
	if env.nginx == nil {
		skipOrFail(t, "nginx does not serve the site: %v", env.nginxErr)
	}
}

// needWasm stops a self-check test when the wasm module did not compile.
func needWasm(t testing.TB) {
	t.Helper()
	needSite(t)
	if env.wasmErr != nil {
		skipOrFail(t, "the wasm module did not compile: %v\n%s", env.wasmErr, env.buildLog)
	}
}

// pages lists the built HTML pages, relative to the site folder.
var pages = sync.OnceValues(func() ([]string, error) { return Pages(env.dir) })

func allPages(t testing.TB) []string {
	t.Helper()
	needSite(t)
	p, err := pages()
	if err != nil {
		t.Fatal(err)
	}
	if len(p) == 0 {
		t.Fatal("the build wrote no HTML page")
	}
	return p
}

// Pages returns the slash-separated paths, relative to dir, of every HTML file
// of the built site, sorted.
func Pages(dir string) ([]string, error) {
	var pages []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			pages = append(pages, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(pages)
	return pages, err
}

// PageURLPath turns a file path from Pages into the path a reader's link uses:
// "riktlinje/index.html" becomes "riktlinje/", "404.html" stays.
func PageURLPath(rel string) string {
	if rel == "index.html" {
		return ""
	}
	if strings.HasSuffix(rel, "/index.html") {
		return strings.TrimSuffix(rel, "index.html")
	}
	return rel
}

// pageURL is the address of a built page under the sub-path.
func pageURL(rel string) string { return env.base + PageURLPath(rel) }

// pageFile is the built file of a page path such as "riktlinje/".
func pageFile(urlPath string) string {
	if urlPath == "" || strings.HasSuffix(urlPath, "/") {
		urlPath += "index.html"
	}
	return filepath.Join(env.dir, filepath.FromSlash(urlPath))
}

// needPage stops the test when a page of the contract was not built yet.
func needPage(t testing.TB, urlPath string) string {
	t.Helper()
	needSite(t)
	f := pageFile(urlPath)
	if _, err := os.Stat(f); err != nil {
		skipOrFail(t, "page %s%s was not built (%v)", sitePrefix, urlPath, err)
	}
	return f
}

func TestBuild(t *testing.T) {
	needSite(t)
	t.Logf("site built (wasm + Hugo) in %s into %s, served by %s at %s", env.buildTime.Round(time.Millisecond), env.dir, env.served, env.base)
	if env.wasmErr != nil {
		skipOrFail(t, "the wasm module did not compile: %v", env.wasmErr)
	}
}
