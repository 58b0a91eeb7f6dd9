package sitetest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseNginx: add_header lines follow nginx's inheritance: an inner
// location without add_header inherits its parent's, a location with its own
// loses the server's.
func TestParseNginx(t *testing.T) {
	conf, err := ParseNginx(strings.NewReader(`
server {
    add_header X-Server "s" always;   # comment
    location /site/ {
        add_header Content-Security-Policy "default-src 'self'" always;
        add_header Cache-Control $from_map always;
        location ~ \.wasm$ {
            types { }
            default_type application/wasm;
        }
    }
    location /other/ {
    }
    location = /exact {
        add_header X-Exact 'e';
    }
    types {
        application/x-test tst;
    }
}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{"/site/a.html", "Content-Security-Policy=default-src 'self'"},
		{"/site/x/m.wasm", "Content-Security-Policy=default-src 'self'"},
		{"/other/a.html", "X-Server=s"},
		{"/exact", "X-Exact=e"},
		{"/", "X-Server=s"},
	} {
		var got []string
		for _, h := range conf.HeadersFor(c.path) {
			got = append(got, h.Name+"="+h.Value)
		}
		if strings.Join(got, "; ") != c.want {
			t.Errorf("HeadersFor(%s) = %q, want %q", c.path, got, c.want)
		}
	}
	if conf.Types[".tst"] != "application/x-test" {
		t.Errorf("types: %v", conf.Types)
	}
	if _, err := ParseNginx(strings.NewReader("server {\n add_header X;\n}\n")); err == nil {
		t.Error("an add_header without a value was accepted")
	}
}

// TestHandler: the test server maps the sub-path to files like nginx's
// try_files and error_page, with the configured headers.
func TestHandler(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"index.html": "home", "a/index.html": "a", "404.html": "nf", "m.wasm": "\x00asm"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
	conf := &NginxConfig{Server: []Header{{"X-Test", "yes"}}}
	srv := httptest.NewServer(Handler(dir, "/p/", conf))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, c := range []struct {
		path   string
		status int
		ctype  string
	}{
		{"/p/", 200, "text/html"},
		{"/p/a/", 200, "text/html"},
		{"/p/a", 301, ""},
		{"/p/m.wasm", 200, "application/wasm"},
		{"/p/missing", 404, "text/html"},
		{"/a/", 404, "text/html"},
		{"/p/../index.html", 404, "text/html"},
	} {
		res, err := client.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.status || !strings.HasPrefix(res.Header.Get("Content-Type"), c.ctype) || res.Header.Get("X-Test") != "yes" {
			t.Errorf("GET %s: %d %q X-Test=%q, want %d %q with the header", c.path, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("X-Test"), c.status, c.ctype)
		}
	}
}
