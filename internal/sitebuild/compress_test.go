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

	"github.com/andybalholm/brotli"
)

// decompress undoes the copy of encoding suffix (".gz" or ".br").
func decompress(t *testing.T, suffix string, b []byte) string {
	t.Helper()
	var r io.Reader
	switch suffix {
	case ".gz":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		r = zr
	case ".br":
		r = brotli.NewReader(bytes.NewReader(b))
	default:
		t.Fatalf("unknown suffix %s", suffix)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", suffix, err)
	}
	return string(out)
}

// TestPrecompress: a .gz and a .br copy beside each compressible file that
// they make smaller, which decompress to the original, are the same on every
// run and have the original's time; none for images, for files compression
// makes larger, and a stale copy of those is removed.
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
	os.WriteFile(filepath.Join(dir, "tiny.json.br"), []byte("stale"), 0o644)
	if err := Precompress(dir); err != nil {
		t.Fatal(err)
	}
	first := map[string][]byte{}
	for name, body := range files {
		for _, e := range Encodings {
			p := filepath.Join(dir, filepath.FromSlash(name)) + e.Suffix
			z, err := os.ReadFile(p)
			if name == "img/logo.png" || name == "tiny.json" {
				if err == nil {
					t.Errorf("%s%s written", name, e.Suffix)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s%s: %v", name, e.Suffix, err)
				continue
			}
			first[p] = z
			if decompress(t, e.Suffix, z) != body {
				t.Errorf("%s%s does not decompress to the file", name, e.Suffix)
			}
			if fi, _ := os.Stat(p); !fi.ModTime().Equal(old) {
				t.Errorf("%s%s has time %s, want the file's %s", name, e.Suffix, fi.ModTime(), old)
			}
		}
	}
	if len(first) != 2*6 {
		t.Errorf("%d compressed copies, want 12 (a .gz and a .br of 6 files)", len(first))
	}
	if err := Precompress(dir); err != nil {
		t.Fatal(err)
	}
	for p, z := range first {
		again, _ := os.ReadFile(p)
		if !bytes.Equal(z, again) {
			t.Errorf("%s differs between two runs", p)
		}
	}
}

// TestBrotliQuality: the .br copy is brotli at quality 11, smaller than the
// .gz copy and than brotli's default quality; the control (quality 1) is
// larger, so the comparison can fail.
func TestBrotliQuality(t *testing.T) {
	var src bytes.Buffer
	for i := range 4000 {
		src.WriteString("<tr><td>fråga " + strings.Repeat("x", i%17) + "</td><td>Ja</td></tr>\n")
	}
	size := func(e Encoding) int {
		var b bytes.Buffer
		w, err := e.Compress(&b)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(src.Bytes())
		w.Close()
		return b.Len()
	}
	var gz, br Encoding
	for _, e := range Encodings {
		switch e.Suffix {
		case ".gz":
			gz = e
		case ".br":
			br = e
		}
	}
	if br.Name != "br" || gz.Name != "gzip" {
		t.Fatalf("encodings %q, %q", br.Name, gz.Name)
	}
	level := func(q int) Encoding {
		return Encoding{".br", "br", func(w io.Writer) (io.WriteCloser, error) {
			return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: q}), nil
		}}
	}
	got, q6, q1 := size(br), size(level(6)), size(level(1))
	if got >= size(gz) || got >= q6 {
		t.Errorf("brotli copy %d B, gzip -9 %d B, brotli quality 6 %d B: want the brotli copy smallest", got, size(gz), q6)
	}
	if want := size(level(11)); got != want {
		t.Errorf("brotli copy %d B, quality 11 gives %d B", got, want)
	}
	if q1 <= got {
		t.Errorf("control: quality 1 gives %d B, not more than the copy's %d B", q1, got)
	}
}
