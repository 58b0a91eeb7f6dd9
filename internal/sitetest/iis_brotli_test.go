package sitetest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"molnkollen/internal/sitebuild"
)

// iisRewrite is web.config's <rewrite> section (URL Rewrite), which sends
// the build's brotli copies.
type iisRewrite struct {
	Rules         []iisRule `xml:"rules>rule"`
	Outbound      []iisRule `xml:"outboundRules>rule"`
	PreConditions []struct {
		Name string    `xml:"name,attr"`
		Add  []iisCond `xml:"add"`
	} `xml:"outboundRules>preConditions>preCondition"`
	Maps []struct {
		Name    string `xml:"name,attr"`
		Default string `xml:"defaultValue,attr"`
		Add     []struct {
			Key   string `xml:"key,attr"`
			Value string `xml:"value,attr"`
		} `xml:"add"`
	} `xml:"rewriteMaps>rewriteMap"`
}

type iisRule struct {
	Name         string `xml:"name,attr"`
	PreCondition string `xml:"preCondition,attr"`
	Match        struct {
		URL            string `xml:"url,attr"`
		ServerVariable string `xml:"serverVariable,attr"`
	} `xml:"match"`
	Conditions []iisCond `xml:"conditions>add"`
	Action     struct {
		Type  string `xml:"type,attr"`
		URL   string `xml:"url,attr"`
		Value string `xml:"value,attr"`
	} `xml:"action"`
}

type iisCond struct {
	Input     string `xml:"input,attr"`
	Pattern   string `xml:"pattern,attr"`
	MatchType string `xml:"matchType,attr"`
	Negate    bool   `xml:"negate,attr"`
}

// iisMatch is a URL Rewrite pattern (ECMAScript syntax, case-insensitive by
// default) as a Go regexp: the patterns here use only what both share.
func iisMatch(pattern, s string) ([]string, error) {
	re, err := regexp.Compile("(?i)" + pattern)
	if err != nil {
		return nil, err
	}
	return re.FindStringSubmatch(s), nil
}

// inbound returns the URL the rules rewrite the request for the path p
// (relative to the site, as IIS matches it in the site's own web.config)
// to, for a client sending Accept-Encoding ae, with the site's files in
// site; "" when no rule applies.
func (rw *iisRewrite) inbound(p, ae, site string) (string, error) {
	vars := map[string]string{"{HTTP_ACCEPT_ENCODING}": ae, "{REQUEST_FILENAME}": filepath.Join(site, filepath.FromSlash(p))}
	if strings.HasSuffix(p, "/") || p == "" {
		vars["{REQUEST_FILENAME}"] += string(filepath.Separator)
	}
	for _, r := range rw.Rules {
		m, err := iisMatch(r.Match.URL, p)
		if err != nil || m == nil {
			if err != nil {
				return "", fmt.Errorf("rule %q: %v", r.Name, err)
			}
			continue
		}
		ok, err := conditionsHold(r.Conditions, vars)
		if err != nil {
			return "", fmt.Errorf("rule %q: %v", r.Name, err)
		}
		if ok && r.Action.Type == "Rewrite" {
			url := r.Action.URL
			for i, g := range m {
				url = strings.ReplaceAll(url, fmt.Sprintf("{R:%d}", i), g)
			}
			return url, nil
		}
	}
	return "", nil
}

func conditionsHold(conds []iisCond, vars map[string]string) (bool, error) {
	for _, c := range conds {
		in := c.Input
		for k, v := range vars {
			in = strings.ReplaceAll(in, k, v)
		}
		switch c.MatchType {
		case "IsFile":
			if fi, err := os.Stat(in); err != nil || fi.IsDir() {
				return false, nil
			}
		case "", "Pattern":
			m, err := iisMatch(c.Pattern, in)
			if err != nil || (m == nil) != c.Negate {
				return false, err
			}
		default:
			return false, fmt.Errorf("matchType %q not understood by the test", c.MatchType)
		}
	}
	return true, nil
}

