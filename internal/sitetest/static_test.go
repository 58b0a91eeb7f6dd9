package sitetest

import (
	"context"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"molnkollen/internal/sitebuild"
)

// guidelinePage is the content path of the guideline, word for word.
const guidelinePage = "riktlinje/"

// sourceFile is the adopted guideline as handed to the project, carried in
// the repository so that a lone clone can test against it; the tests read
// nothing outside the repository (testdata/source/README.md says how to
// check the copy against the original).
const sourceFile = "riktlinje-for-molntjanster.txt"

// sourceText reads the repository's copy of the adopted guideline.
func sourceText(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.root, "testdata", "source", sourceFile))
	if err != nil {
		t.Fatalf("the source text of the guideline is missing: %v", err)
	}
	return string(b)
}

var (
	listMarkerRE = regexp.MustCompile(`^(?:[-*+]\s+|\d+\.\s+|[a-z]\.\s+)+`)
	boldLabelRE  = regexp.MustCompile(`^\*\*(.+?):?\*\*:?\s*(.*)$`)
)

// passages splits the source into what a reader must find on the page: each
// heading, paragraph, list item, line of a hard-wrapped item and table cell,
// with the Markdown markers (#, **, -, "1. ", "a. ") taken off. A bold label
// and its value ("**Fastställd av:** Kommundirektören") are two passages,
// because the page shows them as a term and its value.
func passages(src string) []string {
	var out []string
	add := func(s string) {
		if s = norm(s); s != "" {
			out = append(out, s)
		}
	}
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.Contains(line, "\t") {
			for _, cell := range strings.Split(line, "\t") {
				add(cell)
			}
			continue
		}
		line = strings.TrimSpace(strings.TrimLeft(line, "#"))
		line = listMarkerRE.ReplaceAllString(line, "")
		if m := boldLabelRE.FindStringSubmatch(line); m != nil {
			add(m[1])
			add(m[2])
			continue
		}
		add(strings.ReplaceAll(line, "**", ""))
	}
	return out
}

// TestGuidelineHasEveryPassage: every passage of the adopted text appears in
// the built guideline page, whitespace and markup aside.
func TestGuidelineHasEveryPassage(t *testing.T) {
	file := needPage(t, guidelinePage)
	text := visibleText(parseFile(t, file))
	all := passages(sourceText(t))
	var missing []string
	for _, p := range all {
		if !strings.Contains(text, p) {
			missing = append(missing, p)
		}
	}
	t.Logf("passages of the source found in %s%s: %d of %d", sitePrefix, guidelinePage, len(all)-len(missing), len(all))
	if len(all) < 80 {
		t.Errorf("only %d passages read from the source; the splitter is broken", len(all))
	}
	for _, p := range missing {
		t.Errorf("missing passage: %q", p)
	}
}

func TestPassagesSplitter(t *testing.T) {
	got := passages("## Bakgrund\n\n**Fastställd av:** Kommundirektören\n\n1. Efterlevnad\n  - a. Är den?  \nExempelvis X.\nSaaS\tSoftware; y\n")
	want := []string{"Bakgrund", "Fastställd av", "Kommundirektören", "Efterlevnad", "Är den?", "Exempelvis X.", "SaaS", "Software; y"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("passages = %q, want %q", got, want)
	}
}

// link is one reference from a built file to a URL.
type link struct {
	file, tag, attr, raw string
	external             bool // <a rel="external">
}

// urlAttrs are the attributes that load or link something.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "poster": true, "data": true,
	"formaction": true, "cite": true, "xlink:href": true, "background": true,
}

