package sitetest

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// needNginx starts a real nginx with deploy/nginx.conf, or a variant of it,
// serving the built site. A missing nginx fails in CI and skips elsewhere.
func needNginx(t *testing.T, conf []byte) *Nginx {
	t.Helper()
	needSite(t)
	if _, err := NginxPath(); err != nil {
		skipOrFail(t, "%v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	n, err := StartNginx(ctx, conf, env.dir)
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

// checkNginx asks a running nginx for the built site's files the way a
// browser does and returns every way in which the answers differ from what
// the site needs. Each problem starts with a key (wasm-type, encoding,
// header, cache, redirect, 404, tls) that the controls look for.
func checkNginx(n *Nginx, dir string) (problems []string, files int) {
	add := func(key, format string, args ...any) {
		problems = append(problems, key+": "+fmt.Sprintf(format, args...))
	}
	get := func(base, p string, gz bool) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", base+p, nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		}
		res, err := n.Client.Do(req)
		if err != nil {
			add("tls", "GET %s: %v", base+p, err)
			return nil, nil
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	headers := func(p string, res *http.Response) {
		for _, h := range wantHeaders {
			if v := res.Header.Get(h.name); !h.ok(v) {
				add("header", "%s (%d): %s = %q", p, res.StatusCode, h.name, v)
			}
		}
		if res.StatusCode == http.StatusForbidden {
			add("404", "%s: 403 Forbidden", p)
		}
	}
	notFound, _ := os.ReadFile(filepath.Join(dir, "404.html"))

	// Every file of the site, plain and gzipped.
	filepath.WalkDir(dir, func(f string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(f, ".gz") {
			return err
		}
		files++
		rel, _ := filepath.Rel(dir, f)
		p := SitePath + filepath.ToSlash(rel)
		raw, _ := os.ReadFile(f)
		zipped, gzErr := os.ReadFile(f + ".gz")
		for _, gz := range []bool{false, true} {
			res, body := get(n.TLS, p, gz)
			if res == nil {
				continue
			}
			headers(p, res)
			if res.StatusCode != http.StatusOK {
				add("404", "%s: status %d", p, res.StatusCode)
				continue
			}
			enc := res.Header.Get("Content-Encoding")
			switch {
			case !gz && (enc != "" || !bytes.Equal(body, raw)):
				add("encoding", "%s without Accept-Encoding: Content-Encoding %q, %d B, want the file as is (%d B)", p, enc, len(body), len(raw))
			case gz && gzErr == nil && (enc != "gzip" || !bytes.Equal(body, zipped)):
				add("encoding", "%s with Accept-Encoding gzip: Content-Encoding %q, %d B, want the build's .gz (%d B)", p, enc, len(body), len(zipped))
			}
			if gzErr == nil && !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
				add("encoding", "%s: Vary %q lacks Accept-Encoding", p, res.Header.Get("Vary"))
			}
			ct := res.Header.Get("Content-Type")
			switch ext := filepath.Ext(f); ext {
			case ".wasm":
				if ct != "application/wasm" {
					add("wasm-type", "%s: Content-Type %q, want application/wasm", p, ct)
				}
			case ".html":
				if ct != "text/html; charset=utf-8" {
					add("type", "%s: Content-Type %q", p, ct)
				}
			}
			cc := res.Header.Get("Cache-Control")
			fingerprinted := regexp.MustCompile(`\.[0-9a-f]{64,}\.(css|js|wasm)$`).MatchString(f)
			if fingerprinted && cc != immutable {
				add("cache", "%s: Cache-Control %q, want %q", p, cc, immutable)
			}
			if !fingerprinted && cc != "no-cache" {
				add("cache", "%s: Cache-Control %q, want no-cache", p, cc)
			}
		}
		return nil
	})

	// A folder without its slash: a redirect that carries only the path.
	for _, base := range []string{n.TLS, n.Plain} {
		if res, _ := get(base, SitePath+"riktlinje", false); res != nil {
			headers(SitePath+"riktlinje", res)
			if loc := res.Header.Get("Location"); res.StatusCode != http.StatusMovedPermanently || loc != SitePath+"riktlinje/" {
				add("redirect", "%s%sriktlinje: %d Location %q, want 301 to %sriktlinje/", base, SitePath, res.StatusCode, loc, SitePath)
			}
		}
	}
	if res, _ := get(n.TLS, SitePath[:len(SitePath)-1], false); res != nil {
		if loc := res.Header.Get("Location"); loc != SitePath {
			add("redirect", "%s: %d Location %q, want %s", SitePath[:len(SitePath)-1], res.StatusCode, loc, SitePath)
		}
	}

	// Missing pages and folders without index.html: the site's Swedish 404.
	for _, p := range []string{"finns-inte/", "finns-inte.html", "css/", "js/", "wasm/", "riktlinje/finns-inte", "sjalvskattning/finns-inte.wasm"} {
		for _, gz := range []bool{false, true} {
			res, body := get(n.TLS, SitePath+p, gz)
			if res == nil {
				continue
			}
			headers(SitePath+p, res)
			if gz && res.Header.Get("Content-Encoding") == "gzip" {
				body = gunzip(body)
			}
			if res.StatusCode != http.StatusNotFound || !bytes.Equal(body, notFound) {
				add("404", "%s: status %d, %d B, want 404 with the site's 404.html (%d B)", SitePath+p, res.StatusCode, len(body), len(notFound))
			}
		}
	}

	// A path that climbs out of the site is resolved by nginx before any
	// file is read: it is not served (which answer it gets is the host's).
	if res, body := get(n.TLS, SitePath+"../../../../etc/passwd", false); res != nil && (res.StatusCode == http.StatusOK || bytes.Contains(body, []byte("root:"))) {
		add("404", "%s../../../../etc/passwd: %d, %d B", SitePath, res.StatusCode, len(body))
	}

	// Plain HTTP on the deployed port sends readers to HTTPS.
	if res, _ := get(n.Redirect, SitePath, false); res != nil {
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusMovedPermanently || !strings.HasPrefix(loc, "https://") {
			add("tls", "http://...%s: %d Location %q, want 301 to https://", SitePath, res.StatusCode, loc)
		}
	}
	return problems, files
}

// TestRealNginx serves the built site with deploy/nginx.conf in a real
// nginx and checks what a browser gets: every header on every response,
// application/wasm, the build's gzip copies when asked for and the file as
// is when not, Vary, caching, redirects that carry only the path, the
// Swedish 404 for missing pages and folders, never a 403.
func TestRealNginx(t *testing.T) {
	n := needNginx(t, deployNginx(t))
	problems, files := checkNginx(n, env.dir)
	for _, p := range problems {
		t.Error(p)
	}
	if files < 10 {
		t.Errorf("checked only %d files of the site", files)
	}
	t.Logf("checked %d files, each plain and gzipped, over TLS", files)
	if t.Failed() {
		t.Logf("nginx error log:\n%s", n.ErrorLog())
	}
}

// TestRealNginxControls: each check of TestRealNginx fails with a
// deploy/nginx.conf that lacks what it checks.
func TestRealNginxControls(t *testing.T) {
	conf := string(deployNginx(t))
	cut := func(re string) func(string) string {
		return func(s string) string {
			r := regexp.MustCompile(re)
			if !r.MatchString(s) {
				t.Fatalf("control: %s not found in deploy/nginx.conf", re)
			}
			return r.ReplaceAllString(s, "")
		}
	}
	for _, c := range []struct {
		name, want string
		edit       func(string) string
	}{
		{"no wasm block", "wasm-type:", cut(`location ~ \\\.wasm\$ \{\s*types \{ \}\s*default_type application/wasm;\s*\}`)},
		{"no gzip", "encoding:", cut(`(?m)^\s*gzip(_static|_vary)? on;$`)},
		{"no Vary", "lacks Accept-Encoding", cut(`(?m)^\s*gzip_vary on;$`)},
		{"absolute redirects", "redirect:", cut(`(?m)^\s*absolute_redirect off;$`)},
		{"403 for folders", "403 Forbidden", func(s string) string {
			return strings.Replace(s, "error_page 403 404 =404", "error_page 404", 1)
		}},
		{"no COOP", "Cross-Origin-Opener-Policy", cut(`(?m)^.*add_header Cross-Origin-Opener-Policy.*$`)},
		{"no HSTS", "Strict-Transport-Security", cut(`(?m)^.*add_header Strict-Transport-Security.*$`)},
		{"everything cached a year", "cache:", func(s string) string {
			return strings.Replace(s, `default                             "no-cache";`, `default "`+immutable+`";`, 1)
		}},
		{"no HTTPS redirect", "tls:", cut(`(?m)^\s*return 301 https://.*$`)},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := needNginx(t, []byte(c.edit(conf)))
			problems, _ := checkNginx(n, env.dir)
			for _, p := range problems {
				if strings.Contains(p, c.want) {
					return
				}
			}
			t.Errorf("with %s, no problem mentions %q; got %d problems: %.300q", c.name, c.want, len(problems), problems)
		})
	}
}

func gunzip(b []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return b
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return b
	}
	return out
}