// outbound returns the response headers the outbound rules set for the
// (rewritten) URL u.
func (rw *iisRewrite) outbound(u string) (map[string]string, error) {
	pre := map[string]bool{}
	for _, p := range rw.PreConditions {
		ok, err := conditionsHold(p.Add, map[string]string{"{HTTP_URL}": u})
		if err != nil {
			return nil, fmt.Errorf("preCondition %q: %v", p.Name, err)
		}
		pre[p.Name] = ok
	}
	set := map[string]string{}
	for _, r := range rw.Outbound {
		if (r.PreCondition != "" && !pre[r.PreCondition]) || r.Action.Type != "Rewrite" {
			continue
		}
		value, ok, err := rw.outboundValue(r, u)
		if err != nil {
			return nil, fmt.Errorf("outbound rule %q: %v", r.Name, err)
		}
		if ok {
			name := strings.ReplaceAll(strings.TrimPrefix(r.Match.ServerVariable, "RESPONSE_"), "_", "-")
			set[strings.ToLower(name)] = value
		}
	}
	return set, nil
}

// outboundValue is the value rule r writes for the URL u: its conditions'
// last back-references {C:n} filled in, and a rewrite map {Name:...} looked up.
func (rw *iisRewrite) outboundValue(r iisRule, u string) (string, bool, error) {
	value := r.Action.Value
	for _, c := range r.Conditions {
		m, err := iisMatch(c.Pattern, strings.ReplaceAll(c.Input, "{HTTP_URL}", u))
		if err != nil || m == nil {
			return "", false, err
		}
		for i, g := range m {
			value = strings.ReplaceAll(value, fmt.Sprintf("{C:%d}", i), g)
		}
	}
	for _, mp := range rw.Maps {
		prefix := "{" + mp.Name + ":"
		if !strings.HasPrefix(value, prefix) {
			continue
		}
		key, v := strings.TrimSuffix(strings.TrimPrefix(value, prefix), "}"), mp.Default
		for _, a := range mp.Add {
			if strings.EqualFold(a.Key, key) {
				v = a.Value
			}
		}
		value = v
	}
	return value, true, nil
}

// iisCompressed are the types IIS's static compression compresses: its
// defaults and what web.config's comment adds.
var iisCompressed = regexp.MustCompile(`^(text/|message/|application/(javascript|atom\+xml|xaml\+xml|wasm|json)|image/svg\+xml)`)

// checkIISBrotli returns the ways in which web.config's brotli rules do not
// send the build's .br copies as nginx's brotli_static does: Chromium gets
// NAME.br for a file and a folder's page when there is one, with
// Content-Encoding br, Vary and the type nginx sends (types: by extension);
// a client without br, one that refuses it (q=0), and a missing file, get no
// rewrite; IIS does not compress a .br again.
func checkIISBrotli(conf *iisConfig, site string, types map[string]string) (problems []string) {
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	wasm, _ := filepath.Glob(filepath.Join(site, "wasm", "*.wasm"))
	if len(wasm) != 1 {
		add("the built site has %d modules", len(wasm))
		return problems
	}
	module := "wasm/" + filepath.Base(wasm[0])
	for _, c := range []struct{ path, ae, want string }{
		{module, chromium, module + ".br"},
		{"", chromium, "index.html.br"},
		{"riktlinje/", chromium, "riktlinje/index.html.br"},
		{"riktlinje/index.html", chromium, "riktlinje/index.html.br"},
		{module, gzipOnly, ""},
		{"riktlinje/", gzipOnly, ""},
		{module, "", ""},
		{module, "br;q=0, gzip", ""},
		{"riktlinje/", "gzip, br;q=0", ""},
		{module, "br;q=0.5, gzip", module + ".br"},
		{"finns-inte.html", chromium, ""},
		{"finns-inte/", chromium, ""},
	} {
		got, err := conf.Rewrite.inbound(c.path, c.ae, site)
		if err != nil {
			add("%v", err)
		} else if got != c.want {
			add("rewrite: %q with Accept-Encoding %q goes to %q, want %q", c.path, c.ae, got, c.want)
		}
	}
	for ext, want := range types {
		for _, u := range []string{"/p/a.min.0123abc" + ext + ".br", "/p/a" + ext + ".br?x=1"} {
			set, err := conf.Rewrite.outbound(u)
			if err != nil {
				add("%v", err)
				continue
			}
			for name, v := range map[string]string{"content-encoding": "br", "vary": "Accept-Encoding", "content-type": want} {
				if set[name] != v {
					add("outbound: %s gets %s %q, want %q (as nginx sends it)", u, name, set[name], v)
				}
			}
		}
	}
	if set, _ := conf.Rewrite.outbound("/p/a.wasm"); len(set) > 0 {
		add("outbound: /p/a.wasm, no brotli copy, gets %v", set)
	}
	for _, m := range conf.Mime {
		if m.Ext == ".br" && (m.Type == "" || iisCompressed.MatchString(m.Type)) {
			add("mime: .br is %q, which IIS's static compression would compress again", m.Type)
		}
	}
	return problems
}

