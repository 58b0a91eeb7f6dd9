package sitetest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// NginxConfig is the part of deploy/nginx.conf that decides what a response
// looks like: the add_header lines of the server and of each location, and the
// extra MIME types. The tests serve the built site with it, so the browser sees
// the same Content-Security-Policy and types as in production.
type NginxConfig struct {
	Server      []Header   // add_header at server (or http) level
	Locations   []Location // location blocks, in file order
	Types       map[string]string
	DefaultType string // default_type at server (or http) level
	GzipStatic  bool   // gzip_static on: send NAME.gz when the browser accepts gzip
	GzipVary    bool   // gzip_vary on: Vary: Accept-Encoding
}

// Header is one add_header line.
type Header struct{ Name, Value string }

// Location is one location block with its own add_header lines. nginx does
// not inherit the server's add_header lines into a location that has any of
// its own; HeadersFor follows that rule, so a location that forgets the CSP
// shows up in the tests.
type Location struct {
	Modifier string // "", "=", "~", "~*" or "^~"
	Pattern  string
	Headers  []Header
	Parent   int // index of the enclosing location, or -1
	// Types is the location's own types block (nil when it has none, then
	// the enclosing one's apply), DefaultType its own default_type.
	Types       map[string]string
	DefaultType string
	re          *regexp.Regexp
}

var (
	addHeaderRE  = regexp.MustCompile(`^add_header\s+(\S+)\s+(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))(\s+always)?\s*;$`)
	emptyTypesRE = regexp.MustCompile(`^types\s*\{\s*\}$`)
	locationRE   = regexp.MustCompile(`^location\s+(?:(=|~\*|~|\^~)\s+)?(\S+)\s*\{$`)
)

// ParseNginx reads the add_header, location, types, default_type, gzip_static
// and gzip_vary directives of an nginx configuration. It knows just enough nginx for the project's file: one
// directive per line, blocks opened at the end of a line.
func ParseNginx(r io.Reader) (*NginxConfig, error) {
	c := &NginxConfig{Types: map[string]string{}}
	type frame struct {
		kind string
		loc  int
	}
	var stack []frame
	// innermost is the index of the innermost open location, or -1.
	innermost := func() int {
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].loc >= 0 {
				return stack[i].loc
			}
		}
		return -1
	}
	sc := bufio.NewScanner(r)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(stripComment(sc.Text()))
		if line == "" {
			continue
		}
		switch {
		case line == "}":
			if len(stack) == 0 {
				return nil, fmt.Errorf("nginx.conf:%d: unbalanced }", lineNo)
			}
			stack = stack[:len(stack)-1]
		case emptyTypesRE.MatchString(line): // "types { }": no extension has a type here
			if loc := innermost(); loc >= 0 {
				c.Locations[loc].Types = map[string]string{}
			} else {
				c.Types = map[string]string{}
			}
		case strings.HasSuffix(line, "{"):
			f := frame{kind: strings.Fields(line)[0], loc: -1}
			if m := locationRE.FindStringSubmatch(line); m != nil {
				l := Location{Modifier: m[1], Pattern: m[2], Parent: innermost()}
				if strings.HasPrefix(l.Modifier, "~") {
					expr := l.Pattern
					if l.Modifier == "~*" {
						expr = "(?i)" + expr
					}
					re, err := regexp.Compile(expr)
					if err != nil {
						return nil, fmt.Errorf("nginx.conf:%d: location regexp: %v", lineNo, err)
					}
					l.re = re
				}
				c.Locations = append(c.Locations, l)
				f.loc = len(c.Locations) - 1
			}
			if f.kind == "types" {
				if loc := innermost(); loc >= 0 {
					c.Locations[loc].Types = map[string]string{}
				}
			}
			stack = append(stack, f)
		case strings.HasPrefix(line, "default_type "):
			v := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(line, "default_type "), ";"))
			if loc := innermost(); loc >= 0 {
				c.Locations[loc].DefaultType = v
			} else {
				c.DefaultType = v
			}
		case line == "gzip_static on;":
			c.GzipStatic = true
		case line == "gzip_vary on;":
			c.GzipVary = true
		case strings.HasPrefix(line, "add_header"):
			m := addHeaderRE.FindStringSubmatch(line)
			if m == nil {
				return nil, fmt.Errorf("nginx.conf:%d: cannot read %q", lineNo, line)
			}
			h := Header{Name: m[1], Value: m[2] + m[3] + m[4]}
			if strings.HasPrefix(m[4], "$") {
				continue // a variable (e.g. Cache-Control from a map): not modelled
			}
			h.Value = strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(h.Value)
			if loc := innermost(); loc >= 0 {
				c.Locations[loc].Headers = append(c.Locations[loc].Headers, h)
			} else {
				c.Server = append(c.Server, h)
			}
		case len(stack) > 0 && stack[len(stack)-1].kind == "types":
			f := strings.Fields(strings.TrimSuffix(line, ";"))
			types := c.Types
			if loc := innermost(); loc >= 0 {
				types = c.Locations[loc].Types
			}
			for _, ext := range f[1:] {
				types["."+ext] = f[0]
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(stack) != 0 {
		return nil, errors.New("nginx.conf: unclosed block")
	}
	return c, nil
}