// TestGoServerServesWhatNginxServes: where there is no nginx, the browser
// tests run against the Go test server (Handler); it must answer every file,
// plain and gzipped, and every 404 as nginx does: status, Content-Type,
// Content-Encoding, Vary, Location, body and the add_header lines
// (Cache-Control, from a map, is not modelled; nor is the little HTML body
// of nginx's redirects).
func TestGoServerServesWhatNginxServes(t *testing.T) {
	n := needNginx(t, deployNginx(t))
	if env.nginxErr != nil {
		t.Fatal(env.nginxErr)
	}
	goSrv := httptest.NewServer(Handler(env.dir, SitePath, env.nginx))
	defer goSrv.Close()
	paths := []string{"", "riktlinje", "finns-inte/", "css/", "wasm/"}
	filepath.WalkDir(env.dir, func(f string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(f, ".gz") {
			rel, _ := filepath.Rel(env.dir, f)
			paths = append(paths, filepath.ToSlash(rel))
		}
		return err
	})
	compared := 0
	for _, p := range paths {
		for _, ae := range []string{"", "gzip, deflate, br"} {
			var got [2]string
			for i, base := range []string{n.Plain, goSrv.URL} {
				req, _ := http.NewRequest("GET", base+SitePath+p, nil)
				if ae != "" {
					req.Header.Set("Accept-Encoding", ae)
				}
				res, err := n.Client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				var b strings.Builder
				ct := res.Header.Get("Content-Type")
				if res.StatusCode == http.StatusMovedPermanently {
					ct, body = "(redirect)", nil // nginx's own little page
				}
				fmt.Fprintf(&b, "%d\nContent-Type: %s\nContent-Encoding: %s\nVary: %s\nLocation: %s\n",
					res.StatusCode, ct, res.Header.Get("Content-Encoding"),
					res.Header.Get("Vary"), res.Header.Get("Location"))
				for _, h := range wantHeaders {
					fmt.Fprintf(&b, "%s: %s\n", h.name, res.Header.Get(h.name))
				}
				fmt.Fprintf(&b, "body %d B sha %x", len(body), sha256.Sum256(body))
				got[i] = b.String()
			}
			compared++
			if got[0] != got[1] {
				t.Errorf("GET %s%s (Accept-Encoding %q):\nnginx:\n%s\nGo test server:\n%s", SitePath, p, ae, got[0], got[1])
			}
		}
	}
	t.Logf("compared %d responses", compared)
}
