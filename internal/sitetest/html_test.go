package sitetest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseFile parses a built HTML (or SVG) file.
func parseFile(t testing.TB, file string) *html.Node {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return doc
}

// walk calls fn for every element node under n, in document order.
func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

// blockElements end a run of text: text on either side is a separate passage.
var blockElements = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Br: true, atom.Caption: true, atom.Dd: true, atom.Details: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true,
	atom.Hr: true, atom.Legend: true, atom.Li: true, atom.Main: true, atom.Nav: true,
	atom.Ol: true, atom.Option: true, atom.P: true, atom.Pre: true, atom.Section: true,
	atom.Summary: true, atom.Table: true, atom.Td: true, atom.Th: true, atom.Tr: true,
	atom.Ul: true, atom.Title: true, atom.Label: true,
}

// visibleText returns the text a reader sees in n: no script, style,
// template or hidden element; block elements separated by a space; inline
// elements (links, emphasis) joined as the reader reads them.
func visibleText(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Head:
				return
			}
			if _, hidden := attr(n, "hidden"); hidden {
				return
			}
			if blockElements[n.DataAtom] {
				b.WriteString(" ")
				defer b.WriteString(" ")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return norm(b.String())
}

var spaceRE = regexp.MustCompile(`\s+`)

// norm makes two texts comparable "whitespace and markup aside": it folds
// every kind of space, drops soft hyphens and zero-width characters, and
// treats typographic quotes as plain ones.
func norm(s string) string {
	s = strings.NewReplacer(
		"\u00a0", " ", "\u202f", " ", "\u2009", " ", "\u00ad", "", "\u200b", "",
		"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u00ab", `"`, "\u00bb", `"`,
		"\u2018", "'", "\u2019", "'", "\u2026", "...",
	).Replace(s)
	return strings.TrimSpace(spaceRE.ReplaceAllString(s, " "))
}

var siteWordRE = regexp.MustCompile(`(?m)^([a-z_]+):\s*"?(.*?)"?\s*$`)

// siteWord is a word of the site's chrome, from i18n/sv.yaml (one
// "key: text" per line), so the tests do not repeat the Swedish.
func siteWord(t testing.TB, key string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.root, "i18n", "sv.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range siteWordRE.FindAllStringSubmatch(string(b), -1) {
		if m[1] == key {
			return m[2]
		}
	}
	t.Fatalf("i18n/sv.yaml has no %q", key)
	return ""
}