// nginxTypes returns the Content-Type nginx with deploy/nginx.conf sends for
// a file of each extension the build compresses.
func nginxTypes(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	for _, ext := range sitebuild.Compressible {
		os.WriteFile(filepath.Join(dir, "a"+ext), []byte("x"), 0o644)
	}
	conf, err := WithoutBrotli(deployNginx(t)) // types do not depend on the module
	if err != nil {
		t.Fatal(err)
	}
	n := needNginx(t, NginxOptions{Conf: conf, Site: dir})
	types := map[string]string{}
	for _, ext := range sitebuild.Compressible {
		res, err := n.Client.Get(n.URL + SitePath + "a" + ext)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("a%s: %d", ext, res.StatusCode)
		}
		types[ext] = res.Header.Get("Content-Type")
	}
	return types
}

// TestIISSendsBrotli: web.config's URL Rewrite rules send the build's .br
// copies as nginx does (their patterns evaluated here: IIS itself cannot run
// on this machine).
func TestIISSendsBrotli(t *testing.T) {
	_, conf := readIIS(t)
	needSite(t)
	for _, p := range checkIISBrotli(conf, env.dir, nginxTypes(t)) {
		t.Error(p)
	}
}

// TestIISBrotliControls: each check of TestIISSendsBrotli fails with a
// web.config that lacks what it checks.
func TestIISBrotliControls(t *testing.T) {
	b, _ := readIIS(t)
	needSite(t)
	types := nginxTypes(t)
	for _, c := range []struct{ name, old, new, want string }{
		{"br to gzip-only clients", `pattern="\bbr\b"`, `pattern="gzip"`, `with Accept-Encoding "gzip, deflate" goes to`},
		{"br to a client that refuses it", `pattern="\bbr\s*;\s*q\s*=\s*0(\.0*)?\s*(,|$)" negate="true" />`, `pattern="never" negate="true" />`, `with Accept-Encoding "br;q=0, gzip" goes to`},
		{"no IsFile", `<add input="{REQUEST_FILENAME}.br" matchType="IsFile" />`, ``, `"finns-inte.html" with Accept-Encoding`},
		{"no folder rule", `<match url="^(.*/)?$" />`, `<match url="^never$" />`, `"riktlinje/" with Accept-Encoding "gzip, deflate, br, zstd" goes to ""`},
		{"no Content-Encoding", `serverVariable="RESPONSE_Content_Encoding"`, `serverVariable="RESPONSE_X_Other"`, `content-encoding ""`},
		{"no Vary", `serverVariable="RESPONSE_Vary"`, `serverVariable="RESPONSE_X_Other"`, `vary ""`},
		{"wrong type", `<add key="wasm" value="application/wasm" />`, `<add key="wasm" value="text/plain" />`, `content-type "text/plain"`},
		{"query string", `pattern="\.br(\?.*)?$"`, `pattern="\.br$"`, `?x=1 gets content-encoding ""`},
		{".br compressed again", `<mimeMap fileExtension=".br" mimeType="application/octet-stream" />`, `<mimeMap fileExtension=".br" mimeType="application/wasm" />`, `mime: .br`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(string(b), c.old) {
				t.Fatalf("control: %q not in web.config", c.old)
			}
			var conf iisConfig
			if err := xml.Unmarshal([]byte(strings.Replace(string(b), c.old, c.new, 1)), &conf); err != nil {
				t.Fatal(err)
			}
			problems := checkIISBrotli(&conf, env.dir, types)
			for _, p := range problems {
				if strings.Contains(p, c.want) {
					t.Logf("reported: %s", p)
					return
				}
			}
			t.Errorf("with %s, no problem mentions %q; got %q", c.name, c.want, problems)
		})
	}
}
