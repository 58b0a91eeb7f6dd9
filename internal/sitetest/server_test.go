package sitetest

import (
	"io"
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
	for p, want := range map[string]string{
		"/site/x/m.wasm": "application/wasm", // the location's default_type, its types emptied
		"/site/a.tst":    "application/x-test",
		"/other/m.wasm":  "text/plain", // nginx's default: nothing here names wasm
	} {
		if got := conf.ContentType(p, nil); got != want {
			t.Errorf("ContentType(%s) = %q, want %q", p, got, want)
		}
	}
	if _, err := ParseNginx(strings.NewReader("server {\n add_header X;\n}\n")); err == nil {
		t.Error("an add_header without a value was accepted")
	}
}

// TestHandler: the test server maps the sub-path to files like nginx's
// try_files and error_page, with the configured headers, types and the
// build's .gz copies; .wasm is application/wasm only through the config's
// default_type, as with an older mime.types.
func TestHandler(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"index.html": "home", "a/index.html": "a", "404.html": "nf", "m.wasm": "\x00asm",
		"m.wasm.gz": "zipped", "css/x.css": "p{}"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
	const confText = `server {
    gzip_static on;
    gzip_vary on;
    location /p/ {
        add_header X-Test "yes" always;
        location ~ \.wasm$ {
            types { }
            default_type application/wasm;
        }
    }
}`
	serve := func(conf string) *httptest.Server {
		c, err := ParseNginx(strings.NewReader(conf))
		if err != nil {
			t.Fatal(err)
		}
		return httptest.NewServer(Handler(dir, "/p/", c))
	}
	srv := serve(confText)
	defer srv.Close()
	tr := &http.Transport{DisableCompression: true}
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(base, path, ae string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", base+path, nil)
		if ae != "" {
			req.Header.Set("Accept-Encoding", ae)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	for _, c := range []struct {
		path, ae string
		status   int
		ctype    string
		body     string
		location string
	}{
		{"/p/", "", 200, "text/html; charset=utf-8", "home", ""},
		{"/p/a/", "", 200, "text/html; charset=utf-8", "a", ""},
		{"/p/a", "", 301, "", "", "/p/a/"},
		{"/p/m.wasm", "", 200, "application/wasm", "\x00asm", ""},
		{"/p/m.wasm", "gzip, br", 200, "application/wasm", "zipped", ""},
		{"/p/m.wasm", "br", 200, "application/wasm", "\x00asm", ""},
		{"/p/css/x.css", "gzip", 200, "text/css; charset=utf-8", "p{}", ""},
		{"/p/css/", "", 404, "text/html; charset=utf-8", "nf", ""},
		{"/p/missing", "", 404, "text/html; charset=utf-8", "nf", ""},
		{"/a/", "", 404, "text/html; charset=utf-8", "nf", ""},
		{"/p/../index.html", "", 404, "text/html; charset=utf-8", "nf", ""},
	} {
		res, body := get(srv.URL, c.path, c.ae)
		if res.StatusCode != c.status || res.Header.Get("Content-Type") != c.ctype || body != c.body ||
			res.Header.Get("Location") != c.location || (res.Header.Get("X-Test") == "yes") != strings.HasPrefix(c.path, "/p/") {
			t.Errorf("GET %s (Accept-Encoding %q): %d %q %q Location %q X-Test=%q, want %d %q %q Location %q with the header under /p/",
				c.path, c.ae, res.StatusCode, res.Header.Get("Content-Type"), body, res.Header.Get("Location"), res.Header.Get("X-Test"),
				c.status, c.ctype, c.body, c.location)
		}
		zipped := c.ae != "" && strings.Contains(c.ae, "gzip") && c.body == "zipped"
		if enc := res.Header.Get("Content-Encoding"); (enc == "gzip") != zipped {
			t.Errorf("GET %s (Accept-Encoding %q): Content-Encoding %q", c.path, c.ae, enc)
		}
		if c.path == "/p/m.wasm" && res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("GET %s: Vary %q, want Accept-Encoding", c.path, res.Header.Get("Vary"))
		}
	}
	// Controls: without the wasm block the test server has no type for
	// .wasm of its own; without gzip_static it sends the file as is.
	bare := serve(strings.NewReplacer("gzip_static on;", "", "default_type application/wasm;", "").Replace(confText))
	defer bare.Close()
	if res, _ := get(bare.URL, "/p/m.wasm", "gzip"); res.Header.Get("Content-Type") == "application/wasm" || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("control: without default_type and gzip_static: %q %q", res.Header.Get("Content-Type"), res.Header.Get("Content-Encoding"))
	}
}