var cssURLRE = regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]`)

// siteLinks collects every reference in the built HTML, SVG and CSS files.
func siteLinks(t *testing.T) []link {
	t.Helper()
	needSite(t)
	var links []link
	err := filepath.WalkDir(env.dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(env.dir, p)
		rel = filepath.ToSlash(rel)
		switch path.Ext(p) {
		case ".html", ".svg":
			walk(parseFile(t, p), func(n *html.Node) {
				for _, a := range n.Attr {
					key := a.Key
					if a.Namespace != "" {
						key = a.Namespace + ":" + a.Key
					}
					switch {
					case urlAttrs[key] || key == "href":
						rl, _ := attr(n, "rel")
						links = append(links, link{file: rel, tag: n.Data, attr: key, raw: a.Val,
							external: n.DataAtom == atom.A && hasToken(rl, "external")})
					case key == "srcset" || key == "imagesrcset":
						for _, c := range strings.Split(a.Val, ",") {
							if f := strings.Fields(c); len(f) > 0 {
								links = append(links, link{file: rel, tag: n.Data, attr: key, raw: f[0]})
							}
						}
					case key == "content" && n.DataAtom == atom.Meta:
						if v := strings.TrimSpace(a.Val); strings.HasPrefix(v, "http:") || strings.HasPrefix(v, "https:") || strings.HasPrefix(v, "//") {
							links = append(links, link{file: rel, tag: n.Data, attr: key, raw: v})
						}
					}
				}
			})
		case ".css":
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range cssURLRE.FindAllStringSubmatch(string(b), -1) {
				links = append(links, link{file: rel, tag: "css", attr: "url()", raw: m[1] + m[2]})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return links
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

// fileURL is the address a built file is served at.
func fileURL(rel string) *url.URL {
	u, _ := url.Parse(env.base + PageURLPath(rel))
	return u
}

// ids returns the fragment targets (id, and name of <a>) of a built page.
var idCache = map[string]map[string]bool{}

func ids(t *testing.T, file string) map[string]bool {
	if m, ok := idCache[file]; ok {
		return m
	}
	m := map[string]bool{}
	walk(parseFile(t, file), func(n *html.Node) {
		if v, ok := attr(n, "id"); ok {
			m[v] = true
		}
		if v, ok := attr(n, "name"); ok && n.DataAtom == atom.A {
			m[v] = true
		}
	})
	idCache[file] = m
	return m
}

// TestLinksResolve: every internal link, source and anchor resolves to a
// built file and an id in it, and stays under the sub-path.
func TestLinksResolve(t *testing.T) {
	links := siteLinks(t)
	own, _ := url.Parse(env.base)
	checked := 0
	for _, l := range links {
		raw := strings.TrimSpace(l.raw)
		if raw == "" {
			t.Errorf("%s: <%s %s=\"\"> is empty", l.file, l.tag, l.attr)
			continue
		}
		u, err := fileURL(l.file).Parse(raw)
		if err != nil {
			t.Errorf("%s: <%s %s=%q>: %v", l.file, l.tag, l.attr, raw, err)
			continue
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Host != own.Host {
			continue // other schemes and origins: TestNoOtherOrigin
		}
		checked++
		if !strings.HasPrefix(u.Path, sitePrefix) {
			t.Errorf("%s: <%s %s=%q> leaves the sub-path %s (hard-coded root path?)", l.file, l.tag, l.attr, raw, sitePrefix)
			continue
		}
		p, _ := url.PathUnescape(strings.TrimPrefix(u.Path, sitePrefix))
		target := pageFile(p)
		if fi, err := os.Stat(target); err == nil && fi.IsDir() {
			target = filepath.Join(target, "index.html")
		}
		if _, err := os.Stat(target); err != nil {
			t.Errorf("%s: <%s %s=%q>: no such file %s", l.file, l.tag, l.attr, raw, strings.TrimPrefix(target, env.dir))
			continue
		}
		if u.Fragment != "" && strings.HasSuffix(target, ".html") && !ids(t, target)[u.Fragment] {
			t.Errorf("%s: <%s %s=%q>: no id %q in %s", l.file, l.tag, l.attr, raw, u.Fragment, strings.TrimPrefix(target, env.dir))
		}
	}
	if checked == 0 {
		t.Error("found no internal link at all")
	}
	t.Logf("%d internal references checked", checked)
}

// TestNoOtherOrigin: no page, SVG or stylesheet loads anything from another
// origin. Only a plain link marked rel="external" (such as DIGG's form) may
// point elsewhere, and mailto:/tel: links are fine.
func TestNoOtherOrigin(t *testing.T) {
	own, _ := url.Parse(env.base)
	for _, l := range siteLinks(t) {
		raw := strings.TrimSpace(l.raw)
		u, err := fileURL(l.file).Parse(raw)
		if err != nil {
			continue // reported by TestLinksResolve
		}
		isA := l.tag == "a" && l.attr == "href"
		switch u.Scheme {
		case "http", "https":
			if u.Host == own.Host {
				continue
			}
			if isA && l.external {
				continue
			}
			if isA {
				t.Errorf("%s: link to another origin without rel=\"external\": %q", l.file, raw)
			} else {
				t.Errorf("%s: <%s %s=%q> loads from another origin", l.file, l.tag, l.attr, raw)
			}
		case "mailto", "tel":
			if !isA {
				t.Errorf("%s: <%s %s=%q>", l.file, l.tag, l.attr, raw)
			}
		case "data":
			if l.tag != "img" && l.tag != "css" && l.tag != "link" {
				t.Errorf("%s: <%s %s=%q...>: data: URL outside an image", l.file, l.tag, l.attr, raw[:min(len(raw), 30)])
			}
		default:
			t.Errorf("%s: <%s %s=%q>: scheme %q not allowed", l.file, l.tag, l.attr, raw, u.Scheme)
		}
	}
}

// TestNoInlineCode: the strict CSP forbids inline script and style, so the
// built pages and SVGs must have none: no <script> with content (JSON
// included), no <style>, no style= and no on*= attribute.
func TestNoInlineCode(t *testing.T) {
	needSite(t)
	files := 0
	filepath.WalkDir(env.dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || (path.Ext(p) != ".html" && path.Ext(p) != ".svg") {
			return err
		}
		files++
		rel, _ := filepath.Rel(env.dir, p)
		walk(parseFile(t, p), func(n *html.Node) {
			switch n.DataAtom {
			case atom.Script:
				if n.FirstChild != nil && strings.TrimSpace(n.FirstChild.Data) != "" {
					typ, _ := attr(n, "type")
					t.Errorf("%s: inline <script type=%q>%.60s...", rel, typ, strings.TrimSpace(n.FirstChild.Data))
				}
			case atom.Style:
				t.Errorf("%s: inline <style>", rel)
			}
			for _, a := range n.Attr {
				switch {
				case a.Key == "style":
					t.Errorf("%s: <%s style=%q>", rel, n.Data, a.Val)
				case strings.HasPrefix(a.Key, "on"):
					t.Errorf("%s: <%s %s=%q>", rel, n.Data, a.Key, a.Val)
				}
			}
		})
		return nil
	})
	if files == 0 {
		t.Fatal("no HTML file checked")
	}
}

// TestExampleOrganisation builds testdata/exampleorg, a made-up second
// organisation that reuses the layouts, as cmd/site builds it (with its own
// self-check module from its own data), and finds its name and nothing of
// Värnamo's anywhere in its output; its self-check is its own
// (exampleSelfcheck).
func TestExampleOrganisation(t *testing.T) {
	needSite(t)
	src := filepath.Join(env.root, "testdata", "exampleorg")
	name := organisation(t, src)
	// The project's own organisation, by the first word of its name
	// ("Värnamo" of "Värnamo kommun"), must appear nowhere.
	ours := strings.ToLower(strings.Fields(organisation(t, env.root))[0])
	dest := t.TempDir()
	var out strings.Builder
	o := sitebuild.Options{Root: env.root, Site: src, Dest: dest, BaseURL: "http://127.0.0.1/exempel/", Stdout: &out, Stderr: &out}
	if err := sitebuild.Build(context.Background(), o); err != nil {
		t.Fatalf("building the example organisation: %v\n%s", err, out.String())
	}
	exampleSelfcheck(t, dest)
	home, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(home), name) {
		t.Errorf("the example organisation's start page does not name %q", name)
	}
	files := 0
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if i := strings.Index(strings.ToLower(string(b)), ours); i >= 0 {
			rel, _ := filepath.Rel(dest, p)
			t.Errorf("%s names %q: ...%s...", rel, ours, b[max(0, i-60):min(len(b), i+60)])
		}
		return nil
	})
	t.Logf("%d files of the example organisation checked", files)
}

// organisation reads [params.organisation] name from a site's hugo.toml.
func organisation(t *testing.T, site string) string {
	t.Helper()
	conf, err := os.ReadFile(filepath.Join(site, "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)\[params\.organisation\][^\[]*?\bname\s*=\s*"([^"]+)"`).FindSubmatch(conf)
	if m == nil {
		t.Fatalf("%s/hugo.toml has no [params.organisation] name", site)
	}
	return string(m[1])
}

