package sitetest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
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
	origin    string // http://127.0.0.1:PORT
	base      string // origin + sitePrefix
	nginx     *NginxConfig
	nginxErr  error
	buildErr  error
	buildLog  string
	wasmErr   error
	buildTime time.Duration
	served    string // what serves the site: "nginx" or "the Go test server"
	realNginx *Nginx // the real nginx, when there is one
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitetest:", err)
		return 1
	}
	tmp, err := os.MkdirTemp("", "sitetest-site-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "sitetest:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	env.dir = filepath.Join(tmp, "public")

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	// The browser tests run against a real nginx with deploy/nginx.conf
	// when there is one (always in CI: TestRealNginx fails without it), else
	// against the Go server that imitates it. The address is known before
	// the build, which writes it into the pages.
	env.nginx, env.nginxErr = readNginx(root)
	srv := &http.Server{Handler: Handler(env.dir, sitePrefix, env.nginx)}
	go srv.Serve(ln)
	defer srv.Close()
	env.origin, env.served = "http://"+ln.Addr().String(), "the Go test server (no nginx)"
	if _, err := NginxPath(); err == nil {
		conf, err := os.ReadFile(filepath.Join(root, "deploy", "nginx.conf"))
		if err == nil {
			env.realNginx, err = StartNginx(ctx, conf, env.dir)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "sitetest: nginx did not start, serving with the Go test server:", err)
		} else {
			defer env.realNginx.Stop()
			env.origin, env.served = env.realNginx.Plain, "nginx with deploy/nginx.conf"
		}
	}
	env.base = env.origin + sitePrefix

	start := time.Now()
	env.buildErr, env.wasmErr, env.buildLog = build(ctx, sitebuild.Options{Root: root, Dest: env.dir, BaseURL: env.base})
	env.buildTime = time.Since(start)

	code := m.Run()
	closeBrowser()
	if len(skipped) > 0 {
		fmt.Fprintf(os.Stderr, "sitetest: %d check(s) SKIPPED here; in CI they FAIL:\n", len(skipped))
		for _, s := range skipped {
			fmt.Fprintf(os.Stderr, "  - %s\n", s)
		}
	}
	return code
}

// build builds the site as cmd/site does. When the wasm module does not
// compile (the engine is not there yet), it still renders the pages, so that
// the site's own tests run; the self-check tests then fail (in CI) or skip.
func build(ctx context.Context, o sitebuild.Options) (buildErr, wasmErr error, log string) {
	var out bytes.Buffer
	o.Stdout, o.Stderr = &out, &out
	if wasmErr = sitebuild.Wasm(ctx, o); wasmErr != nil {
		buildErr = sitebuild.Hugo(ctx, o, "--source", o.Root, "--destination", o.Dest,
			"--cleanDestinationDir", "--panicOnWarning", "--baseURL", o.BaseURL)
		if buildErr == nil {
			buildErr = sitebuild.Precompress(o.Dest)
		}
		return buildErr, wasmErr, out.String()
	}
	return sitebuild.Build(ctx, o), nil, out.String()
}

func readNginx(root string) (*NginxConfig, error) {
	f, err := os.Open(filepath.Join(root, "deploy", "nginx.conf"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseNginx(f)
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
	if env.buildErr != nil {
		t.Fatalf("the site did not build: %v\n%s", env.buildErr, env.buildLog)
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
