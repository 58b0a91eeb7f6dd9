package sitetest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"mime"
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
	Server    []Header   // add_header at server (or http) level
	Locations []Location // location blocks, in file order
	Types     map[string]string
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
	re       *regexp.Regexp
}

var (
	addHeaderRE = regexp.MustCompile(`^add_header\s+(\S+)\s+(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))(\s+always)?\s*;$`)
	locationRE  = regexp.MustCompile(`^location\s+(?:(=|~\*|~|\^~)\s+)?(\S+)\s*\{$`)
)

// ParseNginx reads the add_header, location and types directives of an nginx
// configuration. It knows just enough nginx for the project's file: one
// directive per line, blocks opened at the end of a line.
func ParseNginx(r io.Reader) (*NginxConfig, error) {
	c := &NginxConfig{Types: map[string]string{}}
	type frame struct {
		kind string
		loc  int
	}
	var stack []frame
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
		case strings.HasSuffix(line, "{"):
			f := frame{kind: strings.Fields(line)[0], loc: -1}
			if m := locationRE.FindStringSubmatch(line); m != nil {
				l := Location{Modifier: m[1], Pattern: m[2], Parent: -1}
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i].loc >= 0 {
						l.Parent = stack[i].loc
						break
					}
				}
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
			stack = append(stack, f)
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
			loc := -1
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].loc >= 0 {
					loc = stack[i].loc
					break
				}
			}
			if loc >= 0 {
				c.Locations[loc].Headers = append(c.Locations[loc].Headers, h)
			} else {
				c.Server = append(c.Server, h)
			}
		case len(stack) > 0 && stack[len(stack)-1].kind == "types":
			f := strings.Fields(strings.TrimSuffix(line, ";"))
			for _, ext := range f[1:] {
				c.Types["."+ext] = f[0]
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
// matching regexp, else the longest prefix.
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
	for i := range c.Locations {
		if l := &c.Locations[i]; l.re != nil && l.re.MatchString(p) {
			return l
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

// Handler serves the built site in dir under the URL path prefix (for example
// "/intranat/molntjanster/") as nginx would with conf: the add_header lines,
// application/wasm for .wasm, index.html for folders, a redirect for a folder
// without its slash, and 404.html with status 404 for anything else.
func Handler(dir, prefix string, conf *NginxConfig) http.Handler {
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	types := map[string]string{
		".wasm": "application/wasm",
		".html": "text/html; charset=utf-8",
		".css":  "text/css; charset=utf-8",
		".js":   "text/javascript; charset=utf-8",
		".json": "application/json",
		".svg":  "image/svg+xml",
	}
	if conf != nil {
		for ext, t := range conf.Types {
			types[ext] = t
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if conf != nil {
			for _, h := range conf.HeadersFor(r.URL.Path) {
				w.Header().Add(h.Name, h.Value)
			}
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		notFound := func() {
			b, err := os.ReadFile(filepath.Join(dir, "404.html"))
			w.Header().Set("Content-Type", types[".html"])
			w.WriteHeader(http.StatusNotFound)
			if err == nil {
				w.Write(b)
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
		fi, err := os.Stat(file)
		if err == nil && fi.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			file = filepath.Join(file, "index.html")
			fi, err = os.Stat(file)
		}
		if err != nil {
			notFound()
			return
		}
		ext := strings.ToLower(filepath.Ext(file))
		ct := types[ext]
		if ct == "" {
			ct = mime.TypeByExtension(ext)
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ct)
		f, err := os.Open(file)
		if err != nil {
			notFound()
			return
		}
		defer f.Close()
		http.ServeContent(w, r, "", fi.ModTime(), f)
	})
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
