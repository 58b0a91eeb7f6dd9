package sitetest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// needNginx starts a real nginx with deploy/nginx.conf, or a variant of it
// (o.Conf), serving the built site (or o.Site) with the test certificate.
// A missing nginx, or brotli module when o.Brotli, fails in CI and skips
// elsewhere.
func needNginx(t *testing.T, o NginxOptions) *Nginx {
	t.Helper()
	needSite(t)
	if _, err := NginxPath(); err != nil {
		skipOrFail(t, "%v", err)
	}
	if o.Brotli && env.brotliErr != nil {
		skipOrFail(t, "%v", env.brotliErr)
	}
	if o.Site == "" {
		o.Site = env.dir
	}
	o.Cert = env.cert
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	n, err := StartNginx(ctx, o)
	if err != nil {
		t.Fatalf("starting nginx with deploy/nginx.conf: %v", err)
	}
	t.Cleanup(n.Stop)
	return n
}

func deployNginx(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.root, "deploy", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantHeaders are the security headers every response must carry, whatever
// its status, with a check of each value.
var wantHeaders = []struct {
	name string
	ok   func(string) bool
}{
	{"Content-Security-Policy", func(v string) bool {
		return strings.Contains(v, "default-src 'self'") && strings.Contains(v, "script-src 'self' 'wasm-unsafe-eval'") &&
			strings.Contains(v, "frame-ancestors 'none'") && !strings.Contains(v, "unsafe-inline")
	}},
	{"X-Content-Type-Options", func(v string) bool { return v == "nosniff" }},
	{"Referrer-Policy", func(v string) bool { return v == "no-referrer" }},
	{"Permissions-Policy", func(v string) bool { return strings.Contains(v, "camera=()") }},
	{"Cross-Origin-Opener-Policy", func(v string) bool { return v == "same-origin" }},
	{"Cross-Origin-Resource-Policy", func(v string) bool { return v == "same-origin" }},
	{"Strict-Transport-Security", func(v string) bool {
		m := regexp.MustCompile(`max-age=(\d+)`).FindStringSubmatch(v)
		return m != nil && len(m[1]) >= 7 // at least 1,000,000 s (some 12 days); we send a year
	}},
}

const immutable = "public, max-age=31536000, immutable"

// The Accept-Encoding headers the checks send: none, a client that takes
// gzip but not br, and Chromium's over HTTPS.
const (
	gzipOnly = "gzip, deflate"
	chromium = "gzip, deflate, br, zstd"
)

// nginxCheck asks a running nginx for the built site the way browsers and
// other clients do and collects every way in which the answers differ from
// what the site needs. Each problem starts with a key (wasm-type, type,
// encoding, brotli, refused, header, cache, redirect, 404, tls, host, h2) that the
// controls look for.
type nginxCheck struct {
	n        *Nginx
	dir      string
	host     string // the server_name of deploy/nginx.conf: the only host a redirect may name
	notFound []byte // the site's 404.html
	problems []string
}

func (c *nginxCheck) add(key, format string, args ...any) {
	c.problems = append(c.problems, key+": "+fmt.Sprintf(format, args...))
}

// checkNginx runs every check on n, which serves the site in dir with conf.
func checkNginx(n *Nginx, dir string, conf []byte) (problems []string, files int) {
	c := &nginxCheck{n: n, dir: dir}
	if m := regexp.MustCompile(`(?m)^\s*server_name\s+([^\s;]+)`).FindSubmatch(conf); m != nil {
		c.host = string(m[1])
	} else {
		c.add("host", "nginx.conf has no server_name")
	}
	c.notFound, _ = os.ReadFile(filepath.Join(dir, "404.html"))
	files = c.files()
	c.refused()
	c.redirects()
	c.missing()
	c.errorPages()
	c.toHTTPS()
	return c.problems, files
}

// get fetches base+p with Accept-Encoding ae (none when empty).
func (c *nginxCheck) get(base, p, ae string) (*http.Response, []byte) {
	req, _ := http.NewRequest("GET", base+p, nil)
	if ae != "" {
		req.Header.Set("Accept-Encoding", ae)
	}
	return c.do(req)
}

func (c *nginxCheck) do(req *http.Request) (*http.Response, []byte) {
	res, err := c.n.Client.Do(req)
	if err != nil {
		c.add("tls", "%s %s: %v", req.Method, req.URL, err)
		return nil, nil
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if req.URL.Scheme == "https" && res.ProtoMajor != 2 {
		c.add("h2", "%s %s: %s, want HTTP/2", req.Method, req.URL.Path, res.Proto)
	}
	return res, b
}

// headers checks every security header of a response, and that it is no 403.
func (c *nginxCheck) headers(what string, res *http.Response) {
	for _, h := range wantHeaders {
		if v := res.Header.Get(h.name); !h.ok(v) {
			c.add("header", "%s (%d): %s = %q", what, res.StatusCode, h.name, v)
		}
	}
	if res.StatusCode == http.StatusForbidden {
		c.add("404", "%s: 403 Forbidden", what)
	}
}

// notAFile checks a response that is no file of the site (a redirect, an
// error page): every header, and revalidation.
func (c *nginxCheck) notAFile(what string, res *http.Response) {
	c.headers(what, res)
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		c.add("cache", "%s (%d): Cache-Control %q, want no-cache", what, res.StatusCode, cc)
	}
}

// refused checks that a client that refuses an encoding (q=0) never gets
// it, for the self-check page and the module: the other one, or the file
// as is when it refuses both.
func (c *nginxCheck) refused() {
	files, _ := filepath.Glob(filepath.Join(c.dir, "wasm", "molnkollen.*.wasm"))
	paths := []string{SitePath + "sjalvskattning/"}
	for _, f := range files {
		paths = append(paths, SitePath+"wasm/"+filepath.Base(f))
	}
	br := ""
	if c.n.Brotli {
		br = "br"
	}
	cases := []struct{ ae, want string }{{"br;q=0, gzip", "gzip"}, {"gzip;q=0, br", br}, {"br;q=0, gzip;q=0", ""}}
	for _, p := range paths {
		for _, k := range cases {
			if res, _ := c.get(c.n.URL, p, k.ae); res != nil && res.Header.Get("Content-Encoding") != k.want {
				c.add("refused", "%s with Accept-Encoding %q: Content-Encoding %q, want %q", p, k.ae, res.Header.Get("Content-Encoding"), k.want)
			}
		}
	}
}

// files fetches every file of the site plain, by a client that accepts
// gzip only and by Chromium, and returns how many files there are.
func (c *nginxCheck) files() (files int) {
	filepath.WalkDir(c.dir, func(f string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(f, ".gz") || strings.HasSuffix(f, ".br") {
			return err
		}
		files++
		rel, _ := filepath.Rel(c.dir, f)
		p := SitePath + filepath.ToSlash(rel)
		for _, ae := range []string{"", gzipOnly, chromium} {
			if res, body := c.get(c.n.URL, p, ae); res != nil {
				c.file(f, p, ae, res, body)
			}
		}
		return nil
	})
	return files
}

// file checks one answer for the file f (URL path p), asked for with
// Accept-Encoding ae: the build's .br to a client that accepts br (when
// nginx has the brotli module), else its .gz to one that accepts gzip, else
// the file as is; Vary; type; caching; every header.
func (c *nginxCheck) file(f, p, ae string, res *http.Response, body []byte) {
	c.headers(p, res)
	if res.StatusCode != http.StatusOK {
		c.add("404", "%s: status %d", p, res.StatusCode)
		return
	}
	_, gzErr := os.Stat(f + ".gz")
	_, brErr := os.Stat(f + ".br")
	want, wantEnc := f, ""
	if gzErr == nil && ae != "" {
		want, wantEnc = f+".gz", "gzip"
	}
	if brErr == nil && c.n.Brotli && strings.Contains(ae, "br") {
		want, wantEnc = f+".br", "br"
	}
	wantBody, _ := os.ReadFile(want)
	if enc := res.Header.Get("Content-Encoding"); enc != wantEnc || !bytes.Equal(body, wantBody) {
		key := "encoding"
		if wantEnc == "br" {
			key = "brotli"
		}
		c.add(key, "%s with Accept-Encoding %q: Content-Encoding %q, %d B, want %q, %s (%d B)", p, ae, enc, len(body), wantEnc, filepath.Base(want), len(wantBody))
	}
	if (gzErr == nil || brErr == nil) && !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		c.add("encoding", "%s (Accept-Encoding %q, sent %q): Vary %q lacks Accept-Encoding", p, ae, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
	}
	c.fileType(f, p, res)
}

// fileType checks the Content-Type and Cache-Control of a file.
func (c *nginxCheck) fileType(f, p string, res *http.Response) {
	ct := res.Header.Get("Content-Type")
	switch filepath.Ext(f) {
	case ".wasm":
		if ct != "application/wasm" {
			c.add("wasm-type", "%s: Content-Type %q, want application/wasm", p, ct)
		}
	case ".html":
		if ct != "text/html; charset=utf-8" {
			c.add("type", "%s: Content-Type %q", p, ct)
		}
	}
	cc := res.Header.Get("Cache-Control")
	fingerprinted := regexp.MustCompile(`\.[0-9a-f]{64,}\.(css|js|wasm)$`).MatchString(f)
	if fingerprinted && cc != immutable {
		c.add("cache", "%s: Cache-Control %q, want %q", p, cc, immutable)
	}
	if !fingerprinted && cc != "no-cache" {
		c.add("cache", "%s: Cache-Control %q, want no-cache", p, cc)
	}
}

// redirects: a folder without its slash, and the sub-path itself without
// its slash, are redirected with the path only.
func (c *nginxCheck) redirects() {
	for _, p := range []string{SitePath + "riktlinje", strings.TrimSuffix(SitePath, "/")} {
		res, _ := c.get(c.n.URL, p, "")
		if res == nil {
			continue
		}
		c.notAFile(p, res)
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusMovedPermanently || loc != p+"/" {
			c.add("redirect", "%s: %d Location %q, want 301 to %s/", p, res.StatusCode, loc, p)
		}
	}
}

// missing: missing pages, folders without index.html and addresses outside
// the site get the site's Swedish 404; a path that climbs out of the site
// is not served.
func (c *nginxCheck) missing() {
	var paths []string
	for _, p := range []string{"finns-inte/", "finns-inte.html", "css/", "js/", "wasm/", "riktlinje/finns-inte", "sjalvskattning/finns-inte.wasm"} {
		paths = append(paths, SitePath+p)
	}
	for _, p := range append(paths, "/", "/intranat/") {
		for _, ae := range []string{"", chromium} {
			res, body := c.get(c.n.URL, p, ae)
			if res == nil {
				continue
			}
			c.notAFile(p, res)
			if body = decodeBody(res.Header.Get("Content-Encoding"), body); res.StatusCode != http.StatusNotFound || !bytes.Equal(body, c.notFound) {
				c.add("404", "%s: status %d, %d B, want 404 with the site's 404.html (%d B)", p, res.StatusCode, len(body), len(c.notFound))
			}
		}
	}
	// nginx resolves the dots before it reads any file; which answer it
	// gets is the host's.
	if res, body := c.get(c.n.URL, SitePath+"../../../../etc/passwd", ""); res != nil && (res.StatusCode == http.StatusOK || bytes.Contains(body, []byte("root:"))) {
		c.add("404", "%s../../../../etc/passwd: %d, %d B", SitePath, res.StatusCode, len(body))
	}
}

// errorPages: nginx's own 405 (a POST), 414 (an address too long) and 400
// (a broken request, over TLS and on the plain port) carry every header.
func (c *nginxCheck) errorPages() {
	req, _ := http.NewRequest("POST", c.n.URL+SitePath, strings.NewReader("x=1"))
	if res, _ := c.do(req); res != nil {
		c.wantStatus("POST "+SitePath, res, http.StatusMethodNotAllowed)
	}
	// HTTP/1.1, where an address longer than nginx's header buffers (8 KB)
	// gets its 414; HTTP/2 has limits of its own.
	long := SitePath + strings.Repeat("a", 9000)
	for _, r := range []struct {
		what, base, request string
		status              int
	}{
		{"GET " + SitePath + "aaa... (9000 B)", c.n.URL, "GET " + long + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", http.StatusRequestURITooLong},
		{"a broken request line", c.n.URL, "BROKEN\r\n\r\n", http.StatusBadRequest},
		{"HTTP/1.1 without Host (plain port)", c.n.Redirect, "GET " + SitePath + " HTTP/1.1\r\n\r\n", http.StatusBadRequest},
	} {
		res, err := rawRequest(c.n, r.base, r.request)
		if err != nil {
			c.add("tls", "%s: %v", r.what, err)
			continue
		}
		c.wantStatus(r.what, res, r.status)
	}
}

func (c *nginxCheck) wantStatus(what string, res *http.Response, status int) {
	c.notAFile(what, res)
	if res.StatusCode != status {
		c.add("status", "%s: %d, want %d", what, res.StatusCode, status)
	}
}

// toHTTPS: the plain-HTTP port sends readers to HTTPS at the configured
// host name, whatever Host the request names, with every header.
func (c *nginxCheck) toHTTPS() {
	for _, host := range []string{"", "evil.example"} {
		req, _ := http.NewRequest("GET", c.n.Redirect+SitePath+"riktlinje/?a=1", nil)
		if host != "" {
			req.Host = host
		}
		res, _ := c.do(req)
		if res == nil {
			continue
		}
		what := fmt.Sprintf("http://%s%sriktlinje/?a=1", req.Host, SitePath)
		c.notAFile(what, res)
		want := "https://" + c.host + SitePath + "riktlinje/?a=1"
		loc := res.Header.Get("Location")
		switch {
		case res.StatusCode != http.StatusMovedPermanently || !strings.HasPrefix(loc, "https://"):
			c.add("tls", "%s: %d Location %q, want 301 to https://", what, res.StatusCode, loc)
		case loc != want:
			c.add("host", "%s: Location %q, want %q (the configured name)", what, loc, want)
		}
	}
}

// rawRequest sends request as written over HTTP/1.1 to base (TLS when
// https://), for what a Go client will not send.
func rawRequest(n *Nginx, base, request string) (*http.Response, error) {
	addr := strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://")
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if strings.HasPrefix(base, "https://") {
		tc := tls.Client(conn, &tls.Config{RootCAs: n.Cert.Pool, ServerName: "127.0.0.1", NextProtos: []string{"http/1.1"}})
		if err := tc.Handshake(); err != nil {
			return nil, err
		}
		conn = tc
	}
	if _, err := io.WriteString(conn, request); err != nil {
		return nil, err
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res, nil
}

// TestRealNginx serves the built site with deploy/nginx.conf in a real
// nginx with the brotli module, over HTTPS, and checks what clients get:
// every header on every response (files, redirects, the 404 page, nginx's
// own 400, 405 and 414, the redirect to HTTPS), application/wasm, the
// build's brotli copy to Chromium and its gzip copy to a client without br,
// the file as is to one that asks for neither, Vary, caching, HTTP/2,
// redirects that carry only the path or the configured host name, the
// Swedish 404 for missing pages and folders, never a 403.
func TestRealNginx(t *testing.T) {
	conf := deployNginx(t)
	n := needNginx(t, NginxOptions{Conf: conf, Brotli: true})
	reportNginx(t, n, conf)
}

// TestRealNginxWithoutBrotli: deploy/nginx.conf as its comment says to run
// it where nginx has no brotli module (without the brotli_static line)
// passes the same checks, sending the gzip copies to Chromium too.
func TestRealNginxWithoutBrotli(t *testing.T) {
	conf, err := WithoutBrotli(deployNginx(t))
	if err != nil {
		t.Fatal(err)
	}
	n := needNginx(t, NginxOptions{Conf: conf})
	reportNginx(t, n, conf)
}

func reportNginx(t *testing.T, n *Nginx, conf []byte) {
	t.Helper()
	problems, files := checkNginx(n, env.dir, conf)
	for _, p := range problems {
		t.Error(p)
	}
	if files < 10 {
		t.Errorf("checked only %d files of the site", files)
	}
	t.Logf("checked %d files, each plain, gzip-only and as Chromium asks, served by %s", files, n)
	if t.Failed() {
		t.Logf("nginx error log:\n%s", n.ErrorLog())
	}
}

// TestNginxBrotliNeedsModule: what deploy/nginx.conf says happens when the
// brotli_static line stays but the module is not loaded.
func TestNginxBrotliNeedsModule(t *testing.T) {
	needSite(t)
	if _, err := NginxPath(); err != nil {
		skipOrFail(t, "%v", err)
	}
	n, err := StartNginx(context.Background(), NginxOptions{Conf: deployNginx(t), Site: env.dir, Cert: env.cert})
	if err == nil {
		n.Stop()
		t.Fatal("nginx started with brotli_static and no brotli module")
	}
	if !strings.Contains(err.Error(), `unknown directive "brotli_static"`) {
		t.Errorf("nginx without the module: %v, want the 'unknown directive \"brotli_static\"' that deploy/nginx.conf names", err)
	}
}

func decodeBody(enc string, b []byte) []byte {
	switch enc {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return b
		}
		out, err := io.ReadAll(zr)
		if err != nil {
			return b
		}
		return out
	case "br":
		out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
		if err != nil {
			return b
		}
		return out
	}
	return b
}
