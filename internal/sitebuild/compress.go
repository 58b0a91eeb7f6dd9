package sitebuild

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/andybalholm/brotli"
)

// Compressible are the extensions of the files that Precompress writes
// compressed copies of: text and the wasm module. Images other than SVG are
// compressed already.
var Compressible = []string{".wasm", ".js", ".css", ".html", ".json", ".svg", ".xml", ".txt"}

// Encoding is one compressed copy Precompress writes beside a file: its
// suffix and the compressor.
type Encoding struct {
	Suffix   string // ".gz" or ".br"
	Name     string // the Content-Encoding a server sends with it
	Compress func(w io.Writer) (io.WriteCloser, error)
}

// Encodings are the copies Precompress writes: gzip at level 9
// (compress/gzip: the module proxy serves no well-kept pure-Go zopfli-style
// encoder) and brotli at its highest quality, 11, with its default 4 MB
// window (larger than any file of the site). Browsers accept br over HTTPS
// and gzip everywhere; a server without brotli sends the .gz.
var Encodings = []Encoding{
	{".gz", "gzip", func(w io.Writer) (io.WriteCloser, error) {
		return gzip.NewWriterLevel(w, gzip.BestCompression)
	}},
	{".br", "br", func(w io.Writer) (io.WriteCloser, error) {
		return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: brotli.BestCompression}), nil
	}},
}

// Precompress writes NAME.gz and NAME.br beside every compressible file under
// dir, for the web server to send as is to browsers that accept them
// (nginx's gzip_static and brotli_static; see deploy/). Compressing once at
// build time at the highest level costs nothing per request, and the module
// shrinks to about a fifth of its size. A copy that would not be smaller is
// not written (and a stale one is removed). The copies are reproducible
// (gzip: no name, no time in the header; brotli has neither) and carry the
// original's modification time, so Last-Modified is the same either way.
func Precompress(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !compressible(p) {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		for _, e := range Encodings {
			if err := writeCopy(p, src, info, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeCopy writes the e-compressed copy of the file p (contents src)
// beside it, or removes a stale one when compression would not make it
// smaller: a stale copy would be served instead of the new file.
func writeCopy(p string, src []byte, info fs.FileInfo, e Encoding) error {
	var buf bytes.Buffer
	zw, err := e.Compress(&buf)
	if err != nil {
		return err
	}
	if _, err := zw.Write(src); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	dst := p + e.Suffix
	if buf.Len() >= len(src) {
		if err := os.Remove(dst); err != nil && !os.IsNotExist(err) {
			return err
		}
		return nil
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Chtimes(dst, info.ModTime(), info.ModTime())
}

func compressible(p string) bool {
	return slices.Contains(Compressible, strings.ToLower(filepath.Ext(p)))
}
