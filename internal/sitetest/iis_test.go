package sitetest

import (
	"encoding/xml"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// iisConfig is what the tests read of deploy/web.config.
type iisConfig struct {
	Headers []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	} `xml:"system.webServer>httpProtocol>customHeaders>add"`
	Mime []struct {
		Ext  string `xml:"fileExtension,attr"`
		Type string `xml:"mimeType,attr"`
	} `xml:"system.webServer>staticContent>mimeMap"`
	Compression struct {
		Static string `xml:"doStaticCompression,attr"`
	} `xml:"system.webServer>urlCompression"`
	Errors []struct {
		Status string `xml:"statusCode,attr"`
		Path   string `xml:"path,attr"`
	} `xml:"system.webServer>httpErrors>error"`
	Rewrite iisRewrite `xml:"system.webServer>rewrite"`
}

func readIIS(t *testing.T) ([]byte, *iisConfig) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.root, "deploy", "web.config"))
	if err != nil {
		t.Fatal(err)
	}
	var conf iisConfig
	if err := xml.Unmarshal(b, &conf); err != nil {
		t.Fatalf("web.config is not valid XML: %v", err)
	}
	return b, &conf
}

// nginxHeaders are the headers of deploy/nginx.conf's add_header lines
// (names from the file) with the values nginx sends for the start page.
func nginxHeaders(t *testing.T) map[string]string {
	t.Helper()
	needServer(t)
	res, err := env.nginx.Client.Get(env.base)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", env.base, res.StatusCode)
	}
	out := map[string]string{}
	re := regexp.MustCompile(`^\s*add_header\s+(\S+)`)
	for _, line := range strings.Split(string(deployNginx(t)), "\n") {
		if m := re.FindStringSubmatch(stripComment(line)); m != nil {
			out[strings.ToLower(m[1])] = res.Header.Get(m[1])
		}
	}
	return out
}

// TestIISSendsTheSameHeaders keeps deploy/web.config in step with
// deploy/nginx.conf, which the tests run in a real nginx: IIS must send the
// same security headers with the values nginx sends, and serve .wasm as
// application/wasm, compress statically and answer folders with the
// Swedish 404 page.
func TestIISSendsTheSameHeaders(t *testing.T) {
	b, conf := readIIS(t)
	iis := map[string]string{}
	for _, h := range conf.Headers {
		iis[strings.ToLower(h.Name)] = h.Value
	}
	// Cache-Control comes from a map in nginx and from clientCache in IIS.
	checked := 0
	for name, value := range nginxHeaders(t) {
		if name == "cache-control" {
			continue
		}
		checked++
		if got, ok := iis[name]; !ok {
			t.Errorf("web.config does not send %s", name)
		} else if got != value {
			t.Errorf("%s differs:\n nginx: %s\n IIS:   %s", name, value, got)
		}
		delete(iis, name)
	}
	for name := range iis {
		t.Errorf("web.config sends %s, which nginx.conf does not", name)
	}
	if checked < 3 {
		t.Errorf("only %d headers found in nginx.conf", checked)
	}
	wasm := false
	for _, m := range conf.Mime {
		if m.Ext == ".wasm" && m.Type == "application/wasm" {
			wasm = true
		}
	}
	if !wasm {
		t.Error("web.config does not serve .wasm as application/wasm")
	}
	if conf.Compression.Static != "true" {
		t.Error(`web.config does not turn on static compression (<urlCompression doStaticCompression="true">)`)
	}
	if !strings.Contains(string(b), `<add mimeType="application/wasm" enabled="true" />`) {
		t.Error("web.config does not say how to compress application/wasm")
	}
	pages := map[string]string{}
	for _, e := range conf.Errors {
		pages[e.Status] = e.Path
	}
	if pages["404"] != "404.html" || pages["403"] != "404.html" {
		t.Errorf("web.config: error pages %v, want the site's 404.html for 404 and 403 (folders)", pages)
	}
}