// TestReviewOverdueWarns proves the review reminder: with a review interval
// of 0 months the last review date has passed, and the build, which runs with
// --panicOnWarning, fails with the overdue warning. The same site builds
// cleanly in TestExampleOrganisation, so the warning is the cause.
func TestReviewOverdueWarns(t *testing.T) {
	exampleBuildFails(t, "overdue.toml", "review was due")
}

// TestMissingModuleWarns: a plain Hugo build that cannot find the built
// self-check module (a fresh clone where only `go tool hugo` ran) warns, so
// the build with --panicOnWarning fails instead of publishing the self-check
// page without its scripts. nomodule.toml hides assets/wasm/ from the example
// organisation, which builds cleanly with it in TestExampleOrganisation.
func TestMissingModuleWarns(t *testing.T) {
	exampleBuildFails(t, "nomodule.toml", "molnkollen.wasm or wasm_exec.js is missing")
}

// exampleBuildFails builds the example organisation with one more config
// file and --panicOnWarning, and checks that the build fails with want.
func exampleBuildFails(t *testing.T, config, want string) {
	t.Helper()
	needSite(t)
	exampleModule(t) // so that a missing module is not what fails the build
	src := filepath.Join(env.root, "testdata", "exampleorg")
	var out strings.Builder
	o := sitebuild.Options{Root: env.root, Stdout: &out, Stderr: &out}
	err := sitebuild.Hugo(context.Background(), o, "--source", src, "--destination", t.TempDir(),
		"--config", "hugo.toml,"+config, "--panicOnWarning")
	if err == nil {
		t.Fatalf("with %s the build passed --panicOnWarning:\n%s", config, out.String())
	}
	if !strings.Contains(out.String(), want) {
		t.Errorf("with %s the build failed, but not with %q:\n%s", config, want, out.String())
	}
}