// stripComment cuts a # comment that is not inside quotes.
func stripComment(line string) string {
	var quote rune
	for i, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
		case r == '"' || r == '\'':
			quote = r
		case r == '#':
			return line[:i]
		}
	}
	return line
}

// Location returns the location block nginx would choose for the URL path p,
// or nil: an exact match, else the longest prefix if it has ^~, else the first
// matching regexp nested in that prefix, else the first matching top-level
// regexp, else the longest prefix.
func (c *NginxConfig) Location(p string) *Location {
	var prefix *Location
	for i := range c.Locations {
		l := &c.Locations[i]
		switch l.Modifier {
		case "=":
			if p == l.Pattern {
				return l
			}
		case "", "^~":
			if strings.HasPrefix(p, l.Pattern) && (prefix == nil || len(l.Pattern) > len(prefix.Pattern)) {
				prefix = l
			}
		}
	}
	if prefix != nil && prefix.Modifier == "^~" {
		return prefix
	}
	inside := func(l *Location) bool {
		for q := l.Parent; q >= 0; q = c.Locations[q].Parent {
			if &c.Locations[q] == prefix {
				return true
			}
		}
		return false
	}
	for _, nested := range []bool{true, false} {
		for i := range c.Locations {
			l := &c.Locations[i]
			if l.re == nil || (nested && (prefix == nil || !inside(l))) || (!nested && l.Parent >= 0) {
				continue
			}
			if l.re.MatchString(p) {
				return l
			}
		}
	}
	return prefix
}

// HeadersFor returns the add_header lines that apply to the URL path p: those
// of the chosen location, else of the nearest enclosing location that has
// any, else the server's.
func (c *NginxConfig) HeadersFor(p string) []Header {
	for l := c.Location(p); l != nil; {
		if len(l.Headers) > 0 {
			return l.Headers
		}
		if l.Parent < 0 {
			break
		}
		l = &c.Locations[l.Parent]
	}
	return c.Server
}

