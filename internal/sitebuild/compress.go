package sitebuild

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Compressible are the extensions of the files that Precompress writes a .gz
// copy of: text and the wasm module. Images other than SVG are compressed
// already.
var Compressible = []string{".wasm", ".js", ".css", ".html", ".json", ".svg", ".xml", ".txt"}

// Precompress writes NAME.gz (gzip -9) beside every compressible file under
// dir, for the web server to send as is to browsers that accept gzip (nginx's
// gzip_static; see deploy/). Compressing once at build time at the highest
// level costs nothing per request, and the module shrinks to about 30 % of
// its size. A copy that would not be smaller is not written. The copies are
// reproducible (no name, no time in the gzip header) and carry the original's
// modification time, so Last-Modified is the same either way.
//
// Brotli would be some 25 % smaller for the module, but no server in deploy/
// can send a pre-compressed .br: Debian's nginx-light has no brotli module, and
// IIS compresses with brotli (if at all) on the fly. So there is no .br.
func Precompress(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !compressible(p) {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return err
		}
		if _, err := zw.Write(src); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		if buf.Len() >= len(src) {
			// A stale copy would be served instead of the new file.
			if err := os.Remove(p + ".gz"); err != nil && !os.IsNotExist(err) {
				return err
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if err := os.WriteFile(p+".gz", buf.Bytes(), 0o644); err != nil {
			return err
		}
		return os.Chtimes(p+".gz", info.ModTime(), info.ModTime())
	})
}

func compressible(p string) bool {
	return slices.Contains(Compressible, strings.ToLower(filepath.Ext(p)))
}
