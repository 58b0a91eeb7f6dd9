package sitetest

import (
	"regexp"
	"strings"
	"testing"
)

// nginxControls are variants of deploy/nginx.conf, each lacking one thing
// TestRealNginx checks, with the problem the checks must then report.
var nginxControls = []struct {
	name, want string
	edit       func(t *testing.T, conf string) string
}{
	{"no wasm block", "wasm-type:", cut(`location ~ \\\.wasm\$ \{\s*types \{ \}\s*default_type application/wasm;\s*\}`)},
	{"no gzip", `with Accept-Encoding "gzip, deflate": Content-Encoding ""`, cut(`(?m)^\s*gzip(_static|_vary)? on;$`)},
	{"no Vary", "lacks Accept-Encoding", cut(`(?m)^\s*gzip_vary on;$`)},
	{"no brotli_static", "brotli:", cut(`(?m)^\s*brotli_static on;.*$`)},
	{"br to every client", `with Accept-Encoding "gzip, deflate": Content-Encoding "br"`, replace("brotli_static on;", "brotli_static always;")},
	{"br to a client that refuses it", `with Accept-Encoding "br;q=0, gzip": Content-Encoding "br", want "gzip"`, replace("brotli_static on;", "brotli_static always;")},
	{"gzip to every client", `with Accept-Encoding "": Content-Encoding "gzip"`, replace("gzip_static on;", "gzip_static always;")},
	{"absolute redirects", "redirect:", cut(`(?m)^\s*absolute_redirect off;$`)},
	{"403 for folders", "403 Forbidden", replace("error_page 403 404 =404", "error_page 404")},
	{"no COOP", "Cross-Origin-Opener-Policy", cut(`(?m)^.*add_header Cross-Origin-Opener-Policy.*$`)},
	{"no HSTS", "Strict-Transport-Security", cut(`(?m)^.*add_header Strict-Transport-Security.*$`)},
	{"everything cached a year", "cache:", replace(`default                             "no-cache";`, `default "`+immutable+`";`)},
	{"no HTTPS redirect", "tls:", cut(`(?m)^\s*return 301 https://.*$`)},
	{"redirect to the client's Host", "host:", replace("https://$server_name$request_uri", "https://$host$request_uri")},
	{"headers only in the site's location", "header: " + strings.TrimSuffix(SitePath, "/") + " (301)", headersInLocation},
	{"headers without always", "header: POST " + SitePath + " (405)", replace(`" always;`, `";`)},
	{"an inner location with its own header", ".wasm (200): Content-Security-Policy", replace("default_type application/wasm;", `default_type application/wasm; add_header X-Test "1";`)},
	{"no HTTP/2", "h2:", replace("listen 443 ssl http2;", "listen 443 ssl;")},
}

// cut removes what the regular expression re matches.
func cut(re string) func(*testing.T, string) string {
	r := regexp.MustCompile(re)
	return func(t *testing.T, s string) string {
		if !r.MatchString(s) {
			t.Fatalf("control: %s not found in deploy/nginx.conf", re)
		}
		return r.ReplaceAllString(s, "")
	}
}

// replace replaces every old by new.
func replace(old, new string) func(*testing.T, string) string {
	return func(t *testing.T, s string) string {
		if !strings.Contains(s, old) {
			t.Fatalf("control: %q not found in deploy/nginx.conf", old)
		}
		return strings.ReplaceAll(s, old, new)
	}
}

// headersInLocation moves the server's add_header lines into the site's
// location, where they were before they applied to every response.
func headersInLocation(t *testing.T, s string) string {
	r := regexp.MustCompile(`(?m)^\s*add_header .*$`)
	lines := r.FindAllString(s, -1)
	if len(lines) < 7 {
		t.Fatalf("control: %d add_header lines in deploy/nginx.conf", len(lines))
	}
	loc := "location " + SitePath + " {"
	return replace(loc, loc+"\n"+strings.Join(lines, "\n"))(t, r.ReplaceAllString(s, ""))
}

// TestRealNginxControls: each check of TestRealNginx fails with a
// deploy/nginx.conf that lacks what it checks.
func TestRealNginxControls(t *testing.T) {
	conf := string(deployNginx(t))
	for _, c := range nginxControls {
		t.Run(c.name, func(t *testing.T) {
			edited := c.edit(t, conf)
			n := needNginx(t, NginxOptions{Conf: []byte(edited), Brotli: true})
			problems, _ := checkNginx(n, env.dir, []byte(edited))
			for _, p := range problems {
				if strings.Contains(p, c.want) {
					t.Logf("reported (of %d problems): %s", len(problems), p)
					return
				}
			}
			t.Errorf("with %s, no problem mentions %q; got %d problems: %.600q", c.name, c.want, len(problems), problems)
		})
	}
}