// Header returns the value of the add_header named name that applies to the
// URL path p.
func (c *NginxConfig) Header(p, name string) string {
	for _, h := range c.HeadersFor(p) {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// ContentType returns the Content-Type nginx sends for the URL path p: the
// types of the chosen location (or of the nearest enclosing one with a types
// block, else base and the server's), else the nearest default_type, else
// nginx's own default, text/plain.
func (c *NginxConfig) ContentType(p string, base map[string]string) string {
	ext := strings.ToLower(path.Ext(p))
	var types map[string]string
	defaultType := ""
	for l := c.Location(p); l != nil; {
		if types == nil && l.Types != nil {
			types = l.Types
		}
		if defaultType == "" {
			defaultType = l.DefaultType
		}
		if l.Parent < 0 {
			break
		}
		l = &c.Locations[l.Parent]
	}
	if types == nil {
		types = map[string]string{}
		for e, t := range base {
			types[e] = t
		}
		for e, t := range c.Types {
			types[e] = t
		}
	}
	if t := types[ext]; t != "" {
		return t
	}
	if defaultType == "" {
		defaultType = c.DefaultType
	}
	if defaultType == "" {
		defaultType = "text/plain"
	}
	return defaultType
}

// oldMimeTypes is what an older nginx mime.types maps the site's files to:
// no .wasm, which deploy/nginx.conf must add itself.
var oldMimeTypes = map[string]string{
	".html": "text/html", ".css": "text/css", ".js": "application/javascript",
	".json": "application/json", ".svg": "image/svg+xml", ".xml": "text/xml",
	".txt": "text/plain", ".png": "image/png", ".ico": "image/x-icon",
	".pdf": "application/pdf", ".woff2": "font/woff2",
}

// charsetTypes get "; charset=utf-8" (charset utf-8 with the default
// charset_types and those in deploy/nginx.conf).
var charsetTypes = map[string]bool{
	"text/html": true, "text/css": true, "text/plain": true, "text/xml": true,
	"application/javascript": true, "text/javascript": true, "application/json": true,
}

// Handler serves the built site in dir under the URL path prefix (for example
// "/intranat/molntjanster/") as nginx does with conf, for machines without
// nginx (the tests use a real nginx when there is one): the add_header
// lines, the types and default_type of conf over an older mime.types that
// has no .wasm, index.html for folders, a redirect that carries only the
// path for a folder without its slash, 404.html with status 404 for anything
// else (folders without index.html too), and with gzip_static the build's
// NAME.gz with Content-Encoding: gzip to browsers that accept it (Vary:
// Accept-Encoding with gzip_vary). Cache-Control, which comes from a map,
// is not modelled.
func Handler(dir, prefix string, conf *NginxConfig) http.Handler {
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	if conf == nil {
		conf = &NginxConfig{}
	}
	typeOf := func(urlPath string) string {
		ct := conf.ContentType(urlPath, oldMimeTypes)
		if charsetTypes[ct] {
			ct += "; charset=utf-8"
		}
		return ct
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, h := range conf.HeadersFor(r.URL.Path) {
			w.Header().Add(h.Name, h.Value)
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		gzipOK := conf.GzipStatic && acceptsGzip(r.Header.Get("Accept-Encoding"))
		serve := func(file, urlPath string, status int) bool {
			f, err := os.Open(file)
			if err != nil {
				return false
			}
			defer f.Close()
			fi, err := f.Stat()
			if err != nil || fi.IsDir() {
				return false
			}
			if conf.GzipStatic && conf.GzipVary {
				if _, err := os.Stat(file + ".gz"); err == nil {
					w.Header().Set("Vary", "Accept-Encoding")
				}
			}
			if gzipOK {
				if gz, err := os.Open(file + ".gz"); err == nil {
					defer gz.Close()
					if gfi, err := gz.Stat(); err == nil {
						f, fi = gz, gfi
						w.Header().Set("Content-Encoding", "gzip")
					}
				}
			}
			w.Header().Set("Content-Type", typeOf(urlPath))
			if status != http.StatusOK {
				w.WriteHeader(status)
				io.Copy(w, f)
				return true
			}
			http.ServeContent(w, r, "", fi.ModTime(), f)
			return true
		}
		notFound := func() {
			if !serve(filepath.Join(dir, "404.html"), prefix+"404.html", http.StatusNotFound) {
				http.NotFound(w, r)
			}
		}
		clean := path.Clean(r.URL.Path)
		if strings.HasSuffix(r.URL.Path, "/") && clean != "/" {
			clean += "/"
		}
		if !strings.HasPrefix(clean, prefix) {
			notFound()
			return
		}
		rel := "/" + strings.TrimPrefix(clean, prefix)
		file := filepath.Join(dir, filepath.FromSlash(rel))
		urlPath := clean
		if fi, err := os.Stat(file); err == nil && fi.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				// absolute_redirect off: the path only.
				w.Header().Set("Location", r.URL.Path+"/")
				w.WriteHeader(http.StatusMovedPermanently)
				return
			}
			file = filepath.Join(file, "index.html")
			urlPath += "index.html"
		}
		if !serve(file, urlPath, http.StatusOK) {
			notFound()
		}
	})
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			return !strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0") ||
				strings.Contains(params, "q=0.")
		}
	}
	return false
}

// Pages returns the slash-separated paths, relative to dir, of every HTML file
// of the built site, sorted.
func Pages(dir string) ([]string, error) {
	var pages []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			pages = append(pages, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(pages)
	return pages, err
}

// PageURLPath turns a file path from Pages into the path a reader's link uses:
// "riktlinje/index.html" becomes "riktlinje/", "404.html" stays.
func PageURLPath(rel string) string {
	if rel == "index.html" {
		return ""
	}
	if strings.HasSuffix(rel, "/index.html") {
		return strings.TrimSuffix(rel, "index.html")
	}
	return rel
}
