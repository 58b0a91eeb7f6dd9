package sitebuild

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPrecompress: a .gz copy beside each compressible file that it makes
// smaller, which decompresses to the original, is the same on every run and
// has the original's time; none for images, for files gzip makes larger, and
// a stale copy of those is removed.
func TestPrecompress(t *testing.T) {
	dir := t.TempDir()
	text := strings.Repeat("<p>Riktlinje för molntjänster</p>\n", 200)
	files := map[string]string{
		"index.html":        text,
		"css/site.abc.css":  strings.Repeat("p{margin:0}", 100),
		"wasm/m.abc.wasm":   "\x00asm" + strings.Repeat("\x01\x02\x03", 500),
		"img/logo.png":      strings.Repeat("x", 1000),
		"tiny.json":         "{}",
		"sitemap.xml":       text,
		"favicon.svg":       text,
		"js/selfcheck.a.js": text,
	}
	old := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	os.WriteFile(filepath.Join(dir, "tiny.json.gz"), []byte("stale"), 0o644)
	if err := Precompress(dir); err != nil {
		t.Fatal(err)
	}
	first := map[string][]byte{}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name)) + ".gz"
		gz, err := os.ReadFile(p)
		want := name != "img/logo.png" && name != "tiny.json"
		if !want {
			if err == nil {
				t.Errorf("%s.gz written", name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s.gz: %v", name, err)
			continue
		}
		first[name] = gz
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatalf("%s.gz: %v", name, err)
		}
		got, _ := io.ReadAll(zr)
		if string(got) != body {
			t.Errorf("%s.gz does not decompress to the file", name)
		}
		if fi, _ := os.Stat(p); !fi.ModTime().Equal(old) {
			t.Errorf("%s.gz has time %s, want the file's %s", name, fi.ModTime(), old)
		}
	}
	if err := Precompress(dir); err != nil {
		t.Fatal(err)
	}
	for name, gz := range first {
		again, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)) + ".gz")
		if !bytes.Equal(gz, again) {
			t.Errorf("%s.gz differs between two runs", name)
		}
	}
}
